"""The clerk workspace's irreversible acts: the first POST shows what will happen and who is
told, and does nothing; the confirmed POST acts and the page says what was done."""

from datetime import timedelta

import pytest
from django.utils import timezone

from civic.models import Notification
from commissions.models import Consultation, Meeting, MemberCall, Membership, Opinion, Sortition
from commissions.services.consultations import question_add
from commissions.tests.factories import (
    ApplicationFactory,
    ConsultationFactory,
    MeetingFactory,
    MemberCallFactory,
    MembershipFactory,
    OpinionFactory,
)

pytestmark = pytest.mark.django_db


def _asked_then_confirmed(client, url, data):
    asked = client.post(url, data)
    confirmed = client.post(url, {**data, "confirmed": "1"}, follow=True)
    return asked, confirmed


def _call(residents_college, clerk, **traits):
    call = MemberCallFactory(seat_group=residents_college, **traits)
    return f"/commissions/espace-agent/appels/{call.pk}/", call


def _case_call_close(commission, residents_college, clerk):
    url, call = _call(residents_college, clerk)
    return (url + "?do=close", {}, "Clore les candidatures",
            lambda: MemberCall.objects.get(pk=call.pk).status == "closed", "Candidatures closes")


def _case_call_complete(commission, residents_college, clerk):
    url, call = _call(residents_college, clerk, closed=True)
    return (url + "?do=complete", {}, "sans tirage",
            lambda: MemberCall.objects.get(pk=call.pk).status == "completed", "Appel terminé")


def _case_draw(commission, residents_college, clerk):
    url, call = _call(residents_college, clerk, closed=True)
    ApplicationFactory.create_batch(3, call=call)
    return (url + "?do=draw", {}, "Le tirage est définitif",
            lambda: Sortition.objects.filter(call=call).exists(), "Tirage au sort effectué")


def _case_appoint(commission, residents_college, clerk):
    url, call = _call(residents_college, clerk, closed=True)
    application = ApplicationFactory(call=call)
    return (url + "?do=appoint", {"application": application.pk}, "en est prévenu(e)",
            lambda: Membership.objects.filter(member=application.applicant).exists(),
            "est nommé(e)")


def _case_resign(commission, residents_college, clerk):
    membership = MembershipFactory(seat_group=residents_college)
    return (f"/commissions/espace-agent/instances/{commission.slug}/?do=resign",
            {"membership": membership.pk, "reason": "Déménagement"}, "Motif : Déménagement",
            lambda: Membership.objects.get(pk=membership.pk).status == "resigned",
            "Fin de mandat enregistrée")


def _case_consultation_open(commission, residents_college, clerk):
    consultation = ConsultationFactory()
    question_add(consultation=consultation, actor=clerk, label="Quels horaires ?",
                 kind="single", choices=["Matin", "Soir"])
    return (f"/commissions/espace-agent/consultations/{consultation.pk}/?do=open", {},
            "Ouvrir la consultation",
            lambda: Consultation.objects.get(pk=consultation.pk).status == "open",
            "Consultation ouverte")


def _case_consultation_close(commission, residents_college, clerk):
    consultation = ConsultationFactory(opened=True)
    return (f"/commissions/espace-agent/consultations/{consultation.pk}/?do=close", {},
            "0 réponse(s)",
            lambda: Consultation.objects.get(pk=consultation.pk).status == "closed",
            "Consultation close")


def _meeting_url(meeting, action):
    return f"/commissions/espace-agent/reunions/{meeting.pk}/?do={action}"


def _case_hold(commission, residents_college, clerk):
    meeting = MeetingFactory(commission=commission,
                             starts_at=timezone.now() - timedelta(hours=2))
    members = MembershipFactory.create_batch(2, seat_group=residents_college)
    return (_meeting_url(meeting, "hold"),
            {"hold-present": [m.member_id for m in members]}, "2 présent(s) sur 2",
            lambda: Meeting.objects.get(pk=meeting.pk).status == "held",
            "Réunion tenue : quorum atteint.")


def _case_cancel(commission, residents_college, clerk):
    meeting = MeetingFactory(commission=commission)
    return (_meeting_url(meeting, "cancel"), {"cancel-reason": "Salle inondée"},
            "Motif : Salle inondée",
            lambda: Meeting.objects.get(pk=meeting.pk).status == "cancelled",
            "Réunion annulée")


def _case_reschedule(commission, residents_college, clerk):
    meeting = MeetingFactory(commission=commission)
    start = timezone.localtime(meeting.starts_at + timedelta(days=1))
    return (_meeting_url(meeting, "reschedule"),
            {"reschedule-starts_at": start.strftime("%Y-%m-%dT%H:%M"),
             "reschedule-place": "Salle B", "reschedule-reason": "Travaux"},
            "Motif : Travaux", lambda: Meeting.objects.get(pk=meeting.pk).place == "Salle B",
            "Réunion déplacée")


