"""JSON errors for every URL under /api/, whatever the mode.

`handler404` (civic/api/errors.py) answers JSON for an unknown API route, but Django only
calls it when DEBUG is off: in the embedded mode (DEBUG on) an unknown route, or a method a
plain Django view does not allow, would answer Django's HTML page. This middleware turns any
such non-JSON 404/405 under /api/ into the shared error format, so a client can always parse
the error, in development as in production.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from rest_framework import exceptions

API_PREFIX = "/api/"
# The pages of the API's documentation are HTML on purpose; their errors are not rewritten.
HTML_PAGES = ("/api/docs/", "/api/redoc/")
ERRORS: dict[int, tuple[str, type[exceptions.APIException]]] = {
    404: ("not_found", exceptions.NotFound),
    405: ("method_not_allowed", exceptions.MethodNotAllowed),
}


class ApiJsonErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (response.status_code not in ERRORS or not request.path.startswith(API_PREFIX)
                or request.path.startswith(HTML_PAGES)
                or response.get("Content-Type", "").startswith("application/json")):
            return response
        code, exception = ERRORS[response.status_code]
        message = str(exception.default_detail)
        if response.status_code == 405:
            message = message.format(method=request.method)
        json = JsonResponse({"code": code, "message": message}, status=response.status_code)
        if response.has_header("Allow"):
            json["Allow"] = response["Allow"]
        return json
