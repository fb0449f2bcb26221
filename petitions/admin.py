"""Read-only admin views: every change goes through the services (and the audit log)."""

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from petitions.models import CitizenInitiative, InitiativeCharter, Signature


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(InitiativeCharter)
class InitiativeCharterAdmin(ReadOnlyAdmin):
    list_display = ["version", "name", "min_promoters", "threshold_kind", "threshold_absolute",
                    "threshold_share_percent", "min_signer_age", "created_at"]


@admin.register(CitizenInitiative)
class CitizenInitiativeAdmin(ReadOnlyAdmin):
    list_display = ["title", "status", "signature_count", "signature_threshold",
                    "collection_deadline", "schedule_due_by"]
    list_filter = ["status", "neighbourhood"]
    search_fields = ["title"]


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ["initiative", "resident", "status", "channel", "signed_at", "recorded_by"]
    list_filter = ["status", "channel"]
