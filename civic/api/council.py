"""API of the municipal council: sessions, agenda items and decisions (public reads), and
the clerks' writes through civic.services.council (plan a session, schedule an item, record
and rectify a decision)."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from civic import selectors
from civic.api.fields import TownDateTimeField
from civic.api.permissions import IsStaffMember
from civic.http import AuthenticatedRequest, signed_in_user
from civic.limits import MAX_VOTES
from civic.models import AgendaItem, CouncilDecision, CouncilSession
from civic.services.council import (
    council_current,
    council_decision_correct,
    council_session_create,
)
from civic.services.council_agenda import agenda_item_decide, agenda_item_place


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
                                            actor=signed_in_user(request), **data.validated_data)
        decision = selectors.council_decision_get(pk=decision.pk)
        return Response(CouncilDecisionOutputSerializer(decision).data)


class CouncilSessionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    council = serializers.CharField(source="council.name")
    starts_at = serializers.DateTimeField()
    place = serializers.CharField()
    status = serializers.ChoiceField(choices=CouncilSession.Status.choices)
    item_count = serializers.IntegerField(help_text="Points inscrits à l'ordre du jour.")


class AgendaItemOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    session = serializers.IntegerField(source="session_id", allow_null=True)
    position = serializers.IntegerField(help_text="Rang dans l'ordre du jour de la séance.")
    title = serializers.CharField()
    summary = serializers.CharField()
    status = serializers.ChoiceField(choices=AgendaItem.Status.choices)
    due_by = serializers.DateField(allow_null=True,
                                   help_text="Date avant laquelle le point doit être inscrit.")
    # Named like DRF's Field.source, which the stubs type as a string: the API's field name.
    source = serializers.SerializerMethodField(  # type: ignore[assignment]
        help_text="Objet à l'origine du point, `app.modèle:id` (initiative, avis…).")
    decision = serializers.SerializerMethodField(help_text="Délibération, une fois votée.")

    def get_source(self, item: AgendaItem) -> str | None:
        source_type = item.source_type
        if source_type is None:
            return None
        return f"{source_type.app_label}.{source_type.model}:{item.source_id}"

    def get_decision(self, item: AgendaItem) -> int | None:
        decision = getattr(item, "decision", None)
        return decision.pk if decision is not None else None

    class Meta:
        ref_name = "CouncilAgendaItem"


class CouncilSessionDetailOutputSerializer(CouncilSessionOutputSerializer):
    items = AgendaItemOutputSerializer(many=True, source="agenda")


class CouncilSessionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=CouncilSession.Status.choices)
    upcoming = django_filters.BooleanFilter(method="filter_upcoming",
                                            help_text="Séances à venir (true) ou passées.")

    def filter_upcoming(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        now = timezone.now()
        return queryset.filter(starts_at__gte=now) if value else queryset.filter(
            starts_at__lt=now)


class CouncilSessionListCreateApi(generics.ListAPIView):
    """The municipal council's sessions, latest first (public); clerks plan a new one
    (`POST`), during the mandate of the council in office on that day."""

    serializer_class = CouncilSessionOutputSerializer
    filterset_class = CouncilSessionFilter

    class InputSerializer(serializers.Serializer):
        starts_at = TownDateTimeField()
        place = serializers.CharField(max_length=200, required=False,
                                      default="Hôtel de ville, salle du conseil")

    def get_permissions(self) -> list[Any]:
        if self.request.method == "POST":
            return [IsAuthenticated(), IsStaffMember()]
        return list(super().get_permissions())

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.council_session_list()

    @extend_schema(request=InputSerializer, responses={201: CouncilSessionOutputSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        starts_at = data.validated_data["starts_at"]
        session = council_session_create(
            council=council_current(on=timezone.localdate(starts_at)), starts_at=starts_at,
            place=data.validated_data["place"], actor=signed_in_user(request))
        session = selectors.council_session_get(pk=session.pk)
        return Response(CouncilSessionOutputSerializer(session).data,
                        status=status.HTTP_201_CREATED)


class CouncilSessionDetailApi(APIView):
    """One council session with its agenda, in order, and each item's decision once voted."""

    @extend_schema(responses=CouncilSessionDetailOutputSerializer)
    def get(self, request: Request, pk: int) -> Response:
        session = selectors.council_session_get_with_agenda(pk=pk)
        return Response(CouncilSessionDetailOutputSerializer(session).data)


class AgendaItemFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=AgendaItem.Status.choices)
    session = django_filters.NumberFilter(field_name="session_id")


class AgendaItemListApi(generics.ListAPIView):
    """The council's agenda items (public): those still to schedule (`status=pending`),
    scheduled on a session, decided or withdrawn."""

    serializer_class = AgendaItemOutputSerializer
    filterset_class = AgendaItemFilter

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.agenda_item_list().select_related("source_type")


class AgendaItemScheduleApi(APIView):
    """Put a pending item on the agenda of a planned session (clerks); it takes the next
    rank. An item already scheduled or decided is a 409."""

    permission_classes = [IsAuthenticated, IsStaffMember]

    class InputSerializer(serializers.Serializer):
        session = serializers.PrimaryKeyRelatedField(queryset=CouncilSession.objects.all())

    @extend_schema(request=InputSerializer, responses=AgendaItemOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # Through the item's module, so an initiative or an opinion moves along with it.
        item = agenda_item_place(item=selectors.agenda_item_get(pk=pk),
                                 session=data.validated_data["session"],
                                 actor=signed_in_user(request))
        return Response(AgendaItemOutputSerializer(selectors.agenda_item_get(pk=item.pk)).data)


class AgendaItemDecisionRecordApi(APIView):
    """Record the council's vote on a scheduled item once its session has opened (clerks):
    outcome, votes, the decision's reference and text."""

    permission_classes = [IsAuthenticated, IsStaffMember]

    class InputSerializer(serializers.Serializer):
        outcome = serializers.ChoiceField(choices=CouncilDecision.Outcome.choices)
        votes_for = serializers.IntegerField(min_value=0, max_value=MAX_VOTES)
        votes_against = serializers.IntegerField(min_value=0, max_value=MAX_VOTES)
        abstentions = serializers.IntegerField(min_value=0, max_value=MAX_VOTES)
        reference = serializers.CharField(max_length=60,
                                          help_text="Numéro de la délibération.")
        text = serializers.CharField(max_length=20000)
        decided_at = TownDateTimeField()

    @extend_schema(request=InputSerializer, responses={201: CouncilDecisionOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # Through the item's module, which tells its people of the vote.
        decision = agenda_item_decide(item=selectors.agenda_item_get(pk=pk),
                                      actor=signed_in_user(request), **data.validated_data)
        decision = selectors.council_decision_get(pk=decision.pk)
        return Response(CouncilDecisionOutputSerializer(decision).data,
                        status=status.HTTP_201_CREATED)


class CouncilDecisionFilter(django_filters.FilterSet):
    outcome = django_filters.ChoiceFilter(choices=CouncilDecision.Outcome.choices)
    session = django_filters.NumberFilter(field_name="agenda_item__session_id")


class CouncilDecisionListApi(generics.ListAPIView):
    """The council's decisions, latest vote first (public), each with its rectifications."""

    serializer_class = CouncilDecisionOutputSerializer
    filterset_class = CouncilDecisionFilter

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.council_decision_list()
