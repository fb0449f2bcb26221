"""Ballot secrecy against whoever holds a database dump, a backup or the published files.

Sixty residents vote through the API, each for a different set of projects, so every ballot's
content names its voter to whoever can join the two. A full `pg_dump` of the database is then
read as an attacker would: every table, every row, in the order the dump lists them.
"""

import hashlib
import itertools
import subprocess

import pytest
from django.db import connection

from budgets.services.ballots import ballot_box_open
from budgets.services.budgets import budget_transition
from budgets.tests.factories import BudgetFactory, ProposalFactory
from civic.tests.factories import ResidentFactory
from tests.reliability.support import api_as

VOTERS = 60
PROJECTS = 8

pytestmark = [pytest.mark.django_db(transaction=True)]


def _dump() -> dict[str, tuple[list[str], list[list[str]]]]:
    """Every table of the test database as `pg_dump` writes it: columns and rows, in order."""
    db = connection.settings_dict
    out = subprocess.run(
        ["pg_dump", "--data-only", "-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432),
         "-U", db["USER"] or "postgres", db["NAME"]],
        capture_output=True, text=True, check=True, timeout=120).stdout
    tables: dict[str, tuple[list[str], list[list[str]]]] = {}
    current = None
    for line in out.splitlines():
        if line.startswith("COPY "):
            name = line.split()[1].removeprefix("public.")
            columns = line[line.index("(") + 1:line.index(")")].replace('"', "").split(", ")
            current = tables.setdefault(name, (columns, []))
        elif line == "\\.":
            current = None
        elif current is not None:
            current[1].append(line.split("\t"))
    return tables


def _spearman(order: list[int]) -> float:
    """Rank correlation between positions 0..n-1 and `order` (1 = same order as cast)."""
    n = len(order)
    return 1 - 6 * sum((i - r) ** 2 for i, r in enumerate(order)) / (n * (n * n - 1))


@pytest.fixture
def vote(postgres_only, neighbourhood):
    """A vote of sixty residents, cast in a known order, each ballot a different set."""
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True, max_projects=None)
    projects = [ProposalFactory(budget=budget, feasible=True).pk for _ in range(PROJECTS)]
    ballot_box_open(budget=budget)
    sets = [s for k in (2, 3, 4) for s in itertools.combinations(projects, k)][:VOTERS]
    voters = [ResidentFactory(neighbourhood=neighbourhood).user for _ in range(VOTERS)]
    cast = []
    for voter, chosen in zip(voters, sets, strict=True):
        answer = api_as(voter).post(f"/api/v1/budgets/{budget.pk}/ballot/cast/", {
            "choices": [{"proposal": pid} for pid in chosen]}, format="json")
        assert answer.status_code == 200
        cast.append({"voter": voter, "content": ",".join(f"{p}:1" for p in sorted(chosen)),
                     "receipt": answer.json()["receipt"]})
    return budget, cast


def _identity_values(cast) -> set[str]:
    values = set()
    for entry in cast:
        user = entry["voter"]
        values |= {str(user.pk), user.email, user.first_name, user.last_name,
                   str(user.resident.pk)}
    return values


