"""Pages: submit a proposal, read it, comment, co-authors, feasibility review, merge, follow-up."""

from collections.abc import Mapping
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from budgets import policies, selectors, states
from budgets.models import Implementation, Proposal
from budgets.models.proposal import ProposalStatus
from budgets.money import format_euros
from budgets.services import implementation as implementation_services
from budgets.services import proposals as proposal_services
from civic.errors import DomainError, NotPermitted
from civic.http import AuthenticatedHttpRequest, signed_in_user
from civic.services.comments import comment_create
from frontend.budgets.forms import (
    CoAuthorForm,
    CommentForm,
    ImplementationForm,
    MergeForm,
    MilestoneForm,
    ProposalForm,
    ReviewForm,
)
from frontend.budgets.views.common import is_staff
from frontend.web import (
    Action,
    Confirm,
    Confirmation,
    FormFactory,
    confirm_page,
    flash_error,
    form_error_from,
    form_page,
)


@login_required
def proposal_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    budget = selectors.budget_get(pk=pk)
    form = ProposalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = proposal_services.proposal_submit(budget=budget, author=request.user,
                                                         **form.cleaned_data)
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            return redirect("budgets_web:proposal", pk=proposal.pk)
    # Past the submission window (or outside its phase) the page says why instead of the form.
    closed = policies.capability_refusal(budget, "submit_proposal")
    # Whoever would be refused is told why, and what to do, instead of filling the form.
    eligibility = policies.proposer_check(user=request.user, budget=budget)
    return render(request, "frontend/budgets/proposal_form.html",
                  {"form": form, "budget": budget, "closed": closed, "eligibility": eligibility,
                   "submit_closes_at": policies.closing_time(budget, "submit_proposal")},
                  status=400 if form.errors else 200)


@login_required
def proposal_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The author changes their project, until the feasibility study or the deadline."""
    proposal = selectors.proposal_get(pk=pk)
    initial = {"title": proposal.title, "description": proposal.description,
               "location": proposal.location,
               "estimated_cost_cents": f"{proposal.estimated_cost_cents / 100:.2f}".replace(
                   ".", ",")}
    form = ProposalForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            proposal_services.proposal_update(proposal=proposal, actor=request.user,
                                              **form.cleaned_data)
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Votre projet est modifié."))
            return redirect("budgets_web:proposal", pk=pk)
    refusal = proposal_services.proposal_editable_refusal(proposal=proposal, user=request.user)
    return render(request, "frontend/budgets/proposal_edit.html",
                  {"form": form, "proposal": proposal, "budget": proposal.budget,
                   "refusal": refusal},
                  status=403 if isinstance(refusal, NotPermitted) else 400 if form.errors else 200)


@login_required
def proposal_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The author withdraws their project before the feasibility study: GET asks to confirm,
    POST withdraws it."""
    proposal = selectors.proposal_get(pk=pk)
    back_url = reverse("budgets_web:proposal", args=[pk])
    refusal: DomainError | None = None
    if request.method == "POST":
        try:
            proposal_services.proposal_withdraw(proposal=proposal, actor=request.user)
        except DomainError as exc:
            refusal = exc  # the confirmation page says why, once
        else:
            messages.success(request, _("Votre projet est retiré : il ne sera pas soumis au "
                                        "vote."))
            return redirect(back_url)
    else:
        refusal = proposal_services.proposal_withdrawable_refusal(proposal=proposal,
                                                                  user=request.user)
    response = confirm_page(
        request, title=_("Retirer le projet « {title} »").format(title=proposal.title),
        text=_("Le projet quittera la liste publique et ne sera pas soumis au vote ; ses "
               "co-auteurs seront prévenus. Ce retrait est définitif."),
        submit=_("Retirer mon projet"), back_url=back_url, refusal=refusal)
    if isinstance(refusal, NotPermitted):
        response.status_code = 403
    elif refusal is not None and request.method == "POST":
        response.status_code = 400
    return response


def _merge_targets(proposal: Proposal) -> list[tuple[int, str]]:
    others = selectors.proposal_list_for_budget(budget=proposal.budget).exclude(
        pk=proposal.pk).exclude(status__in=[ProposalStatus.MERGED, ProposalStatus.WITHDRAWN])
    return [(p.pk, p.title) for p in others]


