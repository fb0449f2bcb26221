"""Integrity: the audit chain catches any tampering, and every stored tally is reproduced by
the published receipts and by a recount of the anonymised pabulib export."""

import random
from datetime import timedelta
from fractions import Fraction

import pytest
from django.db import transaction

from budgets.models import BallotKind, BallotReceipt, Tally, WinnerRule
from budgets.secrecy import receipt_format
from budgets.services.budgets import budget_transition
from budgets.tally import parse_pb, tally
from budgets.tests.factories import BudgetFactory, ProposalFactory, ballots_store
from civic.models import AuditChainHead, AuditEntry, User
from civic.services.audit import audit_chain_verify, audit_record, entry_hash_of
from tests.reliability.support import api_as

pytestmark = pytest.mark.django_db

CHAIN_LENGTH = 60
TRIALS = 600


def _change(rng, entries):
    """Edit one field of one row behind the application's back."""
    victim = rng.choice(entries)
    field, value = rng.choice([
        ("verb", "budget.forged"), ("actor_label", "Quelqu'un d'autre"),
        ("data", {"n": -1}), ("target_id", "999999"),
        ("created_at", victim.created_at + timedelta(seconds=1)),
        ("prev_hash", "f" * 64), ("entry_hash", "e" * 64)])
    AuditEntry.objects.filter(pk=victim.pk).update(**{field: value})
    return victim.pk


def _change_and_rehash(rng, entries):
    """Edit a row and recompute its own hash, as a forger who read the code would."""
    victim = AuditEntry.objects.get(pk=rng.choice(entries).pk)
    victim.data = {"n": "falsifié"}
    AuditEntry.objects.filter(pk=victim.pk).update(data=victim.data,
                                                   entry_hash=entry_hash_of(victim))
    return victim.pk + 1  # the next row (or the head) no longer points at it


def _delete(rng, entries):
    """Delete one row, or a run of rows, anywhere, the tail included."""
    start = rng.randrange(len(entries))
    stop = min(len(entries), start + rng.choice([1, 1, 2, 5]))
    AuditEntry.objects.filter(pk__in=[e.pk for e in entries[start:stop]]).delete()
    return entries[start].pk if stop == len(entries) else entries[stop].pk


def _reorder(rng, entries):
    """Swap the contents of two rows, keeping their ids (a reordered history)."""
    first, second = sorted(rng.sample(entries, 2), key=lambda e: e.pk)
    fields = ["created_at", "actor_label", "verb", "target_type", "target_id", "data",
              "prev_hash", "entry_hash"]
    values = {e.pk: {f: getattr(e, f) for f in fields} for e in (first, second)}
    # entry_hash is unique: park one row's hash while the other takes it.
    AuditEntry.objects.filter(pk=first.pk).update(entry_hash="0" * 63 + "x")
    AuditEntry.objects.filter(pk=second.pk).update(**values[first.pk])
    AuditEntry.objects.filter(pk=first.pk).update(**values[second.pk])
    return first.pk


TAMPERINGS = [_change, _change_and_rehash, _delete, _reorder]


def test_the_audit_chain_detects_every_change_deletion_and_reordering_over_many_trials(clerk):
    # given a healthy chain of 60 entries
    entries = [audit_record(verb="test.event", actor=clerk if n % 2 else None,
                            data={"n": n, "texte": "é" * (n % 5)}) for n in range(CHAIN_LENGTH)]
    assert audit_chain_verify().ok
    rng = random.Random(2026)
    caught: dict[str, int] = {}
    for _trial in range(TRIALS):
        tampering = rng.choice(TAMPERINGS)
        # when one random tampering is applied (and rolled back after the check)
        with transaction.atomic():
            expected = tampering(rng, entries)
            report = audit_chain_verify()
            transaction.set_rollback(True)
        # then the chain is reported broken at the first row that no longer fits
        assert not report.ok, tampering.__name__
        assert report.first_broken_id == expected, (tampering.__name__, report)
        caught[tampering.__name__] = caught.get(tampering.__name__, 0) + 1
    # every kind was tried many times, and the rollbacks left the chain intact
    assert min(caught.values()) > TRIALS // 8
    assert audit_chain_verify().ok
    assert AuditChainHead.objects.get().last_id == CHAIN_LENGTH


