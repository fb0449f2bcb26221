"""The web layer's shared pieces (pages and API): file responses and signed-in request types.

`attachment_response` is the one way a page or the API answers with a file to download or
show.

Django and DRF type `request.user` as `User | AnonymousUser`. A view reached only through
`login_required`, a staff guard or DRF's `IsAuthenticated` annotates its request with
`AuthenticatedHttpRequest` (`AuthenticatedRequest` in the API) instead, so the signed-in `User`
it passes to services is checked as such. They are annotations only: at run time the request
is Django's or DRF's own object.
"""

from collections.abc import Iterable
from typing import cast

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from rest_framework.request import Request

from civic.models import User


def attachment_response(
    content: str | bytes | Iterable[bytes], *, filename: str, content_type: str,
    inline: bool = False, private: bool = False,
) -> HttpResponse:
    """`content` as a file named `filename`: downloaded, or shown in the browser (`inline`).

    `private` files (a person's own data) are never stored by a cache on the way.
    """
    response = HttpResponse(content, content_type=content_type)
    disposition = content_disposition_header(not inline, filename)
    if disposition:  # None only for a file shown inline without a name
        response["Content-Disposition"] = disposition
    if private:
        response["Cache-Control"] = "no-store"
    return response


class AuthenticatedHttpRequest(HttpRequest):
    user: User


class AuthenticatedRequest(Request):
    user: User


def signed_in_user(request: HttpRequest | Request) -> User:
    """`request.user` where a guard has already turned anonymous visitors away (the admin
    site, `IsAuthenticated` on a generic view whose `self.request` is typed by DRF)."""
    return cast(User, request.user)
