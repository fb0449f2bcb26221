"""API: casting a ballot, reading one's own ballot, published receipts."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from budgets import policies, selectors
from budgets.models import Ballot
from budgets.services.ballots import ballot_cast
from civic.errors import NotPermitted
from civic.models import User


class BallotOutputSerializer(serializers.ModelSerializer):
    choices = serializers.SerializerMethodField()

    class Meta:
        model = Ballot
        fields = ["receipt", "salt", "version", "cast_at", "updated_at", "choices"]

    def get_choices(self, ballot: Ballot) -> list[dict[str, int]]:
        return [{"proposal": pid, "points": pts}
                for pid, pts in sorted(selectors.ballot_choices(ballot).items())]


class ChoiceSerializer(serializers.Serializer):
    proposal = serializers.IntegerField()
    points = serializers.IntegerField(min_value=0, max_value=1000, default=1)


class BallotCastApi(APIView):
    """Cast or replace one's ballot. Approval and knapsack ballots give 1 point per project.

    Clerks record a paper ballot by adding `voter_email` (audited as assisted).
    """

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        choices = ChoiceSerializer(many=True, allow_empty=True)
        voter_email = serializers.EmailField(required=False)

    @extend_schema(request=InputSerializer, responses=BallotOutputSerializer)
    def post(self, request, pk: int) -> Response:  # type: ignore[no-untyped-def]
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        choices: dict[int, int] = {}
        for choice in data.validated_data["choices"]:
            if choice["proposal"] in choices:
                raise serializers.ValidationError({"choices": ["Un projet figure deux fois."]})
            choices[choice["proposal"]] = choice["points"]
        voter, recorded_by = request.user, None
        if email := data.validated_data.get("voter_email"):
            policies.ensure_staff(request.user)
            voter = User.objects.filter(email__iexact=email).first()
            if voter is None:
                raise NotPermitted("Aucun habitant avec cette adresse.", code="unknown_voter")
            recorded_by = request.user
        ballot = ballot_cast(budget=selectors.budget_get(pk=pk), voter=voter, choices=choices,
                             recorded_by=recorded_by)
        return Response(BallotOutputSerializer(ballot).data)


class BallotMineApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=BallotOutputSerializer)
    def get(self, request, pk: int) -> Response:  # type: ignore[no-untyped-def]
        ballot = selectors.ballot_of(budget=selectors.budget_get(pk=pk), voter=request.user)
        if ballot is None:
            return Response({"code": "no_ballot", "message": "Vous n'avez pas encore voté."},
                            status=404)
        return Response(BallotOutputSerializer(ballot).data)


class ReceiptListApi(APIView):
    """Every counted ballot's receipt, sorted: each voter can find theirs."""

    @extend_schema(responses=inline_serializer("ReceiptList", {
        "count": serializers.IntegerField(), "receipts": serializers.ListField(
            child=serializers.CharField())}))
    def get(self, request, pk: int) -> Response:  # type: ignore[no-untyped-def]
        budget = selectors.budget_get(pk=pk)
        policies.ensure_capability(budget, "publish_receipts")
        receipts = list(selectors.receipt_list(budget=budget).values_list("receipt", flat=True))
        return Response({"count": len(receipts), "receipts": receipts})


class ReceiptCheckApi(APIView):
    @extend_schema(operation_id="v1_budgets_receipts_check", responses=inline_serializer(
        "ReceiptCheck", {"receipt": serializers.CharField(),
                         "found": serializers.BooleanField()}))
    def get(self, request, pk: int, receipt: str) -> Response:  # type: ignore[no-untyped-def]
        budget = selectors.budget_get(pk=pk)
        policies.ensure_capability(budget, "publish_receipts")
        return Response({"receipt": receipt,
                         "found": selectors.receipt_check(budget=budget, receipt=receipt)})
