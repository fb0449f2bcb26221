"""drf-spectacular AutoSchema that documents the shared error format on every operation."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable English snake_case code, e.g. `not_eligible`.")
    message = serializers.CharField(help_text="Human message in the request's language.")
    fields = serializers.DictField(
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


class AutoSchema(SpectacularAutoSchema):
    def get_serializer_name(self, serializer: serializers.Serializer, direction: str) -> str:
        # Views nest their own InputSerializer/OutputSerializer (HOUSE_STYLE §5): name the
        # component after the view, `BallotCastApi.InputSerializer` → `BallotCastApiInput`.
        qualname = type(serializer).__qualname__
        if "." in qualname:
            return qualname.replace(".", "").removesuffix("Serializer")
        return super().get_serializer_name(serializer, direction)

    def _get_response_bodies(self, direction: str = "response") -> dict:
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

    def get_security_definition(self, auto_schema):  # type: ignore[no-untyped-def]
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "Jeton obtenu de `POST /api/v1/auth/token/`, préfixé de "
                               "`Token ` ; il expire (champ `expiry`) et se révoque."}
