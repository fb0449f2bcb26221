"""The client's address, and the limits keyed on it (README, "Mode production").

Behind a load balancer every request comes from the balancer's address (REMOTE_ADDR) and
carries X-Forwarded-For, a list the client may have filled in itself before each proxy appended
the address it saw. Only the entries written by our own proxies can be trusted: with
`DECIDONS_TRUSTED_PROXIES` = N, the client is the N-th address from the right of
"X-Forwarded-For, REMOTE_ADDR" (N = 0, the embedded default: REMOTE_ADDR, the header is
ignored). Every DRF throttle (civic/api/throttling.py), the web pages' per-action limits and
django-axes (AXES_CLIENT_IP_CALLABLE) use this one function.

This is the rule of DRF's NUM_PROXIES and of Werkzeug's ProxyFix. django-ipware was tried
and left out: its proxy count counts the proxies named inside the header, so with one balancer
(`X-Forwarded-For: client`) a count of 1 finds no address, and a count of 0 with its
non-strict mode takes the leftmost entry, the one the client writes.
"""

import ipaddress
from typing import Any

from axes.exceptions import AxesBackendPermissionDenied
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def client_address(request: Any) -> str:
    """The address of the browser or program that sent `request`."""
    meta = getattr(request, "META", {})
    remote = meta.get("REMOTE_ADDR", "") or ""
    trusted = settings.DECIDONS_TRUSTED_PROXIES
    if not trusted:
        return remote
    hops = [h.strip() for h in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    hops.append(remote)
    candidate = hops[-(trusted + 1)] if len(hops) > trusted else hops[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:  # our own proxy would never write this: fall back on the socket's
        return remote


# --- Password spraying: wrong passwords from one address, whatever the accounts ------------

def _failures_key(address: str) -> str:
    return f"login-failures:{address}"


def _cooloff_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME * 3600)


@receiver(user_login_failed)
def _count_failure(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    if request is None:
        return
    key = _failures_key(client_address(request))
    cache.add(key, 0, _cooloff_seconds())
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, _cooloff_seconds())


class AddressLockoutBackend:
    """Refuses every login from an address that failed DECIDONS_LOGIN_FAILURES_PER_ADDRESS
    times in the cool-off period, across all accounts (django-axes locks the pair (address,
    account) after AXES_FAILURE_LIMIT failures; this catches one wrong password tried on many
    accounts). The refusal is django-axes' own: same 429 page, same API answer. It has no
    get_user(), so sessions (and the test client's force_login) use the model backend."""

    def authenticate(self, request: Any, **credentials: Any) -> None:
        if request is None or not settings.AXES_ENABLED:
            return None
        failures = cache.get(_failures_key(client_address(request))) or 0
        if failures >= settings.DECIDONS_LOGIN_FAILURES_PER_ADDRESS:
            getattr(request, "_request", request).axes_locked_out = True
            request.axes_locked_out = True
            raise AxesBackendPermissionDenied("too many failures from this address")
        return None


def lockout_response(request: Any, original_response: Any = None,
                     credentials: Any = None) -> HttpResponse:
    """django-axes' answer to a locked login (AXES_LOCKOUT_CALLABLE): the explaining page on
    the site, the shared JSON error under /api/ — 429 both."""
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "locked_out", "message": _(
            "Trop d'essais de connexion avec un mot de passe incorrect : les connexions depuis "
            "cet appareil sont bloquées pendant une heure.")}, status=429)
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)


def wait_message(wait_seconds: float) -> str:
    """What a person told to slow down reads (page and API alike)."""
    minutes = max(1, -(-int(wait_seconds) // 60))
    return ngettext(
        "Trop de demandes en peu de temps. Réessayez dans %(minutes)s minute.",
        "Trop de demandes en peu de temps. Réessayez dans %(minutes)s minutes.",
        minutes) % {"minutes": minutes}
