"""Django admin: a fallback for clerks; the workspace at /commissions/espace-agent/ is the tool.

Lists are read-mostly: state changes go through the services (audited) in the workspace.
"""

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from commissions import models


class SeatGroupInline(admin.TabularInline):
    model = models.SeatGroup
    extra = 0


@admin.register(models.Commission)
class CommissionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "chair", "mandate_end", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "theme", "facility"]
    readonly_fields = ["status", "council"]
    inlines = [SeatGroupInline]


@admin.register(models.MemberCall)
class MemberCallAdmin(admin.ModelAdmin):
    list_display = ["title", "seat_group", "closes_on", "status"]
    list_filter = ["status"]
    readonly_fields = ["status"]


@admin.register(models.Sortition)
class SortitionAdmin(admin.ModelAdmin):
    list_display = ["call", "seed", "seats", "drawn_at"]

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # a published draw is never edited


@admin.register(models.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["member", "commission", "seat_group", "source", "status", "started_on"]
    list_filter = ["status", "source", "commission"]
    readonly_fields = ["status"]


@admin.register(models.Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "commission", "starts_at", "visibility", "status"]
    list_filter = ["status", "visibility", "commission"]
    readonly_fields = ["status", "registered_count", "present_count", "quorum_reached"]


@admin.register(models.Opinion)
class OpinionAdmin(admin.ModelAdmin):
    list_display = ["title", "commission", "status", "answer_due_by"]
    list_filter = ["status", "commission"]
    # The answer is the council's: published by clerks from its decision or session only.
    readonly_fields = ["status", "agenda_item", "votes_for", "votes_against", "abstentions",
                       "answer", "answered_at", "answered_by", "answer_decision",
                       "answer_session"]


@admin.register(models.Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    # Answers are not listed here: their rows carry nothing worth reading one by one, and the
    # results pages aggregate them.
    list_display = ["title", "commission", "audience", "require_verified", "min_age",
                    "anonymous", "closes_on", "status"]
    list_filter = ["status", "audience"]
    # Answers were given under the anonymity shown to the person: it is not switched later.
    readonly_fields = ["status", "anonymous"]


@admin.register(models.FacilityRegistration)
class FacilityRegistrationAdmin(admin.ModelAdmin):
    """Read-only: registrations are confirmed and ended in the workspace (audited)."""

    list_display = ["user", "commission", "status", "requested_at", "confirmed_at"]
    list_filter = ["status", "commission"]
    search_fields = ["user__email", "user__last_name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
