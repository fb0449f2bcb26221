from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from commissions.tests.factories import CommissionFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def test_the_ical_feed_of_a_commission_parses_back_and_carries_each_meeting(client, commission,
                                                                            settings):
    # given the production setting of the site's address, three meetings of the commission,
    # one closed, and one of another body
    settings.SITE_URL = "https://decidons.ales.fr"
    settings.SITE_URL_FROM_REQUEST = False
    meetings = [MeetingFactory(commission=commission, title=f"Plénière {n}",
                               starts_at=timezone.now() + timedelta(days=n)) for n in (1, 8)]
    meetings.append(MeetingFactory(commission=commission, closed=True, title="Huis clos"))
    MeetingFactory(commission=CommissionFactory(), title="Autre instance")
    # when the feed is fetched and parsed with the icalendar library
    response = client.get(f"/commissions/{commission.slug}/agenda.ics")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    # then it is a valid calendar with exactly this body's meetings, each linking back
    assert response["Content-Type"].startswith("text/calendar")
    assert set(events) == {f"meeting-{m.pk}@decidons.ales.fr" for m in meetings}
    for meeting in meetings:
        event = events[f"meeting-{meeting.pk}@decidons.ales.fr"]
        assert event.decoded("dtstart") == meeting.starts_at.replace(microsecond=0)
        assert str(event["url"]) == f"https://decidons.ales.fr/commissions/reunions/{meeting.pk}/"
        assert meeting.title in str(event["summary"])


def test_the_ical_feed_for_all_bodies_lists_every_meeting(client, commission):
    # given meetings of two bodies
    first = MeetingFactory(commission=commission)
    second = MeetingFactory(commission=CommissionFactory())
    # when the global feed is parsed
    calendar = Calendar.from_ical(client.get("/commissions/agenda.ics").content)
    # then both are there
    uids = {str(e["uid"]) for e in calendar.walk("VEVENT")}
    assert uids == {f"meeting-{first.pk}@decidons.ales.fr", f"meeting-{second.pk}@decidons.ales.fr"}


def test_the_ical_feed_links_to_the_address_it_is_served_on_in_the_embedded_mode(
        client, commission, settings):
    # given the embedded mode, started on another port than SITE_URL's
    settings.SITE_URL, settings.SITE_URL_FROM_REQUEST = "http://127.0.0.1:8000", True
    meeting = MeetingFactory(commission=commission)
    # when the feed is fetched on port 8123
    response = client.get(f"/commissions/{commission.slug}/agenda.ics",
                          HTTP_HOST="127.0.0.1:8123")
    # then the meeting's link follows the address the site answered on
    event = next(iter(Calendar.from_ical(response.content).walk("VEVENT")))
    assert str(event["url"]) == f"http://127.0.0.1:8123/commissions/reunions/{meeting.pk}/"
