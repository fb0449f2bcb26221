"""Output serializers shared by the commissions API views (inputs are nested in each view)."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from civic.models import AgendaItem, CouncilDecision, CouncilSession, Neighbourhood, User
from commissions import policies, selectors
from commissions.models import (
    Application,
    Commission,
    CommissionDocument,
    Consultation,
    FacilityRegistration,
    Meeting,
    MeetingAgendaItem,
    MeetingDocument,
    MemberCall,
    Membership,
    Opinion,
    Question,
    SeatGroup,
    Sortition,
)


class PersonSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="get_full_name")

    class Meta:
        model = User
        fields = ["id", "name"]


class SeatGroupSerializer(serializers.ModelSerializer):
    held = serializers.SerializerMethodField()

    class Meta:
        model = SeatGroup
        fields = ["id", "kind", "seats", "held"]

    def get_held(self, obj: SeatGroup) -> int:
        held = getattr(obj, "held", None)
        return held if held is not None else obj.memberships.filter(status="active").count()


class MembershipSerializer(serializers.ModelSerializer):
    member = PersonSerializer()
    seat_group = serializers.CharField(source="seat_group.kind")

    class Meta:
        model = Membership
        fields = ["id", "member", "seat_group", "source", "status", "started_on", "ended_on"]


class DocumentSerializer(serializers.ModelSerializer):
    """Documents are downloaded through a view that checks who may read them."""

    url = serializers.SerializerMethodField()
    url_name = "commissions_web:commission_document"

    class Meta:
        model: type[Model] = CommissionDocument
        fields = ["id", "title", "file_type", "size", "url", "uploaded_at"]

    def get_url(self, obj: CommissionDocument | MeetingDocument) -> str:
        path = reverse(self.url_name, args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class MeetingDocumentSerializer(DocumentSerializer):
    url_name = "commissions_web:meeting_document"

    class Meta(DocumentSerializer.Meta):
        model: type[Model] = MeetingDocument


class CommissionSerializer(serializers.ModelSerializer):
    chair = PersonSerializer()
    neighbourhood = serializers.SlugRelatedField[Neighbourhood](slug_field="code", read_only=True,
                                                 allow_null=True)
    seat_groups = SeatGroupSerializer(many=True, read_only=True)

    class Meta:
        model = Commission
        fields = ["id", "slug", "kind", "name", "theme", "facility", "neighbourhood",
                  "description", "chair", "mandate_start", "mandate_end", "status",
                  "quorum_percent", "seat_groups"]


class CommissionDetailSerializer(CommissionSerializer):
    members = MembershipSerializer(source="active_members", many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)

    class Meta(CommissionSerializer.Meta):
        fields = [*CommissionSerializer.Meta.fields, "members", "documents"]


class MemberCallSerializer(serializers.ModelSerializer):
    commission = serializers.SlugRelatedField[Commission](
        source="seat_group.commission", slug_field="slug", read_only=True)
    seat_group_kind = serializers.CharField(source="seat_group.kind")
    applications_count = serializers.IntegerField(source="applications.count", read_only=True)

    class Meta:
        model = MemberCall
        fields = ["id", "commission", "seat_group", "seat_group_kind", "title", "description",
                  "closes_on", "status", "applications_count"]


class ApplicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Application
        fields = ["id", "call", "association", "motivation", "status", "created_at"]


class SortitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sortition
        fields = ["id", "call", "seed", "method", "seats", "candidates", "excluded", "ranking",
                  "selected", "drawn_at"]


class AgendaItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeetingAgendaItem
        fields = ["id", "position", "title", "description", "consultation"]


class MeetingSerializer(serializers.ModelSerializer):
    commission = serializers.SlugRelatedField[Commission](slug_field="slug", read_only=True)
    agenda = AgendaItemSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "commission", "title", "starts_at", "ends_at", "place", "visibility",
                  "public_capacity", "registered_count", "status", "members_count",
                  "present_count", "quorum_reached", "minutes_published_at", "agenda"]


class OpinionSerializer(serializers.ModelSerializer):
    commission = serializers.SlugRelatedField[Commission](slug_field="slug", read_only=True)
    agenda_item = serializers.PrimaryKeyRelatedField[AgendaItem](read_only=True, allow_null=True)
    council_decision = serializers.CharField(source="agenda_item.decision.reference",
                                             default=None, read_only=True, allow_null=True)
    council_session_at = serializers.DateTimeField(
        source="agenda_item.session.starts_at", default=None, read_only=True, allow_null=True,
        help_text="La séance du conseil à l'ordre du jour de laquelle l'avis est inscrit.")
    answer_decision = serializers.PrimaryKeyRelatedField[CouncilDecision](
        read_only=True, allow_null=True,
        help_text="La délibération dont vient la réponse (/api/v1/council/decisions/{id}/).")
    answer_session = serializers.PrimaryKeyRelatedField[CouncilSession](
        read_only=True, allow_null=True, help_text="La séance dont vient la réponse.")

    class Meta:
        model = Opinion
        fields = ["id", "commission", "meeting", "title", "text", "votes_for", "votes_against",
                  "abstentions", "status", "adopted_at", "sent_at", "answer_due_by",
                  "agenda_item", "council_session_at", "council_decision", "answer",
                  "answered_at", "answer_decision", "answer_session"]


class QuestionSerializer(serializers.ModelSerializer):
    choices = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = ["id", "position", "kind", "label", "required", "rating_max", "choices"]

    def get_choices(self, obj: Question) -> list[dict]:
        return [{"id": c.pk, "label": c.label} for c in obj.choices.all()]


class ConsultationSerializer(serializers.ModelSerializer):
    commission = serializers.SlugRelatedField[Commission](slug_field="slug", read_only=True)
    neighbourhood = serializers.SlugRelatedField[Neighbourhood](slug_field="code", read_only=True,
                                                 allow_null=True)
    questions = QuestionSerializer(many=True, read_only=True)
    closes_at = serializers.DateTimeField(read_only=True,
                                          help_text="Answers are taken until this moment.")
    accepting_answers = serializers.SerializerMethodField(
        help_text="Open and before its closing time, by the clock.")
    responses_count = serializers.SerializerMethodField()

    class Meta:
        model = Consultation
        fields = ["id", "commission", "title", "description", "audience", "neighbourhood",
                  "require_verified", "min_age", "anonymous", "closes_on", "closes_at",
                  "status", "accepting_answers", "responses_count", "questions"]

    def get_accepting_answers(self, obj: Consultation) -> bool:
        return policies.consultation_accepts_answers(obj)

    def get_responses_count(self, obj: Consultation) -> int:
        return selectors.consultation_responses_count(consultation=obj)


class RefusalSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class ConsultationDetailSerializer(ConsultationSerializer):
    """With, for the signed-in caller, whether they answered and why they may not."""

    answered = serializers.SerializerMethodField()
    refusals = serializers.SerializerMethodField()

    class Meta(ConsultationSerializer.Meta):
        fields = [*ConsultationSerializer.Meta.fields, "answered", "refusals"]

    def _user(self) -> User | AnonymousUser | None:
        request = self.context.get("request")
        return getattr(request, "user", None)

    def get_answered(self, obj: Consultation) -> bool | None:
        user = self._user()
        if user is None or not user.is_authenticated:
            return None
        return selectors.consultation_answered_by(user=user, consultation=obj)

    @extend_schema_field(RefusalSerializer(many=True))
    def get_refusals(self, obj: Consultation) -> list[dict[str, str]]:
        user = self._user()
        if user is None:
            return []
        result = policies.respondent_check(user=user, consultation=obj)
        return [{"code": r.code, "message": r.message} for r in result.refusals]


class FacilityRegistrationSerializer(serializers.ModelSerializer):
    commission = serializers.SlugRelatedField[Commission](slug_field="slug", read_only=True)
    user = PersonSerializer(read_only=True)

    class Meta:
        model = FacilityRegistration
        fields = ["id", "commission", "user", "status", "requested_at", "confirmed_at",
                  "ended_at"]
