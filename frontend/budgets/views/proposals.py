"""Pages: submit a proposal, read it, comment, co-authors, feasibility review, merge, follow-up."""

from collections.abc import Mapping
from functools import partial
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from budgets import policies, selectors
from budgets.models import Implementation, Proposal
from budgets.models.proposal import ProposalStatus
from budgets.services import implementation as implementation_services
from budgets.services import proposals as proposal_services
from civic.errors import DomainError
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
from frontend.web import Action, FormFactory, form_error_from, form_page


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
    return render(request, "frontend/budgets/proposal_form.html",
                  {"form": form, "budget": budget, "closed": closed},
                  status=400 if form.errors else 200)


def _merge_targets(proposal: Proposal) -> list[tuple[int, str]]:
    others = selectors.proposal_list_for_budget(budget=proposal.budget).exclude(
        pk=proposal.pk).exclude(status=ProposalStatus.MERGED)
    return [(p.pk, p.title) for p in others]


def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The project's page and its forms, each posting here with `?do=<form>`: comments and
    co-authors for residents, review, merge and follow-up for clerks."""
    proposal = selectors.proposal_get(pk=pk)
    implementation = Implementation.objects.filter(proposal=proposal).prefetch_related(
        "milestones").first()
    context = {
        "proposal": proposal, "budget": proposal.budget, "is_staff": is_staff(request),
        "can": policies.budget_capabilities(proposal.budget),
        "comments": selectors.comments_on(proposal),
        "is_author": request.user.is_authenticated and proposal.author_id == request.user.pk,
        "implementation": implementation,
    }
    forms_: dict[str, FormFactory] = {
        "comment": CommentForm,
        "coauthor": CoAuthorForm,
        "review": partial(ReviewForm, initial={
            "cost_cents": f"{proposal.cost_cents / 100:.2f}".replace(".", ",")}),
        "merge": partial(MergeForm, targets=_merge_targets(proposal)),
        "implementation": partial(ImplementationForm, initial={
            "status": implementation.status,
            "progress_percent": implementation.progress_percent,
            "note": implementation.note} if implementation else None),
        "milestone": MilestoneForm,
    }
    return form_page(
        request, template="frontend/budgets/proposal_detail.html", context=context,
        forms_=forms_, actions=_actions(request, proposal),
        success_url=reverse("budgets_web:proposal", args=[pk]),
        staff_actions={"review", "merge", "implementation", "milestone"},
        limits={"comment": "comment", "coauthor": "invite"})


def _actions(request: HttpRequest, proposal: Proposal) -> dict[str, Action]:
    user = signed_in_user(request)  # the actions run only on a signed-in account's POST

    def comment(data: Mapping[str, Any]) -> None:
        comment_create(target=proposal, author=user, body=data["body"])

    def coauthor(data: Mapping[str, Any]) -> str:
        # The same answer whatever the address (no account, not eligible, already co-author):
        # the page lists who co-signs.
        proposal_services.proposal_coauthor_invite(proposal=proposal, email=data["email"],
                                                   actor=user)
        return _("Si cette adresse est celle d'un habitant qui peut co-signer ce projet, il ou "
                 "elle figure maintenant parmi ses auteurs.")

    def review(data: Mapping[str, Any]) -> None:
        proposal_services.proposal_review(proposal=proposal, reviewer=user, **data)

    def merge(data: Mapping[str, Any]) -> None:
        proposal_services.proposal_merge(
            proposal=proposal, into=selectors.proposal_get(pk=data["into"]), actor=user)

    def implementation(data: Mapping[str, Any]) -> None:
        implementation_services.implementation_update(
            implementation=_implementation(proposal.pk), actor=user, **data)

    def milestone(data: Mapping[str, Any]) -> None:
        implementation_services.milestone_add(
            implementation=_implementation(proposal.pk), actor=user, **data)

    return {"comment": comment, "coauthor": coauthor, "review": review, "merge": merge,
            "implementation": implementation, "milestone": milestone}


def _implementation(pk: int) -> Implementation:
    return get_object_or_404(Implementation.objects.select_related("proposal__budget"),
                             proposal_id=pk)
