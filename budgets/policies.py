"""Who may do what with budgets and debates: phase capability + role + eligibility, here only."""

from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from budgets import states
from budgets.errors import PhaseClosed, VotingClosed
from budgets.models import BudgetDebate, BudgetLine, ParticipatoryBudget, Proposal
from civic import deadlines, roles
from civic.conf import decidons_setting
from civic.eligibility import (
    EligibilityPolicy,
    EligibilityResult,
    ResidenceScope,
    eligibility_check,
    eligibility_ensure,
)
from civic.errors import DomainError, NotPermitted
from civic.models import Resident, User

CAPABILITY_MESSAGES = {
    "submit_proposal": _("Le dépôt des projets n'est pas ouvert."),
    "add_coauthor": _("On ne peut plus ajouter de co-auteur à ce projet."),
    "comment": _("Les commentaires sont fermés pour ce budget participatif."),
    "review_proposal": _("L'étude de faisabilité n'est possible que pendant le dépôt ou "
                         "l'étude des projets."),
    "merge_proposal": _("Les projets ne peuvent être fusionnés qu'avant le vote."),
    "run_tally": _("Le dépouillement n'est possible qu'une fois le vote clos."),
    "view_results": _("Les résultats ne sont pas encore publiés."),
    "export": _("Les bulletins ne s'exportent qu'une fois les résultats publiés."),
    "update_implementation": _("Le suivi de réalisation commence après les résultats."),
    "edit_charter": _("Le règlement ne se modifie qu'en préparation."),
    "publish_receipts": _("Les reçus sont publiés à partir de l'ouverture du vote."),
}


def budget_eligibility(budget: ParticipatoryBudget) -> EligibilityPolicy:
    """The charter's eligibility as a civic policy (town-wide budgets ask for the town)."""
    residence = budget.residence
    if budget.neighbourhood_id is None and residence == ResidenceScope.NEIGHBOURHOOD:
        residence = ResidenceScope.TOWN
    return EligibilityPolicy(min_age=budget.min_age, residence=residence,
                             neighbourhood_id=budget.neighbourhood_id,
                             require_verified=budget.require_verified)


def debate_eligibility() -> EligibilityPolicy:
    return EligibilityPolicy(min_age=decidons_setting("MIN_AGE"), residence=ResidenceScope.TOWN)


def ensure_staff(user: User | AnonymousUser) -> None:
    if not roles.is_staff_member(user):
        raise NotPermitted(_("Réservé aux agents de la ville."))


# Residents' acts that close at a date of the schedule, checked by the clock at the moment of
# the act (civic.deadlines): each window ends with the last phase that allows it; when that
# date is not set, the next one set closes it (phases never go back). Clerks' acts (review,
# merge) keep to the stored phase only: voting waits until every project is reviewed, so the
# clock must not stop the reviews that let it open.
CLOCK_CLOSINGS = {
    "submit_proposal": "review_starts_at",
    "add_coauthor": "voting_opens_at",
    "comment": "voting_closes_at",
    "cast_ballot": "voting_closes_at",
}
SCHEDULE_AFTER_SUBMISSION = ("review_starts_at", "voting_opens_at", "voting_closes_at")
CLOCK_MESSAGES = {
    "submit_proposal": _("Le dépôt des projets est clos depuis le {day} à {time}."),
    "add_coauthor": _("On ne peut plus ajouter de co-auteur depuis le {day} à {time}, date "
                      "prévue pour l'ouverture du vote."),
    "comment": _("Les commentaires sont fermés depuis la clôture du vote, le {day} à {time}."),
    "cast_ballot": _("Le vote est clos depuis le {day} à {time}."),
}
DEBATE_CLOCK_MESSAGES = {
    "give_preference": _("Le débat est clos depuis le {day} à {time} : les avis ne sont plus "
                         "recueillis."),
    "comment": _("Le débat est clos depuis le {day} à {time} : les commentaires sont fermés."),
}


def closing_time(budget: ParticipatoryBudget, capability: str) -> datetime | None:
    """When the clock closes `capability` on this budget, or None if only the phase does."""
    field = CLOCK_CLOSINGS.get(capability)
    if field is None:
        return None
    later = SCHEDULE_AFTER_SUBMISSION[SCHEDULE_AFTER_SUBMISSION.index(field):]
    return next((getattr(budget, name) for name in later if getattr(budget, name)), None)


def capability_refusal(budget: ParticipatoryBudget, capability: str, *,
                       at: datetime | None = None) -> DomainError | None:
    """Why `capability` is not possible right now (phase, then clock), or None if it is.

    `at` reads the clock at an earlier moment: a paper ballot handed in before the close is
    settled by a further typing afterwards, while the phase still says voting."""
    if not states.budget_can(budget.status, capability):
        if capability == "cast_ballot":
            return VotingClosed()
        return PhaseClosed(CAPABILITY_MESSAGES.get(capability), code=f"{capability}_closed")
    closes_at = closing_time(budget, capability)
    if closes_at is None or not deadlines.has_passed(closes_at, now=at):
        return None
    message = CLOCK_MESSAGES[capability].format(**deadlines.closing_words(closes_at))
    if capability == "cast_ballot":
        return VotingClosed(message)
    return PhaseClosed(message, code=f"{capability}_closed")


