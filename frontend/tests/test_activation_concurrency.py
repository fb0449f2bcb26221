import threading

import pytest
from django.db import connection
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from civic.errors import DomainError
from civic.models import AuditEntry, User
from civic.services.accounts import account_activate, activation_token
from civic.tests.factories import ResidentFactory


@pytest.mark.django_db(transaction=True)
def test_an_activation_link_clicked_twice_at_once_activates_and_audits_once(postgres_only):
    # given an account waiting for activation and its link
    user = ResidentFactory(user__is_active=False).user
    uid, token = urlsafe_base64_encode(force_bytes(user.pk)), activation_token.make_token(user)
    barrier, outcomes = threading.Barrier(2), []

    def click() -> None:
        barrier.wait()
        try:
            account_activate(uidb64=uid, token=token)
            outcomes.append("activated")
        except DomainError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    # when two requests use the link at the same moment
    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then one activates the account and the other is told the link has been used
    assert sorted(outcomes) == ["activated", "invalid_activation_link"]
    assert User.objects.get(pk=user.pk).is_active is True
    assert AuditEntry.objects.filter(verb="account.activated").count() == 1
