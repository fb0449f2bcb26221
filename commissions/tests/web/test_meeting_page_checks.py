"""The meeting's staff page refuses at once what cannot be done (a move into the past, holding
a meeting not begun, an opinion without quorum), before any confirmation, and its success
messages say who was really told."""

from datetime import timedelta

import pytest
from django.utils import timezone

from commissions.models import Meeting, MeetingRegistration, Opinion
from commissions.tests.factories import MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _url(meeting, action=""):
    return f"/commissions/espace-agent/reunions/{meeting.pk}/" + (f"?do={action}" if action
                                                                  else "")


def _page(response):
    return response.content.decode().replace("&#x27;", "'")


def test_a_move_into_the_past_is_refused_next_to_the_date(client, clerk, commission):
    # given a planned meeting
    meeting = MeetingFactory(commission=commission)
    client.force_login(clerk)
    past = timezone.localtime(timezone.now() - timedelta(hours=2))
    # when the clerk moves it to two hours ago
    response = client.post(_url(meeting, "reschedule"), {
        "reschedule-starts_at": past.strftime("%Y-%m-%dT%H:%M"),
        "reschedule-place": "Salle B", "reschedule-reason": "Travaux"})
    # then the date field says why, no confirmation is offered and nothing moves
    assert response.status_code == 400
    assert 'name="confirmed"' not in _page(response)
    assert response.context["reschedule_form"].errors["starts_at"]
    assert Meeting.objects.get(pk=meeting.pk).place != "Salle B"


def test_a_cancellation_nobody_hears_of_says_so(client, clerk, commission):
    # given a planned meeting nobody was convened to and nobody registered for
    meeting = MeetingFactory(commission=commission)
    client.force_login(clerk)
    # when the clerk asks to cancel it, the confirmation's button promises to tell nobody
    asked = _page(client.post(_url(meeting, "cancel"), {"cancel-reason": "Salle inondée"}))
    assert 'name="confirmed"' in asked
    assert "Annuler la réunion et prévenir" not in asked
    # when she confirms
    done = client.post(_url(meeting, "cancel"), {"cancel-reason": "Salle inondée",
                                                 "confirmed": "1"}, follow=True)
    # then the message says nobody was told
    assert "Réunion annulée ; personne n'est prévenu" in _page(done)
    assert "sont prévenus" not in _page(done)


def test_a_move_says_how_many_were_told(client, clerk, commission, residents_college, resident):
    # given a meeting two members were convened to, and one person of the public registered
    meeting = MeetingFactory(commission=commission, invitations_sent_at=timezone.now())
    MembershipFactory.create_batch(2, seat_group=residents_college)
    MeetingRegistration.objects.create(meeting=meeting, user=resident.user)
    client.force_login(clerk)
    # then the page's button says it tells them
    assert "Déplacer et prévenir" in _page(client.get(_url(meeting)))
    start = timezone.localtime(meeting.starts_at + timedelta(days=1))
    # when the clerk moves it
    done = client.post(_url(meeting, "reschedule"), {
        "reschedule-starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "reschedule-place": "Salle B", "reschedule-reason": "Travaux", "confirmed": "1"},
        follow=True)
    # then the message counts who was told
    assert ("Réunion déplacée ; sont prévenus par message : 2 membre(s) convoqué(s) et 1 "
            "personne(s) du public inscrite(s).") in _page(done)


def test_holding_a_meeting_not_begun_is_refused_before_any_confirmation(
        client, clerk, commission, residents_college):
    # given a meeting next week and its members
    meeting = MeetingFactory(commission=commission)
    members = MembershipFactory.create_batch(2, seat_group=residents_college)
    client.force_login(clerk)
    # then the page offers no attendance form yet
    page = _page(client.get(_url(meeting)))
    assert "?do=hold" not in page
    # when the clerk posts the attendance anyway
    response = client.post(_url(meeting, "hold"),
                           {"hold-present": [m.member_id for m in members]})
    # then the refusal shows at once, without a confirmation claiming quorum
    assert response.status_code == 400
    assert "Cette réunion n'a pas encore eu lieu." in _page(response)
    assert "quorum atteint" not in _page(response)
    assert Meeting.objects.get(pk=meeting.pk).status == "planned"


def test_an_opinion_without_quorum_is_refused_before_any_confirmation(client, clerk,
                                                                      commission):
    # given a held meeting that did not reach quorum
    meeting = MeetingFactory(commission=commission, held=True, quorum_reached=False,
                             present_count=1)
    client.force_login(clerk)
    # then the page offers no opinion form
    assert "?do=opinion" not in _page(client.get(_url(meeting)))
    # when the clerk posts an opinion anyway
    response = client.post(_url(meeting, "opinion"), {
        "opinion-title": "Éclairage", "opinion-text": "Prolonger l'éclairage.",
        "opinion-votes_for": 1, "opinion-votes_against": 0, "opinion-abstentions": 0})
    # then the refusal shows at once and no confirmation is offered
    assert response.status_code == 400
    assert 'name="confirmed"' not in _page(response)
    assert "Le quorum n'était pas atteint" in _page(response)
    assert not Opinion.objects.exists()
