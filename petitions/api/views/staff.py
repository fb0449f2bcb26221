"""Clerks: admissibility review, the council's agenda, vote and answer."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from civic.api.fields import TownDateTimeField
from civic.api.permissions import IsStaffMember
from civic.http import AuthenticatedRequest
from civic.limits import MAX_VOTES
from civic.models import CouncilDecision, CouncilSession
from petitions import selectors
from petitions.api.serializers import (
    DecisionSerializer,
    DueInitiativeSerializer,
    InitiativeDetailSerializer,
)
from petitions.models import CitizenInitiative
from petitions.services import council, review


class _ReasonsInput(serializers.Serializer):
    reasons = serializers.CharField(max_length=10000,
                                    help_text="Décision motivée, communiquée aux porteurs.")


class InitiativeReviewStartApi(APIView):
    """Take a submitted initiative into admissibility review."""

    permission_classes = [IsStaffMember]

    @extend_schema(request=None, responses=InitiativeDetailSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
        initiative = review.initiative_review_start(initiative=initiative, actor=request.user)
        return Response(InitiativeDetailSerializer(initiative).data)


class InitiativeAdmitApi(APIView):
    """Declare the initiative admissible: the signature collection opens."""

    permission_classes = [IsStaffMember]
    InputSerializer = _ReasonsInput

    @extend_schema(request=InputSerializer, responses=InitiativeDetailSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
        initiative = review.initiative_admit(initiative=initiative, actor=request.user,
                                             reasons=data.validated_data["reasons"])
        return Response(InitiativeDetailSerializer(initiative).data)


class InitiativeRefuseApi(APIView):
    """Declare the initiative inadmissible; the reasoned decision is published."""

    permission_classes = [IsStaffMember]
    InputSerializer = _ReasonsInput

    @extend_schema(request=InputSerializer, responses=InitiativeDetailSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
        initiative = review.initiative_refuse(initiative=initiative, actor=request.user,
                                              reasons=data.validated_data["reasons"])
        return Response(InitiativeDetailSerializer(initiative).data)


class InitiativeDueListApi(generics.ListAPIView):
    """Initiatives the council must schedule, earliest first; `overdue` past the charter clock."""

    permission_classes = [IsStaffMember]
    serializer_class = DueInitiativeSerializer

    def get_queryset(self) -> QuerySet[CitizenInitiative]:
        return selectors.initiative_list_due_for_council()


class InitiativeScheduleApi(APIView):
    """Put an initiative that reached its threshold on a planned council session."""

    permission_classes = [IsStaffMember]

    class InputSerializer(serializers.Serializer):
        session = serializers.PrimaryKeyRelatedField(queryset=CouncilSession.objects.all())

    @extend_schema(request=InputSerializer, responses=InitiativeDetailSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
        initiative = council.initiative_schedule(
            initiative=initiative, session=data.validated_data["session"], actor=request.user)
        return Response(InitiativeDetailSerializer(initiative).data)


class InitiativeVoteRecordApi(APIView):
    """Record the council's vote: outcome, counts, the deliberation's reference and text."""

    permission_classes = [IsStaffMember]

    class InputSerializer(serializers.Serializer):
        outcome = serializers.ChoiceField(choices=CouncilDecision.Outcome.choices)
        votes_for = serializers.IntegerField(min_value=0, max_value=MAX_VOTES)
        votes_against = serializers.IntegerField(min_value=0, max_value=MAX_VOTES)
        abstentions = serializers.IntegerField(min_value=0, max_value=MAX_VOTES)
        reference = serializers.CharField(max_length=60)
        text = serializers.CharField(max_length=20000)
        decided_at = TownDateTimeField()

    @extend_schema(request=InputSerializer, responses={201: DecisionSerializer})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
        decision = council.initiative_vote_record(initiative=initiative, actor=request.user,
                                                  **data.validated_data)
        return Response(DecisionSerializer(decision).data, status=201)


class InitiativeAnswerApi(APIView):
    """Publish the town's answer after the vote, with implementation notes."""

    permission_classes = [IsStaffMember]

    class InputSerializer(serializers.Serializer):
        answer = serializers.CharField(max_length=20000)

    @extend_schema(request=InputSerializer, responses=InitiativeDetailSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        initiative = selectors.initiative_get_for_user(pk=pk, user=request.user)
        initiative = council.initiative_answer(initiative=initiative, actor=request.user,
                                               answer=data.validated_data["answer"])
        return Response(InitiativeDetailSerializer(initiative).data)
