"""API: tally (run, progress), results, exports, implementation follow-up."""

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import parsers, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from budgets import policies, selectors
from budgets.api.serializers import (
    ImplementationSerializer,
    MilestoneSerializer,
    OutcomeSerializer,
    TallySerializer,
)
from budgets.models import Implementation, ImplementationStatus
from budgets.services import export
from budgets.services.explain import unspent_explain
from budgets.services.implementation import implementation_update, milestone_add
from budgets.services.tallies import tally_request
from civic.api.parsers import JSONParser
from civic.api.permissions import IsStaffMember
from civic.http import AuthenticatedRequest, attachment_response


class TallyRequestApi(APIView):
    """Count the ballots (clerks). The same ballots return the same tally: nothing changes."""

    permission_classes = [IsStaffMember]

    @extend_schema(request=None, responses={202: TallySerializer})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        tally = tally_request(budget=selectors.budget_get(pk=pk), actor=request.user)
        tally.refresh_from_db()
        return Response(TallySerializer(tally).data, status=202)


class TallyStatusApi(APIView):
    """The latest tally's status and progress (poll while it runs)."""

    @extend_schema(responses=TallySerializer)
    def get(self, request: Request, pk: int) -> Response:
        tally = selectors.tally_latest(budget=selectors.budget_get(pk=pk))
        if tally is None:
            return Response({"code": "no_tally", "message": _("Aucun dépouillement.")}, status=404)
        return Response(TallySerializer(tally).data)


class TurnoutSerializer(serializers.Serializer):
    neighbourhood = serializers.CharField(source="neighbourhood.code", allow_null=True,
                                          default=None)
    voters = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)


class UnspentSerializer(serializers.Serializer):
    """The envelope left unused by the winners, and why (`case`: "" when all is used,
    "all_selected", "none_fits" or "not_funded"; `reasons` in the reader's language)."""

    envelope_cents = serializers.IntegerField()
    spent_cents = serializers.IntegerField()
    left_cents = serializers.IntegerField()
    case = serializers.CharField()
    cheapest_left_out = serializers.IntegerField(source="cheapest.proposal_id", default=None,
                                                 allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())
    others_too_costly = serializers.BooleanField()


class ResultsApi(APIView):
    @extend_schema(responses=inline_serializer("BudgetResults", {
        "tally": TallySerializer(allow_null=True), "outcomes": OutcomeSerializer(many=True),
        "turnout": TurnoutSerializer(many=True), "unspent": UnspentSerializer(),
        "unspent_use": serializers.CharField()}))
    def get(self, request: Request, pk: int) -> Response:
        budget = selectors.budget_get(pk=pk)
        policies.ensure_capability(budget, "view_results")
        outcomes = list(selectors.outcome_list(budget=budget))
        return Response({
            "tally": TallySerializer(budget.result_tally).data if budget.result_tally else None,
            "outcomes": OutcomeSerializer(outcomes, many=True).data,
            "unspent": UnspentSerializer(unspent_explain(
                envelope_cents=budget.envelope_cents, outcomes=outcomes)).data,
            "unspent_use": budget.unspent_use,
            "turnout": TurnoutSerializer(selectors.turnout_by_neighbourhood(budget=budget),
                                         many=True).data})


class ResultsCsvApi(APIView):
    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request: Request, pk: int) -> HttpResponse:
        budget = selectors.budget_get(pk=pk)
        return attachment_response(export.results_csv(budget=budget),
                                   filename=f"resultats-{budget.pk}.csv",
                                   content_type="text/csv; charset=utf-8")


class PabulibExportApi(APIView):
    """Projects and anonymised ballots in the pabulib format (https://pabulib.org/format)."""

    @extend_schema(responses={(200, "text/plain"): OpenApiTypes.STR})
    def get(self, request: Request, pk: int) -> HttpResponse:
        budget = selectors.budget_get(pk=pk)
        return attachment_response(export.ballots_pb(budget=budget),
                                   filename=f"budget-{budget.pk}.pb",
                                   content_type="text/plain; charset=utf-8")


class ImplementationUpdateApi(APIView):
    permission_classes = [IsStaffMember]

    class InputSerializer(serializers.Serializer):
        status = serializers.ChoiceField(ImplementationStatus.choices)
        progress_percent = serializers.IntegerField(min_value=0, max_value=100)
        note = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=InputSerializer, responses=ImplementationSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        implementation = Implementation.objects.filter(proposal=selectors.proposal_get(pk=pk))
        updated = implementation_update(implementation=_one(implementation), actor=request.user,
                                        **data.validated_data)
        return Response(ImplementationSerializer(updated, context={"request": request}).data)


class MilestoneAddApi(APIView):
    permission_classes = [IsStaffMember]
    parser_classes = [parsers.MultiPartParser, parsers.FormParser, JSONParser]

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=160)
        happened_on = serializers.DateField()
        note = serializers.CharField(required=False, allow_blank=True, default="")
        photo = serializers.FileField(required=False, allow_null=True)

    @extend_schema(request={"multipart/form-data": InputSerializer},
                   responses={201: MilestoneSerializer})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        implementation = Implementation.objects.filter(proposal=selectors.proposal_get(pk=pk))
        milestone = milestone_add(implementation=_one(implementation), actor=request.user,
                                  **data.validated_data)
        body = MilestoneSerializer(milestone, context={"request": request}).data
        return Response(body, status=201)


class ImplementationDetailApi(APIView):
    @extend_schema(responses=ImplementationSerializer)
    def get(self, request: Request, pk: int) -> Response:
        implementation = Implementation.objects.filter(proposal=selectors.proposal_get(pk=pk))
        body = ImplementationSerializer(_one(implementation), context={"request": request}).data
        return Response(body)


def _one(queryset: QuerySet[Implementation]) -> Implementation:
    from budgets.errors import PhaseClosed

    implementation = queryset.prefetch_related("milestones").select_related(
        "proposal__budget").first()
    if implementation is None:
        raise PhaseClosed(_("Ce projet n'est pas lauréat : il n'a pas de suivi de réalisation."),
                          code="not_selected")
    return implementation
