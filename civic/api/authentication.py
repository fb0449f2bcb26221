"""API authentication: django-rest-knox tokens (`Authorization: Token <secret>`, as before),
reading the resident profile with the user."""

import binascii
from hmac import compare_digest

from django.utils.translation import gettext_lazy as _
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.crypto import hash_token
from knox.models import AuthToken
from knox.settings import CONSTANTS
from rest_framework import exceptions

from civic.models import User


class TokenAuthentication(KnoxTokenAuthentication):
    """knox's scheme: the database keeps a digest of each token and its expiry, never the
    token. Nearly every authenticated call checks eligibility (age, neighbourhood,
    verification), which reads the profile: joined here, it costs no round trip of its own.
    """

    def authenticate_credentials(self, token: bytes | str) -> tuple[User, AuthToken]:
        token = token.decode("utf-8") if isinstance(token, bytes) else token
        candidates = AuthToken.objects.filter(
            token_key=token[:CONSTANTS.TOKEN_KEY_LENGTH]).select_related("user",
                                                                         "user__resident")
        for auth_token in candidates:
            if self._cleanup_token(auth_token):
                continue  # expired: deleted
            try:
                digest = hash_token(token)
            except (TypeError, binascii.Error, ValueError):
                break
            if compare_digest(digest, auth_token.digest):
                if not auth_token.user.is_active:
                    raise exceptions.AuthenticationFailed(_("Compte désactivé ou supprimé."))
                return (auth_token.user, auth_token)
        raise exceptions.AuthenticationFailed(_("Jeton d’accès invalide."))
