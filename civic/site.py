"""The site's absolute address, for links that leave the page: e-mails, calendars, feeds.

Production builds them from `SITE_URL` (the public address, whatever host a request names).
The embedded mode has no fixed address: the platform answers on whatever host and port it
was started on, so links are built from the address of the request being served
(`SITE_URL_FROM_REQUEST`, on when `SITE_URL` is not set), and from `SITE_URL` only outside a
request (a management command).
"""

from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_request_base: ContextVar[str | None] = ContextVar("decidons_request_base", default=None)


def site_base() -> str:
    """"https://decidons.ales.fr" (no trailing slash)."""
    if getattr(settings, "SITE_URL_FROM_REQUEST", False) and (base := _request_base.get()):
        return base
    return settings.SITE_URL.rstrip("/")


def absolute_url(path: str) -> str:
    """An absolute link to a path of the site ("/budgets/3/" → "https://…/budgets/3/")."""
    return f"{site_base()}{path}"


class RequestSiteMiddleware:
    """Remembers the address of the request being served, for `site_base` (embedded mode)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not getattr(settings, "SITE_URL_FROM_REQUEST", False):
            return self.get_response(request)
        # get_host() checks the host against ALLOWED_HOSTS (400 otherwise, as for any page).
        token = _request_base.set(f"{request.scheme}://{request.get_host()}")
        try:
            return self.get_response(request)
        finally:
            _request_base.reset(token)
