"""Helpers of the commissions demo: people, dates and a small but valid PDF."""

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from civic.models import CouncilSession, Neighbourhood, Resident, User
from civic.models.user import VerificationMethod, VerificationStatus
from civic.services.council import council_current, council_session_create
from commissions.models import Commission, Meeting
from commissions.services import bodies, meetings, members, sessions

PARIS = ZoneInfo("Europe/Paris")
MANDATE = (date(2026, 4, 1), date(2032, 3, 31))
CLERK, ELISE, PAUL = "agent@decidons.test", "elue@decidons.test", "elu@decidons.test"

# Volunteers added by this module so draws have more candidates than seats.
VOLUNTEERS = [
    ("marie.fabre@decidons.test", "Marie", "Fabre", "centre-ville", date(1976, 3, 2)),
    ("ahmed.bouzid@decidons.test", "Ahmed", "Bouzid", "pres-saint-jean", date(1983, 8, 19)),
    ("jeanne.roux@decidons.test", "Jeanne", "Roustan", "cevennes", date(1961, 12, 5)),
    ("thomas.nogaret@decidons.test", "Thomas", "Nogaret", "tamaris", date(1995, 5, 23)),
    ("fatima.elamrani@decidons.test", "Fatima", "El Amrani", "faubourg-soleil",
     date(1980, 10, 1)),
    ("bernard.castanier@decidons.test", "Bernard", "Castanier", "rochebelle",
     date(1954, 2, 14)),
    ("ines.martin@decidons.test", "Inès", "Martin", "clavieres-brouzen", date(1999, 7, 7)),
    ("gilles.teissier@decidons.test", "Gilles", "Teissier", "prairie-moulinet",
     date(1972, 9, 30)),
]


def person(email: str) -> User:
    return User.objects.get(email=email)


def volunteers_seed(clerk: User) -> list[User]:
    """Create the demo volunteers (verified residents), once."""
    from civic.demo import DEMO_PASSWORD

    users = []
    for email, first, last, code, born in VOLUNTEERS:
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            from civic import roles

            roles.grant_role(user, roles.Role.RESIDENT)
        Resident.objects.get_or_create(user=user, defaults={
            "neighbourhood": Neighbourhood.objects.get(code=code), "date_of_birth": born,
            "verification_status": VerificationStatus.VERIFIED,
            "verification_method": VerificationMethod.COUNTER, "verified_by": clerk,
            "verified_at": at(date(2026, 4, 8), 10)})
        users.append(user)
    return users


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def council_session(clerk: User, when: datetime) -> CouncilSession:
    """The municipal council's session at `when`, created once."""
    council = council_current(on=when.date())
    session = CouncilSession.objects.filter(council=council, starts_at=when).first()
    return session or council_session_create(council=council, starts_at=when, actor=clerk,
                                             place="Hôtel de ville, salle du conseil")


def days_from_today(days: int, hour: int = 18) -> datetime:
    return at(timezone.localdate() + timedelta(days=days), hour)


def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page PDF 1.4 with the given lines of text (Helvetica), offsets computed."""
    text = "BT /F1 12 Tf 50 780 Td 16 TL " + " ".join(
        "({}) '".format(line.encode("latin-1", "replace").decode("latin-1")
                        .replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)"))
        for line in lines) + " ET"
    stream = text.encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def body(slug: str, clerk: User, **fields: Any) -> Commission | None:
    """Create the body unless it exists (then None: its content is already seeded)."""
    if Commission.objects.filter(slug=slug).exists():
        return None
    commission = bodies.commission_create(actor=clerk, mandate_start=MANDATE[0],
                                          mandate_end=MANDATE[1], **fields)
    assert commission.slug == slug, commission.slug
    return commission


def appoint(commission: Commission, kind: str, emails: list[str], clerk: User) -> None:
    group = commission.seat_groups.get(kind=kind)
    for email in emails:
        members.membership_appoint(seat_group=group, member=person(email), actor=clerk)


def held(commission: Commission, clerk: User, *, title: str, when: datetime, place: str,
         agenda: list[str], minutes: str, absent: int = 0, **kwargs: Any) -> Meeting:
    """A past meeting: created, agenda, held with its attendance, minutes published."""
    meeting = meetings.meeting_create(commission=commission, title=title, starts_at=when,
                                      place=place, actor=clerk, **kwargs)
    for point in agenda:
        meetings.meeting_agenda_add(meeting=meeting, title=point, actor=clerk)
    return hold(meeting, clerk, minutes=minutes, absent=absent)


def hold(meeting: Meeting, clerk: User, *, minutes: str, absent: int = 0) -> Meeting:
    """Record a planned meeting as held (all members present but `absent`) with minutes."""
    present = list(meeting.commission.memberships.filter(status="active").order_by(
        "pk").values_list("member_id", flat=True))
    meeting = sessions.meeting_hold(meeting=meeting, actor=clerk,
                                    present_member_ids=present[absent:])
    return sessions.meeting_minutes_publish(meeting=meeting, minutes=minutes, actor=clerk)
