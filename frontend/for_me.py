"""What is "for me": a resident's neighbourhood, what is open to them now (with its deadline),
and their own acts. Read only, through the modules' own selectors and policies, for the
personal page and the home page."""

from dataclasses import dataclass
from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets import policies as budget_policies
from budgets import selectors as budget_selectors
from budgets.models import BudgetDebate, ParticipatoryBudget, Proposal
from budgets.states import BudgetStatus, DebateStatus
from civic.eligibility import eligibility_check
from civic.errors import DomainError
from civic.models import User
from commissions import policies as commission_policies
from commissions import selectors as commission_selectors
from commissions.models import Application, FacilityRegistration, MeetingRegistration
from petitions import policies as petition_policies
from petitions.models import CitizenInitiative, Signature
from petitions.states import Status as InitiativeStatus


@dataclass(frozen=True)
class OpenAct:
    """Something the resident may do now: what, where, and until when."""

    label: str
    title: str
    url: str
    closes: datetime | date | None

    @property
    def sort_key(self) -> tuple[int, str]:
        if self.closes is None:
            return (1, "")
        moment = self.closes if isinstance(self.closes, datetime) else timezone.make_aware(
            datetime.combine(self.closes, datetime.max.time()))
        return (0, moment.isoformat())


def _budgets_open(user: User) -> list[OpenAct]:
    acts = []
    budgets = ParticipatoryBudget.objects.filter(
        status__in=[BudgetStatus.SUBMISSION, BudgetStatus.VOTING]).select_related("neighbourhood")
    for budget in budgets:
        if not budget_policies.voter_check(user=user, budget=budget).eligible:
            continue
        can = budget_policies.budget_capabilities(budget)
        if "cast_ballot" in can:
            voted = budget_selectors.ballot_exists(budget=budget, voter=user)
            acts.append(OpenAct(_("Modifier mon vote") if voted else _("Voter"), budget.title,
                                reverse("budgets_web:vote", args=[budget.pk]),
                                budget.voting_closes_at))
        if "submit_proposal" in can:
            acts.append(OpenAct(_("Proposer un projet"), budget.title,
                                reverse("budgets_web:proposal_new", args=[budget.pk]),
                                budget_policies.closing_time(budget, "submit_proposal")))
    for debate in BudgetDebate.objects.filter(status=DebateStatus.OPEN):
        if "give_preference" in budget_policies.debate_capabilities(debate):
            acts.append(OpenAct(_("Donner mon avis"), debate.title,
                                reverse("budgets_web:debate", args=[debate.pk]),
                                debate.closes_at))
    return acts


def _initiatives_open(user: User) -> list[OpenAct]:
    signed = set(Signature.objects.filter(resident__user=user, status=Signature.Status.VALID)
                 .values_list("initiative_id", flat=True))
    acts = []
    for initiative in CitizenInitiative.objects.filter(
            status=InitiativeStatus.COLLECTING).exclude(pk__in=signed).select_related("charter"):
        if petition_policies.collection_refusal(initiative) is None and (
                petition_policies.signer_check(user=user, initiative=initiative).eligible):
            acts.append(OpenAct(_("Signer"), initiative.title,
                                reverse("petitions_web:detail", args=[initiative.pk]),
                                initiative.collection_deadline))
    return acts


def _commissions_open(user: User) -> list[OpenAct]:
    acts = []
    for consultation in commission_selectors.consultation_list_for_public():
        if (commission_policies.consultation_accepts_answers(consultation)
                and commission_policies.respondent_check(
                    user=user, consultation=consultation).eligible
                and not commission_selectors.consultation_answered_by(
                    user=user, consultation=consultation)):
            acts.append(OpenAct(_("Répondre"), consultation.title,
                                reverse("commissions_web:consultation", args=[consultation.pk]),
                                consultation.closes_on))
    applied = set(Application.objects.filter(applicant=user).values_list("call_id", flat=True))
    for call in commission_selectors.member_call_list_open().exclude(pk__in=applied):
        try:
            policy = commission_policies.application_policy(seat_group=call.seat_group)
        except DomainError:  # seats filled by appointment: nothing to apply to
            continue
        if eligibility_check(user=user, policy=policy).eligible:
            acts.append(OpenAct(_("Candidater"), call.title,
                                reverse("commissions_web:call", args=[call.pk]), call.closes_on))
    return acts


def open_for(user: User) -> list[OpenAct]:
    """Every act open to `user` right now, the soonest deadline first."""
    acts = _budgets_open(user) + _initiatives_open(user) + _commissions_open(user)
    return sorted(acts, key=lambda act: act.sort_key)


def my_acts(user: User) -> dict[str, object]:
    """The resident's own projects, ballots (with receipts), signatures and registrations."""
    ballots = []
    for budget in ParticipatoryBudget.objects.filter(status=BudgetStatus.VOTING):
        if budget_selectors.ballot_exists(budget=budget, voter=user):
            ballots.append({"budget": budget, "receipt": budget_selectors.voter_receipt(
                budget=budget, voter=user)})
    return {
        "projects": Proposal.objects.filter(author=user).select_related("budget").order_by(
            "-created_at"),
        "ballots": ballots,
        "signatures": Signature.objects.filter(resident__user=user).select_related(
            "initiative").order_by("-signed_at"),
        "meetings": MeetingRegistration.objects.filter(
            user=user, meeting__starts_at__gte=timezone.now()).select_related(
            "meeting__commission").order_by("meeting__starts_at"),
        "facilities": FacilityRegistration.objects.filter(user=user).select_related(
            "commission"),
        "applications": Application.objects.filter(applicant=user).select_related(
            "call__seat_group__commission"),
    }
