"""The budgets pages, through Django's test client: every page renders, refusals are 400."""

import pytest
from django.urls import reverse

from budgets import selectors
from budgets.models import Ballot, BudgetLine, ChapterPreference, Proposal
from budgets.services.ballots import ballot_cast
from budgets.services.budgets import budget_transition
from budgets.tests.factories import (
    BudgetFactory,
    ChapterFactory,
    DebateFactory,
    LineFactory,
    ProposalFactory,
)
from civic.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db

CSV = ("Chapitre;Libellé chapitre;Article;Libellé;Montant\n"
       "011;Charges à caractère général;60612;Énergie - électricité;1 234 567,89\n"
       "65;Autres charges de gestion courante;6574;Subventions aux associations;450 000,00\n")


def test_index_lists_budgets_and_debates(client, neighbourhood):
    # given
    BudgetFactory(neighbourhood=neighbourhood, title="Budget des Prés-Saint-Jean")
    DebateFactory(title="Débat sur le budget 2026")
    # when
    response = client.get(reverse("budgets_web:index"))
    # then
    assert response.status_code == 200
    assert "Budget des Prés-Saint-Jean" in response.text
    assert "Débat sur le budget 2026" in response.text


def test_resident_votes_then_changes_the_vote_and_sees_the_receipt(client, resident,
                                                                   voting_budget, projects):
    # given
    client.force_login(resident.user)
    url = reverse("budgets_web:vote", args=[voting_budget.pk])
    # when
    client.post(url, {"project": [projects[0].pk, projects[1].pk]})
    response = client.post(url, {"project": [projects[2].pk]}, follow=True)
    # then
    ballot = selectors.ballot_of(budget=voting_budget, voter=resident.user)
    assert ballot.choices == {projects[2].pk: 1}
    assert projects[2].title in response.text and projects[0].title not in response.text
    assert ballot.receipt_display in response.text
    check = client.get(reverse("budgets_web:receipts", args=[voting_budget.pk]),
                       {"recu": ballot.receipt_display.lower()})
    assert "bien compté" in check.text


def test_a_bad_ballot_is_refused_on_the_page_with_status_400(client, resident, voting_budget,
                                                             projects):
    # given
    client.force_login(resident.user)
    # when
    response = client.post(reverse("budgets_web:vote", args=[voting_budget.pk]), {})
    # then
    assert response.status_code == 400
    assert "Choisissez au moins un projet" in response.text
    assert not Ballot.objects.exclude(content="").exists()


def test_an_unverified_resident_is_told_why_they_cannot_vote(client, unverified_resident,
                                                             voting_budget, projects):
    # given
    client.force_login(unverified_resident.user)
    # when
    response = client.get(reverse("budgets_web:vote", args=[voting_budget.pk]))
    # then
    assert "pas encore vérifié" in response.text


def test_resident_submits_a_proposal_and_a_bad_cost_is_shown_next_to_the_field(
        client, resident, neighbourhood):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, submission=True)
    client.force_login(resident.user)
    url = reverse("budgets_web:proposal_new", args=[budget.pk])
    data = {"title": "Jardin partagé", "description": "Des bacs et un composteur.",
            "location": "Square des Prés", "estimated_cost_cents": "deux mille"}
    # when
    refused = client.post(url, data)
    data["estimated_cost_cents"] = "12 500,50"
    accepted = client.post(url, data)
    # then
    assert refused.status_code == 400
    assert "Indiquez un montant en euros" in refused.text
    proposal = Proposal.objects.get()
    assert accepted.status_code == 302
    assert proposal.estimated_cost_cents == 1_250_050


def test_clerk_reviews_and_moves_a_budget_to_voting_from_the_page(client, clerk, neighbourhood):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, review=True)
    proposal = ProposalFactory(budget=budget)
    client.force_login(clerk)
    # when
    client.post(reverse("budgets_web:proposal", args=[proposal.pk]) + "?do=review",
                {"review-feasible": "yes", "review-cost_cents": "18 000",
                 "review-reason": "Terrain municipal.", "confirmed": "1"})
    response = client.post(reverse("budgets_web:budget_phase", args=[budget.pk]),
                           {"target": "voting", "confirmed": "1"})
    # then
    budget.refresh_from_db()
    assert response.status_code == 302
    assert budget.status == "voting"


def test_a_refused_phase_change_is_explained_on_the_budget_page(client, clerk, neighbourhood):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, review=True)
    ProposalFactory(budget=budget)  # not reviewed yet
    client.force_login(clerk)
    # when
    response = client.post(reverse("budgets_web:budget_phase", args=[budget.pk]),
                           {"target": "voting", "confirmed": "1"}, follow=True)
    # then the refusal is shown at the budget page's own address (post/redirect/get)
    assert response.redirect_chain == [(reverse("budgets_web:budget", args=[budget.pk]), 302)]
    assert "à étudier" in response.text


def test_residents_cannot_reach_clerk_pages(client, resident):
    # given
    client.force_login(resident.user)
    # when
    response = client.get(reverse("budgets_web:budget_new"))
    # then
    assert response.status_code == 403


