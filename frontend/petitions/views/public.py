"""Public pages: browse, read, sign, follow, comment."""

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civic import roles
from civic.errors import DomainError
from civic.http import AuthenticatedHttpRequest
from civic.selectors import comment_list_for_target
from civic.services.comments import comment_create
from civic.services.reminders import participation_start_record
from frontend.limits import limited
from frontend.petitions.forms import CommentForm, SignForm
from frontend.petitions.views.common import TEMPLATES, to_detail
from frontend.web import (
    confirm_page,
    flash_error,
    form_error_from,
    form_failed,
    form_target,
    forms_restored,
)
from petitions import policies, selectors, states
from petitions.filters import InitiativeFilter
from petitions.models import CitizenInitiative, InitiativeFollower
from petitions.services import lifecycle, signatures

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

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
        "sign_eligibility": policies.signer_check(user=user, initiative=initiative)
        if user.is_authenticated and refusal is None else None,
        "collection_closed": refusal if refusal and refusal.code == "collection_closed" else None,
        "can": policies.initiative_capabilities(initiative),
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
    context = detail_context(request, initiative)
    restored, _extra = forms_restored(request, comment=CommentForm)
    if restored:
        context["comment_form"] = restored["comment"]
    return render(request, TEMPLATES + "detail.html", context)


def _refused(request: HttpRequest, initiative: CitizenInitiative, exc: DomainError
             ) -> HttpResponse:
    """A refused act: its reason on the initiative's page, at the page's own address."""
    flash_error(request, exc)
    return to_detail(initiative)


def _detail_url(pk: int) -> str:
    return reverse("petitions_web:detail", args=[pk])


def _confirm_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """After a log-in, the signature waits for one click, as on the initiative's page."""
    initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
    mine = selectors.signature_of(initiative, request.user)
    if mine is not None and mine.status == "valid":
        messages.info(request, _("Vous avez déjà signé cette initiative."))
        return to_detail(initiative)
    return confirm_page(
        request, title=_("Signer l'initiative « {title} »").format(title=initiative.title),
        text=initiative.operative_text, submit=_("Signer l'initiative"),
        back_url=_detail_url(pk), form=SignForm(),
        refusal=policies.collection_refusal(initiative),
        eligibility=policies.signer_check(user=request.user, initiative=initiative))


def _confirm(title: "StrOrPromise", submit: "StrOrPromise") -> Callable[..., HttpResponse]:
    def confirm(request: HttpRequest, pk: int) -> HttpResponse:
        initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
        return confirm_page(request, title=str(title).format(title=initiative.title),
                            submit=str(submit), back_url=_detail_url(pk))
    return confirm


@login_required
@form_target(_detail_url, confirm=_confirm_sign)
def sign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
    form = SignForm(request.POST)
    form.is_valid()
    try:
        resident = policies.resident_of(request.user)
        signatures.signature_add(initiative=initiative, resident=resident,
                                 show_name=form.cleaned_data.get("show_name", False))
    except DomainError as exc:
        shown = {refusal.code for refusal in policies.signer_check(
            user=request.user, initiative=initiative).refusals}
        if exc.code in shown:  # the page itself says why, and what to do: once
            return to_detail(initiative)
        return _refused(request, initiative, exc)
    messages.success(request, _("Merci : votre signature est enregistrée."))
    return to_detail(initiative)


@login_required
@form_target(_detail_url, confirm=_confirm(gettext_lazy("Retirer ma signature de « {title} »"),
                                           gettext_lazy("Retirer ma signature")))
def unsign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
    try:
        signatures.signature_withdraw(initiative=initiative,
                                      resident=policies.resident_of(request.user))
    except DomainError as exc:
        return _refused(request, initiative, exc)
    messages.success(request, _("Votre signature a été retirée."))
    return to_detail(initiative)


@login_required
@form_target(_detail_url, confirm=_confirm(gettext_lazy("Suivre « {title} »"),
                                           gettext_lazy("Suivre cette initiative")))
def follow(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
    try:
        lifecycle.initiative_follow(initiative=initiative, user=request.user)
    except DomainError as exc:
        return _refused(request, initiative, exc)
    messages.success(request, _("Vous suivez cette initiative : vous serez informé(e) de "
                                "chaque étape."))
    return to_detail(initiative)


@login_required
@form_target(_detail_url, confirm=_confirm(gettext_lazy("Ne plus suivre « {title} »"),
                                           gettext_lazy("Ne plus suivre")))
def unfollow(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
    lifecycle.initiative_unfollow(initiative=initiative, user=request.user)
    messages.success(request, _("Vous ne suivez plus cette initiative."))
    return to_detail(initiative)


@login_required
@form_target(lambda pk: _detail_url(pk) + "#comments-title")
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
    return form_failed(request, _detail_url(pk) + "#comments-title", comment=form)
