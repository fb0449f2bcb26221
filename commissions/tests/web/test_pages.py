import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from commissions.models import Commission
from commissions.services.meetings import meeting_document_add
from commissions.tests.factories import (
    ConsultationFactory,
    MeetingFactory,
    MemberCallFactory,
    MembershipFactory,
    OpinionFactory,
)

pytestmark = pytest.mark.django_db


def test_public_pages_render_for_anonymous_visitors(client, commission, residents_college):
    # given a body with a call, a meeting, an opinion and a closed consultation
    call = MemberCallFactory(seat_group=residents_college)
    meeting = MeetingFactory(commission=commission)
    opinion = OpinionFactory(meeting__commission=commission)
    consultation = ConsultationFactory(closed=True)
    # when a visitor browses the module
    urls = ["/commissions/", f"/commissions/{commission.slug}/", f"/commissions/appels/{call.pk}/",
            "/commissions/reunions/", f"/commissions/reunions/{meeting.pk}/", "/commissions/avis/",
            f"/commissions/avis/{opinion.pk}/", "/commissions/consultations/",
            f"/commissions/consultations/{consultation.pk}/",
            f"/commissions/consultations/{consultation.pk}/resultats/"]
    # then every page answers 200
    assert {url: client.get(url).status_code for url in urls} == {url: 200 for url in urls}


def test_minutes_are_shown_escaped_with_line_breaks(client, commission):
    # given minutes containing markup
    meeting = MeetingFactory(commission=commission, held=True,
                             minutes="<script>alert(1)</script>\nDeuxième ligne")
    meeting.minutes_published_at = meeting.starts_at
    meeting.save()
    # when the meeting page is shown
    html = client.get(f"/commissions/reunions/{meeting.pk}/").content.decode()
    # then the markup is text, and the line break is kept
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>Deuxième ligne" in html


def test_a_resident_gets_a_clear_403_for_a_closed_meetings_document(client, commission, clerk,
                                                                    resident):
    # given a closed meeting with a document
    meeting = MeetingFactory(commission=commission, closed=True)
    document = meeting_document_add(meeting=meeting, title="Note", actor=clerk,
                                    upload=SimpleUploadedFile("note.pdf", b"%PDF-1.4 test"))
    member = MembershipFactory(seat_group__commission=commission).member
    # when a resident who is not a member asks for it
    client.force_login(resident.user)
    refused = client.get(f"/commissions/documents/reunion/{document.pk}/")
    # then they get a 403 that says why, while a member downloads it
    assert refused.status_code == 403
    assert "huis clos" in refused.content.decode()
    client.force_login(member)
    allowed = client.get(f"/commissions/documents/reunion/{document.pk}/")
    assert allowed.status_code == 200 and allowed["Content-Type"] == "application/pdf"


def test_the_workspace_is_refused_to_residents_with_a_clear_page(client, resident):
    # given a resident
    client.force_login(resident.user)
    # when they open the clerk workspace
    response = client.get("/commissions/espace-agent/")
    # then they get a 403 that explains it
    assert response.status_code == 403
    assert "réservé aux agents" in response.content.decode()


def test_creating_a_commission_with_a_non_councillor_chair_shows_the_error_next_to_the_field(
        client, clerk, resident, council):
    # given a clerk in the workspace
    client.force_login(clerk)
    # when they create an extra-municipal commission chaired by a resident
    response = client.post("/commissions/espace-agent/instances/nouvelle/", {
        "kind": "extra_municipal", "name": "Sports", "chair": resident.user.pk,
        "mandate_start": "2026-05-01", "mandate_end": "2032-03-31"})
    # then the form comes back (400) with the legal reason, and nothing is created
    assert response.status_code == 400
    assert "L2143-2" in response.content.decode()
    assert response.context["form"].errors["chair"]
    assert not Commission.objects.exists()