def test_a_full_dump_after_a_vote_links_no_voter_to_the_content_of_their_ballot(
        vote, clerk, django_capture_on_commit_callbacks):
    # given a closed vote of sixty different ballots
    budget, cast = vote
    with django_capture_on_commit_callbacks(execute=True):
        budget_transition(budget=budget, target="tally", actor=clerk)
    contents = {entry["content"] for entry in cast}
    codes = {entry["receipt"].replace("-", "") for entry in cast}
    # when an attacker reads a full dump of the database
    tables = _dump()
    columns, ballots = tables["budgets_ballot"]
    mine = [dict(zip(columns, row, strict=True)) for row in ballots
            if row[columns.index("budget_id")] == str(budget.pk)]
    # then the ballot rows hold their content and nothing else that is anyone's
    assert sorted(columns) == ["budget_id", "content", "id", "voter_tag"]
    assert {row["content"] for row in mine} == contents and len(mine) == VOTERS
    assert {row["voter_tag"] for row in mine} == {"\\N"}
    # and no other row anywhere holds a ballot's content, a ballot's id or a receipt
    ids = {row["id"] for row in mine}
    for table, (_cols, rows) in tables.items():
        for row in rows:
            cells = set(row)
            if table != "budgets_ballot":
                assert not cells & (contents | ids), table
            if table != "budgets_ballotreceipt":
                assert not cells & codes, table
    # and the receipts are rows of their own, sharing nothing with the ballots
    columns, receipts = tables["budgets_ballotreceipt"]
    assert sorted(columns) == ["budget_id", "code", "holder_tag", "id", "issued"]
    assert {r[columns.index("holder_tag")] for r in receipts} == {"\\N"}
    # and the order the dump lists ballots and receipts in owes nothing to the order of voting
    position = {entry["content"]: i for i, entry in enumerate(cast)}
    assert abs(_spearman([position[row["content"]] for row in mine])) < 0.6
    by_code = {entry["receipt"].replace("-", ""): i for i, entry in enumerate(cast)}
    listed = [by_code[r[columns.index("code")]] for r in receipts
              if r[columns.index("code")] in by_code]
    assert abs(_spearman(listed)) < 0.6
    # and no audit entry or notification speaks of a ballot beside a voter
    identities = _identity_values(cast)
    for table in ("civic_auditentry", "civic_notification"):
        cols, rows = tables[table]
        for row in rows:
            text = "\t".join(row)
            if any(value in row for value in identities):
                assert "ballot_cast" not in text and not any(c in text for c in codes), table


def test_a_backup_taken_while_voting_is_open_cannot_be_joined_to_the_voters_either(vote):
    # given a vote still open: each ballot carries its voter's keyed tag
    budget, cast = vote
    # when an attacker reads a dump taken now, without the key kept outside the database
    tables = _dump()
    columns, ballots = tables["budgets_ballot"]
    filled = [dict(zip(columns, row, strict=True)) for row in ballots
              if row[columns.index("budget_id")] == str(budget.pk)
              and row[columns.index("content")] != ""]
    # then no tag is any hash they could compute from what they know of a voter
    guesses = set()
    for entry in cast:
        user = entry["voter"]
        for text in (str(user.pk), user.email, f"ballot:{budget.pk}|{user.pk}",
                     f"person|ballot:{budget.pk}|{user.pk}"):
            guesses.add(hashlib.sha256(text.encode()).hexdigest())
    assert len(filled) == VOTERS
    assert not {row["voter_tag"] for row in filled} & guesses
    # and the rows sit in the dump in an order that does not follow the order of voting
    position = {entry["content"]: i for i, entry in enumerate(cast)}
    assert abs(_spearman([position[row["content"]] for row in filled])) < 0.6


def test_the_published_ballots_and_receipts_cannot_be_joined(vote, clerk, resident,
                                                             django_capture_on_commit_callbacks):
    # given a closed, counted and published vote
    budget, cast = vote
    with django_capture_on_commit_callbacks(execute=True):
        budget_transition(budget=budget, target="tally", actor=clerk)
    budget_transition(budget=budget, target="results", actor=clerk)
    public = api_as(resident.user)
    # when someone lines up the published receipts and the ballots of the .pb file
    receipts = public.get(f"/api/v1/budgets/{budget.pk}/receipts/").json()["receipts"]
    pb = public.get(f"/api/v1/budgets/{budget.pk}/ballots.pb").content.decode()
    votes = pb.split("VOTES\n", 1)[1].splitlines()[1:]
    listed = [line.split(";")[1].replace('"', "") for line in votes]
    # then the n-th receipt is not the n-th ballot, beyond what chance gives
    content_of = {e["receipt"]: ",".join(f"{p}:1" for p in sorted(
        int(x.split(":")[0]) for x in e["content"].split(","))) for e in cast}
    joined = sum(content_of[receipt] == ",".join(f"{p}:1" for p in sorted(
        int(pid) for pid in ballot.split(","))) for receipt, ballot in zip(
        receipts, listed, strict=True))
    assert len(receipts) == len(listed) == VOTERS
    assert joined <= 8
    # and a receipt says nothing of the ballot it stands for
    answer = public.get(f"/api/v1/budgets/{budget.pk}/receipts/{cast[0]['receipt']}/").json()
    assert answer == {"receipt": cast[0]["receipt"], "found": True}
