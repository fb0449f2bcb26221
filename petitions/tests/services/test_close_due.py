from datetime import timedelta

import pytest
import time_machine

from civic.models import AuditEntry, Notification
from civic.tests.factories import ResidentFactory
from petitions.models import CitizenInitiative
from petitions.services.signatures import signature_add
from petitions.tasks import initiative_close_due_task

pytestmark = pytest.mark.django_db
S = CitizenInitiative.Status


def test_initiative_close_due_task_run_twice_expires_once_and_notifies_once(collecting):
    # given a collecting initiative with one signer, past its deadline
    signer = ResidentFactory()
    signature_add(initiative=collecting, resident=signer)
    with time_machine.travel(collecting.collection_deadline + timedelta(hours=1)):
        # when the beat task runs twice
        first = initiative_close_due_task()
        second = initiative_close_due_task()
    # then it expired once, with one audit entry and one notice per person and channel
    collecting.refresh_from_db()
    assert (first, second) == (1, 0)
    assert collecting.status == S.EXPIRED
    assert AuditEntry.objects.filter(verb="initiative.expired").count() == 1
    notices = Notification.objects.filter(kind="initiative_expired", recipient=signer.user)
    assert sorted(notices.values_list("channel", flat=True)) == ["email", "in_app"]


def test_initiative_close_due_leaves_open_collections_alone(collecting):
    # given a collection still open
    # when / then
    assert initiative_close_due_task() == 0
    collecting.refresh_from_db()
    assert collecting.status == S.COLLECTING