def test_workspace_pages_render_for_a_clerk(client, clerk, commission, residents_college):
    # given a body with a call, a meeting, an opinion and a consultation
    call = MemberCallFactory(seat_group=residents_college)
    meeting = MeetingFactory(commission=commission)
    opinion = OpinionFactory(meeting__commission=commission)
    consultation = ConsultationFactory(commission=commission)
    client.force_login(clerk)
    # when the clerk opens each workspace page
    urls = ["/commissions/espace-agent/", "/commissions/espace-agent/instances/nouvelle/",
            f"/commissions/espace-agent/instances/{commission.slug}/",
            f"/commissions/espace-agent/instances/{commission.slug}/reunion/",
            f"/commissions/espace-agent/instances/{commission.slug}/consultation/",
            f"/commissions/espace-agent/colleges/{residents_college.pk}/nommer/",
            f"/commissions/espace-agent/appels/{call.pk}/",
            f"/commissions/espace-agent/reunions/{meeting.pk}/",
            f"/commissions/espace-agent/avis/{opinion.pk}/",
            f"/commissions/espace-agent/consultations/{consultation.pk}/"]
    # then each answers 200
    assert {url: client.get(url).status_code for url in urls} == {url: 200 for url in urls}


def test_answering_a_consultation_in_the_browser_then_seeing_it_answered(client, resident,
                                                                         clerk):
    # given an open consultation with one rating question
    from commissions.services.consultations import consultation_open, question_add

    consultation = ConsultationFactory(audience="town")
    question = question_add(consultation=consultation, kind="rating", label="Accueil",
                            actor=clerk)
    consultation_open(consultation=consultation, actor=clerk)
    client.force_login(resident.user)
    url = f"/commissions/consultations/{consultation.pk}/"
    # when the resident submits an out-of-range rating, then a valid one
    bad = client.post(url, {f"q{question.pk}": "9"})
    good = client.post(url, {f"q{question.pk}": "4"}, follow=True)
    # then the first is refused next to the field, the second thanks them
    assert bad.status_code == 400
    assert "Vous avez répondu à cette consultation. Merci !" in good.content.decode()
    assert consultation.responses.count() == 1


