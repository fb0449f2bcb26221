"""The one way the web layer (pages and API) answers with a file to download or show."""

from collections.abc import Iterable

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def attachment_response(
    content: str | bytes | Iterable[bytes], *, filename: str, content_type: str,
    inline: bool = False, private: bool = False,
) -> HttpResponse:
    """`content` as a file named `filename`: downloaded, or shown in the browser (`inline`).

    `private` files (a person's own data) are never stored by a cache on the way.
    """
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    if private:
        response["Cache-Control"] = "no-store"
    return response