def _counted_budget(neighbourhood, clerk, capture, *, rule, kind, seed, voters=300):
    rng = random.Random(seed)
    extra = {"points_total": 10, "max_points_per_project": 5} if kind == "cumulative" else {}
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True, ballot_kind=kind,
                           rule=rule, envelope_cents=12_000_000, max_projects=None, **extra)
    projects = [ProposalFactory(budget=budget, feasible=True,
                                cost_cents=rng.randrange(800_000, 5_000_000, 100)).pk
                for _ in range(12)]
    users = User.objects.bulk_create(User(email=f"v{seed}-{i}@decidons.test", password="!")
                                     for i in range(voters))
    ballots_store(budget, [(user.pk, {pid: (rng.randint(1, 4) if kind == "cumulative" else 1)
                                       for pid in rng.sample(projects, rng.randint(1, 5))})
                           for user in users])
    with capture(execute=True):
        budget_transition(budget=budget, target="tally", actor=clerk)
    budget_transition(budget=budget, target="results", actor=clerk)
    return budget


@pytest.mark.parametrize(("rule", "kind"), [
    (WinnerRule.GREEDY, BallotKind.APPROVAL),
    (WinnerRule.MES, BallotKind.APPROVAL),
    (WinnerRule.MES_ADD1, BallotKind.APPROVAL),
    (WinnerRule.MES_COMPLETED, BallotKind.APPROVAL),
    (WinnerRule.MES_COMPLETED, BallotKind.CUMULATIVE),
    (WinnerRule.GREEDY, BallotKind.CUMULATIVE),
])
def test_receipts_and_a_recount_of_the_anonymised_export_reproduce_the_stored_tally(
        neighbourhood, clerk, django_capture_on_commit_callbacks, resident, rule, kind):
    # given a budget of 300 ballots, counted and published with this rule
    budget = _counted_budget(neighbourhood, clerk, django_capture_on_commit_callbacks,
                             rule=rule, kind=kind, seed=len(rule) * 7 + len(kind))
    stored = Tally.objects.get(budget=budget, status="done")
    public = api_as(resident.user)
    # when anyone reads the published receipts and recounts the exported .pb file
    receipts = public.get(f"/api/v1/budgets/{budget.pk}/receipts/").json()
    exported = public.get(f"/api/v1/budgets/{budget.pk}/ballots.pb").content.decode()
    recount = tally(parse_pb(exported), rule=rule, threshold=budget.min_score_threshold)
    # then the receipts are exactly the counted ballots, each one checkable by its voter
    assert receipts["count"] == stored.ballot_count == 300
    assert sorted(receipts["receipts"]) == sorted(
        receipt_format(c) for c in BallotReceipt.objects.filter(budget=budget)
        .values_list("code", flat=True))
    for code in receipts["receipts"][:25]:
        assert public.get(f"/api/v1/budgets/{budget.pk}/receipts/{code}/").json()["found"]
    # and the recount gives the same winners and the same score for every project
    winners = set(stored.outcomes.filter(selected=True).values_list("proposal_id", flat=True))
    assert {int(pid) for pid in recount.selected} == winners
    assert winners
    scores = dict(stored.outcomes.values_list("proposal_id", "score"))
    parsed = parse_pb(exported)
    recounted: dict[int, Fraction | int] = {int(p.id): 0 for p in parsed.projects}
    for ballot in parsed.ballots:  # identical ballots are merged, with a weight
        for index, pid in enumerate(ballot.projects):
            points = ballot.points[index] if ballot.points else 1
            recounted[int(pid)] += points * ballot.weight
    assert recounted == scores
