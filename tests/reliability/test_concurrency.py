"""Races across the platform, on PostgreSQL with real threads and connections (≤30 open).

Each module tests its own rules; here residents and clerks hit the public API at the same
moment, the way a busy evening or a double click does, and the database must keep one
ballot per voter, one signature per resident, exact counters, one "threshold reached"
event, and a state transition triggered by two clerks at once done once.
"""

import pytest

from budgets import selectors
from budgets.models import Ballot, BallotReceipt, Tally
from budgets.services.budgets import budget_transition
from budgets.tests.factories import BudgetFactory, ProposalFactory
from civic.models import AgendaItem, AuditEntry, Notification
from civic.tests.factories import MunicipalCouncilFactory, ResidentFactory, staff_user
from commissions.models import Opinion
from commissions.tests.factories import OpinionFactory
from petitions.models import CitizenInitiative, Signature
from petitions.tests.factories import CitizenInitiativeFactory, InitiativeCharterFactory
from tests.reliability.support import post_as, race

pytestmark = [pytest.mark.django_db(transaction=True)]


def _statuses(outcomes):
    assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes
    return sorted(status for status, _body in outcomes)


def _voting_budget(neighbourhood, projects=3):
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True, max_projects=None)
    proposals = [ProposalFactory(budget=budget, feasible=True, cost_cents=1_000_000)
                 for _ in range(projects)]
    return budget, proposals


def test_fifty_simultaneous_casts_by_one_voter_leave_exactly_one_ballot(
        postgres_only, neighbourhood):
    # given a voter who double-clicks fifty times, each click a different choice
    budget, proposals = _voting_budget(neighbourhood)
    voter = ResidentFactory(neighbourhood=neighbourhood).user
    url = f"/api/v1/budgets/{budget.pk}/ballot/cast/"
    choices = [[{"proposal": proposals[i % 3].pk}] for i in range(50)]
    # when the fifty casts arrive at once
    outcomes = race(lambda c: post_as(voter, url, {"choices": c}), choices)
    # then every cast is answered 200, and one ballot counts: the last one written
    assert _statuses(outcomes) == [200] * 50
    assert Ballot.objects.filter(budget=budget).exclude(content="").count() == 1
    ballot = selectors.ballot_of(budget=budget, voter=voter)
    assert len(ballot.choices) == 1
    assert {body["receipt"] for _status, body in outcomes} == {ballot.receipt_display}
    assert BallotReceipt.objects.filter(budget=budget, issued=True).count() == 1


def test_distinct_voters_casting_at_once_are_all_counted_by_the_tally(
        postgres_only, neighbourhood, clerk, django_capture_on_commit_callbacks):
    # given 120 eligible voters of the neighbourhood
    budget, proposals = _voting_budget(neighbourhood)
    voters = [ResidentFactory(neighbourhood=neighbourhood).user for _ in range(120)]
    url = f"/api/v1/budgets/{budget.pk}/ballot/cast/"
    # when they all vote at once, for the first project and one other
    outcomes = race(lambda i: post_as(voters[i], url, {"choices": [
        {"proposal": proposals[0].pk}, {"proposal": proposals[1 + i % 2].pk}]}), range(120))
    # then 120 ballots are stored and the tally counts 120 of them, with exact scores
    assert _statuses(outcomes) == [200] * 120
    assert Ballot.objects.filter(budget=budget).exclude(content="").count() == 120
    with django_capture_on_commit_callbacks(execute=True):
        budget_transition(budget=budget, target="tally", actor=clerk)
    tally = Tally.objects.get(budget=budget)
    assert (tally.status, tally.ballot_count) == ("done", 120)
    scores = dict(tally.outcomes.values_list("proposal_id", "score"))
    assert scores == {proposals[0].pk: 120, proposals[1].pk: 60, proposals[2].pk: 60}


