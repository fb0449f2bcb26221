"""Phases of a participatory budget and of a general-budget debate.

Statuses are stored; dates on the budget are only the schedule that the beat job follows.
`TRANSITIONS` lists the steps a clerk (or the schedule) may take, `CAPABILITIES` what each
phase allows; `policies` combines a capability with role and eligibility.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BudgetStatus(models.TextChoices):
    PREPARATION = "preparation", _("préparation")
    SUBMISSION = "submission", _("dépôt des projets")
    REVIEW = "review", _("étude de faisabilité")
    VOTING = "voting", _("vote")
    TALLY = "tally", _("dépouillement")
    RESULTS = "results", _("résultats")
    IMPLEMENTATION = "implementation", _("réalisation")


TRANSITIONS: dict[str, set[str]] = {
    BudgetStatus.PREPARATION: {BudgetStatus.SUBMISSION},
    BudgetStatus.SUBMISSION: {BudgetStatus.REVIEW},
    BudgetStatus.REVIEW: {BudgetStatus.VOTING},
    BudgetStatus.VOTING: {BudgetStatus.TALLY},
    BudgetStatus.TALLY: {BudgetStatus.RESULTS},
    BudgetStatus.RESULTS: {BudgetStatus.IMPLEMENTATION},
    BudgetStatus.IMPLEMENTATION: set(),
}

CAPABILITIES: dict[str, set[str]] = {
    BudgetStatus.PREPARATION: {"edit_charter"},
    BudgetStatus.SUBMISSION: {
        "submit_proposal", "add_coauthor", "comment", "review_proposal", "merge_proposal",
    },
    BudgetStatus.REVIEW: {"add_coauthor", "comment", "review_proposal", "merge_proposal"},
    BudgetStatus.VOTING: {"cast_ballot", "comment", "publish_receipts"},
    BudgetStatus.TALLY: {"run_tally", "publish_receipts"},
    BudgetStatus.RESULTS: {"run_tally", "view_results", "export", "publish_receipts"},
    BudgetStatus.IMPLEMENTATION: {
        "view_results", "export", "publish_receipts", "update_implementation",
    },
}

# A project's lifecycle (`Proposal.status`, values of `models.proposal.ProposalStatus`, which
# this module cannot import): the moves `civic.transitions.transition` may make. A review may
# be done again (feasible ↔ not feasible, or a new cost); merged and withdrawn are final.
PROPOSAL_REVIEWABLE: tuple[str, ...] = ("submitted", "feasible", "unfeasible")
PROPOSAL_TRANSITIONS: dict[str, set[str]] = {
    "submitted": {"feasible", "unfeasible", "merged", "withdrawn"},
    "feasible": {"feasible", "unfeasible", "merged"},
    "unfeasible": {"feasible", "unfeasible", "merged"},
    "merged": set(),
    "withdrawn": set(),
}
# What a project allows in each status, besides what its budget's phase allows (the
# `proposal_can` set its page receives).
PROPOSAL_CAPABILITIES: dict[str, set[str]] = {
    "submitted": {"review", "merge", "edit", "withdraw"},
    "feasible": {"review", "merge"},
    "unfeasible": {"review", "merge"},
    "merged": set(),
    "withdrawn": set(),
}

# A winner's follow-up (`Implementation.status`): the clerks say where the works stand, in
# any order (a suspended project resumes, a done one may be reopened); the move still goes
# through the compare-and-set, so two clerks editing at once do not overwrite each other.
IMPLEMENTATION_STATUSES: tuple[str, ...] = ("planned", "study", "works", "done", "suspended")
IMPLEMENTATION_TRANSITIONS: dict[str, set[str]] = {
    status: set(IMPLEMENTATION_STATUSES) for status in IMPLEMENTATION_STATUSES}

# A paper ballot's entry (`PaperBallotEntry.status`): typed again until two keyings agree,
# or cancelled. And a count's job (`Tally.status`): the worker's lease moves it from queued to
# running (and back to queued after a failure) by plain conditional updates, which are the
# job's bookkeeping and not audited; the finished count goes through the transition.
PAPER_BALLOT_TRANSITIONS: dict[str, set[str]] = {
    "pending": {"disputed", "confirmed", "cancelled"},
    "disputed": {"disputed", "confirmed", "cancelled"},
}
TALLY_TRANSITIONS: dict[str, set[str]] = {
    "queued": {"running"},
    "running": {"done", "failed"},
    "failed": {"queued"},
}

# The phase each status belongs to in the timeline shown to residents, in order.
PHASE_ORDER: list[str] = list(BudgetStatus.values)


class DebateStatus(models.TextChoices):
    DRAFT = "draft", _("en préparation")
    OPEN = "open", _("ouvert")
    CLOSED = "closed", _("clos")


DEBATE_TRANSITIONS: dict[str, set[str]] = {
    DebateStatus.DRAFT: {DebateStatus.OPEN},
    DebateStatus.OPEN: {DebateStatus.CLOSED},
    DebateStatus.CLOSED: set(),
}

DEBATE_CAPABILITIES: dict[str, set[str]] = {
    DebateStatus.DRAFT: {"import_lines"},
    DebateStatus.OPEN: {"comment", "give_preference"},
    DebateStatus.CLOSED: {"view_synthesis", "submit_to_council"},
}


def budget_can(status: str, capability: str) -> bool:
    return capability in CAPABILITIES.get(status, set())


def proposal_capabilities(status: str) -> set[str]:
    return set(PROPOSAL_CAPABILITIES.get(status, set()))


def debate_can(status: str, capability: str) -> bool:
    return capability in DEBATE_CAPABILITIES.get(status, set())
