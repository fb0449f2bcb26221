"""Request types for views behind a login guard.

Django and DRF type `request.user` as `User | AnonymousUser`. A view reached only through
`login_required`, a staff guard or DRF's `IsAuthenticated` annotates its request with one of
these instead, so the signed-in `User` it passes to services is checked as such. They are
annotations only: at run time the request is Django's or DRF's own object.
"""

from typing import cast

from django.http import HttpRequest
from rest_framework.request import Request

from civic.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User


class AuthenticatedRequest(Request):
    user: User


def signed_in_user(request: HttpRequest | Request) -> User:
    """`request.user` where a guard has already turned anonymous visitors away (the admin
    site, `IsAuthenticated` on a generic view whose `self.request` is typed by DRF)."""
    return cast(User, request.user)
