"""API tokens (django-rest-knox): stored as a SHA-512 digest, valid REST_KNOX["TOKEN_TTL"],
listed and revoked by their owner, all revoked when the account's password changes."""

from typing import Any

from django.db import transaction
from django.db.models.signals import pre_save
from django.dispatch import receiver
from knox.models import AuthToken

from civic.models import User
from civic.services.audit import audit_record


@transaction.atomic
def token_issue(*, user: User) -> tuple[AuthToken, str]:
    """A new token for `user`: the row, and the secret shown once to the client."""
    instance, secret = AuthToken.objects.create(user=user)
    audit_record(verb="account.api_token_issued", actor=user, target=user,
                 data={"token": instance.token_key, "expiry": instance.expiry})
    return instance, secret


@transaction.atomic
def token_revoke(*, token: AuthToken, actor: User) -> None:
    """Revoke one token (its owner, from the API)."""
    owner, key = token.user, token.token_key
    token.delete()
    audit_record(verb="account.api_token_revoked", actor=actor, target=owner,
                 data={"token": key})


@receiver(pre_save, sender=User)
def _revoke_on_password_change(sender: Any, instance: User, **kwargs: Any) -> None:
    """set_password() keeps the new raw password in `_password` until the next save: a
    change or a reset (web, API, admin, command) then drops every token of the account."""
    if instance.pk and getattr(instance, "_password", None) is not None:
        AuthToken.objects.filter(user_id=instance.pk).delete()
