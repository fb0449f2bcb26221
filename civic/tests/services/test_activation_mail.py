"""The activation e-mail goes through the outbox: queued with the account, sent by the task."""

import re
from datetime import date

import pytest
from django.core import mail

from civic.models import Notification
from civic.services.accounts import account_activate, account_signup
from civic.services.notifications import notification_deliver_pending

pytestmark = pytest.mark.django_db

REFUSING_SMTP = {"default": {
    "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 1, "use_tls": False},
}}


def _sign_up(neighbourhood):
    return account_signup(
        email="yasmine.keller@exemple.fr", password="un mot de passe solide 42",
        first_name="Yasmine", last_name="Keller", neighbourhood=neighbourhood,
        date_of_birth=date(1990, 5, 4), postal_address="8 rue Deparcieux\n30100 Alès",
        preferred_language="fr")


def _link(message):
    return re.search(r"/inscription/activer/([^/\s]+)/([^/\s]+)/", message.body).groups()


def test_sign_up_queues_the_activation_mail_and_the_task_sends_it_after_commit(
    neighbourhood, django_capture_on_commit_callbacks
):
    # when a person signs up
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        resident = _sign_up(neighbourhood)

    # then the e-mail waits in the outbox, nothing was sent from the request itself
    email = Notification.objects.get(recipient=resident.user, kind="account_activation")
    assert (email.channel, email.status) == ("email", "pending")
    assert "/inscription/activer/" in email.body
    assert mail.outbox == []
    assert not Notification.objects.filter(recipient=resident.user, channel="in_app").exists()

    # when the transaction has committed and the delivery task runs
    for callback in callbacks:
        callback()

    # then the link went out once, and it activates the account
    [message] = mail.outbox
    assert message.to == ["yasmine.keller@exemple.fr"]
    email.refresh_from_db()
    assert email.status == "sent"
    uid, token = _link(message)
    assert account_activate(uidb64=uid, token=token).is_active


def test_activation_mail_survives_a_mail_server_failure_and_goes_out_on_the_retry(
    neighbourhood, settings, django_capture_on_commit_callbacks
):
    # given a mail server that refuses connections
    settings.MAILERS = REFUSING_SMTP

    # when a person signs up
    with django_capture_on_commit_callbacks(execute=True):
        resident = _sign_up(neighbourhood)

    # then the sign-up succeeded and the e-mail is still in the outbox, its failure noted
    email = Notification.objects.get(recipient=resident.user, kind="account_activation")
    assert (email.status, email.attempts) == ("pending", 1)
    assert email.last_error
    assert mail.outbox == []

    # when the mail server is back and the outbox sweep runs
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        notification_deliver_pending(older_than_seconds=0)

    # then the activation link went out, once
    [message] = mail.outbox
    email.refresh_from_db()
    assert email.status == "sent"
    uid, token = _link(message)
    assert account_activate(uidb64=uid, token=token).is_active
