"""Public pages: browse, read, sign, follow, comment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civic import roles
from civic.errors import DomainError
from civic.http import AuthenticatedHttpRequest
from civic.selectors import comment_list_for_target
from civic.services.comments import comment_create
from civic.services.reminders import participation_start_record
from frontend.limits import limited
from frontend.petitions.forms import CommentForm, SignForm
from frontend.petitions.views.common import TEMPLATES, to_detail
from frontend.web import flash_error, form_error_from
from petitions import policies, selectors, states
from petitions.filters import InitiativeFilter
from petitions.models import CitizenInitiative, InitiativeFollower
from petitions.services import lifecycle, signatures

# The main road, shown as the timeline; side exits (withdrawn, refused, expired) are noted.
MAIN_ROAD = [states.Status.DRAFT, states.Status.SUBMITTED, states.Status.ADMISSIBILITY_REVIEW,
             states.Status.COLLECTING, states.Status.THRESHOLD_REACHED,
             states.Status.SCHEDULED, states.Status.VOTED, states.Status.ANSWERED]


def index(request: HttpRequest) -> HttpResponse:
    """Browse initiatives with filters (state, words, neighbourhood)."""
    filterset = InitiativeFilter(request.GET or None,
                                 queryset=selectors.initiative_list_for_user(user=request.user))
    page = Paginator(filterset.qs, 20).get_page(request.GET.get("page"))
    return render(request, TEMPLATES + "index.html", {"filter": filterset, "page": page})


def _road(initiative: CitizenInitiative) -> list[dict]:
    reached = set(initiative.transitions.values_list("to_status", flat=True)) | {"draft"}
    steps = []
    for status in MAIN_ROAD:
        state = ("current" if status == initiative.status
                 else "done" if status in reached else "todo")
        steps.append({"label": status.label, "state": state})
    return steps


def detail_context(request: HttpRequest, initiative: CitizenInitiative) -> dict:
    user = request.user
    # The deadline closes the collection by the clock, before the beat job expires it.
    refusal = policies.collection_refusal(initiative)
    return {
        "initiative": initiative,
        "road": _road(initiative),
        "timeline": selectors.initiative_timeline(initiative),
        "decision": selectors.initiative_decision(initiative),
        "public_signers": selectors.signature_list_public(initiative)[:100],
        "promoters": initiative.promoters.filter(status="confirmed")
        .select_related("resident__user"),
        "my_signature": selectors.signature_of(initiative, user),
        "following": user.is_authenticated and InitiativeFollower.objects.filter(
            initiative=initiative, user=user).exists(),
        "is_promoter": policies.is_promoter(user, initiative),
        "is_staff": roles.is_staff_member(user),
        "can_sign": refusal is None,
        "collection_closed": refusal if refusal and refusal.code == "collection_closed" else None,
        "can_comment": states.can(initiative.status, "comment"),
        "can_follow": states.can(initiative.status, "follow"),
        "comments": comment_list_for_target(target=initiative),
        "sign_form": SignForm(),
        "comment_form": CommentForm(),
        "is_public": policies.is_public(initiative),
    }


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The public page: texts, progress, signers, timeline, council outcome, comments."""
    initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
    if request.user.is_authenticated and policies.collection_refusal(initiative) is None:
        # Opening the signing page counts as starting to sign, for the deadline reminder.
        participation_start_record(user=request.user, kind="initiative_sign",
                                   object_id=initiative.pk)
    return render(request, TEMPLATES + "detail.html", detail_context(request, initiative))


def _rerender(request: HttpRequest, initiative: CitizenInitiative, **extra: object
              ) -> HttpResponse:
    context = {**detail_context(request, initiative), **extra}
    return render(request, TEMPLATES + "detail.html", context, status=400)


@login_required
@require_POST
def sign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
    form = SignForm(request.POST)
    form.is_valid()
    try:
        resident = policies.resident_of(request.user)
        signatures.signature_add(initiative=initiative, resident=resident,
                                 show_name=form.cleaned_data.get("show_name", False))
    except DomainError as exc:
        flash_error(request, exc)
        return _rerender(request, initiative)
    messages.success(request, _("Merci : votre signature est enregistrée."))
    return to_detail(initiative)


@login_required
@require_POST
def unsign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
    try:
        signatures.signature_withdraw(initiative=initiative,
                                      resident=policies.resident_of(request.user))
    except DomainError as exc:
        flash_error(request, exc)
        return _rerender(request, initiative)
    messages.success(request, _("Votre signature a été retirée."))
    return to_detail(initiative)


@login_required
@require_POST
def follow(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
    try:
        lifecycle.initiative_follow(initiative=initiative, user=request.user)
    except DomainError as exc:
        flash_error(request, exc)
        return _rerender(request, initiative)
    messages.success(request, _("Vous suivez cette initiative : vous serez informé(e) de "
                                "chaque étape."))
    return to_detail(initiative)


@login_required
@require_POST
def unfollow(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
    lifecycle.initiative_unfollow(initiative=initiative, user=request.user)
    messages.success(request, _("Vous ne suivez plus cette initiative."))
    return to_detail(initiative)


@login_required
@require_POST
@limited("comment")
def comment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment_create(target=initiative, author=request.user,
                           body=form.cleaned_data["body"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Votre commentaire est publié."))
            return to_detail(initiative)
    return _rerender(request, initiative, comment_form=form)
