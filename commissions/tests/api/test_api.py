from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from civic.models import AgendaItem, CouncilSession
from civic.tests.factories import ResidentFactory
from commissions.services.meetings import meeting_document_add
from commissions.tests.factories import (
    ApplicationFactory,
    MeetingFactory,
    MemberCallFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_commission_create_api_refuses_a_non_councillor_chair_with_a_field_error(api, clerk,
                                                                                resident,
                                                                                council):
    # given a clerk's API session
    api.force_authenticate(clerk)
    # when they create an extra-municipal commission chaired by a resident
    response = api.post("/api/v1/commissions/create/", {
        "kind": "extra_municipal", "name": "Sports et jeunesse", "chair": resident.user.pk,
        "mandate_start": "2026-05-01", "mandate_end": "2032-03-31"}, format="json")
    # then a 400 names the chair field and the rule
    assert response.status_code == 400
    assert response.json()["code"] == "chair_not_councillor"
    assert "L2143-2" in response.json()["fields"]["chair"][0]


def test_commission_create_api_creates_with_seats_then_lists_it(api, clerk, councillor, council):
    # given a clerk
    api.force_authenticate(clerk)
    # when they create a body with two colleges
    created = api.post("/api/v1/commissions/create/", {
        "kind": "extra_municipal", "name": "Culture et patrimoine cévenol",
        "chair": councillor.pk, "mandate_start": "2026-05-01", "mandate_end": "2032-03-31",
        "seats": {"associations": 5, "residents": 4}}, format="json")
    # then it is listed publicly with its seats
    assert created.status_code == 201
    listed = APIClient().get("/api/v1/commissions/?kind=extra_municipal").json()
    assert [c["slug"] for c in listed["results"]] == ["culture-et-patrimoine-cevenol"]
    assert {g["kind"]: g["seats"] for g in listed["results"][0]["seat_groups"]} == {
        "associations": 5, "residents": 4}


def test_commission_create_api_is_forbidden_to_residents(api, resident, councillor, council):
    # given a resident
    api.force_authenticate(resident.user)
    # when they try to create a body
    response = api.post("/api/v1/commissions/create/", {
        "kind": "extra_municipal", "name": "X", "chair": councillor.pk,
        "mandate_start": "2026-05-01", "mandate_end": "2032-03-31"}, format="json")
    # then 403 with the shared error shape
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_call_apply_close_draw_and_replay_through_the_api(api, clerk, residents_college):
    # given an open call and three volunteers applying through the API
    call = MemberCallFactory(seat_group=residents_college)
    for _ in range(3):
        person = APIClient()
        person.force_authenticate(ResidentFactory().user)
        applied = person.post(f"/api/v1/calls/{call.pk}/apply/", {
            "motivation": "Je veux participer à la vie de ma commune."}, format="json")
        assert applied.status_code == 201
    # when the clerk closes the call and draws
    api.force_authenticate(clerk)
    assert api.post(f"/api/v1/calls/{call.pk}/close/").status_code == 200
    drawn = api.post(f"/api/v1/calls/{call.pk}/draw/")
    # then the published draw can be fetched by anyone and holds two members
    assert drawn.status_code == 201
    published = APIClient().get(f"/api/v1/sortitions/{drawn.json()['id']}/").json()
    assert len(published["selected"]) == 2 and len(published["candidates"]) == 3
    assert published["method"] == "sha256-rank-v1"


def test_appoint_api_into_a_full_college_is_a_409_with_a_clear_message(api, clerk,
                                                                      residents_college):
    # given a full two-seat college
    MembershipFactory.create_batch(2, seat_group=residents_college)
    api.force_authenticate(clerk)
    # when the clerk appoints a third person
    response = api.post(f"/api/v1/seat-groups/{residents_college.pk}/appoint/",
                        {"member": ResidentFactory().user.pk}, format="json")
    # then a 409 explains the college is full
    assert response.status_code == 409
    assert response.json()["code"] == "seat_group_full"


def test_closed_meeting_documents_and_minutes_are_403_for_a_resident(api, clerk, commission,
                                                                     resident):
    # given a closed held meeting with a document
    meeting = MeetingFactory(commission=commission, closed=True, held=True, minutes="Secret")
    meeting_document_add(meeting=meeting, title="Note", actor=clerk,
                         upload=SimpleUploadedFile("note.pdf", b"%PDF-1.4 x"))
    api.force_authenticate(resident.user)
    # when a resident asks for its documents and minutes
    documents = api.get(f"/api/v1/meetings/{meeting.pk}/documents/")
    minutes = api.get(f"/api/v1/meetings/{meeting.pk}/minutes/")
    # then both are refused with the reason
    assert (documents.status_code, minutes.status_code) == (403, 403)
    assert documents.json()["code"] == "closed_meeting"


def test_document_upload_api_refuses_a_renamed_executable(api, clerk, commission):
    # given a meeting
    meeting = MeetingFactory(commission=commission)
    api.force_authenticate(clerk)
    # when an executable renamed .pdf is uploaded
    response = api.post(f"/api/v1/meetings/{meeting.pk}/documents/upload/", {
        "title": "Faux PDF", "file": SimpleUploadedFile("faux.pdf", b"MZ\x90\x00binary")},
        format="multipart")
    # then a 400 names the file field
    assert response.status_code == 400
    assert response.json()["code"] == "file_type_refused"
    assert "file" in response.json()["fields"]


def test_meeting_hold_opinion_send_and_answer_through_the_api(api, clerk, commission):
    # given a meeting that took place, with three members
    members = MembershipFactory.create_batch(3, seat_group__commission=commission)
    meeting = MeetingFactory(commission=commission, starts_at=timezone.now() - timedelta(hours=3))
    api.force_authenticate(clerk)
    # when the clerk holds it, records an opinion, sends it and records the answer
    held = api.post(f"/api/v1/meetings/{meeting.pk}/hold/",
                    {"present": [m.member_id for m in members[:2]]}, format="json")
    opinion = api.post(f"/api/v1/meetings/{meeting.pk}/opinions/", {
        "title": "Stationnement", "text": "Avis favorable.", "votes_for": 2,
        "votes_against": 0, "abstentions": 0}, format="json").json()
    sent = api.post(f"/api/v1/opinions/{opinion['id']}/send/")
    # and puts it on a council session's agenda, records the council's vote once the session
    # has opened, and publishes the answer from that decision
    session = CouncilSession.objects.create(council=commission.council,
                                            starts_at=timezone.now() + timedelta(days=7))
    scheduled = api.post(f"/api/v1/opinions/{opinion['id']}/schedule/",
                         {"session": session.pk}, format="json")
    with time_machine.travel(session.starts_at + timedelta(hours=2)):
        voted = api.post(f"/api/v1/opinions/{opinion['id']}/decision/", {
            "outcome": "adopted", "votes_for": 35, "votes_against": 4, "abstentions": 2,
            "reference": "2026-DEL-140", "text": "Le conseil retient l'avis.",
            "decided_at": timezone.now().isoformat()}, format="json")
        answered = api.post(f"/api/v1/opinions/{opinion['id']}/answer/", {
            "answer": "Le conseil adopte la proposition.", "decision": voted.json()["id"]},
            format="json")
    # then the opinion went to the council agenda and its answer is public, with its source
    assert held.json()["quorum_reached"] is True
    assert sent.json()["agenda_item"] == AgendaItem.objects.get().pk
    assert scheduled.status_code == 200 and voted.status_code == 201
    public = APIClient().get(f"/api/v1/opinions/{opinion['id']}/").json()
    assert answered.status_code == 200 and public["status"] == "answered"
    assert public["answer"] == "Le conseil adopte la proposition."
    assert public["answer_decision"] == voted.json()["id"]
    assert public["answer_session"] == session.pk
    assert public["council_decision"] == "2026-DEL-140"


def test_a_councillor_gets_403_on_the_answer_api_and_a_clerk_answers_from_the_session(
    api, clerk, councillor, commission
):
    # given a sent opinion on the agenda of a session that has opened
    from commissions.services.opinions import opinion_schedule, opinion_send
    from commissions.tests.factories import OpinionFactory

    session = CouncilSession.objects.create(council=commission.council,
                                            starts_at=timezone.now() + timedelta(days=2))
    opinion = opinion_send(opinion=OpinionFactory(meeting__commission=commission), actor=clerk)
    opinion_schedule(opinion=opinion, session=session, actor=clerk)
    body = {"answer": "Le conseil prend acte.", "session": session.pk}
    with time_machine.travel(session.starts_at + timedelta(hours=2)):
        # when a councillor, then a clerk, publishes the answer
        api.force_authenticate(councillor)
        by_councillor = api.post(f"/api/v1/opinions/{opinion.pk}/answer/", body, format="json")
        api.force_authenticate(clerk)
        by_clerk = api.post(f"/api/v1/opinions/{opinion.pk}/answer/", body, format="json")
    # then the councillor is refused, the clerk's answer is published from the session
    assert by_councillor.status_code == 403
    assert by_clerk.status_code == 200
    assert by_clerk.json()["answer_session"] == session.pk
    assert by_clerk.json()["answer_decision"] is None


def test_meeting_register_api_refuses_beyond_capacity(api, commission):
    # given a public meeting with one place, taken
    meeting = MeetingFactory(commission=commission, public_capacity=1)
    first = APIClient()
    first.force_authenticate(ResidentFactory().user)
    assert first.post(f"/api/v1/meetings/{meeting.pk}/register/").status_code == 201
    # when someone else registers
    api.force_authenticate(ResidentFactory().user)
    response = api.post(f"/api/v1/meetings/{meeting.pk}/register/")
    # then 409 meeting_full
    assert (response.status_code, response.json()["code"]) == (409, "meeting_full")


def test_consultation_respond_api_rejects_a_bad_choice_per_field_then_accepts(api, clerk,
                                                                             resident):
    # given an open consultation built through the API
    api.force_authenticate(clerk)
    from commissions.tests.factories import ConsultationFactory

    consultation = ConsultationFactory(audience="town")
    question = api.post(f"/api/v1/consultations/{consultation.pk}/questions/", {
        "kind": "single", "label": "Horaires", "choices": ["Matin", "Soir"]},
        format="json").json()
    api.post(f"/api/v1/consultations/{consultation.pk}/open/")
    api.force_authenticate(resident.user)
    # when the resident sends an unknown choice, then a valid one
    bad = api.post(f"/api/v1/consultations/{consultation.pk}/respond/",
                   {"answers": {str(question["id"]): 999999}}, format="json")
    good = api.post(f"/api/v1/consultations/{consultation.pk}/respond/",
                    {"answers": {str(question["id"]): question["choices"][0]["id"]}},
                    format="json")
    # then the first is a 400 on that question, the second is recorded
    assert bad.status_code == 400 and f"q{question['id']}" in bad.json()["fields"]
    assert good.status_code == 201


def test_overdue_filter_lists_late_answers(api, clerk, commission):
    # given an opinion sent 70 days ago with no answer, and one fresh
    from commissions.tests.factories import OpinionFactory

    late = OpinionFactory(meeting__commission=commission, sent=True,
                          answer_due_by=timezone.localdate() - timedelta(days=10))
    OpinionFactory(meeting__commission=commission, sent=True)
    # when the overdue filter is used
    response = api.get("/api/v1/opinions/?overdue=true").json()
    # then only the late one is listed
    assert [o["id"] for o in response["results"]] == [late.pk]


def test_the_openapi_schema_documents_the_commissions_endpoints(api):
    # given the generated schema
    response = api.get("/api/schema/", HTTP_ACCEPT="application/json")
    # when we look for our paths
    paths = response.json()["paths"] if response["Content-Type"].startswith(
        "application/json") else {}
    if not paths:
        import yaml

        paths = yaml.safe_load(response.content)["paths"]
    # then the main operations are documented
    for path in ["/api/v1/commissions/", "/api/v1/calls/{id}/draw/",
                 "/api/v1/meetings/{id}/documents/", "/api/v1/opinions/{id}/answer/",
                 "/api/v1/consultations/{id}/respond/"]:
        assert path in paths, path


def test_application_withdraw_api_is_for_the_applicant(api, residents_college):
    # given an application
    application = ApplicationFactory(call=MemberCallFactory(seat_group=residents_college))
    # when someone else withdraws it, then the applicant does
    api.force_authenticate(ResidentFactory().user)
    other = api.post(f"/api/v1/applications/{application.pk}/withdraw/")
    api.force_authenticate(application.applicant)
    own = api.post(f"/api/v1/applications/{application.pk}/withdraw/")
    # then only the applicant's succeeds
    assert (other.status_code, own.status_code) == (403, 200)
