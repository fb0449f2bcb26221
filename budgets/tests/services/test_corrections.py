"""Clerks correct what they created: a budget while its rules may change, a debate, a
milestone; a mistaken budget or debate in preparation is withdrawn. Each act is audited."""

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from budgets import selectors
from budgets.models import BudgetDebate, Implementation, Milestone, ParticipatoryBudget
from budgets.services.budgets import budget_update, budget_withdraw
from budgets.services.debates import chapter_preference_set, debate_update, debate_withdraw
from budgets.services.implementation import milestone_delete, milestone_update
from budgets.tests.factories import BudgetFactory, DebateFactory, LineFactory, ProposalFactory
from civic.errors import DomainError, InvalidTransition, NotPermitted
from civic.models import AuditEntry, Notification

pytestmark = pytest.mark.django_db


def test_a_budget_in_preparation_has_its_envelope_rules_and_dates_corrected(clerk,
                                                                          neighbourhood):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, title="Budget 2031 (brouillon)")
    opens = timezone.now() + timedelta(days=30)
    # when
    budget_update(budget=budget, actor=clerk, title="Budget participatif 2031",
                  envelope_cents=20_000_000, max_projects=3, submission_opens_at=opens)
    # then
    budget.refresh_from_db()
    assert (budget.title, budget.envelope_cents, budget.max_projects) == (
        "Budget participatif 2031", 20_000_000, 3)
    assert budget.submission_opens_at == opens
    entry = AuditEntry.objects.get(verb="budget.updated")
    assert entry.actor == clerk
    assert entry.data["before"]["title"] == "Budget 2031 (brouillon)"
    assert entry.data["after"]["envelope_cents"] == "20000000"


def test_once_projects_are_submitted_only_the_wording_changes_and_the_refusal_names_the_field(
        clerk, neighbourhood):
    budget = BudgetFactory(neighbourhood=neighbourhood, submission=True)
    budget_update(budget=budget, actor=clerk, description="Présentation corrigée.")
    with pytest.raises(InvalidTransition) as refused:
        budget_update(budget=budget, actor=clerk, envelope_cents=1_000)
    assert refused.value.field == "envelope_cents"
    budget.refresh_from_db()
    assert budget.description == "Présentation corrigée."
    assert budget.envelope_cents != 1_000


def test_once_voting_opened_nothing_of_the_budget_changes(clerk, neighbourhood):
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True)
    with pytest.raises(InvalidTransition) as refused:
        budget_update(budget=budget, actor=clerk, title="Autre titre")
    assert refused.value.field == "title"
    assert refused.value.code == "budget_locked"


def test_a_correction_keeps_the_charter_coherent_and_refuses_no_change(clerk, neighbourhood):
    budget = BudgetFactory(neighbourhood=neighbourhood, min_projects=2)
    with pytest.raises(DomainError) as refused:
        budget_update(budget=budget, actor=clerk, max_projects=1)
    assert refused.value.field == "max_projects"
    with pytest.raises(DomainError) as unchanged:
        budget_update(budget=budget, actor=clerk, title=budget.title)
    assert unchanged.value.code == "unchanged"
    with pytest.raises(NotPermitted):
        budget_update(budget=budget, actor=ProposalFactory().author, title="Pirate")


def test_a_mistaken_budget_in_preparation_is_withdrawn_from_public_lists(clerk, neighbourhood):
    # given a probe budget next to a real one
    probe = BudgetFactory(neighbourhood=neighbourhood, year=2031, title="__probe__")
    real = BudgetFactory(neighbourhood=neighbourhood, year=2030)
    # when
    budget_withdraw(budget=probe, actor=clerk, reason="Budget de test créé par erreur")
    # then
    assert list(selectors.budget_list()) == [real]
    entry = AuditEntry.objects.get(verb="budget.withdrawn")
    assert (entry.data["title"], entry.data["reason"]) == ("__probe__",
                                                          "Budget de test créé par erreur")
    assert entry.target_id == str(probe.pk)


def test_a_budget_whose_submission_opened_is_not_withdrawn_and_a_reason_is_needed(
        clerk, neighbourhood):
    started = BudgetFactory(neighbourhood=neighbourhood, submission=True)
    with pytest.raises(InvalidTransition):
        budget_withdraw(budget=started, actor=clerk, reason="Erreur")
    preparing = BudgetFactory(neighbourhood=neighbourhood, year=2035)
    with pytest.raises(DomainError) as refused:
        budget_withdraw(budget=preparing, actor=clerk, reason="  ")
    assert refused.value.field == "reason"
    assert ParticipatoryBudget.objects.filter(pk__in=[started.pk, preparing.pk]).count() == 2


