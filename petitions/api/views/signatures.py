"""Sign, withdraw, follow; clerks' paper signatures, invalidation and CSV export."""

from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from civic.api.permissions import IsResident, IsStaffMember
from civic.http import AuthenticatedRequest, attachment_response
from civic.models import Resident
from petitions import exports, selectors
from petitions.api.serializers import PublicSignerSerializer, SignatureSerializer
from petitions.models import Signature
from petitions.services import lifecycle, signatures


class SignatureAddApi(APIView):
    """Sign an initiative that is collecting signatures."""

    permission_classes = [IsResident]

    class InputSerializer(serializers.Serializer):
        show_name = serializers.BooleanField(default=False,
                                             help_text="Afficher mon nom sur la page publique.")

    @extend_schema(request=InputSerializer, responses={201: SignatureSerializer})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
        signature = signatures.signature_add(initiative=initiative, resident=request.user.resident,
                                             **data.validated_data)
        return Response(SignatureSerializer(signature).data, status=status.HTTP_201_CREATED)


class SignatureWithdrawApi(APIView):
    """Withdraw one's signature while the collection is open."""

    permission_classes = [IsResident]

    @extend_schema(request=None, responses=SignatureSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
        signature = signatures.signature_withdraw(initiative=initiative,
                                                  resident=request.user.resident)
        return Response(SignatureSerializer(signature).data)


class SignaturePublicListApi(generics.ListAPIView):
    """Signers who chose to show their name."""

    serializer_class = PublicSignerSerializer
    permission_classes: list = []

    def get_queryset(self) -> QuerySet[Signature]:
        if getattr(self, "swagger_fake_view", False):
            return Signature.objects.none()
        initiative = selectors.initiative_get_for_user(pk=self.kwargs["pk"],
                                                       user=self.request.user)
        return selectors.signature_list_public(initiative)


class SignatureRecordPaperApi(APIView):
    """Record a paper signature for a resident (clerks; audited)."""

    permission_classes = [IsStaffMember]

    class InputSerializer(serializers.Serializer):
        resident = serializers.PrimaryKeyRelatedField(queryset=Resident.objects.all())
        show_name = serializers.BooleanField(default=False)

    @extend_schema(request=InputSerializer, responses={201: SignatureSerializer})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
        signature = signatures.signature_record_paper(
            initiative=initiative, recorded_by=request.user, **data.validated_data)
        return Response(SignatureSerializer(signature).data, status=status.HTTP_201_CREATED)


class SignatureInvalidateApi(APIView):
    """Invalidate a signature found wrong against the roll (clerks); it no longer counts."""

    permission_classes = [IsStaffMember]

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=300)

    @extend_schema(request=InputSerializer, responses=SignatureSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        signature = selectors.signature_get_for_staff(pk=pk)
        signature = signatures.signature_invalidate(signature=signature, actor=request.user,
                                                    reason=data.validated_data["reason"])
        return Response(SignatureSerializer(signature).data)


class SignatureExportApi(APIView):
    """Every signature as CSV, to check against the electoral or residents' roll (clerks)."""

    permission_classes = [IsStaffMember]

    @extend_schema(responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR)})
    def get(self, request: Request, pk: int) -> HttpResponse:
        initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
        return attachment_response(exports.signatures_csv(initiative),
                                   filename=exports.signatures_filename(initiative),
                                   content_type="text/csv; charset=utf-8")


class InitiativeFollowApi(APIView):
    """Follow an initiative to be told of each step (idempotent)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
        lifecycle.initiative_follow(initiative=initiative, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InitiativeUnfollowApi(APIView):
    """Stop following an initiative."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
        lifecycle.initiative_unfollow(initiative=initiative, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
