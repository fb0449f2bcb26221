"""The Django admin is a fallback for administrators, not the clerks' main tool."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from knox.models import AuthToken

from civic.models import (
    AgendaItem,
    AuditCheckpoint,
    AuditEntry,
    Comment,
    CouncilDecision,
    CouncilDecisionCorrection,
    CouncilSession,
    MunicipalCouncil,
    Neighbourhood,
    Notification,
    Resident,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Identité", {"fields": ("first_name", "last_name", "preferred_language")}),
        ("Droits", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
    )
    add_fieldsets = ((None, {"fields": ("email", "password1", "password2")}),)

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        # An account is erased (civic.services.personal_data.account_erase): what it counted
        # stays, and so do the audit entries naming it, which a deletion would rewrite.
        return False


@admin.register(Resident)
class ResidentAdmin(admin.ModelAdmin):
    list_display = ["user", "neighbourhood", "verification_status", "verified_at"]
    list_filter = ["verification_status", "neighbourhood"]
    search_fields = ["user__email", "user__last_name"]
    readonly_fields = ["verification_status", "verification_method", "verified_by", "verified_at"]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "population"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


admin.site.register([MunicipalCouncil, CouncilSession, AgendaItem, Comment])


@admin.register(CouncilDecision)
class CouncilDecisionAdmin(ReadOnlyAdmin):
    """Read-only: a published vote changes only through a rectification (reason, audit entry,
    notice to everyone told of it), on /conseil/deliberations/<id>/rectifier/."""

    list_display = ["reference", "outcome", "votes_for", "votes_against", "abstentions",
                    "decided_at"]
    search_fields = ["reference"]


@admin.register(CouncilDecisionCorrection)
class CouncilDecisionCorrectionAdmin(ReadOnlyAdmin):
    list_display = ["decision", "corrected_at", "corrected_by"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only: the audit log is append-only."""

    list_display = ["pk", "created_at", "actor_label", "verb", "target_type", "target_id",
                    "scheme"]
    list_filter = ["verb", "scheme"]


@admin.register(AuditCheckpoint)
class AuditCheckpointAdmin(ReadOnlyAdmin):
    """Read-only: written once a day by the beat job, published on the audit log's page."""

    list_display = ["day", "entry_count", "head_hash", "created_at"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["pk", "recipient", "channel", "kind", "status", "created_at"]
    list_filter = ["channel", "status", "kind"]


# API tokens stay out of the admin: a token shown or made there is a way to act, and read, in
# another person's name (docs/ballot-secrecy.md). People manage their own tokens.
if admin.site.is_registered(AuthToken):
    admin.site.unregister(AuthToken)