def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The project's page and its forms, each posting here with `?do=<form>`: comments and
    co-authors for residents, review, merge and follow-up for clerks."""
    proposal = selectors.proposal_get(pk=pk)
    if proposal.status == ProposalStatus.WITHDRAWN and proposal.author_id != request.user.pk:
        raise Http404  # a withdrawn project is its author's alone
    review = getattr(proposal, "review", None)
    implementation = Implementation.objects.filter(proposal=proposal).prefetch_related(
        "milestones").first()
    context = {
        "proposal": proposal, "budget": proposal.budget, "is_staff": is_staff(request),
        "can": policies.budget_capabilities(proposal.budget),
        "proposal_can": states.proposal_capabilities(proposal.status),
        "comments": selectors.comments_on(proposal),
        "is_author": request.user.is_authenticated and proposal.author_id == request.user.pk,
        "can_edit": request.user.is_authenticated and proposal.author_id == request.user.pk
        and proposal_services.proposal_editable_refusal(
            proposal=proposal, user=signed_in_user(request)) is None,
        "can_withdraw": request.user.is_authenticated and proposal.author_id == request.user.pk
        and proposal_services.proposal_withdrawable_refusal(
            proposal=proposal, user=signed_in_user(request)) is None,
        "implementation": implementation,
    }
    forms_: dict[str, FormFactory] = {
        "comment": CommentForm,
        "coauthor": CoAuthorForm,
        # Pre-filled only with the services' own figure: the author's estimate, kept as the
        # cost of a project found not feasible, must not become "costed by the town".
        "review": partial(ReviewForm, initial={
            "cost_cents": f"{review.cost_cents / 100:.2f}".replace(".", ",")
            if review is not None and review.cost_cents is not None else ""}),
        "merge": partial(MergeForm, targets=_merge_targets(proposal)),
        "implementation": partial(ImplementationForm, initial={
            "status": implementation.status,
            "progress_percent": implementation.progress_percent,
            "note": implementation.note,
            "planned_start_on": implementation.planned_start_on,
            "planned_end_on": implementation.planned_end_on,
            "finished_on": implementation.finished_on,
            "spent_cents": f"{implementation.spent_cents / 100:.2f}".replace(".", ",")
            if implementation.spent_cents is not None else ""} if implementation else None),
        "milestone": MilestoneForm,
    }
    return form_page(
        request, template="frontend/budgets/proposal_detail.html", context=context,
        forms_=forms_, actions=_actions(request, proposal),
        success_url=reverse("budgets_web:proposal", args=[pk]),
        staff_actions={"review", "merge", "implementation", "milestone"},
        limits={"comment": "comment", "coauthor": "invite"},
        confirmations=_confirmations(proposal))


def _confirmations(proposal: Proposal) -> dict[str, Confirm]:
    """The clerks' acts that tell the authors and cannot be taken back."""

    def review(data: Mapping[str, Any]) -> Confirmation | None:
        if data["feasible"] and data.get("cost_cents") is None:
            # Refused at once by the service, next to the cost field: nothing to confirm.
            return None
        return Confirmation(
            _("Enregistrer l'étude de faisabilité de « {title} » ?").format(title=proposal.title),
            (_("Avis : réalisable, pour {cost}. Le projet sera soumis au vote.").format(
                cost=format_euros(data["cost_cents"])) if data["feasible"]
             else _("Avis : non réalisable. Le projet ne sera pas soumis au vote."))
            + "\n" + _("L'auteur et les co-auteurs reçoivent aussitôt cet avis et sa motivation "
                       "par message."),
            _("Enregistrer et prévenir les auteurs"))

    def merge(data: Mapping[str, Any]) -> Confirmation:
        into = selectors.proposal_get(pk=data["into"])
        return Confirmation(
            _("Fusionner « {title} » dans « {into} » ?").format(title=proposal.title,
                                                              into=into.title),
            _("« {title} » disparaît des projets du budget, définitivement ; son auteur et ses "
              "co-auteurs deviennent co-auteurs de « {into} » et en sont prévenus par "
              "message.").format(title=proposal.title, into=into.title),
            _("Fusionner"))

    return {"review": review, "merge": merge}


def _actions(request: HttpRequest, proposal: Proposal) -> dict[str, Action]:
    user = signed_in_user(request)  # the actions run only on a signed-in account's POST

    def comment(data: Mapping[str, Any]) -> str:
        comment_create(target=proposal, author=user, body=data["body"])
        return _("Votre commentaire est publié.")

    def coauthor(data: Mapping[str, Any]) -> str:
        # The same answer whatever the address (no account, not eligible, already co-author):
        # the page lists who co-signs.
        proposal_services.proposal_coauthor_invite(proposal=proposal, email=data["email"],
                                                   actor=user)
        return str(proposal_services.COAUTHOR_INVITED)

    def review(data: Mapping[str, Any]) -> str:
        proposal_services.proposal_review(proposal=proposal, reviewer=user, **data)
        return _("Étude de faisabilité enregistrée ; l'auteur et les co-auteurs sont prévenus.")

    def merge(data: Mapping[str, Any]) -> str:
        into = selectors.proposal_get(pk=data["into"])
        proposal_services.proposal_merge(proposal=proposal, into=into, actor=user)
        return _("Projet fusionné dans « {into} » ; ses auteurs en sont prévenus.").format(
            into=into.title)

    def implementation(data: Mapping[str, Any]) -> str:
        implementation_services.implementation_update(
            implementation=_implementation(proposal.pk), actor=user, **data)
        return _("Suivi de réalisation mis à jour ; l'auteur et les co-auteurs sont "
                 "prévenus.")

    def milestone(data: Mapping[str, Any]) -> str:
        implementation_services.milestone_add(
            implementation=_implementation(proposal.pk), actor=user, **data)
        return _("Étape ajoutée au suivi de réalisation.")

    return {"comment": comment, "coauthor": coauthor, "review": review, "merge": merge,
            "implementation": implementation, "milestone": milestone}


@login_required
def coauthor_invitation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The invitee's page: the invitation, and Accept / Decline while it waits for an answer.
    Anyone else's invitation is a 404."""
    link = selectors.coauthor_invitation_get_for_user(pk=pk, user=request.user)
    if request.method == "POST":
        accept = request.POST.get("accept") == "1"
        respond = (proposal_services.proposal_coauthor_accept if accept
                   else proposal_services.proposal_coauthor_decline)
        try:
            respond(link=link, user=request.user)
        except DomainError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("Vous êtes maintenant co-auteur(e) de ce projet.")
                             if accept else _("Invitation déclinée."))
        return redirect("budgets_web:coauthor_invitation", pk=link.pk)
    return render(request, "frontend/budgets/coauthor_invitation.html",
                  {"link": link, "proposal": link.proposal})

def _implementation(pk: int) -> Implementation:
    return get_object_or_404(Implementation.objects.select_related("proposal__budget"),
                             proposal_id=pk)
