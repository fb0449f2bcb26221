from datetime import timedelta

import pytest
from django.utils import timezone

from civic.models import Notification
from commissions.tasks import consultation_close_due_task, opinion_overdue_remind_task
from commissions.tests.factories import ConsultationFactory, OpinionFactory

pytestmark = pytest.mark.django_db


def test_opinion_overdue_remind_task_runs_twice_with_the_same_result(clerk, commission):
    # given an opinion whose answer is ten days late
    OpinionFactory(meeting__commission=commission, sent=True,
                   answer_due_by=timezone.localdate() - timedelta(days=10))
    # when the beat task runs twice
    first, second = opinion_overdue_remind_task.delay().get(), opinion_overdue_remind_task()
    # then it saw the same late opinion and the clerk was reminded once
    assert first == second == 1
    assert Notification.objects.filter(recipient=clerk, kind="commission_opinion_overdue",
                                       channel="in_app").count() == 1


def test_consultation_close_due_task_runs_twice_with_the_same_result():
    # given an open consultation past its closing date
    consultation = ConsultationFactory(opened=True,
                                       closes_on=timezone.localdate() - timedelta(days=1))
    # when the beat task runs twice
    first, second = consultation_close_due_task(), consultation_close_due_task()
    # then it closed it once
    consultation.refresh_from_db()
    assert (first, second, consultation.status) == (1, 0, "closed")
