"""Pages: submit a proposal, read it, comment, co-authors, feasibility review, merge, follow-up."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from budgets import policies, selectors
from budgets.models import Implementation
from budgets.models.proposal import ProposalStatus
from budgets.services import implementation as implementation_services
from budgets.services import proposals as proposal_services
from civic.errors import DomainError
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
from frontend.budgets.views.common import is_staff, staff_only
from frontend.limits import limited
from frontend.web import flash_error, form_error_from


@login_required
def proposal_new(request: HttpRequest, pk: int) -> HttpResponse:
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


def _merge_targets(proposal) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    others = selectors.proposal_list_for_budget(budget=proposal.budget).exclude(
        pk=proposal.pk).exclude(status=ProposalStatus.MERGED)
    return [(p.pk, p.title) for p in others]


def proposal_detail(request: HttpRequest, pk: int, forms: dict | None = None) -> HttpResponse:
    proposal = selectors.proposal_get(pk=pk)
    forms = forms or {}
    implementation = Implementation.objects.filter(proposal=proposal).prefetch_related(
        "milestones").first()
    context = {
        "proposal": proposal, "budget": proposal.budget, "is_staff": is_staff(request),
        "can": policies.budget_capabilities(proposal.budget),
        "comments": selectors.comments_on(proposal),
        "is_author": request.user.is_authenticated and proposal.author_id == request.user.pk,
        "comment_form": forms.get("comment") or CommentForm(),
        "coauthor_form": forms.get("coauthor") or CoAuthorForm(),
        "review_form": forms.get("review") or ReviewForm(initial={
            "cost_cents": f"{proposal.cost_cents / 100:.2f}".replace(".", ",")}),
        "merge_form": forms.get("merge") or MergeForm(targets=_merge_targets(proposal)),
        "implementation": implementation,
        "implementation_form": forms.get("implementation") or ImplementationForm(
            initial={"status": implementation.status,
                     "progress_percent": implementation.progress_percent,
                     "note": implementation.note} if implementation else None),
        "milestone_form": forms.get("milestone") or MilestoneForm(),
    }
    return render(request, "frontend/budgets/proposal_detail.html", context,
                  status=400 if forms else 200)


def _act(request: HttpRequest, pk: int, name: str, form, action) -> HttpResponse:  # type: ignore[no-untyped-def]
    """Validate `form`, run `action(form.cleaned_data)`; on refusal show it next to the field."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            return redirect("budgets_web:proposal", pk=pk)
    return proposal_detail(request, pk=pk, forms={name: form})


@require_POST
@login_required
@limited("comment")
def proposal_comment(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get(pk=pk)
    return _act(request, pk, "comment", CommentForm(request.POST), lambda data: comment_create(
        target=proposal, author=request.user, body=data["body"]))


@require_POST
@login_required
@limited("invite")
def proposal_coauthor(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get(pk=pk)

    def add(data: dict) -> None:
        proposal_services.proposal_coauthor_invite(proposal=proposal, email=data["email"],
                                                   actor=request.user)
        messages.success(request, proposal_services.COAUTHOR_INVITED)

    return _act(request, pk, "coauthor", CoAuthorForm(request.POST), add)


@login_required
def coauthor_invitation(request: HttpRequest, pk: int) -> HttpResponse:
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


@require_POST
@staff_only
def proposal_review(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get(pk=pk)
    return _act(request, pk, "review", ReviewForm(request.POST), lambda data: (
        proposal_services.proposal_review(proposal=proposal, reviewer=request.user, **data)))


@require_POST
@staff_only
def proposal_merge(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get(pk=pk)
    form = MergeForm(request.POST, targets=_merge_targets(proposal))
    return _act(request, pk, "merge", form, lambda data: proposal_services.proposal_merge(
        proposal=proposal, into=selectors.proposal_get(pk=data["into"]), actor=request.user))


def _implementation(pk: int) -> Implementation:
    return get_object_or_404(Implementation.objects.select_related("proposal__budget"),
                             proposal_id=pk)


@require_POST
@staff_only
def implementation_update(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "implementation", ImplementationForm(request.POST),
                lambda data: implementation_services.implementation_update(
                    implementation=_implementation(pk), actor=request.user, **data))


@require_POST
@staff_only
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "milestone", MilestoneForm(request.POST, request.FILES),
                lambda data: implementation_services.milestone_add(
                    implementation=_implementation(pk), actor=request.user, **data))
