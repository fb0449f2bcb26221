"""REST-style routes built from the existing one-operation views, and the deprecation of
the routes they replace (README, "API versioning and deprecation").

`collection(ListView, CreateView)` serves `GET /budgets/` with the list view and
`POST /budgets/` with the create view, each with its own permissions, throttles and schema.
`deprecated(View, successor)` keeps an older route (`POST /budgets/create/`) working: the
schema marks it `deprecated`, and every answer carries `Deprecation: true` and a `Link` to
the route that replaces it (RFC 8594 / RFC 9745).
"""

from typing import Any

from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


def collection(list_view: type[APIView], create_view: type[APIView]) -> type[APIView]:
    """A view class answering GET with `list_view` and POST with `create_view`.

    Named `<Entity>List<Verb>Api` (`BudgetListCreateApi`), so the operation ids stay those
    of the two views (`budget_list`, `budget_create`; civic/api/schema.py).
    """
    verb = create_view.__name__.removesuffix("Api")
    entity = list_view.__name__.removesuffix("ListApi")
    verb = verb.removeprefix(entity) or "Create"

    def get_permissions(self: APIView) -> list[Any]:
        if self.request.method == "POST":
            return [permission() for permission in create_view.permission_classes]
        return list(list_view.get_permissions(self))

    def get_throttles(self: APIView) -> list[Any]:
        if self.request.method == "POST":
            return create_view.get_throttles(self)
        return list_view.get_throttles(self)

    attributes = {
        "__module__": list_view.__module__,
        "__doc__": list_view.__doc__,
        "InputSerializer": create_view.InputSerializer,  # type: ignore[attr-defined]
        # Parsers are chosen before the method is known; a GET has no body to parse.
        "parser_classes": create_view.parser_classes,
        "throttle_scope": getattr(create_view, "throttle_scope", None),
        "post": create_view.post,  # type: ignore[attr-defined]
        "get_permissions": get_permissions,
        "get_throttles": get_throttles,
        # Where each method's documentation comes from (civic/api/schema.py).
        "method_views": {"get": list_view, "post": create_view},
    }
    return type(f"{entity}List{verb}Api", (list_view,), attributes)


def deprecated(view: type[APIView], successor: str) -> type[APIView]:
    """`view` on a route kept for existing clients, replaced by `successor`
    (`"POST /api/v1/budgets/"`)."""
    path = successor.split(" ", 1)[1]

    def finalize_response(self: APIView, request: Request, response: Response, *args: Any,
                          **kwargs: Any) -> Response:
        response = view.finalize_response(self, request, response, *args, **kwargs)
        response["Deprecation"] = "true"
        response["Link"] = f'<{path}>; rel="successor-version"'
        return response

    attributes = {
        "__module__": view.__module__,
        "__doc__": view.__doc__,
        "deprecated_successor": successor,
        "finalize_response": finalize_response,
    }
    return type(view.__name__, (view,), attributes)
