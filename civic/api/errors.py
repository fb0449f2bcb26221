"""One error format for the whole API: {code, message, fields}.

`code` is stable English snake_case, `message` is in the request's language, `fields` maps
each invalid input field to its messages (400 only).
"""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from civic.access import wait_message
from civic.errors import DomainError


def _flatten(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return [str(item) for item in detail]
        return [_flatten(item) for item in detail]
    return [str(detail)]


def _body(code: str, message: str, fields: dict | None = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    if extra:
        body["extra"] = extra
    return body


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, DomainError):
        fields = {exc.field: [str(exc.message)]} if exc.field else None
        extra = {k: v for k, v in exc.extra.items() if isinstance(v, str | int | float | bool)}
        return Response(_body(exc.code, str(exc.message), fields, **extra), status=exc.status_code)

    if isinstance(exc, RequestDataTooBig):
        # Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE while DRF parses it.
        message = _("La requête est trop volumineuse.")
        return Response(_body("request_too_large", message),
                        status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)

    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real server error: Django's 500 handling and logging take over

    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = _body("invalid", _("Certaines données sont invalides."), _flatten(detail))
    elif isinstance(exc, exceptions.APIException):
        code = exc.get_codes() if not isinstance(exc.get_codes(), dict | list) else exc.default_code
        if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
            response.status_code = status.HTTP_401_UNAUTHORIZED
            code = "not_authenticated"
        message = exc.detail if isinstance(exc.detail, str) else str(exc.default_detail)
        # Throttled sets `wait` (seconds, or None), which the stubs do not declare.
        wait = getattr(exc, "wait", None) if isinstance(exc, exceptions.Throttled) else None
        if isinstance(exc, exceptions.Throttled):
            message = wait_message(wait or 0)
        extra = {"wait": int(wait)} if wait else {}
        response.data = _body(str(code), str(message), None, **extra)
    return response


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """`handler404`: a URL under /api/ that matches no route (e.g. `/api/v1/initiatives/abc/`,
    where the converter wants an integer) answers in the shared JSON format, not with the
    site's HTML page, so API clients can always parse an error."""
    if request.path.startswith("/api/"):
        return JsonResponse(_body("not_found", str(exceptions.NotFound.default_detail)),
                            status=404)
    return defaults.page_not_found(request, exception)
