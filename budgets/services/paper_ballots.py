"""Paper ballots typed in at the counter by two different clerks (assisted participation).

The first clerk types the paper form; a second clerk types it again without seeing the
first entry. Only identical entries are cast, through `ballot_cast`, as the resident's one
ballot; a disagreement is refused with the list of differing choices and the entry waits
for a new second entry or is cancelled. Every step is audited with the clerks' names.
"""

from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgets import policies
from budgets.models import PaperBallotEntry, PaperBallotStatus, ParticipatoryBudget, Proposal
from budgets.services.ballots import ballot_cast, ballot_validate
from civic.errors import Conflict, InvalidTransition, NotPermitted
from civic.models import User
from civic.services.audit import audit_record


class PaperBallotMismatch(Conflict):
    code = "paper_ballot_mismatch"
    default_message = _("Les deux saisies ne concordent pas.")


def _name(user: User) -> str:
    return user.get_full_name() or user.email


def _pending(entry: PaperBallotEntry) -> PaperBallotEntry:
    locked = PaperBallotEntry.objects.select_for_update().select_related(
        "budget", "voter", "first_clerk").get(pk=entry.pk)
    if locked.status != PaperBallotStatus.PENDING:
        raise InvalidTransition(_("Ce bulletin papier n'attend plus de saisie ({status}).")
                                .format(status=locked.get_status_display()),
                                code="paper_ballot_not_pending")
    return locked


@transaction.atomic
def paper_ballot_enter_first(*, budget: ParticipatoryBudget, voter: User,
                             choices: Mapping[int, int], clerk: User,
                             form_reference: str = "") -> PaperBallotEntry:
    """First entry of a paper ballot (clerks): checked now, counted after the second entry."""
    policies.ensure_staff(clerk)
    budget = ParticipatoryBudget.objects.select_for_update().get(pk=budget.pk)
    policies.ensure_can_vote(user=voter, budget=budget)
    ballot_validate(budget=budget, choices=choices)
    try:
        with transaction.atomic():
            entry = PaperBallotEntry.objects.create(
                budget=budget, voter=voter, first_clerk=clerk, first_entered_at=timezone.now(),
                first_choices={str(pid): pts for pid, pts in sorted(choices.items())},
                form_reference=form_reference.strip()[:40])
    except IntegrityError:
        raise Conflict(_("Un bulletin papier de cette personne attend déjà sa seconde saisie. "
                         "Faites la seconde saisie ou annulez-le d'abord."),
                       code="paper_ballot_pending") from None
    audit_record(verb="budget.paper_ballot_first_entry", actor=clerk, target=entry,
                 data={"budget": budget.pk, "voter": voter.pk, "first_clerk": _name(clerk),
                       "form_reference": entry.form_reference})
    return entry


def _differences(entry: PaperBallotEntry, second: Mapping[int, int]) -> list[str]:
    """One plain sentence per project on which the two entries differ."""
    first = entry.choices()
    differing = sorted(pid for pid in set(first) | set(second) if first.get(pid) != second.get(pid))
    titles = dict(Proposal.objects.filter(pk__in=differing).values_list("pk", "title"))
    lines = []
    for pid in differing:
        title = titles.get(pid, f"n° {pid}")
        lines.append(str(_("« {title} » : première saisie {a}, seconde saisie {b}.").format(
            title=title, a=_describe(first.get(pid)), b=_describe(second.get(pid)))))
    return lines


def _describe(points: int | None) -> str:
    if not points:
        return str(_("non coché"))
    if points == 1:
        return str(_("coché"))
    return str(_("{n} points")).format(n=points)


def paper_ballot_enter_second(*, entry: PaperBallotEntry, choices: Mapping[int, int],
                              clerk: User) -> PaperBallotEntry:
    """Second, independent entry by another clerk; identical entries cast the ballot.

    Not one atomic block on purpose: a disagreement is committed (counted and audited)
    before it is refused, so the log shows every failed comparison.
    """
    with transaction.atomic():
        policies.ensure_staff(clerk)
        entry = _pending(entry)
        if entry.first_clerk_id == clerk.pk:
            raise NotPermitted(_("La seconde saisie doit être faite par un autre agent que "
                                 "la première."), code="same_clerk")
        differences = _differences(entry, choices)
        if not differences:
            return _confirm(entry, choices, clerk)
        PaperBallotEntry.objects.filter(pk=entry.pk).update(mismatches=F("mismatches") + 1)
        audit_record(verb="budget.paper_ballot_mismatch", actor=clerk, target=entry,
                     data={"budget": entry.budget_id, "voter": entry.voter_id,
                           "first_clerk": _name(entry.first_clerk),
                           "second_clerk": _name(clerk), "differences": differences})
    raise PaperBallotMismatch(
        _("Les deux saisies ne concordent pas. Vérifiez le formulaire papier. {details}")
        .format(details=" ".join(differences)), field="choices", differences=differences)


def _confirm(entry: PaperBallotEntry, choices: Mapping[int, int],
             clerk: User) -> PaperBallotEntry:
    ballot = ballot_cast(budget=entry.budget, voter=entry.voter, choices=choices,
                         recorded_by=clerk)
    PaperBallotEntry.objects.filter(pk=entry.pk, status=PaperBallotStatus.PENDING).update(
        status=PaperBallotStatus.CONFIRMED, second_clerk=clerk, confirmed_at=timezone.now(),
        ballot=ballot, receipt=ballot.receipt)
    entry.refresh_from_db()
    audit_record(verb="budget.paper_ballot_confirmed", actor=clerk, target=entry,
                 data={"budget": entry.budget_id, "voter": entry.voter_id,
                       "first_clerk": _name(entry.first_clerk), "second_clerk": _name(clerk),
                       "receipt": ballot.receipt})
    return entry


@transaction.atomic
def paper_ballot_cancel(*, entry: PaperBallotEntry, clerk: User,
                        reason: str = "") -> PaperBallotEntry:
    """Cancel a paper ballot still waiting for its second entry (clerks; audited)."""
    policies.ensure_staff(clerk)
    entry = _pending(entry)
    PaperBallotEntry.objects.filter(pk=entry.pk, status=PaperBallotStatus.PENDING).update(
        status=PaperBallotStatus.CANCELLED, cancelled_by=clerk, cancelled_at=timezone.now(),
        cancel_reason=reason.strip()[:200])
    entry.refresh_from_db()
    audit_record(verb="budget.paper_ballot_cancelled", actor=clerk, target=entry,
                 data={"budget": entry.budget_id, "voter": entry.voter_id,
                       "first_clerk": _name(entry.first_clerk), "by": _name(clerk),
                       "reason": entry.cancel_reason})
    return entry
