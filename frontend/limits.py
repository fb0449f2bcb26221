"""Per-action limits of the web pages (the API's `throttle_scope`, same counters)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from civic.access import wait_message
from civic.api.throttling import action_allowed


def too_many_requests(request: HttpRequest, wait: float) -> HttpResponse:
    response = render(request, "frontend/too_many_requests.html",
                      {"message": wait_message(wait)}, status=429)
    response["Retry-After"] = str(max(1, int(wait)))
    return response


def limited(scope: str) -> Callable:
    """Refuse a POST with 429 once `scope`'s rate is spent (REST_FRAMEWORK rates)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                allowed, wait = action_allowed(request, scope)
                if not allowed:
                    return too_many_requests(request, wait)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