def test_a_debate_in_preparation_is_corrected_then_withdrawn(clerk):
    debate = DebateFactory(year=2031)
    LineFactory(chapter__debate=debate)
    debate_update(debate=debate, actor=clerk, title="Débat budgétaire 2031",
                  introduction="Votre avis compte.", opens_at=None, closes_at=None)
    debate.refresh_from_db()
    assert debate.title == "Débat budgétaire 2031"
    assert AuditEntry.objects.filter(verb="budget.debate_updated").count() == 1
    debate_withdraw(debate=debate, actor=clerk, reason="Doublon")
    assert not BudgetDebate.objects.filter(pk=debate.pk).exists()
    assert AuditEntry.objects.get(verb="budget.debate_withdrawn").data["reason"] == "Doublon"


def test_an_open_debates_new_closing_is_told_to_those_who_gave_an_opinion(clerk, resident):
    # given an open debate where a resident gave an opinion
    debate = DebateFactory(year=2031, open=True, opened_at=timezone.now(),
                           opens_at=timezone.now() - timedelta(days=1),
                           closes_at=timezone.now() + timedelta(days=5))
    line = LineFactory(chapter__debate=debate)
    chapter_preference_set(chapter=line.chapter, voter=resident.user, choice="more")
    later = timezone.now() + timedelta(days=12)
    # when its closing moves
    debate_update(debate=debate, actor=clerk, title=debate.title,
                  introduction=debate.introduction, opens_at=debate.opens_at, closes_at=later)
    # then
    assert Notification.objects.filter(recipient=resident.user,
                                       kind="budget_debate_rescheduled").exists()
    with pytest.raises(InvalidTransition) as refused:
        debate_update(debate=debate, actor=clerk, title=debate.title, introduction="",
                      opens_at=timezone.now(), closes_at=later)
    assert refused.value.field == "opens_at"
    with pytest.raises(InvalidTransition):
        debate_withdraw(debate=debate, actor=clerk, reason="Erreur")


def test_a_closed_debate_is_the_record(clerk):
    debate = DebateFactory(year=2031, closed=True)
    with pytest.raises(InvalidTransition):
        debate_update(debate=debate, actor=clerk, title="Autre", introduction="",
                      opens_at=None, closes_at=None)


@pytest.fixture
def milestone(clerk, neighbourhood):
    built = ProposalFactory(budget=BudgetFactory(neighbourhood=neighbourhood,
                                                 implementation=True), feasible=True)
    implementation = Implementation.objects.create(proposal=built)
    return Milestone.objects.create(implementation=implementation, title="Chantier ouvert",
                                    happened_on=date(2026, 3, 2), recorded_by=clerk)


def test_a_milestone_is_corrected_with_the_old_values_in_the_audit(clerk, milestone):
    milestone_update(milestone=milestone, actor=clerk, title="Ouverture du chantier",
                     happened_on=date(2026, 3, 4), note="Clôtures posées.")
    milestone.refresh_from_db()
    assert (milestone.title, milestone.happened_on, milestone.note) == (
        "Ouverture du chantier", date(2026, 3, 4), "Clôtures posées.")
    entry = AuditEntry.objects.get(verb="budget.milestone_updated")
    assert entry.data["before"]["title"] == "Chantier ouvert"
    with pytest.raises(DomainError) as refused:
        milestone_update(milestone=milestone, actor=clerk, title="Plus tard",
                         happened_on=timezone.localdate() + timedelta(days=3))
    assert refused.value.field == "happened_on"


def test_a_milestone_recorded_by_mistake_is_deleted_with_its_reason(clerk, milestone):
    milestone_delete(milestone=milestone, actor=clerk, reason="Saisi sur le mauvais projet")
    assert not Milestone.objects.filter(pk=milestone.pk).exists()
    entry = AuditEntry.objects.get(verb="budget.milestone_deleted")
    assert entry.data["title"] == "Chantier ouvert"
    assert entry.data["reason"] == "Saisi sur le mauvais projet"


def _photo(name: str) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (30, 140, 60)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def test_a_milestones_photo_is_replaced_then_taken_off_and_the_old_file_goes(
        clerk, milestone, django_capture_on_commit_callbacks):
    # given a milestone with a photo
    with django_capture_on_commit_callbacks(execute=True):
        milestone_update(milestone=milestone, actor=clerk, title=milestone.title,
                         happened_on=milestone.happened_on, photo=_photo("a.png"))
    milestone.refresh_from_db()
    first = milestone.photo.name
    storage = milestone.photo.storage
    assert storage.exists(first)
    # when another photo replaces it
    with django_capture_on_commit_callbacks(execute=True):
        milestone_update(milestone=milestone, actor=clerk, title=milestone.title,
                         happened_on=milestone.happened_on, photo=_photo("b.png"))
    milestone.refresh_from_db()
    second = milestone.photo.name
    # then the first file is gone
    assert second != first
    assert not storage.exists(first)
    # when the photo is taken off
    with django_capture_on_commit_callbacks(execute=True):
        milestone_update(milestone=milestone, actor=clerk, title=milestone.title,
                         happened_on=milestone.happened_on, remove_photo=True)
    milestone.refresh_from_db()
    assert not milestone.photo
    assert not storage.exists(second)
