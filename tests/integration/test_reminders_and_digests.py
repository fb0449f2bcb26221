"""Preferences, digests and deadline reminders: residents hear once, the way they chose."""

from datetime import timedelta

import pytest
from django.utils import timezone

from budgets.services.ballots import ballot_cast
from budgets.tests.factories import BudgetFactory, ProposalFactory
from civic.models import Notification
from civic.services.notifications import notification_enqueue
from civic.services.preferences import digest_send_due, notification_preference_set
from civic.services.reminders import participation_start_record, reminders_send_due
from civic.tests.factories import ResidentFactory
from petitions.models.participation import InitiativeFollower
from petitions.tests.factories import CitizenInitiativeFactory, InitiativeCharterFactory

pytestmark = pytest.mark.django_db


def _channels(user, kind=None):
    qs = Notification.objects.filter(recipient=user)
    if kind:
        qs = qs.filter(kind__startswith=kind)
    return sorted(qs.values_list("channel", flat=True))


def _notify(user, key):
    notification_enqueue(recipients=[user], kind="test", subject="Objet {n}", body="Texte",
                         params={"n": key}, dedupe_key=f"test:{key}", url="/budgets/")


def test_notification_follows_each_residents_choice_of_channel_and_rhythm(resident):
    # given four residents: default, site only, no reminders, daily digest
    site_only, nothing, daily = (ResidentFactory().user for _ in range(3))
    notification_preference_set(user=site_only, channel="in_app", digest="immediate")
    notification_preference_set(user=nothing, channel="none", digest="immediate")
    notification_preference_set(user=daily, channel="email", digest="daily")
    # when the same event is announced to all
    for user in (resident.user, site_only, nothing, daily):
        _notify(user, "1")
    # then everyone keeps the message on the site; only the default gets an e-mail now
    assert _channels(resident.user) == ["email", "in_app"]
    assert _channels(site_only) == _channels(nothing) == _channels(daily) == ["in_app"]


def test_daily_digest_sends_one_email_listing_the_days_messages_and_runs_twice_safely():
    # given a resident on a daily digest who received two messages
    user = ResidentFactory().user
    notification_preference_set(user=user, channel="email", digest="daily")
    _notify(user, "vote")
    _notify(user, "signature")
    now = timezone.now() + timedelta(minutes=1)
    # when the digest job runs twice
    first = digest_send_due(now=now)
    second = digest_send_due(now=now)
    # then one e-mail lists both messages
    digest = Notification.objects.get(recipient=user, kind="digest")
    assert (first, second) == (1, 0)
    assert "Objet vote" in digest.body and "Objet signature" in digest.body
    assert digest.channel == "email"
    # and the next day, with nothing new, nothing is sent
    assert digest_send_due(now=now + timedelta(days=1, minutes=1)) == 0


def test_vote_reminder_goes_once_to_those_who_opened_the_ballot_without_voting(neighbourhood):
    # given a budget closing in 24 hours; one resident opened the ballot and left, another
    # opened it and voted, a third never opened it
    now = timezone.now()
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True,
                           voting_closes_at=now + timedelta(hours=24))
    project = ProposalFactory(budget=budget, feasible=True)
    left, voted, absent = (ResidentFactory(neighbourhood=neighbourhood).user for _ in range(3))
    for user in (left, voted):
        participation_start_record(user=user, kind="budget_vote", object_id=budget.pk)
    ballot_cast(budget=budget, voter=voted, choices={project.pk: 1})
    # when the reminder job runs twice
    reminders_send_due(now=now)
    reminders_send_due(now=now + timedelta(minutes=15))
    # then only the one who left is reminded, once, on the site and by e-mail
    assert _channels(left, "reminder") == ["email", "in_app"]
    assert _channels(voted, "reminder") == _channels(absent, "reminder") == []


def test_no_reminder_before_the_window_nor_for_residents_who_refused_reminders(neighbourhood):
    # given a budget closing in ten days and one closing tomorrow
    now = timezone.now()
    later = BudgetFactory(neighbourhood=neighbourhood, voting=True, year=2030,
                          voting_closes_at=now + timedelta(days=10))
    soon = BudgetFactory(neighbourhood=neighbourhood, voting=True,
                         voting_closes_at=now + timedelta(hours=20))
    user = ResidentFactory(neighbourhood=neighbourhood).user
    refusing = ResidentFactory(neighbourhood=neighbourhood).user
    notification_preference_set(user=refusing, channel="none", digest="immediate")
    participation_start_record(user=user, kind="budget_vote", object_id=later.pk)
    participation_start_record(user=refusing, kind="budget_vote", object_id=soon.pk)
    # when
    reminders_send_due(now=now)
    # then
    assert _channels(user, "reminder") == []
    assert _channels(refusing, "reminder") == []


def test_signing_reminder_goes_to_followers_and_visitors_who_have_not_signed(neighbourhood):
    # given an initiative whose collection ends in 30 hours, a follower and a visitor
    now = timezone.now()
    initiative = CitizenInitiativeFactory(charter=InitiativeCharterFactory(), collecting=True,
                                          collection_deadline=now + timedelta(hours=30))
    follower, visitor = ResidentFactory().user, ResidentFactory().user
    InitiativeFollower.objects.create(initiative=initiative, user=follower)
    participation_start_record(user=visitor, kind="initiative_sign", object_id=initiative.pk)
    # when
    reminders_send_due(now=now)
    # then
    assert _channels(follower, "reminder") == ["email", "in_app"]
    assert _channels(visitor, "reminder") == ["email", "in_app"]


def test_reminder_and_digest_tasks_run_twice_with_the_same_result(neighbourhood):
    # given a resident who opened a ballot closing in 10 hours
    from civic.tasks import digest_send_due_task, reminders_send_due_task

    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True,
                           voting_closes_at=timezone.now() + timedelta(hours=10))
    user = ResidentFactory(neighbourhood=neighbourhood).user
    participation_start_record(user=user, kind="budget_vote", object_id=budget.pk)
    # when each beat task runs twice
    reminders = [reminders_send_due_task.apply().get() for _ in range(2)]
    digests = [digest_send_due_task.apply().get() for _ in range(2)]
    # then the reminder went once, and no digest was due
    assert reminders == [1, 0] and digests == [0, 0]
    assert _channels(user, "reminder") == ["email", "in_app"]
