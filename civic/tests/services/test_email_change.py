"""Changing one's e-mail: a signed link to the new address, a notice to the old one."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from civic.errors import DomainError
from civic.models import AuditEntry, User
from civic.services.email_change import email_change_confirm, email_change_request
from civic.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _token(outbox: list) -> str:
    match = re.search(r"/compte/adresse-e-mail/confirmer/([^/\s]+)/", str(outbox[-1].body))
    assert match
    return match.group(1)


@pytest.fixture
def lucie() -> User:
    user = UserFactory(email="lucie@exemple.fr")
    user.set_password("un mot de passe solide")
    user.save()
    return user


def test_the_link_goes_to_the_new_address_and_following_it_changes_the_email(
        lucie, django_capture_on_commit_callbacks):
    # when she asks for a new address with her password
    with django_capture_on_commit_callbacks(execute=True):
        email_change_request(user=lucie, new_email="Lucie.G@Exemple.fr",
                             password="un mot de passe solide")
    # then the link goes to the new address, and nothing has changed yet
    assert mail.outbox[-1].to == ["lucie.g@exemple.fr"]
    lucie.refresh_from_db()
    assert lucie.email == "lucie@exemple.fr"
    # when she follows it
    with django_capture_on_commit_callbacks(execute=True):
        email_change_confirm(token=_token(mail.outbox))
    # then the account uses the new address, and the old one is told
    lucie.refresh_from_db()
    assert lucie.email == "lucie.g@exemple.fr"
    assert mail.outbox[-1].to == ["lucie@exemple.fr"]
    assert AuditEntry.objects.filter(verb="account.email_changed").count() == 1
    assert AuditEntry.objects.filter(verb="account.email_change_requested").count() == 1


def test_a_wrong_password_sends_nothing(lucie, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(DomainError) as refused:
            email_change_request(user=lucie, new_email="autre@exemple.fr", password="faux")
    assert refused.value.field == "password"
    assert mail.outbox == []


def test_a_taken_address_is_refused_without_naming_the_other_account(lucie):
    UserFactory(email="pris@exemple.fr")
    with pytest.raises(DomainError) as refused:
        email_change_request(user=lucie, new_email="PRIS@exemple.fr",
                             password="un mot de passe solide")
    assert str(refused.value.message) == "Cette adresse ne peut pas être utilisée."


def test_an_address_taken_meanwhile_is_refused_when_the_link_is_followed(
        lucie, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email_change_request(user=lucie, new_email="nouvelle@exemple.fr",
                             password="un mot de passe solide")
    UserFactory(email="Nouvelle@exemple.fr")
    with pytest.raises(DomainError) as refused:
        email_change_confirm(token=_token(mail.outbox))
    assert str(refused.value.message) == "Cette adresse ne peut pas être utilisée."
    lucie.refresh_from_db()
    assert lucie.email == "lucie@exemple.fr"


def test_the_link_expires_after_two_days_and_serves_once(
        lucie, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email_change_request(user=lucie, new_email="nouvelle@exemple.fr",
                             password="un mot de passe solide")
    token = _token(mail.outbox)
    with time_machine.travel(timezone.now() + timedelta(days=2, minutes=1)):
        with pytest.raises(DomainError) as expired:
            email_change_confirm(token=token)
    assert expired.value.code == "link_invalid"
    email_change_confirm(token=token)
    with pytest.raises(DomainError) as used:
        email_change_confirm(token=token)
    assert used.value.code == "link_invalid"
    with pytest.raises(DomainError):
        email_change_confirm(token=token[:-2] + "xx")
