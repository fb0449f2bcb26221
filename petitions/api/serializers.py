"""Output shapes shared by the initiative endpoints (input shapes live on each view)."""

from typing import Any

from rest_framework import serializers

from civic.api.council import CorrectionOutputSerializer
from petitions import selectors
from petitions.models import CitizenInitiative


class CharterSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    name = serializers.CharField()
    min_promoters = serializers.IntegerField()
    threshold_kind = serializers.CharField()
    threshold_absolute = serializers.IntegerField()
    threshold_share_percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    population_override = serializers.IntegerField(allow_null=True)
    min_signer_age = serializers.IntegerField()
    collection_days = serializers.IntegerField()
    council_days = serializers.IntegerField()
    yearly_signature_limit = serializers.IntegerField()
    signature_threshold = serializers.IntegerField(
        help_text="Signatures required today under this version (from the population).")
    created_at = serializers.DateTimeField()


class InitiativeSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=CitizenInitiative.Status.choices)
    status_label = serializers.CharField(source="get_status_display")
    neighbourhood = serializers.CharField(source="neighbourhood.code", allow_null=True,
                                          help_text="Code du quartier concerné, s'il y en a un.")
    charter_version = serializers.IntegerField(source="charter.version")
    signature_count = serializers.IntegerField()
    signature_threshold = serializers.IntegerField(allow_null=True)
    progress_percent = serializers.IntegerField()
    collection_deadline = serializers.DateTimeField(allow_null=True)
    schedule_due_by = serializers.DateField(allow_null=True)
    created_at = serializers.DateTimeField()


class DueInitiativeSerializer(InitiativeSummarySerializer):
    overdue = serializers.BooleanField()


class TransitionSerializer(serializers.Serializer):
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    note = serializers.CharField()
    created_at = serializers.DateTimeField()


class DecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Pour la lire ou la rectifier : "
                                            "/api/v1/council/decisions/{id}/.")
    outcome = serializers.CharField()
    votes_for = serializers.IntegerField()
    votes_against = serializers.IntegerField()
    abstentions = serializers.IntegerField()
    reference = serializers.CharField()
    text = serializers.CharField()
    decided_at = serializers.DateTimeField(allow_null=True)
    corrections = CorrectionOutputSerializer(many=True, read_only=True)


class InitiativeDetailSerializer(InitiativeSummarySerializer):
    reasons = serializers.CharField()
    operative_text = serializers.CharField()
    text_version = serializers.IntegerField()
    admissibility_reasons = serializers.CharField()
    answer = serializers.CharField()
    withdrawal_reason = serializers.CharField()
    promoters = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    council_session_at = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()

    def get_promoters(self, obj: CitizenInitiative) -> list[str]:
        confirmed = obj.promoters.filter(status="confirmed").select_related("resident__user")
        return [str(p.resident.user) for p in confirmed]

    def get_timeline(self, obj: CitizenInitiative) -> list[dict[str, Any]]:
        return list(TransitionSerializer(selectors.initiative_timeline(obj), many=True).data)

    def get_council_session_at(self, obj: CitizenInitiative) -> str | None:
        item = obj.agenda_item
        return item.session.starts_at.isoformat() if item and item.session else None

    def get_decision(self, obj: CitizenInitiative) -> dict | None:
        decision = selectors.initiative_decision(obj)
        return DecisionSerializer(decision).data if decision else None


class VersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    reasons = serializers.CharField()
    operative_text = serializers.CharField()
    author = serializers.CharField()
    created_at = serializers.DateTimeField()


class PromoterSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    initiative = serializers.IntegerField(source="initiative_id")
    name = serializers.CharField(source="resident.user")
    is_lead = serializers.BooleanField()
    status = serializers.CharField()


class SignatureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    initiative = serializers.IntegerField(source="initiative_id")
    status = serializers.CharField()
    channel = serializers.CharField()
    show_name = serializers.BooleanField()
    signed_at = serializers.DateTimeField()


class PublicSignerSerializer(serializers.Serializer):
    name = serializers.CharField(source="resident.user")
    signed_at = serializers.DateTimeField()
