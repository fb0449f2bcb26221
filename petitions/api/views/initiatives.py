"""Browse, read, start and draft initiatives."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from civic.api.fields import CodeRelatedField
from civic.http import AuthenticatedRequest, signed_in_user
from civic.models import Neighbourhood
from petitions import selectors
from petitions.api.serializers import (
    InitiativeDetailSerializer,
    InitiativeSummarySerializer,
    PromoterSerializer,
    VersionSerializer,
)
from petitions.filters import InitiativeFilter
from petitions.models import CitizenInitiative, InitiativePromoter, InitiativeVersion
from petitions.services import drafting
from petitions.services.drafting import INVITED


class InitiativeListCreateApi(generics.ListAPIView):
    """GET: initiatives visible to the caller, filtered. POST: start a draft (residents)."""

    serializer_class = InitiativeSummarySerializer
    filterset_class = InitiativeFilter

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200, trim_whitespace=False)
        reasons = serializers.CharField(max_length=20000, trim_whitespace=False)
        operative_text = serializers.CharField(max_length=20000, trim_whitespace=False)
        neighbourhood = CodeRelatedField(
            slug_field="code", queryset=Neighbourhood.objects.all(), required=False,
            allow_null=True)

    def get_queryset(self) -> QuerySet[CitizenInitiative]:
        return selectors.initiative_list_for_user(user=self.request.user)

    @extend_schema(request=InputSerializer, responses={201: InitiativeDetailSerializer})
    def post(self, request: AuthenticatedRequest) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        initiative = drafting.initiative_create(author=request.user, **data.validated_data)
        return Response(InitiativeDetailSerializer(initiative).data,
                        status=status.HTTP_201_CREATED)


class InitiativeDetailApi(APIView):
    """One initiative: texts, progress, promoters, timeline, council outcome."""

    @extend_schema(responses=InitiativeDetailSerializer)
    def get(self, request: AuthenticatedRequest, pk: int) -> Response:
        initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
        return Response(InitiativeDetailSerializer(initiative).data)


class InitiativeTextUpdateApi(APIView):
    """Save a new version of the texts while the initiative is a draft (promoters)."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200, trim_whitespace=False)
        reasons = serializers.CharField(max_length=20000, trim_whitespace=False)
        operative_text = serializers.CharField(max_length=20000, trim_whitespace=False)

    @extend_schema(request=InputSerializer, responses=InitiativeDetailSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
        initiative = drafting.initiative_text_update(initiative=initiative, author=request.user,
                                                     **data.validated_data)
        return Response(InitiativeDetailSerializer(initiative).data)


class InitiativeVersionListApi(generics.ListAPIView):
    """Every version of the texts, newest first."""

    serializer_class = VersionSerializer

    def get_queryset(self) -> QuerySet[InitiativeVersion]:
        if getattr(self, "swagger_fake_view", False):
            return InitiativeVersion.objects.none()
        initiative = selectors.initiative_get_for_user(pk=self.kwargs["pk"],
                                                       user=self.request.user)
        return initiative.versions.select_related("author")


class PromoterInviteApi(APIView):
    """Invite a resident, by the e-mail of their account, to co-promote the draft."""

    permission_classes = [IsAuthenticated]
    throttle_scope = "invite"

    class InputSerializer(serializers.Serializer):
        email = serializers.EmailField()

    @extend_schema(request=InputSerializer, responses={202: inline_serializer(
        "PromoterInvitation", {"detail": serializers.CharField()})})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        """The same answer whether or not the address has an account; the invitee finds the
        invitation in `initiatives/mine/` and answers it."""
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
        drafting.promoter_invite(initiative=initiative, invited_by=request.user,
                                 email=data.validated_data["email"])
        return Response({"detail": INVITED}, status=status.HTTP_202_ACCEPTED)


class PromoterRespondApi(APIView):
    """Accept or decline an invitation to co-promote an initiative."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        accept = serializers.BooleanField()

    @extend_schema(request=InputSerializer, responses=PromoterSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        promoter = selectors.promoter_get_for_user(pk=pk, user=request.user)
        promoter = drafting.promoter_respond(promoter=promoter, user=request.user,
                                             accept=data.validated_data["accept"])
        return Response(PromoterSerializer(promoter).data)


class PromoterMineListApi(generics.ListAPIView):
    """The caller's initiatives as promoter, and invitations awaiting an answer."""

    permission_classes = [IsAuthenticated]
    serializer_class = PromoterSerializer

    def get_queryset(self) -> QuerySet[InitiativePromoter]:
        if getattr(self, "swagger_fake_view", False):
            return InitiativePromoter.objects.none()
        return selectors.initiative_list_for_promoter(user=signed_in_user(self.request))


class InitiativeSubmitApi(APIView):
    """Submit the draft for admissibility review (lead promoter)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=InitiativeDetailSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
        initiative = drafting.initiative_submit(initiative=initiative, actor=request.user)
        return Response(InitiativeDetailSerializer(initiative).data)


class InitiativeWithdrawApi(APIView):
    """Withdraw the initiative before the council schedules it (lead promoter)."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=2000, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses=InitiativeDetailSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
        initiative = drafting.initiative_withdraw(initiative=initiative, actor=request.user,
                                                  reason=data.validated_data["reason"])
        return Response(InitiativeDetailSerializer(initiative).data)