def test_a_clerk_takes_an_opinion_from_the_council_session_to_its_published_answer(
    client, clerk, commission
):
    # given a sent opinion and a council session next week
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from civic.models import CouncilSession
    from commissions.services.opinions import opinion_send

    opinion = opinion_send(opinion=OpinionFactory(meeting__commission=commission), actor=clerk)
    session = CouncilSession.objects.create(council=commission.council,
                                            starts_at=timezone.now() + timedelta(days=7))
    url = f"/commissions/espace-agent/avis/{opinion.pk}/"
    client.force_login(clerk)
    # when the clerk puts it on the session's agenda
    scheduled = client.post(url + "?do=schedule", {"schedule-session": session.pk})
    with time_machine.travel(session.starts_at + timedelta(hours=2)):
        # and, once the session has opened (a week later: she logs in again, staff sessions
        # end after 30 minutes idle), records a vote over the 45 seats, then the real one
        client.force_login(clerk)
        too_many = client.post(url + "?do=vote", {
            "vote-outcome": "adopted", "vote-votes_for": 40, "vote-votes_against": 6,
            "vote-abstentions": 0, "vote-reference": "2026-DEL-150", "vote-text": "Retenu.",
            "vote-decided_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "confirmed": "1"})
        voted = client.post(url + "?do=vote", {
            "vote-outcome": "adopted", "vote-votes_for": 35, "vote-votes_against": 6,
            "vote-abstentions": 0, "vote-reference": "2026-DEL-150", "vote-text": "Retenu.",
            "vote-decided_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "confirmed": "1"})
        # and publishes the answer from that decision
        answered = client.post(url + "?do=answer", {
            "answer-source": "decision", "answer-answer": "Le conseil retient l'avis.",
            "confirmed": "1"})
    # then each step went through, the bad count was refused next to its field
    assert (scheduled.status_code, voted.status_code, answered.status_code) == (302, 302, 302)
    assert too_many.status_code == 400
    assert "45" in too_many.context["vote_form"].errors["votes_for"][0]
    # and the public page shows the answer with the decision it comes from
    client.logout()
    page = client.get(f"/commissions/avis/{opinion.pk}/").content.decode()
    assert "Le conseil retient l&#x27;avis." in page
    assert "D'après la délibération n° 2026-DEL-150" in page
    assert "35 pour, 6 contre, 0 abstentions" in page


def test_the_staff_opinion_page_waits_for_the_session_before_offering_vote_and_answer(
    client, clerk, commission
):
    # given a sent opinion on the agenda of next week's session
    from datetime import timedelta

    from django.utils import timezone

    from civic.models import CouncilSession
    from commissions.services.opinions import opinion_schedule, opinion_send

    opinion = opinion_send(opinion=OpinionFactory(meeting__commission=commission), actor=clerk)
    session = CouncilSession.objects.create(council=commission.council,
                                            starts_at=timezone.now() + timedelta(days=7))
    opinion_schedule(opinion=opinion, session=session, actor=clerk)
    client.force_login(clerk)
    # when the clerk opens the page, and posts an answer anyway
    page = client.get(f"/commissions/espace-agent/avis/{opinion.pk}/").content.decode()
    forced = client.post(f"/commissions/espace-agent/avis/{opinion.pk}/?do=answer", {
        "answer-source": "session", "answer-answer": "Oui.", "confirmed": "1"})
    # then no vote or answer form is offered, and the forced answer is refused
    assert "une fois la séance ouverte" in page and "?do=answer" not in page
    assert forced.status_code == 400
    opinion.refresh_from_db()
    assert opinion.status == "sent"


def test_a_clerk_reschedules_then_cancels_a_meeting_from_its_page(client, commission, clerk):
    from datetime import timedelta

    from django.utils import timezone

    from civic.models import AuditEntry

    meeting = MeetingFactory(commission=commission)
    page = f"/commissions/espace-agent/reunions/{meeting.pk}/"
    client.force_login(clerk)
    # the page offers what a planned meeting allows
    html = client.get(page).content.decode()
    assert "Déplacer la réunion" in html and "Annuler la réunion" in html
    # when she moves it without a reason, the field says so
    new_start = timezone.localtime(meeting.starts_at + timedelta(days=2))
    form = {"reschedule-starts_at": new_start.strftime("%Y-%m-%dT%H:%M"),
            "reschedule-place": "Salle du Capitole"}
    refused = client.post(page + "?do=reschedule", form)
    assert refused.status_code == 400
    assert "Ce champ est obligatoire" in refused.content.decode()
    # with a reason, it is moved and she is told the people were warned
    moved = client.post(page + "?do=reschedule", {**form, "reschedule-reason": "Travaux",
                                                  "confirmed": "1"}, follow=True)
    assert "Réunion déplacée" in moved.content.decode()
    meeting.refresh_from_db()
    assert meeting.place == "Salle du Capitole"
    # when she cancels it with a reason, the page then offers no correction
    cancelled = client.post(page + "?do=cancel", {"cancel-reason": "Salle inondée",
                                                  "confirmed": "1"}, follow=True)
    html = cancelled.content.decode()
    assert "Réunion annulée" in html and "Déplacer la réunion" not in html
    assert AuditEntry.objects.filter(verb="commission.meeting_cancelled").exists()


def test_staff_pages_offer_what_each_entitys_capabilities_allow(client, clerk, residents_college):
    # given an open call, a draft consultation and a sent opinion
    call = MemberCallFactory(seat_group=residents_college)
    consultation = ConsultationFactory()
    opinion = OpinionFactory(sent=True)
    client.force_login(clerk)
    # when the clerk opens their pages, then each receives its capabilities and shows their
    # buttons only
    call_page = client.get(f"/commissions/espace-agent/appels/{call.pk}/")
    assert "close" in call_page.context["can"] and "draw" not in call_page.context["can"]
    assert "Clore les candidatures" in call_page.content.decode()
    assert "Tirer au sort" not in call_page.content.decode()
    consultation_page = client.get(f"/commissions/espace-agent/consultations/{consultation.pk}/")
    assert "Ouvrir la consultation" in consultation_page.content.decode()
    opinion_page = client.get(f"/commissions/espace-agent/avis/{opinion.pk}/")
    assert opinion_page.context["can"] == {"record_answer"}
    assert "Transmettre au conseil municipal" not in opinion_page.content.decode()
