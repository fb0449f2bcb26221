"""Every CSV the site and the API give out has the same shape: a UTF-8 byte-order mark, `;`
between cells, column names in French (whatever the reader's language), decimal commas.

One test per export, through the page and through the API, as a clerk or a resident would
download it; each asserts the bytes a spreadsheet opens."""

import csv
import io

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

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
from commissions.services.consultations import (
    consultation_close,
    consultation_open,
    consultation_respond,
    question_add,
)
from commissions.tests.factories import ConsultationFactory
from petitions.services.signatures import signature_record_paper
from petitions.tests.factories import CitizenInitiativeFactory

pytestmark = pytest.mark.django_db

RESULTS = ["N° du projet", "Titre", "Coût (€)", "Voix ou points", "Votants", "Lauréat", "Étape",
           "Explication"]
SYNTHESIS = ["Chapitre", "Libellé", "Montant (€)", "Plus", "Autant", "Moins", "Avis",
             "Solde (points de %)", "Synthèse", "Commentaires"]
SIGNATURES = ["N° de signature", "État", "Canal", "Signée le", "Nom", "Prénom",
              "Adresse e-mail", "Date de naissance", "Adresse postale", "Quartier",
              "Saisie par", "Motif d'invalidation"]
CONSULTATION = ["Question", "Type", "Réponse", "Nombre", "Pourcentage"]


def _rows(response) -> list[list[str]]:
    """The file as a French spreadsheet reads it, after checking its shape."""
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    body = response.content
    assert body.startswith("\ufeff".encode()), "a UTF-8 byte-order mark first"
    text = body.decode("utf-8").removeprefix("\ufeff")
    first_line = text.split("\r\n", 1)[0]
    assert ";" in first_line and "," not in first_line, "`;` between cells"
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def counted_budget(neighbourhood, clerk, django_capture_on_commit_callbacks):
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True, rule="greedy")
    project = ProposalFactory(budget=budget, feasible=True, title="Boîte à livres",
                              cost_cents=1_250_050)
    ballot_cast(budget=budget, voter=ResidentFactory(neighbourhood=neighbourhood).user,
                choices={project.pk: 1})
    with django_capture_on_commit_callbacks(execute=True):
        budget_transition(budget=budget, target="tally", actor=clerk)
    budget_transition(budget=budget, target="results", actor=clerk)
    return budget


@pytest.fixture
def closed_debate():
    debate = DebateFactory(year=2031, closed=True)
    chapter = ChapterFactory(debate=debate, code="65", label="Subventions")
    LineFactory(chapter=chapter, amount_cents=45_000_050)
    return debate


@pytest.fixture
def signed_initiative(clerk):
    initiative = CitizenInitiativeFactory(collecting=True)
    signature_record_paper(initiative=initiative, recorded_by=clerk,
                           resident=ResidentFactory(user__last_name="Sabatier"))
    return initiative


@pytest.fixture
def closed_consultation(clerk):
    consultation = ConsultationFactory(audience="town")
    hours = question_add(consultation=consultation, kind="single", label="Horaires",
                         choices=["Matin", "Soir"], actor=clerk)
    consultation_open(consultation=consultation, actor=clerk)
    for pick in ("Matin", "Matin", "Soir"):
        choice = hours.choices.get(label=pick)
        consultation_respond(consultation=consultation, user=ResidentFactory().user,
                             answers={hours.pk: choice.pk})
    consultation_close(consultation=consultation, actor=clerk)
    return consultation


def test_budget_results_page_export(client, counted_budget):
    rows = _rows(client.get(reverse("budgets_web:results_csv", args=[counted_budget.pk])))
    assert rows[0] == RESULTS
    assert rows[1][1:4] == ["Boîte à livres", "12500,50", "1"]


def test_budget_results_api_export(counted_budget):
    rows = _rows(_api().get(reverse("api:budget-results-csv", args=[counted_budget.pk])))
    assert rows[0] == RESULTS and rows[1][2] == "12500,50"


def test_budget_results_export_keeps_french_columns_for_an_english_reader(client,
                                                                          counted_budget):
    client.cookies["django_language"] = "en"
    response = client.get(reverse("budgets_web:results_csv", args=[counted_budget.pk]),
                          HTTP_ACCEPT_LANGUAGE="en")
    assert _rows(response)[0] == RESULTS


def test_debate_synthesis_page_export(client, closed_debate):
    rows = _rows(client.get(reverse("budgets_web:synthesis_csv", args=[closed_debate.pk])))
    assert rows[0] == SYNTHESIS
    assert rows[1][:3] == ["65", "Subventions", "450000,50"]


def test_debate_synthesis_api_export(closed_debate):
    rows = _rows(_api().get(reverse("api:budget-debate-synthesis-csv",
                                    args=[closed_debate.pk])))
    assert rows[0] == SYNTHESIS and rows[1][2] == "450000,50"


def test_signatures_page_export(client, clerk, signed_initiative):
    client.force_login(clerk)
    rows = _rows(client.get(reverse("petitions_web:signatures_csv",
                                    args=[signed_initiative.pk])))
    assert rows[0] == SIGNATURES and rows[1][4] == "Sabatier"


def test_signatures_api_export(clerk, signed_initiative):
    rows = _rows(_api(clerk).get(f"/api/v1/initiatives/{signed_initiative.pk}/signatures.csv"))
    assert rows[0] == SIGNATURES and rows[1][4] == "Sabatier"


def test_consultation_results_page_export(client, closed_consultation):
    rows = _rows(client.get(reverse("commissions_web:consultation_results_csv",
                                    args=[closed_consultation.pk])))
    assert rows[0] == CONSULTATION
    assert ["Horaires", "single", "Matin", "2", "66,7"] in rows


def test_consultation_results_api_export(closed_consultation):
    rows = _rows(_api().get(reverse("api:commissions-consultation-results-csv",
                                    args=[closed_consultation.pk])))
    assert rows[0] == CONSULTATION
    assert ["Horaires", "single", "Soir", "1", "33,3"] in rows
