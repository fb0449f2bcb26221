"""Downloads of attached documents (checked) and the iCalendar feeds."""

from collections.abc import Iterable
from datetime import timedelta

from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from civic.errors import NotPermitted
from civic.http import attachment_response
from civic.site import absolute_url
from commissions import policies, selectors
from commissions.models import CommissionDocument, Meeting, MeetingDocument

CONTENT_TYPES = {
    "pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain; charset=utf-8",
}


def _download(document: CommissionDocument | MeetingDocument) -> FileResponse:
    response = FileResponse(document.file.open("rb"), as_attachment=True,
                            filename=f"{document.title[:80]}.{document.file_type}",
                            content_type=CONTENT_TYPES[document.file_type])
    response["X-Content-Type-Options"] = "nosniff"
    return response


def commission_document(request: HttpRequest, pk: int) -> FileResponse:
    return _download(get_object_or_404(CommissionDocument, pk=pk))


def meeting_document(request: HttpRequest, pk: int) -> HttpResponseBase:
    document = get_object_or_404(MeetingDocument.objects.select_related("meeting__commission"),
                                 pk=pk)
    try:
        policies.ensure_can_see_meeting_documents(user=request.user, meeting=document.meeting)
    except NotPermitted as exc:
        return render(request, "frontend/commissions/forbidden.html",
                      {"message": exc.message, "meeting": document.meeting}, status=403)
    return _download(document)


def _event(meeting: Meeting) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@decidons.ales.fr")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at or meeting.starts_at + timedelta(hours=2))
    event.add("summary", f"{meeting.commission.name} — {meeting.title}")
    event.add("location", meeting.place)
    url = absolute_url(reverse("commissions_web:meeting", args=[meeting.pk]))
    event.add("url", url)
    closed = "" if meeting.is_public else " (huis clos)"
    event.add("description", f"{meeting.get_visibility_display()}{closed}\n{url}")
    event.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED
              else "CONFIRMED")
    return event


def _feed(meetings: Iterable[Meeting], name: str, filename: str) -> HttpResponse:
    calendar = Calendar()
    calendar.add("prodid", "-//Ville d'Alès//Décidons//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(_event(meeting))
    return attachment_response(calendar.to_ical(), filename=filename, inline=True,
                               content_type="text/calendar; charset=utf-8")


def ical_all(request: HttpRequest) -> HttpResponse:
    return _feed(selectors.meeting_list_for_calendar(), "Réunions des instances — Alès",
                 "reunions.ics")


def ical_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """One meeting, to add to one's own calendar ("Ajouter à mon agenda")."""
    meeting = selectors.meeting_get(pk=pk)
    response = _feed([meeting], meeting.title, f"reunion-{meeting.pk}.ics")
    response["Content-Disposition"] = f'attachment; filename="reunion-{meeting.pk}.ics"'
    return response


def ical_commission(request: HttpRequest, slug: str) -> HttpResponse:
    commission = selectors.commission_get(slug=slug)
    return _feed(selectors.meeting_list_for_calendar(commission=commission),
                 commission.name, f"{commission.slug}.ics")