def _collecting(threshold):
    charter = InitiativeCharterFactory(threshold_absolute=threshold, yearly_signature_limit=5)
    return CitizenInitiativeFactory(charter=charter, collecting=True,
                                    signature_threshold=threshold)


def test_fifty_simultaneous_signatures_by_one_resident_count_once(postgres_only, neighbourhood):
    # given a resident who sends the same signature fifty times at once
    initiative = _collecting(threshold=10)
    signer = ResidentFactory(neighbourhood=neighbourhood).user
    url = f"/api/v1/initiatives/{initiative.pk}/sign/"
    # when
    outcomes = race(lambda _i: post_as(signer, url), range(50))
    # then one is accepted, the others are told they already signed, and the counter says 1
    assert _statuses(outcomes) == [201] + [409] * 49
    assert {body["code"] for status, body in outcomes if status == 409} == {"already_signed"}
    initiative.refresh_from_db()
    assert initiative.signature_count == 1
    assert Signature.objects.filter(initiative=initiative).count() == 1


def test_signing_withdrawing_and_signing_again_at_once_keep_the_counter_exact(
        postgres_only, neighbourhood):
    # given 20 residents who signed, and 20 who did not
    initiative = _collecting(threshold=1000)
    signed = [ResidentFactory(neighbourhood=neighbourhood).user for _ in range(20)]
    fresh = [ResidentFactory(neighbourhood=neighbourhood).user for _ in range(20)]
    sign = f"/api/v1/initiatives/{initiative.pk}/sign/"
    unsign = f"/api/v1/initiatives/{initiative.pk}/unsign/"
    for user in signed:
        assert post_as(user, sign)[0] == 201
    # when, at once, each who signed withdraws and signs again, and the others sign
    work = [(user, unsign) for user in signed] + [(user, sign) for user in signed] \
        + [(user, sign) for user in fresh]
    outcomes = race(lambda job: post_as(*job), work)
    # then no request failed on the server, and the counter is exactly the number of valid
    # signatures
    statuses = _statuses(outcomes)
    assert not [status for status in statuses if status >= 500], statuses
    assert statuses.count(201) >= 20  # every fresh signer at least
    initiative.refresh_from_db()
    valid = Signature.objects.filter(initiative=initiative, status="valid").count()
    assert initiative.signature_count == valid


def test_signers_racing_past_the_threshold_give_an_exact_count_and_one_threshold_event(
        postgres_only, neighbourhood):
    # given an initiative needing 60 signatures and 100 residents signing at once
    initiative = _collecting(threshold=60)
    signers = [ResidentFactory(neighbourhood=neighbourhood).user for _ in range(100)]
    url = f"/api/v1/initiatives/{initiative.pk}/sign/"
    # when
    outcomes = race(lambda user: post_as(user, url), signers)
    # then exactly 60 are taken (the collection closes at the threshold), the counter equals
    # the rows, and the threshold was crossed once
    assert _statuses(outcomes) == [201] * 60 + [409] * 40
    initiative.refresh_from_db()
    valid = Signature.objects.filter(initiative=initiative, status="valid").count()
    assert initiative.signature_count == valid == 60
    assert initiative.status == CitizenInitiative.Status.THRESHOLD_REACHED
    assert initiative.transitions.filter(to_status="threshold_reached").count() == 1
    assert AuditEntry.objects.filter(verb="initiative.threshold_reached").count() == 1
    event = Notification.objects.filter(kind="initiative_threshold_reached", channel="in_app")
    assert event.values("dedupe_key").distinct().count() == 1
    # every signer and the lead promoter told once each
    assert event.count() == event.values("recipient").distinct().count() == 61


