"""Per-body roles: a commission's chair runs her own body's meetings from the site, and
nothing else (another body's meeting, the clerks' workspace)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from civic.errors import NotPermitted
from civic.tests.factories import staff_user
from commissions.services.meetings import meeting_agenda_add
from commissions.tests.factories import CommissionFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_meeting(commission):
    return MeetingFactory(commission=commission, title="Plénière de janvier")


def test_the_chair_finds_her_meetings_on_her_staff_home_and_runs_one(client, councillor,
                                                                     own_meeting):
    # given the councillor who chairs the commission
    client.force_login(councillor)
    # when she opens her staff home
    home = client.get(reverse("frontend:staff_home"))
    page = reverse("commissions_web:staff_meeting", args=[own_meeting.pk])
    # then her body's meeting is listed, linked to its page, where she adds an agenda item
    assert page in home.content.decode()
    added = client.post(page + "?do=agenda", {"agenda-title": "Éclairage public"}, follow=True)
    assert added.status_code == 200
    assert own_meeting.agenda.get().title == "Éclairage public"
    # and she may move it
    new_start = timezone.localtime(own_meeting.starts_at + timedelta(days=1))
    client.post(page + "?do=reschedule", {
        "reschedule-starts_at": new_start.strftime("%Y-%m-%dT%H:%M"),
        "reschedule-place": "Salle B", "reschedule-reason": "Conflit d'agenda",
        "confirmed": "1"})
    own_meeting.refresh_from_db()
    assert own_meeting.place == "Salle B"


def test_the_chair_may_not_run_another_body_nor_the_clerks_workspace(client, councillor,
                                                                     council):
    # given another body, chaired by another councillor
    other = MeetingFactory(commission=CommissionFactory(
        council=council, chair=staff_user("councillor"), slug="sports", name="Sports"))
    client.force_login(councillor)
    # when she opens its meeting page or the clerks' workspace, she is refused
    response = client.get(reverse("commissions_web:staff_meeting", args=[other.pk]))
    assert response.status_code == 403
    assert "présidence de cette instance" in response.content.decode()
    assert client.get(reverse("commissions_web:workspace")).status_code == 403
    # and the service refuses her too
    with pytest.raises(NotPermitted):
        meeting_agenda_add(meeting=other, title="Intrusion", actor=councillor)


def test_a_dissolved_bodys_chair_runs_it_no_more(client, councillor, commission, own_meeting):
    commission.status = "dissolved"
    commission.save()
    client.force_login(councillor)
    assert client.get(reverse("commissions_web:staff_meeting",
                              args=[own_meeting.pk])).status_code == 403


def test_a_clerk_names_a_secretary_who_then_runs_that_body_only(client, clerk, commission,
                                                               own_meeting, council, resident):
    from civic.models import AuditEntry

    other = MeetingFactory(commission=CommissionFactory(
        council=council, chair=staff_user("councillor"), slug="sports", name="Sports"))
    # when a clerk names a resident the body's secretary from its staff page
    client.force_login(clerk)
    page = reverse("commissions_web:staff_commission", args=[commission.slug])
    done = client.post(page + "?do=secretary", {"secretary-person": resident.user.pk},
                       follow=True)
    assert "Secrétariat confié à" in done.content.decode()
    assert AuditEntry.objects.filter(verb="commission.secretary_set").exists()
    # then the secretary runs this body's meeting, and no other
    client.force_login(resident.user)
    assert client.get(reverse("commissions_web:staff_meeting",
                              args=[own_meeting.pk])).status_code == 200
    assert client.get(reverse("commissions_web:staff_meeting",
                              args=[other.pk])).status_code == 403
    # an account that cannot be chosen (a tampered form) is answered next to the field
    client.force_login(clerk)
    bad = client.post(page + "?do=secretary", {"secretary-person": 987_654})
    assert bad.status_code == 400
    assert "Cette personne ne peut pas être choisie ici." in bad.content.decode()


def test_a_secretary_finds_her_bodys_meetings_on_a_staff_home(client, clerk, commission,
                                                              own_meeting, resident):
    from commissions.services.bodies import commission_secretary_set

    commission_secretary_set(commission=commission, email=resident.user.email, actor=clerk)
    # when the secretary, a resident with no role, opens the staff home
    client.force_login(resident.user)
    home = client.get(reverse("frontend:staff_home"))
    # then it lists her body's meeting, linked to the page where she runs it
    assert home.status_code == 200
    assert reverse("commissions_web:staff_meeting", args=[own_meeting.pk]) in (
        home.content.decode())
    assert "Réunions des instances que vous présidez ou dont vous tenez le secrétariat" in (
        home.content.decode())
    # and the header leads there
    assert reverse("frontend:staff_home") in client.get(reverse("frontend:home")).content.decode()


def test_a_secretary_gives_a_second_factor_like_staff(client, clerk, commission, own_meeting,
                                                      resident):
    from commissions.services.bodies import commission_secretary_set

    commission_secretary_set(commission=commission, email=resident.user.email, actor=clerk)
    # given the secretary signed in with her password only (no second factor yet)
    signed_in = client.post(reverse("frontend:login"), {
        "username": resident.user.email, "password": "motdepasse-solide-42"})
    assert signed_in.status_code == 302
    # when she opens her meeting's page, she is first sent to set up her second factor
    answer = client.get(reverse("commissions_web:staff_meeting", args=[own_meeting.pk]))
    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("frontend:second_factor_enrol"))


def test_a_resident_who_runs_no_body_has_no_staff_home_nor_second_factor(client, resident):
    client.force_login(resident.user)
    assert client.get(reverse("frontend:staff_home")).status_code == 403
    assert client.get(reverse("frontend:home")).status_code == 200