def test_results_page_shows_charts_and_tables_after_publication(
        client, clerk, neighbourhood, django_capture_on_commit_callbacks):
    # given
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True)
    winner = ProposalFactory(budget=budget, feasible=True, title="Boîte à livres")
    for _ in range(2):
        ballot_cast(budget=budget, voter=ResidentFactory(neighbourhood=neighbourhood).user,
                    choices={winner.pk: 1})
    with django_capture_on_commit_callbacks(execute=True):
        budget_transition(budget=budget, target="tally", actor=clerk)
    budget_transition(budget=budget, target="results", actor=clerk)
    # when
    response = client.get(reverse("budgets_web:results", args=[budget.pk]))
    follow_up = client.get(reverse("budgets_web:implementation", args=[budget.pk]))
    export = client.get(reverse("budgets_web:ballots_pb", args=[budget.pk]))
    # then
    assert response.status_code == 200
    assert "<svg" in response.text and "<table" in response.text
    assert "Boîte à livres" in follow_up.text
    assert export.status_code == 200 and "VOTES" in export.text


def test_debate_import_opinions_comments_and_synthesis_pages(client, clerk, resident):
    # given
    debate = DebateFactory(year=2027)
    client.force_login(clerk)
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(reverse("budgets_web:debate_import", args=[debate.pk]),
                {"file": SimpleUploadedFile("budget.csv", CSV.encode("cp1252"))})
    client.post(reverse("budgets_web:debate_phase", args=[debate.pk]), {"target": "open",
                                                                        "confirmed": "1"})
    chapter = debate.chapters.get(code="65")
    line = BudgetLine.objects.get(article="6574")
    client.force_login(resident.user)
    # when
    client.post(reverse("budgets_web:debate_preferences", args=[debate.pk]),
                {f"chapter_{chapter.pk}": "more"})
    client.post(reverse("budgets_web:line_comment", args=[line.pk]),
                {"body": "Les associations sportives manquent de moyens."})
    client.force_login(clerk)
    client.post(reverse("budgets_web:debate_phase", args=[debate.pk]), {"target": "closed",
                                                                        "confirmed": "1"})
    synthesis = client.get(reverse("budgets_web:synthesis", args=[debate.pk]))
    printable = client.get(reverse("budgets_web:synthesis_print", args=[debate.pk]))
    csv_file = client.get(reverse("budgets_web:synthesis_csv", args=[debate.pk]))
    # then
    assert ChapterPreference.objects.get().choice == "more"
    assert "Les associations sportives manquent de moyens." in synthesis.text
    assert "1 avis exprimé." in synthesis.text
    assert "plus de moyens souhaités" in printable.text
    assert "Subventions" not in csv_file.content.decode() and "Autres charges" in (
        csv_file.content.decode())


def test_a_bad_csv_lists_its_errors_by_line_next_to_the_file_field(client, clerk):
    # given
    debate = DebateFactory(year=2028)
    client.force_login(clerk)
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = CSV + "65;Autres charges;6575;Subventions au CCAS;douze\n"
    # when
    response = client.post(reverse("budgets_web:debate_import", args=[debate.pk]),
                           {"file": SimpleUploadedFile("budget.csv", bad.encode())},
                           follow=True)
    # then the errors are shown next to the field, on the debate's own page
    assert response.redirect_chain[-1][0].startswith(reverse("budgets_web:debate",
                                                             args=[debate.pk]))
    assert "Ligne 4" in response.text and "douze" in response.text


def test_debate_page_with_lines_renders_for_visitors(client):
    # given
    line = LineFactory(chapter=ChapterFactory(debate=DebateFactory(open=True)))
    # when
    response = client.get(reverse("budgets_web:debate", args=[line.chapter.debate_id]))
    # then
    assert response.status_code == 200
    assert line.label in response.text


def test_staff_preview_the_counted_results_before_publishing_residents_wait(
        client, clerk, resident, neighbourhood, django_capture_on_commit_callbacks):
    # given a budget counted but not yet published
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True)
    winner = ProposalFactory(budget=budget, feasible=True, title="Boîte à livres")
    ballot_cast(budget=budget, voter=ResidentFactory(neighbourhood=neighbourhood).user,
                choices={winner.pk: 1})
    with django_capture_on_commit_callbacks(execute=True):
        budget_transition(budget=budget, target="tally", actor=clerk)
    page = reverse("budgets_web:results", args=[budget.pk])
    # when a clerk opens the results page, then she sees the count, marked as a preview
    client.force_login(clerk)
    preview = client.get(page)
    assert preview.status_code == 200
    assert "Aperçu réservé aux agents" in preview.text and "Boîte à livres" in preview.text
    # when a resident opens it, then she is sent back to the budget: nothing is published
    client.force_login(resident.user)
    assert client.get(page).status_code == 302
    # once published, nobody sees the preview banner
    budget_transition(budget=budget, target="results", actor=clerk)
    client.force_login(clerk)
    assert "Aperçu réservé aux agents" not in client.get(page).text
