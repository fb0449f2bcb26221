"""The demo shows the back office: two clerks at least, a chair with her body, reports to
moderate, and a council session with an opinion and a synthesis on its agenda."""

import pytest
from django.core.management import call_command

from civic import roles
from civic.models import AgendaItem, CommentReport, CouncilSession
from civic.selectors import comment_list_reported
from commissions.models import Commission

pytestmark = pytest.mark.django_db


def test_seed_demo_sets_up_every_staff_job_and_runs_twice_unchanged():
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    reports = CommentReport.objects.count()
    scheduled = AgendaItem.objects.filter(status="scheduled").count()
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert (CommentReport.objects.count(), AgendaItem.objects.filter(
        status="scheduled").count()) == (reports, scheduled)
    # two clerks (at least), a chair with her body
    assert roles.users_with_role(roles.Role.CLERK).filter(
        groups__name="clerk").distinct().count() >= 2
    assert Commission.objects.filter(chair__email="elue@decidons.test",
                                     status="active").exists()
    # reports to moderate
    assert comment_list_reported().count() == 2
    # a planned council session with a commission's opinion and the debate's synthesis
    sources = {item.source_type.model for session in CouncilSession.objects.filter(
        status="planned") for item in session.items.filter(status="scheduled")
        if item.source_type}
    assert {"opinion", "budgetdebate"} <= sources