def _case_opinion(commission, residents_college, clerk):
    meeting = MeetingFactory(commission=commission, held=True)
    return (_meeting_url(meeting, "opinion"),
            {"opinion-title": "Éclairage", "opinion-text": "Prolonger l'éclairage.",
             "opinion-votes_for": 3, "opinion-votes_against": 0, "opinion-abstentions": 0},
            "3 pour, 0 contre", lambda: Opinion.objects.filter(title="Éclairage").exists(),
            "Avis enregistré et publié.")


def _case_send(commission, residents_college, clerk):
    opinion = OpinionFactory(meeting__commission=commission)
    return (f"/commissions/espace-agent/avis/{opinion.pk}/?do=send", {},
            "la transmission ne peut pas être retirée",
            lambda: Opinion.objects.get(pk=opinion.pk).status == "sent",
            "Avis transmis au conseil municipal")


CASES = [_case_call_close, _case_call_complete, _case_draw, _case_appoint, _case_resign,
         _case_consultation_open, _case_consultation_close, _case_hold, _case_cancel,
         _case_reschedule, _case_opinion, _case_send]


@pytest.mark.parametrize("case", CASES, ids=[c.__name__.removeprefix("_case_") for c in CASES])
def test_an_irreversible_act_asks_first_then_acts_and_says_so(client, clerk, commission,
                                                              residents_college, case):
    # given the act's page and what it posts
    url, data, shown, done, message = case(commission, residents_college, clerk)
    client.force_login(clerk)
    # when the clerk posts it once, then confirms
    asked = client.post(url, data)
    # then the first answer is the confirmation, saying what will happen, and nothing is done
    assert asked.status_code == 200
    html = asked.content.decode()
    assert 'name="confirmed" value="1"' in html
    assert shown in html.replace("&#x27;", "'")
    assert not done()
    # and the confirmed POST acts, and the page says what was done
    confirmed = client.post(url, {**data, "confirmed": "1"}, follow=True)
    assert confirmed.status_code == 200
    assert done()
    assert message in confirmed.content.decode().replace("&#x27;", "'")


def test_a_second_convocation_reaches_only_new_members_and_says_so(client, clerk, commission,
                                                                   residents_college):
    # given a planned meeting and two members in office
    meeting = MeetingFactory(commission=commission)
    first = MembershipFactory.create_batch(2, seat_group=residents_college)
    url = _meeting_url(meeting, "invite")
    client.force_login(clerk)

    def invitations():
        return Notification.objects.filter(kind="commission_meeting_invitation",
                                           channel="in_app")

    # when the clerk asks to convene them, the page names who will receive it; nothing is sent
    asked = client.post(url, {})
    assert "2 membre(s) en fonction recevront la convocation" in asked.content.decode()
    assert str(first[0].member) in asked.content.decode()
    assert not invitations().exists()
    # and once confirmed, both are convened and the page says so
    done = client.post(url, {"confirmed": "1"}, follow=True).content.decode()
    assert "Convocation envoyée à 2 membre(s)." in done
    assert invitations().count() == 2
    # when she convenes again with nobody new, nothing is sent and the page says so at once
    again = client.post(url, {}, follow=True).content.decode()
    assert "Les 2 membre(s) en fonction sont déjà convoqués : aucun envoi." in again
    assert invitations().count() == 2
    # when a member is appointed since, only that member is convened, and the page says so
    newcomer = MembershipFactory(seat_group=residents_college)
    asked = client.post(url, {}).content.decode()
    assert "1 membre(s) en fonction recevront la convocation" in asked
    assert "2 membre(s) déjà convoqué(s) ne la recevront pas une seconde fois" in asked
    done = client.post(url, {"confirmed": "1"}, follow=True).content.decode()
    assert ("Convocation envoyée à 1 membre(s) nommé(s) depuis la première ; les 2 déjà "
            "convoqué(s) ne la reçoivent pas une seconde fois.") in done.replace("&#x27;", "'")
    assert list(invitations().exclude(recipient__in=[m.member for m in first])
                .values_list("recipient", flat=True)) == [newcomer.member_id]


def test_a_cancellation_without_reason_is_refused_next_to_the_field_before_any_confirmation(
        client, clerk, commission):
    # given a planned meeting
    meeting = MeetingFactory(commission=commission)
    client.force_login(clerk)
    # when the clerk posts the cancellation without a reason
    response = client.post(_meeting_url(meeting, "cancel"), {"cancel-reason": ""})
    # then the field says so, no confirmation is offered and the meeting stands
    assert response.status_code == 400
    assert response.context["cancel_form"].errors["reason"]
    assert Meeting.objects.get(pk=meeting.pk).status == "planned"
