"""drf-spectacular AutoSchema: the shared error format on every operation, one tag per module
and operation ids named after the views (`BallotCastApi` → `ballot_cast`)."""

import re
from typing import Any, Literal

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import get_doc
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from civic.api.descriptions import OPERATION_DESCRIPTIONS


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable English snake_case code, e.g. `not_eligible`.")
    message = serializers.CharField(help_text="Human message in the request's language.")
    # A field named like Serializer.fields: the serializer's metaclass takes it out of the
    # class, so the attribute the stubs declare is never shadowed at run time.
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.JSONField(),
        required=False,
        help_text="400 only: messages per invalid input field (a list of messages; for a list "
                  "or nested input, an object keyed by position or sub-field).",
    )
    extra = serializers.DictField(required=False)

    class Meta:
        ref_name = "Error"


ERROR_DESCRIPTIONS = {
    "400": "Données invalides ou règle métier non respectée (`fields` par champ).",
    "401": "Authentification requise.",
    "403": "Action non autorisée pour ce compte.",
    "404": "Objet introuvable.",
    "409": "Conflit avec l'état actuel (étape déjà franchie, doublon).",
    "413": "Corps de requête trop volumineux.",
    "415": "Type de contenu non pris en charge (envoyer du JSON).",
    "429": "Trop de requêtes ; réessayer après `extra.wait` secondes.",
}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


# The tag of each API module (the module of the view class); `civic.api.views` is split by
# view below. The tags themselves are described in SPECTACULAR_SETTINGS["TAGS"].
MODULE_TAGS = {
    "budgets": "budgets",
    "petitions": "initiatives",
    "commissions": "commissions",
    "civic.api.council": "council",
    "civic.api.counter": "counter",
    "civic.api.audit": "audit",
    "civic.api.health": "platform",
    "civic.api.personal_data": "accounts",
    "civic.api.webhooks": "webhooks",
}
VIEW_TAGS = {
    "NeighbourhoodListApi": "platform",
    "ResidentListApi": "counter",
    "ResidentVerifyApi": "counter",
    "CommentListCreateApi": "comments",
    "CommentReportApi": "comments",
    "CommentHideApi": "comments",
}
DEFAULT_TAG = "accounts"


def view_tag(view_class: type) -> str:
    if view_class.__name__ in VIEW_TAGS:
        return VIEW_TAGS[view_class.__name__]
    module = view_class.__module__
    for prefix in sorted(MODULE_TAGS, key=len, reverse=True):
        if module == prefix or module.startswith(prefix + "."):
            return MODULE_TAGS[prefix]
    return DEFAULT_TAG


def view_operation_name(view_class: type, method: str) -> str:
    """`BallotCastApi` → `ballot_cast`. A view serving two methods is named `…ListCreateApi`
    or `…ListPublishApi`: GET is `…_list`, the other method `…_create` (`…_publish`)."""
    name = re.sub(r"(?<!^)(?=[A-Z])", "_", view_class.__name__.removesuffix("Api")).lower()
    methods = [m for m in ("get", "post", "put", "patch", "delete") if hasattr(view_class, m)]
    if len(methods) < 2:
        return name
    head, list_word, verb = name.rpartition("_list_")[0], "list", name.rpartition("_list_")[2]
    if not head:
        return f"{name}_{method.lower()}"
    return f"{head}_{list_word}" if method == "GET" else f"{head}_{verb}"


class AutoSchema(SpectacularAutoSchema):
    def get_tags(self) -> list[str]:
        return [view_tag(type(self.view))]

    def get_operation_id(self) -> str:
        name = view_operation_name(type(self.view), self.method)
        # A route kept for existing clients shares its view with the route replacing it.
        return f"{name}_deprecated" if self.is_deprecated() else name

    def get_description(self) -> str:  # type: ignore[override]
        method_view = getattr(self.view, "method_views", {}).get(self.method.lower())
        if method_view is not None:
            description = get_doc(method_view) or OPERATION_DESCRIPTIONS.get(
                view_operation_name(method_view, self.method), "")
        else:
            description = super().get_description() or OPERATION_DESCRIPTIONS.get(
                view_operation_name(type(self.view), self.method), "")
        successor = getattr(self.view, "deprecated_successor", None)
        if successor:
            description += (f"\n\n**Deprecated**: use `{successor}`. This route is kept "
                            "for existing clients (see the README's API versioning and "
                            "deprecation policy).")
        return description

    def is_deprecated(self) -> bool:
        return bool(getattr(self.view, "deprecated_successor", None))

    def get_serializer_name(self, serializer: serializers.Serializer,
                            direction: Literal["request", "response"]) -> str:
        # Views nest their own InputSerializer/OutputSerializer (HOUSE_STYLE §5): name the
        # component after the view, `BallotCastApi.InputSerializer` → `BallotCastApiInput`.
        qualname = type(serializer).__qualname__
        if "." in qualname:
            return qualname.replace(".", "").removesuffix("Serializer")
        return super().get_serializer_name(serializer, direction)

    def _get_response_bodies(
            self, direction: Literal["request", "response"] = "response") -> dict:
        responses = super()._get_response_bodies(direction)
        codes = ["401", "403", "429"]
        if self.method in WRITE_METHODS or self._has_query_input():
            codes.append("400")
        if self.method in WRITE_METHODS:
            codes += ["409", "413", "415"]
        # A page number past the end is a 404 (DRF's paginator).
        if "{" in self.path or self.method in WRITE_METHODS or self._is_paginated():
            codes.append("404")
        for code in sorted(codes):
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code]), code
                )
        return responses

    def _has_query_input(self) -> bool:
        # Filters, pagination or query parameters declared with `extend_schema` are all
        # validated, so a bad value is a 400.
        if self._get_filter_parameters() or self._get_pagination_parameters():
            return True
        return any(param.get("in") == "query" for param in self._get_parameters())

    def _is_paginated(self) -> bool:
        if self._get_pagination_parameters():
            return True
        return "page" in {param.get("name") for param in self._get_parameters()}


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    """`Authorization: Token <token>` (civic.api.authentication, django-rest-knox tokens)."""

    target_class = "civic.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "Jeton obtenu de `POST /api/v1/auth/token/`, préfixé de "
                               "`Token ` ; il expire (champ `expiry`) et se révoque."}
