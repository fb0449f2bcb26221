import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from civic.errors import Conflict, DomainError, InvalidTransition, NotPermitted
from civic.models import Notification
from civic.tests.factories import ResidentFactory
from commissions import policies
from commissions.models import Meeting
from commissions.services.meetings import (
    meeting_agenda_add,
    meeting_create,
    meeting_document_add,
    meeting_invite,
    meeting_register,
    meeting_unregister,
)
from commissions.services.sessions import meeting_hold, meeting_minutes_publish
from commissions.tests.factories import MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def test_meeting_create_outside_the_bodys_mandate_is_refused(clerk, commission):
    # given a commission whose mandate ends in March 2032
    # when a clerk plans a meeting in 2033
    with pytest.raises(DomainError) as error:
        meeting_create(commission=commission, title="Plénière", place="Mairie", actor=clerk,
                       starts_at=timezone.now().replace(year=2033))
    # then it is refused on the date
    assert error.value.field == "starts_at"


def test_meeting_register_refuses_the_public_beyond_capacity(commission):
    # given a public meeting with two places
    meeting = MeetingFactory(commission=commission, public_capacity=2)
    for _ in range(2):
        meeting_register(meeting=meeting, user=ResidentFactory().user)
    # when a third person registers
    with pytest.raises(Conflict) as error:
        meeting_register(meeting=meeting, user=ResidentFactory().user)
    # then it is full and only two registrations exist
    assert error.value.code == "meeting_full"
    meeting.refresh_from_db()
    assert meeting.registered_count == 2 == meeting.registrations.count()


def test_meeting_unregister_gives_the_place_back(commission, resident):
    # given a full one-place meeting
    meeting = MeetingFactory(commission=commission, public_capacity=1)
    meeting_register(meeting=meeting, user=resident.user)
    # when the person unregisters
    meeting_unregister(meeting=meeting, user=resident.user)
    # then someone else can take the place
    meeting_register(meeting=meeting, user=ResidentFactory().user)
    meeting.refresh_from_db()
    assert meeting.registered_count == 1


def test_meeting_register_refuses_a_closed_meeting(commission, resident):
    # given a closed meeting
    meeting = MeetingFactory(commission=commission, closed=True)
    # when a resident registers
    # then it is refused
    with pytest.raises(DomainError) as error:
        meeting_register(meeting=meeting, user=resident.user)
    assert error.value.code == "closed_meeting"


def test_a_resident_cannot_see_a_closed_meetings_documents(commission, resident, clerk):
    # given a closed meeting, one of its members and a resident who is not a member
    meeting = MeetingFactory(commission=commission, closed=True)
    member = MembershipFactory(seat_group__commission=commission).member
    # when each asks for the documents
    with pytest.raises(NotPermitted) as error:
        policies.ensure_can_see_meeting_documents(user=resident.user, meeting=meeting)
    # then the resident gets a clear reason, the member and the clerk do not
    assert error.value.code == "closed_meeting"
    policies.ensure_can_see_meeting_documents(user=member, meeting=meeting)
    policies.ensure_can_see_meeting_documents(user=clerk, meeting=meeting)


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (6, 4), (90, 90, 200)).save(out, "JPEG")
    return out.getvalue()


@pytest.mark.parametrize(("name", "content"), [("ordre-du-jour.pdf", PDF),
                                                ("compte-rendu.odt", _odt()),
                                                ("photo.jpeg", _jpeg())])
def test_meeting_document_add_accepts_files_whose_content_matches(clerk, commission, name,
                                                                  content):
    # given a meeting
    meeting = MeetingFactory(commission=commission)
    # when a clerk attaches a genuine file
    document = meeting_document_add(meeting=meeting, title="Pièce", actor=clerk,
                                    upload=SimpleUploadedFile(name, content))
    # then it is stored with its detected type and size (a picture as re-encoded)
    assert document.size == (document.file.size if name.endswith(".jpeg") else len(content))
    assert document.file_type == name.rsplit(".", 1)[1].replace("jpeg", "jpg")


@pytest.mark.parametrize(("name", "content", "code"), [
    ("rapport.pdf", b"MZ\x90\x00 executable", "file_type_refused"),
    ("rapport.pdf", b"\x89PNG\r\n\x1a\n....", "file_type_mismatch"),
    ("vide.pdf", b"", "empty_file"),
])
def test_meeting_document_add_refuses_files_by_content_not_name(clerk, commission, name, content,
                                                                code):
    # given a meeting
    meeting = MeetingFactory(commission=commission)
    # when a clerk attaches a file whose bytes do not match an accepted type
    with pytest.raises(DomainError) as error:
        meeting_document_add(meeting=meeting, title="Pièce", actor=clerk,
                             upload=SimpleUploadedFile(name, content))
    # then the reason is given on the file field
    assert (error.value.code, error.value.field) == (code, "file")


