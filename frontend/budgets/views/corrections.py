"""Clerks' corrections: edit or withdraw a budget or a debate, edit or delete a milestone.

Each save is one service (audited) and ends with a success message; each act that cannot be
undone (withdraw, delete) asks for a reason and a ticked box on a page of its own, so it
needs no script to be confirmed.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets import selectors
from budgets.models import Milestone
from budgets.services import budgets as budget_services
from budgets.services import debates as debate_services
from budgets.services import implementation as implementation_services
from budgets.states import BudgetStatus, DebateStatus
from civic.errors import DomainError
from civic.http import AuthenticatedHttpRequest
from frontend.budgets.forms import (
    BudgetEditForm,
    ConfirmedReasonForm,
    DebateEditForm,
    MilestoneEditForm,
)
from frontend.web import confirm_page, form_error_from, staff_required


def _minute(moment: datetime | None) -> datetime | None:
    return timezone.localtime(moment).replace(second=0, microsecond=0) if moment else None


def _euros(cents: int) -> str:
    return f"{cents / 100:.2f}".replace(".", ",")


def _edit_page(request: AuthenticatedHttpRequest, *, form: forms.Form, title: str,
               run: Callable[[dict[str, Any]], object], done: str, success_url: str,
               back_url: str, intro: str = "", withdraw_url: str = "",
               withdraw_label: str = "") -> HttpResponse:
    """One form that corrects one object: a refusal comes back next to its field (400)."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                run(form.cleaned_data)
            except DomainError as exc:
                form_error_from(form, exc)
            else:
                messages.success(request, done)
                return redirect(success_url)
        status = 400
    return render(request, "frontend/budgets/correction.html", {
        "form": form, "title": title, "intro": intro, "back_url": back_url,
        "withdraw_url": withdraw_url, "withdraw_label": withdraw_label}, status=status)


def _confirmed_act(request: AuthenticatedHttpRequest, *, title: str, text: str, submit: str,
                   run: Callable[[str], object], done: str, success_url: str, back_url: str,
                   refusal: DomainError | None = None) -> HttpResponse:
    """An act that cannot be undone, at its own address: GET asks for the reason and the
    ticked box, POST does it; a refusal is shown on the same page (400)."""
    form = ConfirmedReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and refusal is None:
        if form.is_valid():
            try:
                run(form.cleaned_data["reason"])
            except DomainError as exc:
                form_error_from(form, exc)
            else:
                messages.success(request, done)
                return redirect(success_url)
    response = confirm_page(request, title=title, text=text, submit=submit, back_url=back_url,
                            form=form, refusal=refusal)
    if request.method == "POST":
        response.status_code = 400
    return response


@staff_required
def budget_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    budget = selectors.budget_get(pk=pk)
    initial = {name: getattr(budget, name) for name in BudgetEditForm.base_fields
               if name not in ("year", "neighbourhood")}
    initial |= {"envelope_cents": _euros(budget.envelope_cents)}
    initial |= {name: _minute(getattr(budget, name))
                for name in budget_services.SCHEDULE_FIELDS}
    form = BudgetEditForm(request.POST if request.method == "POST" else None, initial=initial)
    here = reverse("budgets_web:budget", args=[pk])
    intro = (_("Tant que le budget est en préparation, tout se corrige : présentation, "
               "enveloppe, règlement et calendrier.")
             if budget.status == BudgetStatus.PREPARATION else
             _("Le dépôt des projets a commencé : seuls le titre et la présentation se "
               "corrigent encore, jusqu'à l'ouverture du vote.")
             if budget.status in budget_services.WORDING_PHASES else
             _("Ce budget ne se modifie plus depuis l'ouverture du vote."))

    def run(data: dict[str, Any]) -> object:
        # Only what the clerk changed: the rest of the form repeats the stored values.
        changes = {name: value for name, value in data.items()
                   if budget_services.value_changed(getattr(budget, name), value)}
        return budget_services.budget_update(budget=budget, actor=request.user, **changes)

    return _edit_page(
        request, form=form, title=_("Modifier « {title} »").format(title=budget.title),
        intro=intro, run=run, done=_("Budget enregistré."), success_url=here, back_url=here,
        withdraw_url=reverse("budgets_web:budget_withdraw", args=[pk])
        if budget.status == BudgetStatus.PREPARATION else "",
        withdraw_label=_("Retirer ce budget"))


