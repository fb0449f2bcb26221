"""API of the council's decisions: read one with its rectifications, rectify it (clerks)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from civic import selectors
from civic.api.fields import TownDateTimeField
from civic.api.permissions import IsStaffMember
from civic.http import AuthenticatedRequest
from civic.limits import MAX_VOTES
from civic.models import CouncilDecision
from civic.services.council import council_decision_correct


class CorrectionOutputSerializer(serializers.Serializer):
    reason = serializers.CharField()
    previous = serializers.DictField(help_text="Les valeurs publiées avant la rectification.")
    corrected_at = serializers.DateTimeField()


class CouncilDecisionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(source="agenda_item.title")
    session_starts_at = serializers.DateTimeField(source="agenda_item.session.starts_at",
                                                  allow_null=True, default=None)
    outcome = serializers.CharField()
    votes_for = serializers.IntegerField()
    votes_against = serializers.IntegerField()
    abstentions = serializers.IntegerField()
    reference = serializers.CharField()
    text = serializers.CharField()
    decided_at = serializers.DateTimeField()
    corrections = CorrectionOutputSerializer(many=True, read_only=True)


class CouncilDecisionDetailApi(APIView):
    """A decision of the municipal council, with every rectification and what it replaced."""

    @extend_schema(responses=CouncilDecisionOutputSerializer)
    def get(self, request: Request, pk: int) -> Response:
        decision = selectors.council_decision_get(pk=pk)
        return Response(CouncilDecisionOutputSerializer(decision).data)


class CouncilDecisionCorrectApi(APIView):
    """Rectify a recorded decision (clerks): give the reason and only the values that change.

    The replaced values stay in the audit log and on the public page; everyone who was told
    of the vote is told of the rectification.
    """

    permission_classes = [IsAuthenticated, IsStaffMember]

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=2000,
                                       help_text="Motif de la rectification, publié.")
        outcome = serializers.ChoiceField(choices=CouncilDecision.Outcome.choices,
                                          required=False)
        votes_for = serializers.IntegerField(min_value=0, max_value=MAX_VOTES, required=False)
        votes_against = serializers.IntegerField(min_value=0, max_value=MAX_VOTES,
                                                 required=False)
        abstentions = serializers.IntegerField(min_value=0, max_value=MAX_VOTES, required=False)
        reference = serializers.CharField(max_length=60, required=False)
        text = serializers.CharField(max_length=20000, required=False)
        decided_at = TownDateTimeField(required=False)

    @extend_schema(request=InputSerializer, responses=CouncilDecisionOutputSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decision = council_decision_correct(decision=selectors.council_decision_get(pk=pk),
                                            actor=request.user, **data.validated_data)
        decision = selectors.council_decision_get(pk=decision.pk)
        return Response(CouncilDecisionOutputSerializer(decision).data)