def test_ten_clerks_opening_the_vote_at_once_open_it_once(postgres_only, neighbourhood):
    # given a budget in review with two feasible projects and ten clerks on the same page
    budget = BudgetFactory(neighbourhood=neighbourhood, review=True)
    authors = [ProposalFactory(budget=budget, feasible=True).author for _ in range(2)]
    clerks = [staff_user("clerk") for _ in range(10)]
    url = f"/api/v1/budgets/{budget.pk}/transition/"
    # when they all click "open the vote"
    outcomes = race(lambda c: post_as(c, url, {"target": "voting"}), clerks)
    # then one wins, the others are told it already happened; one audit entry, one e-mail each
    assert _statuses(outcomes) == [200] + [409] * 9
    budget.refresh_from_db()
    assert budget.status == "voting"
    assert AuditEntry.objects.filter(verb="budget.phase_changed",
                                     target_id=str(budget.pk)).count() == 1
    told = Notification.objects.filter(kind="budget_voting_open", channel="email")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(a.pk for a in authors)


def test_ten_clerks_admitting_an_initiative_at_once_open_the_collection_once(postgres_only):
    # given an initiative under admissibility review
    initiative = CitizenInitiativeFactory(in_review=True, co_promoters=1)
    clerks = [staff_user("clerk") for _ in range(10)]
    url = f"/api/v1/initiatives/{initiative.pk}/admit/"
    # when ten clerks admit it at the same moment
    outcomes = race(lambda c: post_as(c, url, {"reasons": "Compétence communale."}), clerks)
    # then it is admitted once: one transition, one audit entry, one notification per promoter
    assert _statuses(outcomes) == [200] + [409] * 9
    initiative.refresh_from_db()
    assert initiative.status == CitizenInitiative.Status.COLLECTING
    assert initiative.transitions.filter(to_status="collecting").count() == 1
    assert AuditEntry.objects.filter(target_type="petitions.citizeninitiative",
                                     verb__contains="collecting").count() == 1
    told = Notification.objects.filter(kind="initiative_collecting", channel="email")
    assert told.count() == told.values("recipient").distinct().count() == 2


def test_ten_clerks_sending_an_opinion_at_once_send_it_once(postgres_only):
    # given an adopted opinion of a commission
    MunicipalCouncilFactory()
    opinion = OpinionFactory()
    clerks = [staff_user("clerk") for _ in range(10)]
    url = f"/api/v1/opinions/{opinion.pk}/send/"
    # when ten clerks send it to the council at once
    outcomes = race(lambda c: post_as(c, url), clerks)
    # then it is sent once: one agenda item for the council, one audit entry
    assert _statuses(outcomes) == [200] + [409] * 9
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.SENT
    assert AgendaItem.objects.filter(source_id=opinion.pk).count() == 1
    assert AuditEntry.objects.filter(verb="commission.opinion_sent").count() == 1


def test_four_workers_delivering_overlapping_batches_send_each_email_once(postgres_only):
    # given 120 e-mails waiting in the outbox (their broker messages never went out)
    from django.core import mail

    from civic.services.notifications import notification_deliver_batch, notification_enqueue

    residents = [ResidentFactory().user for _ in range(120)]
    notification_enqueue(recipients=residents, kind="results", subject="Résultats publiés",
                         body="Les résultats du budget sont en ligne.",
                         dedupe_key="results:race")
    emails = Notification.objects.filter(channel="email")
    # (the test settings run tasks eagerly, so they went out already: put them back to pending,
    # as a broker that lost its messages would have left them)
    assert emails.update(status="pending", sent_at=None, attempts=0) == 120
    ids = sorted(emails.values_list("pk", flat=True))
    mail.outbox = []
    # when four workers are handed overlapping batches (the sweep and a retried task, twice)
    batches = [ids, ids[:80], ids[40:], list(reversed(ids))]
    outcomes = race(lambda batch: notification_deliver_batch(notification_ids=batch), batches)
    # then every e-mail went out exactly once, and every row says so
    assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes
    assert sum(outcomes) == 120
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted(user.email for user in residents)
    assert set(Notification.objects.filter(channel="email").values_list("status", flat=True)) \
        == {"sent"}
