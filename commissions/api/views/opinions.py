"""Opinions: adopted at a meeting, sent to the council, answered; overdue answers listed."""

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from civic.api.council import CouncilDecisionOutputSerializer
from civic.api.fields import TownDateTimeField
from civic.api.permissions import IsStaffMember
from civic.http import AuthenticatedRequest
from civic.limits import MAX_VOTES
from civic.models import CouncilDecision, CouncilSession
from commissions import selectors
from commissions.api.serializers import OpinionSerializer
from commissions.models import Opinion
from commissions.services import opinions
from commissions.states import OpinionStatus


class OpinionFilter(django_filters.FilterSet):
    commission = django_filters.CharFilter(field_name="commission__slug")
    status = django_filters.ChoiceFilter(choices=OpinionStatus.choices)
    overdue = django_filters.BooleanFilter(method="filter_overdue",
                                           help_text="Answer due date passed, no answer yet.")

    class Meta:
        model = Opinion
        fields = ["commission", "status"]

    def filter_overdue(self, queryset: QuerySet[Opinion], name: str, value: bool,
                       ) -> QuerySet[Opinion]:
        late = {"status": OpinionStatus.SENT, "answer_due_by__lt": timezone.localdate()}
        return queryset.filter(**late) if value else queryset.exclude(**late)


class OpinionListApi(generics.ListAPIView):
    """Opinions of every body and the council's answers (`overdue=true`: late answers)."""

    serializer_class = OpinionSerializer
    filterset_class = OpinionFilter

    def get_queryset(self) -> QuerySet[Opinion]:
        return selectors.opinion_list_public()


class OpinionDetailApi(APIView):
    @extend_schema(responses=OpinionSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(OpinionSerializer(selectors.opinion_get(pk=pk)).data)


class OpinionAdoptApi(APIView):
    """Record an opinion adopted at a held meeting, with its vote."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200)
        text = serializers.CharField(max_length=20_000)
        votes_for = serializers.IntegerField(min_value=0, max_value=MAX_VOTES)
        votes_against = serializers.IntegerField(min_value=0, max_value=MAX_VOTES)
        abstentions = serializers.IntegerField(min_value=0, max_value=MAX_VOTES)

    @extend_schema(request=InputSerializer, responses={201: OpinionSerializer})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        opinion = opinions.opinion_adopt(meeting=selectors.meeting_get_for_action(pk=pk),
                                         actor=request.user, **data.validated_data)
        return Response(OpinionSerializer(opinion).data, status=status.HTTP_201_CREATED)


class OpinionSendApi(APIView):
    """Send to the council: the opinion becomes a council agenda item; an answer is due."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=OpinionSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        opinion = opinions.opinion_send(opinion=selectors.opinion_get_for_action(pk=pk),
                                        actor=request.user)
        return Response(OpinionSerializer(opinion).data)


class OpinionScheduleApi(APIView):
    """Put an opinion sent to the council on one of its planned sessions (clerks)."""

    permission_classes = [IsStaffMember]

    class InputSerializer(serializers.Serializer):
        session = serializers.PrimaryKeyRelatedField(queryset=CouncilSession.objects.all())

    @extend_schema(request=InputSerializer, responses=OpinionSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        opinion = opinions.opinion_schedule(opinion=selectors.opinion_get_for_action(pk=pk),
                                            actor=request.user, **data.validated_data)
        return Response(OpinionSerializer(selectors.opinion_get(pk=opinion.pk)).data)


class OpinionDecisionRecordApi(APIView):
    """Record the council's vote on the opinion (clerks), once its session has opened; the
    counts fit the council's seats. Rectify it at /api/v1/council/decisions/{id}/correct/."""

    permission_classes = [IsStaffMember]

    class InputSerializer(serializers.Serializer):
        outcome = serializers.ChoiceField(choices=CouncilDecision.Outcome.choices)
        votes_for = serializers.IntegerField(min_value=0, max_value=MAX_VOTES)
        votes_against = serializers.IntegerField(min_value=0, max_value=MAX_VOTES)
        abstentions = serializers.IntegerField(min_value=0, max_value=MAX_VOTES)
        reference = serializers.CharField(max_length=60)
        text = serializers.CharField(max_length=20_000)
        decided_at = TownDateTimeField()

    @extend_schema(request=InputSerializer, responses={201: CouncilDecisionOutputSerializer})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decision = opinions.opinion_decision_record(
            opinion=selectors.opinion_get_for_action(pk=pk), actor=request.user,
            **data.validated_data)
        return Response(CouncilDecisionOutputSerializer(decision).data,
                        status=status.HTTP_201_CREATED)


class OpinionAnswerApi(APIView):
    """Publish the council's answer (clerks), from the council's decision on the opinion or
    from the session where it was on the agenda; give `decision` or `session`."""

    permission_classes = [IsStaffMember]

    class InputSerializer(serializers.Serializer):
        answer = serializers.CharField(max_length=20_000)
        decision = serializers.PrimaryKeyRelatedField(
            queryset=CouncilDecision.objects.all(), required=False,
            help_text="La délibération du conseil sur cet avis.")
        session = serializers.PrimaryKeyRelatedField(
            queryset=CouncilSession.objects.all(), required=False,
            help_text="La séance où l'avis a été examiné, sans délibération.")

    @extend_schema(request=InputSerializer, responses=OpinionSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        opinion = opinions.opinion_answer_record(opinion=selectors.opinion_get_for_action(pk=pk),
                                                 actor=request.user, **data.validated_data)
        return Response(OpinionSerializer(selectors.opinion_get(pk=opinion.pk)).data)
