import pytest
from django.urls import reverse

from civic.models import Notification
from civic.services.notifications import notification_enqueue
from civic.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db

NOTIFICATIONS = reverse("frontend:notifications")


def _notify(user, key: str, subject: str = "Votre projet avance") -> Notification:
    notification_enqueue(recipients=[user], kind="test", subject=subject,
                         body="Le projet « Jardin partagé » est soumis au vote.",
                         dedupe_key=key, url="/budgets/")
    return Notification.objects.get(recipient=user, dedupe_key=key, channel="in_app")


def test_notifications_page_lists_only_the_persons_own_in_app_messages(client, resident):
    # given notifications for this resident and for someone else
    _notify(resident.user, "a", "Votre projet avance")
    _notify(ResidentFactory().user, "b", "Message pour quelqu'un d'autre")
    client.force_login(resident.user)
    # when they open their notifications
    html = client.get(NOTIFICATIONS).text
    # then they see theirs, once (not the e-mail copy), and not the other person's
    assert html.count('<h2 class="notification__subject">') == 1
    assert "Votre projet avance" in html
    assert "quelqu&#x27;un d&#x27;autre" not in html


def test_header_counts_unread_notifications(client, resident):
    # given two unread notifications
    _notify(resident.user, "a")
    _notify(resident.user, "b")
    client.force_login(resident.user)
    # when any page is shown
    html = client.get(reverse("frontend:home")).text
    # then the header shows the count
    assert '<span class="badge badge--count">2<span class="visually-hidden"> non lues' in html


def test_marking_one_notification_read_leaves_the_others_unread(client, resident):
    # given two unread notifications
    first, second = _notify(resident.user, "a"), _notify(resident.user, "b")
    client.force_login(resident.user)
    # when the resident marks the first one read
    response = client.post(NOTIFICATIONS, {"notification": first.pk})
    # then only that one is read
    assert response.url == NOTIFICATIONS
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


def test_marking_all_read_clears_the_unread_count(client, resident):
    # given three unread notifications
    for key in "abc":
        _notify(resident.user, key)
    client.force_login(resident.user)
    # when the resident marks them all read
    client.post(NOTIFICATIONS, {"all": "1", "page": "1"})
    # then none is unread and the header shows no count
    assert not Notification.objects.filter(recipient=resident.user, channel="in_app",
                                           read_at__isnull=True).exists()
    assert "badge--count" not in client.get(NOTIFICATIONS).text


def test_nobody_can_mark_someone_elses_notification_read(client, resident):
    # given another person's notification
    other = _notify(ResidentFactory().user, "x")
    client.force_login(resident.user)
    # when this resident posts its id
    client.post(NOTIFICATIONS, {"notification": other.pk})
    # then it stays unread
    other.refresh_from_db()
    assert other.read_at is None


def test_a_malformed_notification_id_is_refused_politely(client, resident):
    # given a logged-in resident
    client.force_login(resident.user)
    # when a form is posted with a bad id
    response = client.post(NOTIFICATIONS, {"notification": "abc"}, follow=True)
    # then the page explains instead of failing
    assert response.status_code == 200
    assert "Cette notification n&#x27;existe pas." in response.text