@staff_required
def budget_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    budget = selectors.budget_get(pk=pk)
    refusal = budget_services.budget_withdraw_refusal(budget=budget)
    return _confirmed_act(
        request, title=_("Retirer « {title} »").format(title=budget.title),
        text=_("Le budget disparaît des listes publiques et ne peut pas être rétabli ; le "
               "journal d'audit garde ce qu'il était et le motif."),
        submit=_("Retirer le budget"), refusal=refusal,
        run=lambda reason: budget_services.budget_withdraw(budget=budget, actor=request.user,
                                                           reason=reason),
        done=_("Budget « {title} » retiré.").format(title=budget.title),
        success_url=reverse("budgets_web:index"),
        back_url=reverse("budgets_web:budget", args=[pk]))


@staff_required
def debate_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    debate = selectors.debate_get(pk=pk)
    form = DebateEditForm(request.POST if request.method == "POST" else None, initial={
        "title": debate.title, "introduction": debate.introduction,
        "opens_at": _minute(debate.opens_at), "closes_at": _minute(debate.closes_at)})
    here = reverse("budgets_web:debate", args=[pk])
    intro = {str(DebateStatus.DRAFT): _("Le débat est en préparation : tout se corrige."),
             str(DebateStatus.OPEN): _("Le débat est ouvert : son titre, sa présentation et sa "
                                  "clôture se corrigent encore ; ceux qui ont donné leur avis "
                                  "sont prévenus d'une nouvelle date de clôture.")}.get(
        debate.status, _("Un débat clos ne se modifie plus."))
    return _edit_page(
        request, form=form, title=_("Modifier « {title} »").format(title=debate.title),
        intro=str(intro), done=_("Débat enregistré."), success_url=here, back_url=here,
        run=lambda data: debate_services.debate_update(debate=debate, actor=request.user,
                                                       **data),
        withdraw_url=reverse("budgets_web:debate_withdraw", args=[pk])
        if debate.status == DebateStatus.DRAFT else "",
        withdraw_label=_("Retirer ce débat"))


@staff_required
def debate_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    debate = selectors.debate_get(pk=pk)
    refusal = debate_services.debate_withdraw_refusal(debate=debate)
    return _confirmed_act(
        request, title=_("Retirer « {title} »").format(title=debate.title),
        text=_("Le débat et ses lignes importées disparaissent et ne peuvent pas être "
               "rétablis ; le journal d'audit garde le motif."),
        submit=_("Retirer le débat"), refusal=refusal,
        run=lambda reason: debate_services.debate_withdraw(debate=debate, actor=request.user,
                                                           reason=reason),
        done=_("Débat « {title} » retiré.").format(title=debate.title),
        success_url=reverse("budgets_web:index"),
        back_url=reverse("budgets_web:debate", args=[pk]))


def _milestone(pk: int) -> Milestone:
    return get_object_or_404(Milestone.objects.select_related(
        "implementation__proposal__budget"), pk=pk)


@staff_required
def milestone_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    milestone = _milestone(pk)
    proposal = milestone.implementation.proposal
    form = MilestoneEditForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None, initial={
            "title": milestone.title, "happened_on": milestone.happened_on,
            "note": milestone.note})
    if not milestone.photo:
        del form.fields["remove_photo"]
    here = reverse("budgets_web:proposal", args=[proposal.pk])
    return _edit_page(
        request, form=form, title=_("Modifier le jalon « {title} »").format(
            title=milestone.title),
        intro=_("Projet : {title}").format(title=proposal.title), done=_("Jalon enregistré."),
        success_url=here, back_url=here,
        run=lambda data: implementation_services.milestone_update(
            milestone=milestone, actor=request.user, **data),
        withdraw_url=reverse("budgets_web:milestone_delete", args=[pk]),
        withdraw_label=_("Supprimer ce jalon"))


@staff_required
def milestone_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    milestone = _milestone(pk)
    proposal = milestone.implementation.proposal
    here = reverse("budgets_web:proposal", args=[proposal.pk])
    return _confirmed_act(
        request, title=_("Supprimer le jalon « {title} »").format(title=milestone.title),
        text=_("Le jalon disparaît du suivi du projet « {project} » ; le journal d'audit garde "
               "ce qu'il disait et le motif.").format(project=proposal.title),
        submit=_("Supprimer le jalon"),
        run=lambda reason: implementation_services.milestone_delete(
            milestone=milestone, actor=request.user, reason=reason),
        done=_("Jalon supprimé."), success_url=here, back_url=here)