def test_meeting_document_add_refuses_a_file_over_the_configured_size(clerk, commission,
                                                                      settings):
    # given a limit of 1 KB
    settings.DECIDONS = {**settings.DECIDONS, "COMMISSIONS": {"DOCUMENT_MAX_BYTES": 1024}}
    meeting = MeetingFactory(commission=commission)
    # when a 2 KB PDF is attached
    with pytest.raises(DomainError) as error:
        meeting_document_add(meeting=meeting, title="Gros", actor=clerk,
                             upload=SimpleUploadedFile("gros.pdf", PDF + b"0" * 2048))
    # then it is refused as too large
    assert error.value.code == "file_too_large"


def test_meeting_invite_notifies_each_member_once(clerk, commission):
    # given a meeting with an agenda and three members
    meeting = MeetingFactory(commission=commission)
    meeting_agenda_add(meeting=meeting, title="Éclairage public", actor=clerk)
    MembershipFactory.create_batch(3, seat_group__commission=commission)
    # when invitations are sent twice
    meeting_invite(meeting=meeting, actor=clerk)
    meeting_invite(meeting=meeting, actor=clerk)
    # then each member has one in-app invitation that lists the agenda
    invitations = Notification.objects.filter(kind="commission_meeting_invitation",
                                              channel="in_app")
    assert invitations.count() == 3
    assert "1. Éclairage public" in invitations.first().body


def test_meeting_invite_a_second_time_reaches_only_members_appointed_since(clerk, commission):
    # given a meeting whose two members were convened
    meeting = MeetingFactory(commission=commission)
    first = MembershipFactory.create_batch(2, seat_group__commission=commission)
    sent = meeting_invite(meeting=meeting, actor=clerk)
    # when invitations are sent again with nobody new, then after a member is appointed
    again = meeting_invite(meeting=meeting, actor=clerk)
    newcomer = MembershipFactory(seat_group=first[0].seat_group)
    last = meeting_invite(meeting=meeting, actor=clerk)
    # then each call says what it sent and how many already had it
    assert (sent.sent, sent.already) == (2, 0)
    assert (again.sent, again.already) == (0, 2)
    assert (last.sent, last.already) == (1, 2)
    # and the newcomer alone got the second sending
    invitations = Notification.objects.filter(kind="commission_meeting_invitation",
                                              channel="in_app")
    assert invitations.count() == 3
    assert invitations.filter(recipient=newcomer.member).count() == 1


def test_meeting_hold_records_attendance_and_quorum(clerk, commission):
    # given a meeting that took place and four members, two of them present
    meeting = MeetingFactory(commission=commission,
                             starts_at=timezone.now() - timedelta(hours=2))
    members = MembershipFactory.create_batch(4, seat_group__commission=commission)
    # when the clerk records it as held
    held = meeting_hold(meeting=meeting, actor=clerk,
                        present_member_ids=[members[0].member_id, members[1].member_id])
    # then half the members were there: quorum (50 %) is reached
    assert (held.status, held.present_count, held.members_count) == ("held", 2, 4)
    assert held.quorum_reached is True
    assert held.attendance.filter(present=True).count() == 2


def test_meeting_hold_without_quorum_is_recorded_as_such(clerk, commission):
    # given four members, one present
    meeting = MeetingFactory(commission=commission,
                             starts_at=timezone.now() - timedelta(hours=2))
    members = MembershipFactory.create_batch(4, seat_group__commission=commission)
    # when held
    held = meeting_hold(meeting=meeting, actor=clerk, present_member_ids=[members[0].member_id])
    # then quorum is not reached
    assert held.quorum_reached is False


def test_meeting_minutes_publish_needs_a_held_meeting(clerk, commission):
    # given a planned meeting
    meeting = MeetingFactory(commission=commission)
    # when minutes are published
    with pytest.raises(InvalidTransition):
        meeting_minutes_publish(meeting=meeting, minutes="Compte rendu", actor=clerk)
    # then, once held, they are stored as plain text
    Meeting.objects.filter(pk=meeting.pk).update(status="held")
    meeting.refresh_from_db()
    published = meeting_minutes_publish(meeting=meeting, actor=clerk,
                                        minutes="<b>Présents</b> : 5\nDébat.")
    assert published.minutes == "<b>Présents</b> : 5\nDébat."
    assert published.minutes_published_at is not None


def test_a_bodys_secretary_reads_its_closed_meetings_documents_and_no_other_bodys(
        commission, resident):
    # given a closed meeting of a body whose secretary is a resident, and another body's
    from commissions.tests.factories import CommissionFactory

    commission.secretary = resident.user
    commission.save(update_fields=["secretary"])
    meeting = MeetingFactory(commission=commission, closed=True)
    elsewhere = MeetingFactory(commission=CommissionFactory(), closed=True)
    # when she asks for each meeting's documents
    # then she may read her body's, which she writes the minutes of, and not the other's
    policies.ensure_can_see_meeting_documents(user=resident.user, meeting=meeting)
    with pytest.raises(NotPermitted):
        policies.ensure_can_see_meeting_documents(user=resident.user, meeting=elsewhere)
