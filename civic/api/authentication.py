"""API authentication: DRF's token scheme, reading the resident profile with the user."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from civic.models import User


class TokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>`, as DRF's, plus the resident profile in the same query.

    Nearly every authenticated call checks eligibility (age, neighbourhood, verification),
    which reads the profile: joined here, it costs no round trip of its own. The checks and
    messages say the same as DRF's.
    """

    def authenticate_credentials(self, key: str) -> tuple[User, Token]:
        model = Token
        try:
            token = model.objects.select_related("user", "user__resident").get(key=key)
        except model.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Jeton d’accès invalide.")) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Compte désactivé ou supprimé."))
        return (token.user, token)
