"""The charter: its versions (public) and publishing a new one (administrators)."""

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from civic.http import AuthenticatedRequest
from civic.limits import MAX_PEOPLE, MAX_PROMOTERS
from petitions import selectors
from petitions.api.serializers import CharterSerializer
from petitions.models import InitiativeCharter
from petitions.services import charter as charter_services


def _charter_data(charter: InitiativeCharter) -> dict:
    return CharterSerializer(charter).data


class CharterListPublishApi(generics.ListAPIView):
    """GET: every charter version, newest first. POST: publish a new version (administrators)."""

    serializer_class = CharterSerializer
    permission_classes: list = []

    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=200)
        min_promoters = serializers.IntegerField(min_value=1, max_value=MAX_PROMOTERS,
                                                 required=False)
        threshold_kind = serializers.ChoiceField(
            choices=InitiativeCharter.ThresholdKind.choices, required=False)
        threshold_absolute = serializers.IntegerField(min_value=1, max_value=MAX_PEOPLE,
                                                      required=False)
        threshold_share_percent = serializers.DecimalField(
            max_digits=5, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal(100),
            required=False)
        population_override = serializers.IntegerField(min_value=1, max_value=MAX_PEOPLE,
                                                       required=False, allow_null=True)
        min_signer_age = serializers.IntegerField(min_value=0, max_value=120, required=False)
        collection_days = serializers.IntegerField(min_value=1, max_value=730, required=False)
        council_days = serializers.IntegerField(min_value=1, max_value=730, required=False)
        yearly_signature_limit = serializers.IntegerField(min_value=1, max_value=1000,
                                                          required=False)

    def get_queryset(self) -> QuerySet[InitiativeCharter]:
        return selectors.charter_list()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset()) or []
        return self.get_paginated_response([_charter_data(c) for c in page])

    @extend_schema(request=InputSerializer, responses={201: CharterSerializer})
    def post(self, request: AuthenticatedRequest) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        charter = charter_services.charter_publish(actor=request.user, **data.validated_data)
        return Response(_charter_data(charter), status=status.HTTP_201_CREATED)


class CharterCurrentApi(APIView):
    """The charter in force: new initiatives start under it."""

    permission_classes: list = []

    @extend_schema(responses=CharterSerializer)
    def get(self, request: Request) -> Response:
        return Response(_charter_data(charter_services.charter_current()))
