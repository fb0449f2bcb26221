"""The Django admin is a fallback for administrators, not the clerks' main tool."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from civic import second_factor
from civic.errors import NotPermitted
from civic.http import signed_in_user
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
    actions = ["reset_second_factor"]

    @admin.action(description=gettext_lazy("Réinitialiser le second facteur (téléphone perdu)"))
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        """The selected people enrol a new device at their next login (audited)."""
        for user in queryset:
            try:
                second_factor.second_factor_reset(user=user, actor=signed_in_user(request))
            except NotPermitted as exc:
                self.message_user(request, str(exc.message), level=messages.ERROR)
                return
        self.message_user(request, _("Second facteur réinitialisé : %(count)s compte(s).")
                          % {"count": len(queryset)})

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
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
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
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
# Second-factor devices neither: an administrator only resets a person's devices (the User
# list's action), so nobody can add a device to someone else's account.
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)
