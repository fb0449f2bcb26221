"""The clerks' council pages for every kind of agenda item, and the public agenda."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from budgets.services.debates import debate_synthesis_submit
from budgets.tests.factories import DebateFactory
from civic.models import AgendaItem, AuditEntry, CouncilDecision, CouncilSession
from civic.services.council_agenda import agenda_item_place
from commissions.services.opinions import opinion_send
from commissions.tests.factories import CommissionFactory, OpinionFactory
from petitions.tests.factories import CitizenInitiativeFactory, InitiativeCharterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(council):
    return CouncilSession.objects.create(council=council, place="Salle du conseil",
                                         starts_at=timezone.now() + timedelta(days=7))


@pytest.fixture
def opinion_item(clerk, council):
    commission = CommissionFactory(council=council, name="Sécurité", slug="securite")
    opinion = OpinionFactory(meeting__commission=commission, title="Éclairage des ruelles")
    return opinion_send(opinion=opinion, actor=clerk).agenda_item


@pytest.fixture
def synthesis_item(clerk, council):
    return debate_synthesis_submit(debate=DebateFactory(closed=True, year=2027), actor=clerk)


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def _vote(**changes):
    return {"outcome": "adopted", "votes_for": 30, "votes_against": 10, "abstentions": 5,
            "reference": "2027-DEL-1", "text": "Le conseil adopte.",
            "decided_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), **changes}


def test_the_council_screen_lists_opinions_and_syntheses_and_places_one_on_a_session(
    client, clerk, session, opinion_item, synthesis_item
):
    # given a clerk on the council screen
    client.force_login(clerk)
    screen = client.get("/initiatives/conseil/").content.decode()
    # when she places the opinion on the session
    done = client.post(f"/initiatives/conseil/points/{opinion_item.pk}/inscrire/",
                       {"session": session.pk}, follow=True)
    # then both items were listed with their kind and page, and the opinion is on the session
    assert "Éclairage des ruelles" in screen and "avis d'une commission" in screen
    assert "Synthèse du débat citoyen sur le budget 2027" in screen
    assert "synthèse du débat citoyen sur le budget" in screen
    assert f"/commissions/avis/{opinion_item.source_id}/" in screen
    opinion_item.refresh_from_db()
    assert (opinion_item.status, opinion_item.session) == ("scheduled", session)
    assert done.redirect_chain[-1][0] == f"/initiatives/conseil/seances/{session.pk}/"
    assert any("est inscrit à l'ordre du jour" in m for m in _messages(done))


def test_placing_an_item_on_no_session_says_so_and_changes_nothing(
    client, clerk, session, opinion_item
):
    client.force_login(clerk)
    done = client.post(f"/initiatives/conseil/points/{opinion_item.pk}/inscrire/",
                       {"session": 987654}, follow=True)
    assert any("Choisissez une des séances" in m for m in _messages(done))
    opinion_item.refresh_from_db()
    assert opinion_item.status == "pending"


def test_a_vote_is_confirmed_before_it_is_recorded_and_shows_on_the_public_agenda(
    client, clerk, session, synthesis_item
):
    # given the synthesis on a session that opened an hour ago
    agenda_item_place(item=synthesis_item, session=session, actor=clerk)
    client.force_login(clerk)
    url = f"/initiatives/conseil/points/{synthesis_item.pk}/deliberation/"
    with time_machine.travel(session.starts_at + timedelta(hours=1)):
        # when the clerk fills in the vote, then asks to correct it, then confirms it
        form = client.get(url)
        check = client.post(url, _vote())
        back = client.post(url, {**_vote(), "edit": "1"})
        nothing_yet = CouncilDecision.objects.count()
        done = client.post(url, {**_vote(), "confirmed": "1"}, follow=True)
    # then the form led to a confirmation of the values, and only the last step recorded it
    assert form.status_code == 200
    assert check.status_code == 200 and "Confirmer et enregistrer le vote" in (
        check.content.decode()) and "2027-DEL-1" in check.content.decode()
    assert back.status_code == 200 and 'value="2027-DEL-1"' in back.content.decode()
    assert nothing_yet == 0
    decision = CouncilDecision.objects.get()
    assert decision.agenda_item == synthesis_item and decision.votes_for == 30
    assert "Vote du conseil enregistré." in _messages(done)
    # and the public agenda and its printable version show the decision
    client.logout()
    public = client.get(f"/conseil/seances/{session.pk}/").content.decode()
    printed = client.get(f"/conseil/seances/{session.pk}/imprimer/").content.decode()
    assert "2027-DEL-1" in public and "30 pour, 10 contre, 5 abstentions" in public
    assert "2027-DEL-1" in printed and "Ordre du jour et délibérations" in printed
    assert "synthèse du débat citoyen sur le budget" in printed


def test_a_vote_beyond_the_seats_is_refused_before_the_confirmation(
    client, clerk, session, opinion_item
):
    agenda_item_place(item=opinion_item, session=session, actor=clerk)
    client.force_login(clerk)
    with time_machine.travel(session.starts_at + timedelta(hours=1)):
        response = client.post(f"/initiatives/conseil/points/{opinion_item.pk}/deliberation/",
                               _vote(votes_for=40, votes_against=10))
    assert response.status_code == 400
    assert "45" in response.context["form"].errors["votes_for"][0]
    assert not CouncilDecision.objects.exists()


def test_a_vote_before_the_session_opened_is_refused_next_to_the_date(
    client, clerk, session, opinion_item
):
    agenda_item_place(item=opinion_item, session=session, actor=clerk)
    client.force_login(clerk)
    response = client.post(f"/initiatives/conseil/points/{opinion_item.pk}/deliberation/",
                           {**_vote(), "confirmed": "1"})
    assert response.status_code == 400 and "pas encore commencé" in response.content.decode()
    assert not CouncilDecision.objects.exists()


def test_a_clerk_takes_an_item_off_its_session_after_confirming_with_a_reason(
    client, clerk, session, opinion_item
):
    # given an opinion on the session
    agenda_item_place(item=opinion_item, session=session, actor=clerk)
    client.force_login(clerk)
    url = f"/initiatives/conseil/points/{opinion_item.pk}/retirer/"
    # when the clerk opens the confirmation, posts it without a reason, then with one
    confirm = client.get(url)
    empty = client.post(url, {"reason": ""})
    done = client.post(url, {"reason": "Avis à compléter."}, follow=True)
    # then the item is back on the list to schedule, with the reason in the audit log
    assert confirm.status_code == 200 and "Retirer de la séance" in confirm.content.decode()
    assert empty.status_code == 400
    opinion_item.refresh_from_db()
    assert (opinion_item.status, opinion_item.session) == ("pending", None)
    assert AuditEntry.objects.get(verb="council.item_unscheduled").data["reason"] == (
        "Avis à compléter.")
    assert any("est retiré de la séance" in m for m in _messages(done))


def test_the_session_page_moves_the_session_and_refuses_a_past_date_next_to_the_field(
    client, clerk, session, opinion_item
):
    # given the session holding an opinion
    agenda_item_place(item=opinion_item, session=session, actor=clerk)
    client.force_login(clerk)
    url = f"/initiatives/conseil/seances/{session.pk}/"
    later = timezone.localtime(session.starts_at + timedelta(days=1))
    # when the clerk opens its page, moves it, then tries a past date
    page = client.get(url).content.decode()
    moved = client.post(url + "?do=reschedule", {
        "reschedule-starts_at": later.strftime("%Y-%m-%dT%H:%M"),
        "reschedule-place": "Salle Cévennes"}, follow=True)
    past = client.post(url + "?do=reschedule", {
        "reschedule-starts_at": "2026-04-01T18:00", "reschedule-place": "Salle Cévennes"})
    # then the page listed the opinion with its actions, and the session moved once
    assert "Éclairage des ruelles" in page and "Retirer de la séance" in page
    assert "Séance modifiée." in _messages(moved)
    session.refresh_from_db()
    assert session.place == "Salle Cévennes"
    assert past.status_code == 400
    assert past.context["reschedule_form"].errors["starts_at"]


def test_a_clerk_cancels_a_session_after_confirming_and_its_items_wait_again(
    client, clerk, session, opinion_item, synthesis_item
):
    # given a session with two items
    for item in (opinion_item, synthesis_item):
        agenda_item_place(item=item, session=session, actor=clerk)
    client.force_login(clerk)
    url = f"/initiatives/conseil/seances/{session.pk}/annuler/"
    # when the clerk opens the confirmation, then confirms with a reason
    confirm = client.get(url)
    done = client.post(url, {"reason": "Élections partielles."}, follow=True)
    # then the session is cancelled and both items are back on the council screen
    assert confirm.status_code == 200 and "Annuler la séance" in confirm.content.decode()
    session.refresh_from_db()
    assert session.status == "cancelled"
    assert set(AgendaItem.objects.values_list("status", flat=True)) == {"pending"}
    assert any("Séance annulée" in m for m in _messages(done))
    screen = client.get("/initiatives/conseil/").content.decode()
    assert "Éclairage des ruelles" in screen


def test_the_initiative_vote_page_also_asks_for_a_confirmation(client, clerk, session):
    # given a scheduled initiative whose session opened an hour ago
    from petitions.services.council import initiative_schedule

    initiative = initiative_schedule(
        initiative=CitizenInitiativeFactory(charter=InitiativeCharterFactory(),
                                            threshold_reached=True),
        session=session, actor=clerk)
    client.force_login(clerk)
    url = f"/initiatives/conseil/{initiative.pk}/vote/"
    with time_machine.travel(session.starts_at + timedelta(hours=1)):
        # when the clerk posts the vote, then confirms it
        check = client.post(url, _vote())
        recorded_before = CouncilDecision.objects.exists()
        client.post(url, {**_vote(), "confirmed": "1"})
    # then the first post only asked to confirm; the second recorded it and moved the initiative
    assert check.status_code == 200 and not recorded_before
    initiative.refresh_from_db()
    assert initiative.status == "voted"


def _decided_session(client, clerk, session, opinion_item):
    """The session with its opinion voted, an hour after it opened."""
    agenda_item_place(item=opinion_item, session=session, actor=clerk)
    client.force_login(clerk)
    client.post(f"/initiatives/conseil/points/{opinion_item.pk}/deliberation/",
                {**_vote(), "confirmed": "1"})


def test_a_session_with_a_recorded_vote_is_neither_moved_nor_cancelled_from_its_pages(
    client, clerk, session, opinion_item
):
    url = f"/initiatives/conseil/seances/{session.pk}/"
    with time_machine.travel(session.starts_at + timedelta(hours=1)):
        # given the session's opinion was voted
        _decided_session(client, clerk, session, opinion_item)
        assert CouncilDecision.objects.count() == 1
        # when the clerk opens the page, then posts a new date and a cancellation anyway
        page = client.get(url).content.decode()
        moved = client.post(url + "?do=reschedule", {
            "reschedule-starts_at": (timezone.localtime() + timedelta(days=3)).strftime(
                "%Y-%m-%dT%H:%M"), "reschedule-place": "Ailleurs"})
        cancel_page = client.get(url + "annuler/").content.decode()
        cancelled = client.post(url + "annuler/", {"reason": "Erreur."})
    # then the page offers neither form, and both posts are refused with the reason why
    assert "Déplacer la séance" not in page and "Annuler la séance…" not in page
    assert "Déclarer la séance tenue" in page
    assert moved.status_code == 400
    assert "Des votes sont enregistrés" in moved.content.decode()
    assert "ne peut pas être annulée" in cancel_page and 'name="reason"' not in cancel_page
    assert cancelled.status_code == 400
    session.refresh_from_db()
    assert session.status == "planned" and session.place == "Salle du conseil"


def test_a_started_session_is_not_offered_a_new_date(client, clerk, session):
    client.force_login(clerk)
    with time_machine.travel(session.starts_at + timedelta(minutes=5)):
        page = client.get(f"/initiatives/conseil/seances/{session.pk}/").content.decode()
    assert "Déplacer la séance" not in page and "Annuler la séance…" in page


def test_a_clerk_marks_the_session_held_after_confirming(
    client, clerk, session, opinion_item, synthesis_item
):
    url = f"/initiatives/conseil/seances/{session.pk}/"
    with time_machine.travel(session.starts_at + timedelta(hours=1)):
        # given the opinion was voted, the synthesis not
        agenda_item_place(item=synthesis_item, session=session, actor=clerk)
        _decided_session(client, clerk, session, opinion_item)
        # when the clerk asks to mark the session held, then confirms
        asked = client.post(url + "?do=hold")
        held_before = CouncilSession.objects.get().status
        done = client.post(url + "?do=hold", {"confirmed": "1"}, follow=True)
        page = client.get(url).content.decode()
    # then the first post only asked; the second marked it held and said so
    assert asked.status_code == 200 and "Déclarer la séance tenue" in asked.content.decode()
    assert held_before == "planned"
    assert any("Séance déclarée tenue" in m for m in _messages(done))
    session.refresh_from_db()
    assert session.status == "held"
    synthesis_item.refresh_from_db()
    assert (synthesis_item.status, synthesis_item.session) == ("pending", None)
    # and the page offers neither moving, cancelling nor holding it again
    assert "Annuler la séance…" not in page and "Déclarer la séance tenue…" not in page


def test_a_session_not_yet_started_cannot_be_marked_held(client, clerk, session):
    client.force_login(clerk)
    page = client.get(f"/initiatives/conseil/seances/{session.pk}/").content.decode()
    refused = client.post(f"/initiatives/conseil/seances/{session.pk}/?do=hold",
                          {"confirmed": "1"}, follow=True)
    assert "Déclarer la séance tenue…" not in page
    assert any("pas encore commencé" in m for m in _messages(refused))
    session.refresh_from_db()
    assert session.status == "planned"


def test_the_answer_is_published_after_a_confirmation_and_only_once(client, clerk):
    # given a voted initiative
    initiative = CitizenInitiativeFactory(charter=InitiativeCharterFactory(), voted=True)
    client.force_login(clerk)
    url = f"/initiatives/conseil/{initiative.pk}/reponse/"
    # when the clerk posts the answer, confirms it, then posts another one
    asked = client.post(url, {"answer": "Travaux en juin."})
    answered_before = type(initiative).objects.get().status
    done = client.post(url, {"answer": "Travaux en juin.", "confirmed": "1"}, follow=True)
    page = client.get(url).content.decode()
    again = client.post(url, {"answer": "Autre réponse.", "confirmed": "1"})
    # then the first post only asked; the second published it; the page shows it, no form
    assert asked.status_code == 200 and "Publier la réponse" in asked.content.decode()
    assert answered_before == "voted"
    assert any("Réponse publiée" in m for m in _messages(done))
    assert "Travaux en juin." in page and 'name="answer"' not in page
    # and the second answer is refused with the right reason
    assert again.status_code == 400
    assert any("déjà publiée" in m for m in _messages(again))
    assert not any("pas encore voté" in m for m in _messages(again))
    initiative.refresh_from_db()
    assert initiative.answer == "Travaux en juin."
