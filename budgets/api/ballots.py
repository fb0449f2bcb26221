"""API: casting a ballot, reading one's own ballot, published receipts."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from budgets import policies, selectors
from budgets.models import Ballot
from budgets.services.ballots import ballot_cast


class BallotOutputSerializer(serializers.ModelSerializer):
    choices = serializers.SerializerMethodField()

    class Meta:
        model = Ballot
        fields = ["receipt", "salt", "version", "cast_at", "updated_at", "choices"]

    def get_choices(self, ballot: Ballot) -> list[dict[str, int]]:
        choices = getattr(ballot, "cast_choices", None)  # set by ballot_cast
        if choices is None:
            choices = selectors.ballot_choices(ballot)
        return [{"proposal": pid, "points": pts} for pid, pts in sorted(choices.items())]


class ChoiceSerializer(serializers.Serializer):
    proposal = serializers.IntegerField()
    points = serializers.IntegerField(min_value=0, max_value=1000, default=1)


class BallotCastApi(APIView):
    """Cast or replace one's ballot. Approval and knapsack ballots give 1 point per project.

    A paper ballot is recorded by two clerks who must agree (`budgets/{pk}/paper-ballots/`, then
    `paper-ballots/{id}/second-entry/`). `voter_email`, which once let a single clerk record
    one here, is refused with a 400 naming that route, rather than ignored: ignored, it would
    cast the clerk's own ballot.
    """

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        choices = ChoiceSerializer(many=True, allow_empty=True)
        voter_email = serializers.EmailField(
            required=False, help_text="Refusé : un bulletin papier passe par la double saisie.")

        def validate_voter_email(self, value: str) -> str:
            raise serializers.ValidationError(_(
                "Un bulletin papier est saisi par deux agents qui doivent concorder : "
                "utilisez /api/v1/budgets/<id>/paper-ballots/ puis la seconde saisie."))

    @extend_schema(request=InputSerializer, responses=BallotOutputSerializer)
    def post(self, request, pk: int) -> Response:  # type: ignore[no-untyped-def]
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        choices: dict[int, int] = {}
        for choice in data.validated_data["choices"]:
            if choice["proposal"] in choices:
                raise serializers.ValidationError({"choices": ["Un projet figure deux fois."]})
            choices[choice["proposal"]] = choice["points"]
        ballot = ballot_cast(budget=selectors.budget_get(pk=pk), voter=request.user,
                             choices=choices)
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
