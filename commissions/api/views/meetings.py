"""Meetings: calendar, planning, agenda, invitations, public registration, holding, minutes,
documents (a closed meeting's minutes and documents are for members and clerks only)."""

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from civic.api.fields import CodeRelatedField, TownDateTimeField
from civic.http import AuthenticatedRequest
from commissions import policies, selectors
from commissions.api.serializers import (
    AgendaItemSerializer,
    MeetingDocumentSerializer,
    MeetingSerializer,
)
from commissions.models import Commission, Consultation, Meeting
from commissions.services import meetings, sessions
from commissions.states import MeetingVisibility


class MeetingFilter(django_filters.FilterSet):
    commission = django_filters.CharFilter(field_name="commission__slug")
    upcoming = django_filters.BooleanFilter(method="filter_upcoming")

    class Meta:
        model = Meeting
        fields = ["commission", "status", "visibility"]

    def filter_upcoming(self, queryset: QuerySet[Meeting], name: str, value: bool,
                        ) -> QuerySet[Meeting]:
        return queryset.filter(starts_at__gte=timezone.now()) if value else queryset


class MeetingListApi(generics.ListAPIView):
    """The meeting calendar of every body (filter by `commission` slug, `upcoming`)."""

    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter

    def get_queryset(self) -> QuerySet[Meeting]:
        return selectors.meeting_list_for_calendar().prefetch_related("agenda")


class MeetingDetailApi(APIView):
    @extend_schema(responses=MeetingSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(MeetingSerializer(selectors.meeting_get(pk=pk)).data)


class MeetingCreateApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        commission = CodeRelatedField(slug_field="slug", queryset=Commission.objects.all())
        title = serializers.CharField(max_length=200)
        starts_at = TownDateTimeField()
        ends_at = TownDateTimeField(required=False, allow_null=True, default=None)
        place = serializers.CharField(max_length=200)
        visibility = serializers.ChoiceField(choices=MeetingVisibility.choices,
                                             default=MeetingVisibility.PUBLIC)
        public_capacity = serializers.IntegerField(min_value=0, max_value=10_000, default=0)

    @extend_schema(request=InputSerializer, responses={201: MeetingSerializer})
    def post(self, request: AuthenticatedRequest) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = meetings.meeting_create(actor=request.user, **data.validated_data)
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)


class MeetingAgendaAddApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200)
        description = serializers.CharField(required=False, default="", allow_blank=True)
        consultation = serializers.PrimaryKeyRelatedField(
            queryset=Consultation.objects.all(), required=False, allow_null=True, default=None)

    @extend_schema(request=InputSerializer, responses={201: AgendaItemSerializer})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = meetings.meeting_agenda_add(meeting=selectors.meeting_get_for_action(pk=pk),
                                           actor=request.user, **data.validated_data)
        return Response(AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)


class MeetingInviteApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=inline_serializer(
        "MeetingInvited", {"invited": serializers.IntegerField()}))
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        invited = meetings.meeting_invite(meeting=selectors.meeting_get_for_action(pk=pk),
                                          actor=request.user)
        return Response({"invited": invited.sent})


class MeetingRegisterApi(APIView):
    """Take a public seat at a public meeting (409 `meeting_full` when none is left)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={201: MeetingSerializer})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        meeting = selectors.meeting_get_for_action(pk=pk)
        meetings.meeting_register(meeting=meeting, user=request.user)
        return Response(MeetingSerializer(selectors.meeting_get(pk=pk)).data,
                        status=status.HTTP_201_CREATED)


class MeetingUnregisterApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        meetings.meeting_unregister(meeting=selectors.meeting_get_for_action(pk=pk),
                                    user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeetingHoldApi(APIView):
    """Record that the meeting was held: members present (user ids) and quorum."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        present = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)

    @extend_schema(request=InputSerializer, responses=MeetingSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = sessions.meeting_hold(meeting=selectors.meeting_get_for_action(pk=pk),
                                        present_member_ids=data.validated_data["present"],
                                        actor=request.user)
        return Response(MeetingSerializer(meeting).data)


class MeetingCancelApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=300)

    @extend_schema(request=InputSerializer, responses=MeetingSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        """Cancel a planned meeting with a reason (told to those convened and registered)."""
        meeting = selectors.meeting_get_for_action(pk=pk)
        # Who may cancel is answered before what was sent (a 403 is not a 400 to others).
        policies.ensure_can_run_body(request.user, meeting.commission)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = meetings.meeting_cancel(meeting=meeting, actor=request.user,
                                          reason=data.validated_data["reason"]).meeting
        return Response(MeetingSerializer(meeting).data)


MinutesSerializer = inline_serializer("MeetingMinutes", {
    "minutes": serializers.CharField(), "published_at": serializers.DateTimeField(allow_null=True)})


class MeetingMinutesApi(APIView):
    """Read the minutes (plain text); 403 `closed_meeting` for a closed meeting's non-members."""

    @extend_schema(responses=MinutesSerializer)
    def get(self, request: Request, pk: int) -> Response:
        meeting = selectors.meeting_get_for_action(pk=pk)
        policies.ensure_can_see_meeting_documents(user=request.user, meeting=meeting)
        return Response({"minutes": meeting.minutes,
                         "published_at": meeting.minutes_published_at})


class MeetingMinutesPublishApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        minutes = serializers.CharField(max_length=50_000)

    @extend_schema(request=InputSerializer, responses=MinutesSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = sessions.meeting_minutes_publish(meeting=selectors.meeting_get_for_action(pk=pk),
                                                   actor=request.user, **data.validated_data)
        return Response({"minutes": meeting.minutes,
                         "published_at": meeting.minutes_published_at})


class MeetingDocumentListApi(APIView):
    """A meeting's documents; 403 `closed_meeting` for a closed meeting's non-members."""

    @extend_schema(responses=MeetingDocumentSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        meeting = selectors.meeting_get_for_action(pk=pk)
        policies.ensure_can_see_meeting_documents(user=request.user, meeting=meeting)
        return Response(MeetingDocumentSerializer(meeting.documents.all(), many=True,
                                                  context={"request": request}).data)


class MeetingDocumentAddApi(APIView):
    """Attach a file (PDF, ODT, DOCX, PNG, JPEG...; type checked by content, size bounded)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200)
        file = serializers.FileField()

    @extend_schema(request={"multipart/form-data": InputSerializer},
                   responses={201: MeetingDocumentSerializer})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        document = meetings.meeting_document_add(
            meeting=selectors.meeting_get_for_action(pk=pk), title=data.validated_data["title"],
            upload=data.validated_data["file"], actor=request.user)
        return Response(MeetingDocumentSerializer(document, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)
