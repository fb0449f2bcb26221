"""API: the general-budget debate (lines, CSV import, preferences, comments, synthesis)."""

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from budgets import policies, selectors
from budgets.api.serializers import ChapterSerializer, CommentSerializer, DebateSerializer
from budgets.models import BudgetChapter, BudgetDebate, ChapterPreferenceChoice
from budgets.services import debates as debate_services
from budgets.states import DebateStatus
from civic.api.fields import TownDateTimeField
from civic.api.permissions import IsStaffMember
from civic.api.schema import ErrorSerializer
from civic.conf import decidons_setting
from civic.http import AuthenticatedRequest, attachment_response
from civic.services.comments import comment_create


class DebateListApi(generics.ListAPIView):
    serializer_class = DebateSerializer

    def get_queryset(self) -> QuerySet[BudgetDebate]:
        return selectors.debate_list()


class DebateDetailApi(APIView):
    @extend_schema(responses=inline_serializer("DebateDetail", {
        "debate": DebateSerializer(), "chapters": ChapterSerializer(many=True)}))
    def get(self, request: Request, pk: int) -> Response:
        debate = selectors.debate_get(pk=pk)
        chapters = selectors.debate_chapters(debate=debate)
        return Response({"debate": DebateSerializer(debate).data,
                         "chapters": ChapterSerializer(chapters, many=True).data})


class DebateCreateApi(APIView):
    permission_classes = [IsStaffMember]

    class InputSerializer(serializers.Serializer):
        year = serializers.IntegerField(min_value=2000, max_value=2100)
        title = serializers.CharField(max_length=200)
        introduction = serializers.CharField(required=False, allow_blank=True, default="")
        opens_at = TownDateTimeField(required=False, allow_null=True)
        closes_at = TownDateTimeField(required=False, allow_null=True)

    @extend_schema(request=InputSerializer, responses={201: DebateSerializer})
    def post(self, request: AuthenticatedRequest) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        debate = debate_services.debate_create(actor=request.user, **data.validated_data)
        return Response(DebateSerializer(debate).data, status=status.HTTP_201_CREATED)


class DebateImportApi(APIView):
    """Replace a draft debate's lines with a CSV export (`Chapitre;Libellé chapitre;Article;
    Libellé;Montant`); each problem is reported in `fields.file` with its line number."""

    permission_classes = [IsStaffMember]
    parser_classes = [MultiPartParser]

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField()

    @extend_schema(request={"multipart/form-data": InputSerializer},
                   responses=inline_serializer("DebateImport",
                                               {"lines": serializers.IntegerField()}))
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        if upload.size > decidons_setting("BUDGETS", "CSV_MAX_BYTES"):
            raise serializers.ValidationError({"file": [_("Le fichier est trop volumineux.")]})
        try:
            count = debate_services.debate_lines_import(
                debate=selectors.debate_get(pk=pk), data=upload.read(), actor=request.user)
        except debate_services.CsvImportError as exc:
            raise serializers.ValidationError({"file": exc.errors}) from None
        return Response({"lines": count})


class DebateTransitionApi(APIView):
    permission_classes = [IsStaffMember]

    class InputSerializer(serializers.Serializer):
        target = serializers.ChoiceField(DebateStatus.choices)

    @extend_schema(request=InputSerializer, responses=DebateSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        debate = debate_services.debate_transition(
            debate=selectors.debate_get(pk=pk), target=data.validated_data["target"],
            actor=request.user)
        return Response(DebateSerializer(debate).data)


class ChapterPreferenceSetApi(APIView):
    """Say whether a chapter deserves more, the same or less money; changeable while open."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        chapter = serializers.IntegerField()
        choice = serializers.ChoiceField(ChapterPreferenceChoice.choices)

    @extend_schema(request=InputSerializer, responses=inline_serializer(
        "PreferenceOut", {"chapter": serializers.IntegerField(),
                          "choice": serializers.CharField()}))
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        chapter = BudgetChapter.objects.filter(
            debate=selectors.debate_get(pk=pk), pk=data.validated_data["chapter"]).first()
        if chapter is None:
            raise serializers.ValidationError({"chapter": [_("Chapitre inconnu dans ce débat.")]})
        pref = debate_services.chapter_preference_set(chapter=chapter, voter=request.user,
                                                      choice=data.validated_data["choice"])
        return Response({"chapter": pref.chapter_id, "choice": pref.choice})


class LineCommentCreateApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        body = serializers.CharField(max_length=5000)

    @extend_schema(request=InputSerializer, responses={201: CommentSerializer})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = comment_create(target=selectors.line_get(pk=pk), author=request.user,
                                 body=data.validated_data["body"])
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class SynthesisRowSerializer(serializers.Serializer):
    code = serializers.CharField(source="chapter.code")
    # Named like Field.label: the serializer's metaclass takes declared fields out of the
    # class, so the attribute the stubs declare is never shadowed at run time.
    label = serializers.CharField(source="chapter.label")  # type: ignore[assignment]
    amount_cents = serializers.IntegerField()
    more = serializers.IntegerField()
    same = serializers.IntegerField()
    less = serializers.IntegerField()
    total = serializers.IntegerField()
    balance = serializers.IntegerField()
    verdict = serializers.CharField()
    comment_count = serializers.IntegerField()
    top_comments = CommentSerializer(many=True)


class DebateSynthesisApi(APIView):
    @extend_schema(responses={200: SynthesisRowSerializer(many=True), 409: ErrorSerializer})
    def get(self, request: Request, pk: int) -> Response:
        debate = selectors.debate_get(pk=pk)
        policies.ensure_debate_capability(debate, "view_synthesis")
        rows = selectors.debate_synthesis(debate)
        return Response(SynthesisRowSerializer(rows, many=True).data)


class DebateSynthesisCsvApi(APIView):
    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.STR, 409: ErrorSerializer})
    def get(self, request: Request, pk: int) -> HttpResponse:
        debate = selectors.debate_get(pk=pk)
        policies.ensure_debate_capability(debate, "view_synthesis")
        body = selectors.synthesis_csv(debate, selectors.debate_synthesis(debate))
        return attachment_response(body, filename=f"synthese-{debate.year}.csv",
                                   content_type="text/csv; charset=utf-8")


class DebateSubmitApi(APIView):
    permission_classes = [IsStaffMember]

    @extend_schema(request=None, responses=inline_serializer(
        "AgendaItemRef", {"agenda_item": serializers.IntegerField(),
                          "status": serializers.CharField()}))
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        item = debate_services.debate_synthesis_submit(debate=selectors.debate_get(pk=pk),
                                                       actor=request.user)
        return Response({"agenda_item": item.pk, "status": item.status})
