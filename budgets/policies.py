"""Who may do what with budgets and debates: phase capability + role + eligibility, here only."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from budgets import states
from budgets.errors import PhaseClosed, VotingClosed
from budgets.models import BudgetDebate, BudgetLine, ParticipatoryBudget, Proposal
from civic import roles
from civic.eligibility import (
    EligibilityPolicy,
    EligibilityResult,
    ResidenceScope,
    eligibility_check,
    eligibility_ensure,
)
from civic.errors import NotPermitted
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
    return EligibilityPolicy(min_age=settings.DECIDONS["MIN_AGE"], residence=ResidenceScope.TOWN)


def ensure_staff(user: User | AnonymousUser) -> None:
    if not roles.is_staff_member(user):
        raise NotPermitted(_("Réservé aux agents de la ville."))


def ensure_capability(budget: ParticipatoryBudget, capability: str) -> None:
    if states.budget_can(budget.status, capability):
        return
    if capability == "cast_ballot":
        raise VotingClosed()
    raise PhaseClosed(CAPABILITY_MESSAGES.get(capability), code=f"{capability}_closed")


def ensure_debate_capability(debate: BudgetDebate, capability: str) -> None:
    if not states.debate_can(debate.status, capability):
        messages = {
            "import_lines": _("Les lignes ne s'importent que tant que le débat est en "
                              "préparation."),
            "give_preference": _("Le débat n'est pas ouvert."),
            "comment": _("Le débat n'est pas ouvert aux commentaires."),
            "view_synthesis": _("La synthèse est disponible une fois le débat clos."),
            "submit_to_council": _("Seul un débat clos peut être transmis au conseil."),
        }
        raise PhaseClosed(messages.get(capability), code=f"{capability}_closed")


def voter_check(*, user: User | AnonymousUser, budget: ParticipatoryBudget) -> EligibilityResult:
    return eligibility_check(user=user, policy=budget_eligibility(budget))


def ensure_can_vote(*, user: User | AnonymousUser, budget: ParticipatoryBudget) -> Resident:
    ensure_capability(budget, "cast_ballot")
    return eligibility_ensure(user=user, policy=budget_eligibility(budget))


def voting_has_closed(budget: ParticipatoryBudget) -> bool:
    """Whether the ballot box is (or is due to be) closed: ballots no longer name anyone."""
    return states.PHASE_ORDER.index(budget.status) > states.PHASE_ORDER.index(
        states.BudgetStatus.VOTING)


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
    """Registered with civic.commentable: eligible residents comment while the budget is live."""
    assert isinstance(proposal, Proposal)
    budget = proposal.budget
    ensure_capability(budget, "comment")
    if roles.is_staff_member(user):
        return
    eligibility_ensure(user=user, policy=budget_eligibility(budget))


def budget_line_comment_policy(user: User, line: Model) -> None:
    """Registered with civic.commentable: verified residents comment while the debate is open."""
    assert isinstance(line, BudgetLine)
    ensure_debate_capability(line.chapter.debate, "comment")
    if roles.is_staff_member(user):
        return
    eligibility_ensure(user=user, policy=debate_eligibility())
