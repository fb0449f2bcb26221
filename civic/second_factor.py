"""Second factor of staff accounts (django-otp: TOTP plus single-use recovery codes).

Whoever holds a staff role (clerk, councillor, moderator, administrator), runs a body (its
chair or secretary: `roles.holds_app_powers`) or may open the Django admin must, after the
password, give a code from an authenticator app, or one of their recovery codes.
`StaffSecondFactorMiddleware` enforces it on every page and every session call of the API:
a staff member with no device is sent to enrol (first staff login), one with a device to
the code page. Staff sessions end after DECIDONS_STAFF_IDLE_SECONDS (30 minutes)
without a request; residents keep Django's usual session length.

API tokens: a staff account gets one from `POST /api/v1/auth/token/` only with a current code
in `otp_token` (the same request otherwise), so a token never skips the second factor.
"""

import secrets
from collections.abc import Callable
from typing import Any, TypeGuard

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import devices_for_user, match_token
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from civic import roles
from civic.errors import NotPermitted
from civic.models import User
from civic.services.audit import audit_record

RECOVERY_CODES = 10
STAFF_ROLES = (roles.Role.CLERK, roles.Role.COUNCILLOR, roles.Role.MODERATOR,
               roles.Role.ADMINISTRATOR)
# Paths an unverified staff member may still open: the two second-factor pages, log-out,
# the language switch and static files.
_OPEN_PREFIXES = ("/static/", "/i18n/", "/langue/", "/deconnexion/", "/connexion/",
                  "/compte/second-facteur/")


def needs_second_factor(user: Any) -> TypeGuard[User]:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff or user.is_superuser or roles.has_role(user, *STAFF_ROLES)
                or roles.holds_app_powers(user))


def session_verified(user: User) -> bool:
    """Whether this session's login gave the second factor (django_otp's OTPMiddleware sets
    `is_verified` on the request's user)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if check is not None else False


def has_device(user: User) -> bool:
    return any(True for _d in devices_for_user(user, confirmed=True))


def new_recovery_codes() -> list[str]:
    return [secrets.token_hex(4) for _ in range(RECOVERY_CODES)]


@transaction.atomic
def second_factor_enrol(*, user: User, device: TOTPDevice, code: str) -> list[str]:
    """Confirm `user`'s new TOTP device with a first code; returns fresh recovery codes."""
    from civic.errors import DomainError

    if has_device(user):
        raise NotPermitted(_("Un second facteur est déjà actif sur ce compte."))
    if device.user_id != user.pk or not device.verify_token(code):
        raise DomainError(_("Ce code ne correspond pas. Vérifiez l'heure de votre téléphone "
                            "et saisissez le code affiché maintenant."), code="bad_code",
                          field="code")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    static, _created = StaticDevice.objects.get_or_create(
        user=user, name=_("Codes de secours"), defaults={"confirmed": True})
    static.token_set.all().delete()
    codes = new_recovery_codes()
    for token in codes:
        static.token_set.create(token=token)
    audit_record(verb="account.second_factor_enrolled", actor=user, target=user)
    return codes


@transaction.atomic
def second_factor_reset(*, user: User, actor: User) -> int:
    """An administrator removes `user`'s devices (lost phone): they enrol again at their next
    login. Audited."""
    if not roles.has_role(actor, roles.Role.ADMINISTRATOR) and not actor.is_superuser:
        raise NotPermitted()
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        removed += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
    audit_record(verb="account.second_factor_reset", actor=actor, target=user,
                 data={"devices": removed})
    return removed


def verify_code(user: User, code: str) -> Any:
    """The device that accepts `code` (TOTP, or a recovery code, used up), or None."""
    code = (code or "").strip().replace(" ", "")
    return match_token(user, code) if code else None


class StaffSecondFactorMiddleware:
    """After django_otp.middleware.OTPMiddleware: staff pages need a verified device; staff
    sessions expire after DECIDONS_STAFF_IDLE_SECONDS idle."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if needs_second_factor(user):
            # Every request pushes the end of the session 30 minutes on; no request for 30
            # minutes and the session is gone (residents keep SESSION_COOKIE_AGE).
            request.session.set_expiry(settings.DECIDONS_STAFF_IDLE_SECONDS)
            if not session_verified(user) and not request.path.startswith(_OPEN_PREFIXES):
                return self._refuse(request, user)
        return self.get_response(request)

    def _refuse(self, request: HttpRequest, user: User) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"code": "second_factor_required", "message": _(
                "Les comptes d'agents et d'élus doivent d'abord saisir le code de leur second "
                "facteur sur le site.")}, status=403)
        target = "frontend:second_factor" if has_device(user) else "frontend:second_factor_enrol"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")

