"""Counter pages for one person, one account: possible duplicates, and merging two records."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from civic import selectors
from civic.errors import DomainError
from civic.http import AuthenticatedHttpRequest
from civic.models import Resident
from civic.services.merge import resident_merge, resident_merge_preview
from frontend.counter.forms import MergeForm
from frontend.web import form_error_from, staff_required

# What each app reports moving (its `personal_data.merge`), as the merge page says it.
MOVED_LABELS = {
    "ballots_dropped": gettext_lazy("bulletins en double supprimés (celui de la fiche "
                                    "conservée compte)"),
    "ballots_moved": gettext_lazy("bulletins transférés"),
    "paper_entries_cancelled": gettext_lazy("saisies papier en attente annulées"),
    "paper_entries_moved": gettext_lazy("saisies papier rattachées"),
    "proposals": gettext_lazy("projets déposés"),
    "co_authorships": gettext_lazy("co-autorats de projets"),
    "debate_preferences": gettext_lazy("avis sur le budget de la ville"),
    "debate_preferences_dropped": gettext_lazy("avis en double supprimés"),
    "signatures_invalidated": gettext_lazy("signatures en double invalidées (celle de la fiche "
                                           "conservée compte)"),
    "signatures_moved": gettext_lazy("signatures transférées"),
    "initiatives_started": gettext_lazy("initiatives lancées"),
    "follows": gettext_lazy("initiatives suivies"),
    "promoters": gettext_lazy("rôles de porteur"),
    "promoters_dropped": gettext_lazy("rôles de porteur en double"),
    "memberships_ended": gettext_lazy("sièges en double terminés"),
    "memberships": gettext_lazy("mandats en commission"),
    "applications": gettext_lazy("candidatures"),
    "named_answers": gettext_lazy("réponses nominatives à des consultations"),
    "meeting_registrations": gettext_lazy("inscriptions à des réunions publiques"),
    "consultations": gettext_lazy("participations à des consultations"),
    "consultations_answered_twice": gettext_lazy("consultations répondues depuis les deux "
                                                 "comptes"),
    "comments": gettext_lazy("commentaires"),
    "comment_reports": gettext_lazy("signalements de commentaires"),
    "comment_reports_dropped": gettext_lazy("signalements en double"),
    "notifications": gettext_lazy("notifications"),
    "notifications_dropped": gettext_lazy("notifications en double"),
    "participation_starts": gettext_lazy("rappels de participation"),
    "data_exports_dropped": gettext_lazy("liens d'export de données supprimés"),
}


def _effects(moved: dict[str, dict[str, int]]) -> list[tuple[str, int]]:
    """(label, number) of everything the merge does, nothing that is zero."""
    return [(str(MOVED_LABELS.get(key, key)), number)
            for counts in moved.values() for key, number in counts.items() if number]


@staff_required
def duplicates(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Accounts flagged as possibly the same person as another resident."""
    return render(request, "frontend/counter/duplicates.html",
                  {"residents": selectors.resident_list_possible_duplicates()})


def _pair(form: MergeForm) -> tuple[Resident, Resident]:
    related = Resident.objects.select_related("user", "neighbourhood", "registered_by",
                                              "verified_by")
    return (get_object_or_404(related, pk=form.cleaned_data["survivor"]),
            get_object_or_404(related, pk=form.cleaned_data["duplicate"]))


@staff_required
@require_http_methods(["GET", "POST"])
def merge(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Pick the two records, see what the merge will do, then confirm with a reason."""
    form = MergeForm(request.POST if request.method == "POST" else request.GET or None)
    context: dict[str, object] = {"form": form}
    if form.is_bound and form.is_valid():
        survivor, duplicate = _pair(form)
        context.update(survivor=survivor, duplicate=duplicate)
        if request.method == "POST":
            try:
                resident_merge(survivor=survivor, duplicate=duplicate, clerk=request.user,
                               reason=form.cleaned_data["reason"])
            except DomainError as exc:
                form_error_from(form, exc)
            else:
                messages.success(request, _("Les deux fiches sont fusionnées : le compte en "
                                            "double est fermé."))
                return redirect("counter:resident", pk=survivor.pk)
        try:
            context["effects"] = _effects(resident_merge_preview(
                survivor=survivor, duplicate=duplicate, clerk=request.user).moved)
        except DomainError as exc:
            context["refusal"] = exc.message
    return render(request, "frontend/counter/merge.html", context,
                  status=400 if form.errors or "refusal" in context else 200)