def ensure_capability(budget: ParticipatoryBudget, capability: str) -> None:
    if (refusal := capability_refusal(budget, capability)) is not None:
        raise refusal


def budget_capabilities(budget: ParticipatoryBudget) -> set[str]:
    """What the budget allows right now: its phase's capabilities whose time is not over."""
    return {capability for capability in states.CAPABILITIES.get(budget.status, set())
            if capability_refusal(budget, capability) is None}


def debate_capability_refusal(debate: BudgetDebate, capability: str) -> DomainError | None:
    """Why `capability` is not possible on the debate right now, or None if it is."""
    if not states.debate_can(debate.status, capability):
        messages = {
            "import_lines": _("Les lignes ne s'importent que tant que le débat est en "
                              "préparation."),
            "give_preference": _("Le débat n'est pas ouvert."),
            "comment": _("Le débat n'est pas ouvert aux commentaires."),
            "view_synthesis": _("La synthèse est disponible une fois le débat clos."),
            "submit_to_council": _("Seul un débat clos peut être transmis au conseil."),
        }
        return PhaseClosed(messages.get(capability), code=f"{capability}_closed")
    closes_at = debate.closes_at
    if (capability not in DEBATE_CLOCK_MESSAGES or closes_at is None
            or not deadlines.has_passed(closes_at)):
        return None
    return PhaseClosed(DEBATE_CLOCK_MESSAGES[capability].format(
        **deadlines.closing_words(closes_at)), code=f"{capability}_closed")


def ensure_debate_capability(debate: BudgetDebate, capability: str) -> None:
    if (refusal := debate_capability_refusal(debate, capability)) is not None:
        raise refusal


def debate_capabilities(debate: BudgetDebate) -> set[str]:
    """What the debate allows right now: its phase's capabilities whose time is not over."""
    return {capability for capability in states.DEBATE_CAPABILITIES.get(debate.status, set())
            if debate_capability_refusal(debate, capability) is None}


def voter_check(*, user: User | AnonymousUser, budget: ParticipatoryBudget) -> EligibilityResult:
    return eligibility_check(user=user, policy=budget_eligibility(budget))


def ensure_can_vote(*, user: User | AnonymousUser, budget: ParticipatoryBudget,
                    cast_at: datetime | None = None) -> Resident:
    """`cast_at`: when the vote was handed in, if earlier than now (a paper form at the
    counter); the phase must still be voting either way."""
    if (refusal := capability_refusal(budget, "cast_ballot", at=cast_at)) is not None:
        raise refusal
    return eligibility_ensure(user=user, policy=budget_eligibility(budget))


def ballot_box_sealed(budget: ParticipatoryBudget) -> bool:
    """Whether voting has closed and the ballots were cut from their voters."""
    return states.PHASE_ORDER.index(budget.status) > states.PHASE_ORDER.index(
        states.BudgetStatus.VOTING)


def proposer_check(*, user: User | AnonymousUser, budget: ParticipatoryBudget
                   ) -> EligibilityResult:
    """Every reason `user` may not submit a project to `budget` (the service's own policy)."""
    return eligibility_check(user=user, policy=budget_eligibility(budget))


def ensure_can_submit_proposal(*, user: User, budget: ParticipatoryBudget) -> Resident:
    ensure_capability(budget, "submit_proposal")
    return eligibility_ensure(user=user, policy=budget_eligibility(budget))


def ensure_can_edit_proposal(*, user: User, proposal: Proposal) -> None:
    """Authors add co-authors to their own project; clerks may act for them."""
    if roles.is_staff_member(user) or proposal.author_id == user.pk:
        return
    raise NotPermitted(_("Seul l'auteur du projet peut faire cela."))


def ensure_can_give_preference(*, user: User | AnonymousUser, debate: BudgetDebate) -> Resident:
    ensure_debate_capability(debate, "give_preference")
    return eligibility_ensure(user=user, policy=debate_eligibility())


def proposal_comment_policy(user: User, proposal: Model) -> None:
    """Listed in COMMENT_POLICIES: eligible residents comment while the budget is live."""
    assert isinstance(proposal, Proposal)
    budget = proposal.budget
    ensure_capability(budget, "comment")
    if roles.is_staff_member(user):
        return
    eligibility_ensure(user=user, policy=budget_eligibility(budget))


def budget_line_comment_policy(user: User, line: Model) -> None:
    """Listed in COMMENT_POLICIES: verified residents comment while the debate is open."""
    assert isinstance(line, BudgetLine)
    ensure_debate_capability(line.chapter.debate, "comment")
    if roles.is_staff_member(user):
        return
    eligibility_ensure(user=user, policy=debate_eligibility())


# The objects residents comment on, found by civic.commentable.
COMMENT_POLICIES = {Proposal: proposal_comment_policy, BudgetLine: budget_line_comment_policy}
