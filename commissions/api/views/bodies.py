"""Bodies: list, detail, creation, chair, seat groups, documents."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from civic.api.fields import CodeRelatedField
from civic.http import AuthenticatedRequest
from civic.limits import MAX_SEATS
from civic.models import Neighbourhood, User
from commissions import selectors
from commissions.api.serializers import (
    CommissionDetailSerializer,
    CommissionSerializer,
    DocumentSerializer,
    SeatGroupSerializer,
)
from commissions.models import Commission
from commissions.services import bodies
from commissions.states import CommissionKind, SeatGroupKind


class CommissionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=CommissionKind.choices)
    neighbourhood = django_filters.CharFilter(field_name="neighbourhood__code")

    class Meta:
        model = Commission
        fields = ["kind", "neighbourhood"]


class CommissionListApi(generics.ListAPIView):
    """Bodies in office: extra-municipal commissions, user committees, neighbourhood councils."""

    serializer_class = CommissionSerializer
    filterset_class = CommissionFilter

    def get_queryset(self) -> QuerySet[Commission]:
        return selectors.commission_list_for_public().prefetch_related("seat_groups")


class CommissionDetailApi(APIView):
    @extend_schema(responses=CommissionDetailSerializer)
    def get(self, request: Request, slug: str) -> Response:
        commission = selectors.commission_get(slug=slug)
        return Response(CommissionDetailSerializer(commission, context={"request": request}).data)


class CommissionCreateApi(APIView):
    """Create a body (clerks). The chair must be a councillor for L2143-2 bodies."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=CommissionKind.choices)
        name = serializers.CharField(max_length=200)
        theme = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
        facility = serializers.CharField(max_length=200, required=False, default="",
                                         allow_blank=True)
        neighbourhood = CodeRelatedField(
            slug_field="code", queryset=Neighbourhood.objects.all(), required=False,
            allow_null=True, default=None)
        description = serializers.CharField(required=False, default="", allow_blank=True)
        chair = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
        mandate_start = serializers.DateField()
        mandate_end = serializers.DateField()
        seats = serializers.DictField(
            child=serializers.IntegerField(min_value=1, max_value=MAX_SEATS), required=False,
            default=dict)

        def validate_seats(self, value: dict) -> dict:
            unknown = set(value) - set(SeatGroupKind.values)
            if unknown:
                raise serializers.ValidationError(
                    _("Collèges inconnus : {kinds}").format(kinds=", ".join(sorted(unknown))))
            return value

    @extend_schema(request=InputSerializer, responses={201: CommissionSerializer})
    def post(self, request: AuthenticatedRequest) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        commission = bodies.commission_create(actor=request.user, **data.validated_data)
        return Response(CommissionSerializer(commission).data, status=status.HTTP_201_CREATED)


class CommissionChairSetApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        chair = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())

    @extend_schema(request=InputSerializer, responses=CommissionSerializer)
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        commission = bodies.commission_chair_set(commission=selectors.commission_get(slug=slug),
                                                 chair=data.validated_data["chair"],
                                                 actor=request.user)
        return Response(CommissionSerializer(commission).data)


class SeatGroupSetApi(APIView):
    """Create a seat group or change its number of seats (clerks)."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=SeatGroupKind.choices)
        seats = serializers.IntegerField(min_value=1, max_value=MAX_SEATS)

    @extend_schema(request=InputSerializer, responses=SeatGroupSerializer)
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        group = bodies.seat_group_set(commission=selectors.commission_get(slug=slug),
                                      actor=request.user, **data.validated_data)
        return Response(SeatGroupSerializer(group).data)


class CommissionDocumentAddApi(APIView):
    """Publish a document (PDF, ODT, DOCX, PNG, JPEG...; type checked by content)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200)
        file = serializers.FileField()

    @extend_schema(request={"multipart/form-data": InputSerializer},
                   responses={201: DocumentSerializer})
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        document = bodies.commission_document_add(
            commission=selectors.commission_get(slug=slug), title=data.validated_data["title"],
            upload=data.validated_data["file"], actor=request.user)
        return Response(DocumentSerializer(document, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)
