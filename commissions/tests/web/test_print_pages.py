"""Printable pages of a body: attendance sheet, convocations and member list."""

import pytest
from django.urls import reverse

from civic.tests.factories import ResidentFactory
from commissions.services.meetings import meeting_agenda_add, meeting_register
from commissions.tests.factories import MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(clerk, residents_college):
    meeting = MeetingFactory(commission=residents_college.commission, title="Plénière")
    MembershipFactory(seat_group=residents_college, member=ResidentFactory(
        user__first_name="Rose", user__last_name="Teissier",
        postal_address="3 rue Saint-Vincent\n30100 Alès").user)
    meeting_agenda_add(meeting=meeting, title="Éclairage de la place", actor=clerk)
    meeting_register(meeting=meeting, user=ResidentFactory(user__first_name="Léa",
                                                           user__last_name="Martin").user)
    return meeting


def test_the_attendance_sheet_lists_members_and_registered_public_with_room_to_sign(
        client, clerk, meeting):
    client.force_login(clerk)
    html = client.get(reverse("commissions_web:staff_meeting_sheet",
                              args=[meeting.pk])).content.decode()
    assert "Feuille d'émargement" in html and "Rose Teissier" in html and "Léa Martin" in html
    assert 'class="table print-sheet"' in html and "site-header" not in html


def test_convocations_give_each_member_a_letter_with_address_and_agenda(client, clerk,
                                                                       meeting):
    client.force_login(clerk)
    html = client.get(reverse("commissions_web:staff_meeting_convocations",
                              args=[meeting.pk])).content.decode()
    assert html.count('class="letter stack"') == 1
    assert "3 rue Saint-Vincent" in html and "Éclairage de la place" in html


def test_the_member_list_prints_for_the_bodys_chair(client, councillor, meeting):
    # the councillor chairs the commission of the fixture
    client.force_login(councillor)
    html = client.get(reverse("commissions_web:staff_members_print",
                              args=[meeting.commission.slug])).content.decode()
    assert "Liste des membres" in html and "Rose Teissier" in html
