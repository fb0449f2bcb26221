"""Admin: read-mostly views for support staff; state changes go through the pages and API,
which call the services (audited), so phases and ballots are read-only here."""

from django.contrib import admin

from budgets.models import (
    BudgetChapter,
    BudgetDebate,
    BudgetLine,
    Implementation,
    Milestone,
    ParticipatoryBudget,
    Proposal,
    Tally,
    TallyOutcome,
)


@admin.register(ParticipatoryBudget)
class ParticipatoryBudgetAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "neighbourhood", "status", "envelope_cents", "rule"]
    list_filter = ["year", "status", "ballot_kind", "rule"]
    readonly_fields = ["status", "status_changed_at", "result_tally"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "budget", "status", "cost_cents", "is_selected"]
    list_filter = ["status", "is_selected", "budget__year"]
    search_fields = ["title", "location"]
    readonly_fields = ["status", "merged_into", "is_selected", "cost_cents"]


class TallyOutcomeInline(admin.TabularInline):
    model = TallyOutcome
    extra = 0
    can_delete = False
    readonly_fields = ["proposal", "score", "supporters", "cost_cents", "selected", "step",
                       "explanation"]
    exclude = ["details"]


@admin.register(Tally)
class TallyAdmin(admin.ModelAdmin):
    list_display = ["budget", "status", "progress", "ballot_count", "finished_at"]
    readonly_fields = ["budget", "fingerprint", "rule", "status", "progress", "ballot_count",
                       "error", "started_at", "finished_at", "duration_ms"]
    inlines = [TallyOutcomeInline]


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


@admin.register(BudgetChapter)
class BudgetChapterAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "debate"]
    inlines = [BudgetLineInline]


@admin.register(BudgetDebate)
class BudgetDebateAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "status"]
    readonly_fields = ["status", "opened_at", "closed_at"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Implementation)
class ImplementationAdmin(admin.ModelAdmin):
    list_display = ["proposal", "status", "progress_percent", "updated_at"]
    inlines = [MilestoneInline]
