"""API: casting a ballot, reading one's own ballot, published receipts."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from budgets import policies, selectors
from budgets.api.serializers import BallotChoicesField
from budgets.secrecy import VoterBallot, receipt_format
from budgets.services.ballots import ballot_cast
from civic.http import AuthenticatedRequest

# A ballot's answer is kept by no cache, the browser's included (a shared computer).
NO_STORE = {"Cache-Control": "no-store"}


class BallotOutputSerializer(serializers.Serializer):
    """The answer to a cast: the receipt (to find in the published list) and the choices.

    A ballot carries no date, version or salt: nothing that would let the voter, or anyone
    they show it to, prove what they voted.
    """

    receipt = serializers.CharField(source="receipt_display")
    replaced = serializers.BooleanField(
        help_text="Vrai si ce bulletin remplace un bulletin déjà déposé.")
    choices = serializers.SerializerMethodField()

    def get_choices(self, ballot: VoterBallot) -> list[dict[str, int]]:
        return [{"proposal": pid, "points": pts} for pid, pts in sorted(ballot.choices.items())]


class BallotCastApi(APIView):
    """Cast or replace one's secret ballot. Approval and knapsack ballots give 1 point per project.

    A paper ballot is recorded by clerks who must agree, blind (`budgets/{pk}/paper-ballots/`,
    then `paper-ballots/{id}/second-entry/`). `voter_email`, which once let a single clerk
    record one here, is refused with a 400 naming that route, rather than ignored: ignored, it
    would cast the clerk's own ballot.
    """

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        choices = BallotChoicesField()
        voter_email = serializers.EmailField(
            required=False, help_text="Refusé : un bulletin papier passe par la double saisie.")

        def validate_voter_email(self, value: str) -> str:
            raise serializers.ValidationError(_(
                "Un bulletin papier est saisi par deux agents qui doivent concorder : "
                "utilisez /api/v1/budgets/<id>/paper-ballots/ puis la seconde saisie."))

    @extend_schema(request=InputSerializer, responses=BallotOutputSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ballot = ballot_cast(budget=selectors.budget_get(pk=pk), voter=request.user,
                             choices=data.validated_data["choices"])
        return Response(BallotOutputSerializer(ballot).data, headers=NO_STORE)


class BallotReceiptOutputSerializer(serializers.Serializer):
    receipt = serializers.CharField()
    voted = serializers.BooleanField()


class BallotMineApi(APIView):
    """Whether one has voted in this budget, and one's receipt; never the ballot's content.

    A stored ballot is read back by nobody, its voter included, so that whoever acts with the
    voter's session or token cannot learn it (docs/ballot-secrecy.md). The choices are in the
    answer to the cast only.
    """

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=BallotReceiptOutputSerializer)
    def get(self, request: Request, pk: int) -> Response:
        budget = selectors.budget_get(pk=pk)
        receipt = selectors.voter_receipt(budget=budget, voter=request.user)
        if receipt is None or not selectors.ballot_exists(budget=budget, voter=request.user):
            message = _("Vous n'avez pas encore voté.")
            if policies.ballot_box_sealed(budget):
                message = _("Le vote est clos : pour garder le secret du vote, les bulletins ne "
                            "sont plus reliés à personne. Vérifiez votre reçu dans la liste "
                            "publiée.")
            return Response({"code": "no_ballot", "message": message}, status=404,
                            headers=NO_STORE)
        return Response({"receipt": receipt, "voted": True}, headers=NO_STORE)


class ReceiptListApi(APIView):
    """Every counted ballot's receipt, sorted: each voter can find theirs."""

    @extend_schema(responses=inline_serializer("ReceiptList", {
        "count": serializers.IntegerField(), "receipts": serializers.ListField(
            child=serializers.CharField())}))
    def get(self, request: Request, pk: int) -> Response:
        budget = selectors.budget_get(pk=pk)
        policies.ensure_capability(budget, "publish_receipts")
        receipts = [receipt_format(code) for code in
                    selectors.receipt_list(budget=budget).values_list("code", flat=True)]
        return Response({"count": len(receipts), "receipts": receipts})


class ReceiptCheckApi(APIView):
    @extend_schema(responses=inline_serializer(
        "ReceiptCheck", {"receipt": serializers.CharField(),
                         "found": serializers.BooleanField()}))
    def get(self, request: Request, pk: int, receipt: str) -> Response:
        budget = selectors.budget_get(pk=pk)
        policies.ensure_capability(budget, "publish_receipts")
        return Response({"receipt": receipt,
                         "found": selectors.receipt_check(budget=budget, receipt=receipt)})
