"""The demo shows the back office: two clerks at least, a chair with her body, reports to
moderate, and a council session with an opinion and a synthesis on its agenda."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from civic import roles
from civic.models import AgendaItem, CommentReport, CouncilSession, User
from civic.selectors import comment_list_reported
from commissions.models import Commission
from commissions.selectors import meeting_list_for_chair

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


def test_the_demos_staff_find_their_work_where_they_look_for_it(client):
    # given the demo
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    elise = User.objects.get(email="elue@decidons.test")
    # then the two clerks are clerks and nothing more, and only the demo's superuser, never
    # a role, opens Django's admin
    clerks = User.objects.filter(groups__name="clerk").exclude(groups__name="administrator")
    assert clerks.count() >= 2
    assert not clerks.filter(is_staff=True).exists()
    assert list(User.objects.filter(is_superuser=True).values_list("email", flat=True)) == [
        "admin@decidons.test"]
    # and Élise's staff home lists her body's meetings to run
    assert meeting_list_for_chair(user=elise).exists()
    client.force_login(elise)
    home = client.get(reverse("frontend:staff_home"))
    assert "Réunions des instances que vous présidez" in home.text
    assert "Planifier une réunion — Sécurité et tranquillité publique" in home.text
    assert client.get(reverse("admin:index")).status_code == 404
    # and one planned session carries both a commission's opinion and the debate's synthesis
    assert any({"opinion", "budgetdebate"} <= {
        item.source_type.model for item in session.items.filter(status="scheduled")
        if item.source_type} for session in CouncilSession.objects.filter(status="planned"))
