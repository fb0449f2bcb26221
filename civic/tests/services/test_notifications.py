import pytest
from django.core import mail
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from civic.models import Notification
from civic.services.notifications import (
    notification_deliver_batch,
    notification_deliver_pending,
    notification_enqueue,
    notification_mark_read,
)
from civic.tests.factories import ResidentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _enqueue(users, key="event:1"):
    return notification_enqueue(
        recipients=users, kind="test", subject=_("Bonjour {name}"), body=_("Votre projet avance."),
        params={"name": "Alès"}, dedupe_key=key, url="/budgets/",
    )


def test_notification_enqueue_stores_in_app_row_and_sends_email_after_commit(
    resident, django_capture_on_commit_callbacks
):
    # when an event notifies a resident
    with django_capture_on_commit_callbacks(execute=True):
        queued = _enqueue([resident.user])
    # then the in-app row is there and the e-mail went out once, after commit
    assert queued == 1
    inbox = Notification.objects.get(recipient=resident.user, channel="in_app")
    assert inbox.subject == "Bonjour Alès"
    assert [m.to for m in mail.outbox] == [[resident.user.email]]
    assert "http://127.0.0.1:8000/budgets/" in mail.outbox[0].body
    assert Notification.objects.get(channel="email").status == "sent"


def test_notification_is_rendered_in_each_recipients_language(django_capture_on_commit_callbacks):
    # given a French-speaking and an English-speaking resident
    french = ResidentFactory(user=UserFactory(preferred_language="fr")).user
    english = ResidentFactory(user=UserFactory(preferred_language="en")).user
    # when one event notifies both ("Password" is in Django's own catalogues)
    with django_capture_on_commit_callbacks(execute=True):
        notification_enqueue(recipients=[french, english], kind="test", subject=_("Password"),
                             body=_("Password"), dedupe_key="lang:1")
    # then each got it in their language
    subjects = dict(Notification.objects.filter(channel="in_app")
                    .values_list("recipient__preferred_language", "subject"))
    assert subjects == {"fr": "Mot de passe", "en": "Password"}
    assert sorted(m.subject for m in mail.outbox) == ["Mot de passe", "Password"]


def test_notification_enqueue_twice_for_the_same_event_notifies_once(
    resident, django_capture_on_commit_callbacks
):
    # when the same event is enqueued twice (a retried task, a double click)
    with django_capture_on_commit_callbacks(execute=True):
        _enqueue([resident.user])
    with django_capture_on_commit_callbacks(execute=True):
        second = _enqueue([resident.user])
    # then
    assert second == 0
    assert Notification.objects.filter(recipient=resident.user).count() == 2  # in-app + e-mail
    assert len(mail.outbox) == 1


def test_notification_rolled_back_with_its_event_is_never_sent(resident):
    # when the event's transaction fails after the notification was written
    with pytest.raises(RuntimeError), transaction.atomic():
        _enqueue([resident.user])
        raise RuntimeError("the event failed")
    # then nothing remains and nothing was sent
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_notification_deliver_batch_claims_each_row_once(resident):
    # given a pending e-mail (published while the broker was down: nothing ran)
    _enqueue([resident.user])
    email = Notification.objects.get(channel="email")
    # when two deliveries race for it
    first = notification_deliver_batch(notification_ids=[email.pk])
    second = notification_deliver_batch(notification_ids=[email.pk])
    # then it was sent once
    assert (first, second) == (1, 0)
    assert len(mail.outbox) == 1


def test_notification_failed_send_stays_pending_then_goes_out_on_the_next_sweep(
    resident, settings, django_capture_on_commit_callbacks
):
    # given an SMTP server that refuses the connection
    settings.MAILERS = {"default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 1, "use_tls": False},
    }}
    _enqueue([resident.user])
    email = Notification.objects.get(channel="email")
    with pytest.raises(OSError):
        notification_deliver_batch(notification_ids=[email.pk])
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("pending", 1)
    assert "refused" in email.last_error.lower() or email.last_error
    # when the mail server is back and the sweep runs
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        swept = notification_deliver_pending(older_than_seconds=0)
    # then it was delivered exactly once
    assert swept == 1
    email.refresh_from_db()
    assert email.status == "sent"
    assert len(mail.outbox) == 1


def test_notification_mark_read_touches_only_the_users_own_notifications(resident):
    # given two residents with notifications
    other = ResidentFactory()
    _enqueue([resident.user, other.user])
    # when
    marked = notification_mark_read(user=resident.user)
    # then
    assert marked == 1
    assert Notification.objects.get(recipient=other.user, channel="in_app").read_at is None
