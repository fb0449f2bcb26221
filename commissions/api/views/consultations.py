"""User consultations: questionnaires, answers, results (JSON and CSV)."""

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from civic.api.fields import CodeRelatedField
from civic.errors import NotPermitted
from civic.http import AuthenticatedRequest, attachment_response
from civic.limits import MAX_AGE
from civic.models import Neighbourhood
from commissions import selectors
from commissions.api.serializers import (
    ConsultationDetailSerializer,
    ConsultationSerializer,
    QuestionSerializer,
)
from commissions.models import Commission, Consultation
from commissions.services import consultations
from commissions.states import ConsultationAudience, QuestionKind

RESULTS_HIDDEN = _("Les résultats seront publiés à la clôture de la consultation.")


class ConsultationListApi(generics.ListAPIView):
    serializer_class = ConsultationSerializer
    filterset_fields = ["status", "audience"]

    def get_queryset(self) -> QuerySet[Consultation]:
        return selectors.consultation_list_for_public().prefetch_related("questions__choices")


class ConsultationDetailApi(APIView):
    """A consultation, who may answer it and, for the caller, whether they did or why not."""

    @extend_schema(responses=ConsultationDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(ConsultationDetailSerializer(selectors.consultation_get(pk=pk),
                                                     context={"request": request}).data)


class ConsultationCreateApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        commission = CodeRelatedField(slug_field="slug", queryset=Commission.objects.all())
        title = serializers.CharField(max_length=200)
        description = serializers.CharField(required=False, default="", allow_blank=True)
        audience = serializers.ChoiceField(choices=ConsultationAudience.choices)
        neighbourhood = CodeRelatedField(
            slug_field="code", queryset=Neighbourhood.objects.all(), required=False,
            allow_null=True, default=None)
        require_verified = serializers.BooleanField(
            default=True, help_text="Only residents whose account the town verified.")
        min_age = serializers.IntegerField(min_value=0, max_value=MAX_AGE, required=False,
                                           allow_null=True, default=None)
        anonymous = serializers.BooleanField(default=True)
        closes_on = serializers.DateField(help_text="Last day to answer (until midnight).")

    @extend_schema(request=InputSerializer, responses={201: ConsultationSerializer})
    def post(self, request: AuthenticatedRequest) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        consultation = consultations.consultation_create(actor=request.user,
                                                         **data.validated_data)
        return Response(ConsultationSerializer(consultation).data, status=status.HTTP_201_CREATED)


class QuestionAddApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=QuestionKind.choices)
        # `label` and `required` are named like Field attributes: the serializer's metaclass
        # takes declared fields out of the class, so those are never shadowed at run time.
        label = serializers.CharField(max_length=300)  # type: ignore[assignment]
        choices = serializers.ListField(child=serializers.CharField(max_length=200),
                                        required=False, default=list)
        required = serializers.BooleanField(default=True)  # type: ignore[assignment]
        rating_max = serializers.IntegerField(min_value=2, max_value=10, default=5)

    @extend_schema(request=InputSerializer, responses={201: QuestionSerializer})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        question = consultations.question_add(
            consultation=selectors.consultation_get_for_action(pk=pk), actor=request.user,
            **data.validated_data)
        return Response(QuestionSerializer(question).data, status=status.HTTP_201_CREATED)


class ConsultationOpenApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=ConsultationSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        consultation = consultations.consultation_open(
            consultation=selectors.consultation_get_for_action(pk=pk), actor=request.user)
        return Response(ConsultationSerializer(consultation).data)


class ConsultationCloseApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=ConsultationSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        consultation = consultations.consultation_close(
            consultation=selectors.consultation_get_for_action(pk=pk), actor=request.user)
        return Response(ConsultationSerializer(consultation).data)


class ConsultationRespondApi(APIView):
    """Answer once. `answers` maps question id → choice id, [choice ids], rating or text.

    Refused (with what to do) to whoever the consultation is not for, and after its closing
    time. An anonymous answer is stored without the person: the reply is the only receipt.
    """

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        answers = serializers.DictField(child=serializers.JSONField())

        def validate_answers(self, value: dict) -> dict[int, object]:
            if not all(str(key).isdigit() for key in value):
                raise serializers.ValidationError(_("Les clés sont des identifiants de question."))
            return {int(key): answer for key, answer in value.items()}

    @extend_schema(request=InputSerializer, responses={201: inline_serializer(
        "ConsultationAnswered", {"answered": serializers.BooleanField()})})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        consultations.consultation_respond(consultation=selectors.consultation_get_for_action(pk=pk),
                                           user=request.user, **data.validated_data)
        return Response({"answered": True}, status=status.HTTP_201_CREATED)


class ConsultationResultsApi(APIView):
    """Aggregated results (published when the consultation closes; clerks see them live)."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, pk: int) -> Response:
        consultation = selectors.consultation_get(pk=pk)
        if not selectors.can_see_results(user=request.user, consultation=consultation):
            raise NotPermitted(RESULTS_HIDDEN, code="results_not_published")
        results = selectors.consultation_results(consultation=consultation)
        return Response({"responses": selectors.consultation_responses_count(
            consultation=consultation), "questions": [
            {"id": r.question.pk, "label": r.question.label, "kind": r.question.kind,
             "answered": r.answered, "mean": r.mean, "texts": r.texts,
             "counts": [{"label": lbl, "count": n, "percent": p} for lbl, n, p in r.counts]}
            for r in results]})


class ConsultationResultsCsvApi(APIView):
    """The same results as CSV (UTF-8, one row per answer option)."""

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request: Request, pk: int) -> HttpResponse:
        consultation = selectors.consultation_get(pk=pk)
        if not selectors.can_see_results(user=request.user, consultation=consultation):
            raise NotPermitted(RESULTS_HIDDEN, code="results_not_published")
        return attachment_response(
            selectors.consultation_results_csv(consultation=consultation),
            filename=f"consultation-{pk}.csv", content_type="text/csv; charset=utf-8")
