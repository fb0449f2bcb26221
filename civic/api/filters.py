"""The API's filter backend: django-filter, refusing values it would otherwise ignore.

django-filter already answers 400 for a value its form field rejects (a year that is not a
number, an unknown status). A boolean filter, though, reads anything but `true`/`false` as
"no filter", so `?upcoming=perhaps` would silently list everything: refused here, with the
parameter named in `fields` like any other invalid input.
"""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.views import APIView

BOOLEAN_VALUES = {"true", "false", "1", "0"}


def _boolean_error() -> list[str]:
    return [_("Valeur invalide : « true » ou « false » attendu.")]


def query_boolean(request: Request, name: str) -> bool:
    """A boolean query parameter read by a view itself: absent is false, anything but
    true/false/1/0 is a 400 naming it."""
    raw = request.query_params.get(name, "").lower()
    if raw and raw not in BOOLEAN_VALUES:
        raise ValidationError({name: _boolean_error()})
    return raw in {"true", "1"}


class StrictFilterBackend(DjangoFilterBackend):
    def get_filterset(self, request: Request, queryset: QuerySet[Any],
                      view: APIView) -> django_filters.FilterSet | None:
        filterset = super().get_filterset(request, queryset, view)
        if filterset is None:
            return None
        errors: dict[str, list[str]] = {}
        for name, declared in filterset.filters.items():
            raw = request.query_params.get(name, "")
            if isinstance(declared, django_filters.BooleanFilter) and raw \
                    and raw.lower() not in BOOLEAN_VALUES:
                errors[name] = _boolean_error()
        if errors:
            raise ValidationError(errors)
        return filterset
