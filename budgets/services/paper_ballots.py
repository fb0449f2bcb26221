"""Paper ballots typed in at the counter, blind, by clerks who must agree (assisted voting).

The first clerk types the resident's paper form; another clerk types it again without seeing
anything of the first typing; when two typings by different clerks agree, the ballot is cast
as the resident's one ballot. Each typing is kept only as a keyed digest (civic/secrecy.py),
so nobody learns what another clerk typed, not from a page, an error, the audit log or the
database. On disagreement the entry is set aside and a further typing by yet another clerk
decides (or the resident fills in a new form and the entry is cancelled). The clerk is
warned before a paper ballot replaces the resident's online ballot, and when a form number
was already used. Every step is audited with the clerks' names, never with the choices.
"""

from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgets import policies, selectors, states
from budgets.ballot_input import content_of
from budgets.models import (
    PaperBallotEntry,
    PaperBallotKeying,
    PaperBallotStatus,
    ParticipatoryBudget,
)
from budgets.models.paper_ballot import OPEN_STATUSES
from budgets.services.ballots import _budget_shared_lock, ballot_record, ballot_validate
from civic.errors import Conflict, InvalidTransition, NotPermitted
from civic.links import page_url
from civic.models import User
from civic.secrecy import content_digest
from civic.services.audit import audit_record
from civic.services.notifications import notification_enqueue
from civic.transitions import transition

# Typings one entry may take: the first, a second, and one more to settle a disagreement.
MAX_KEYINGS = 3


class PaperBallotMismatch(Conflict):
    code = "paper_ballot_mismatch"
    default_message = _("Les deux saisies ne concordent pas.")


class PaperBallotNeedsConfirmation(Conflict):
    """A fact the clerk must acknowledge before going on (`extra["confirm"]` names the box)."""

    code = "confirmation_needed"


def _digest(entry: PaperBallotEntry, choices: Mapping[int, int]) -> str:
    return content_digest(scope=f"paper:{entry.pk}", content=content_of(choices))


def _open_entry(entry: PaperBallotEntry) -> PaperBallotEntry:
    locked = PaperBallotEntry.objects.select_for_update().select_related(
        "budget", "voter").get(pk=entry.pk)
    if locked.status not in OPEN_STATUSES:
        raise InvalidTransition(_("Ce bulletin papier n'attend plus de saisie ({status}).")
                                .format(status=locked.get_status_display()),
                                code="paper_ballot_not_pending")
    return locked


def _warn_online_ballot(budget: ParticipatoryBudget, voter: User, acknowledged: bool) -> bool:
    """True if the resident already has a ballot; refused until the clerk acknowledges it.

    Whether that ballot was cast online or on an earlier paper form is not known: a ballot
    keeps no trace of how it came (a paper flag would single out the few paper ballots).
    """
    voted = selectors.ballot_exists(budget=budget, voter=voter)
    if voted and not acknowledged:
        raise PaperBallotNeedsConfirmation(
            _("Cette personne a déjà voté pour ce budget (en ligne ou sur papier). Si vous "
              "confirmez, ce bulletin papier remplacera son vote : vérifiez avec elle que "
              "c'est bien ce qu'elle veut."), code="online_ballot_exists",
            field="replace_online", confirm="replace_online")
    return voted


def _reference_key(reference: str) -> str:
    """"P-0200", "p 0200" and "P0200" are one form number."""
    return "".join(ch for ch in reference.casefold() if ch.isalnum())


def _warn_reused_form(budget: ParticipatoryBudget, reference: str, acknowledged: bool) -> None:
    key = _reference_key(reference)
    if not key or acknowledged:
        return
    used = PaperBallotEntry.objects.filter(budget=budget).exclude(
        status=PaperBallotStatus.CANCELLED).exclude(form_reference="").values_list(
        "form_reference", flat=True)
    same = next((ref for ref in used.iterator() if _reference_key(ref) == key), None)
    if same is not None:
        raise PaperBallotNeedsConfirmation(
            _("Le formulaire n° {ref} a déjà été saisi pour ce budget. Vérifiez le numéro ; "
              "confirmez seulement s'il s'agit bien d'un autre formulaire.").format(ref=same),
            code="form_reference_used", field="reuse_form_reference",
            confirm="reuse_form_reference")


@transaction.atomic
def paper_ballot_enter_first(*, budget: ParticipatoryBudget, voter: User,
                             choices: Mapping[int, int], clerk: User, form_reference: str = "",
                             replace_online: bool = False,
                             reuse_form_reference: bool = False) -> PaperBallotEntry:
    """First typing of a paper ballot (clerks): checked now, counted once a second agrees."""
    policies.ensure_staff(clerk)
    budget = _budget_shared_lock(budget.pk)
    policies.ensure_can_vote(user=voter, budget=budget)
    ballot_validate(budget=budget, choices=choices)
    reference = form_reference.strip()[:40]
    voted_online = _warn_online_ballot(budget, voter, replace_online)
    _warn_reused_form(budget, reference, reuse_form_reference)
    try:
        with transaction.atomic():
            entry = PaperBallotEntry.objects.create(
                budget=budget, voter=voter, first_clerk=clerk, first_entered_at=timezone.now(),
                form_reference=reference, replaces_online=voted_online)
    except IntegrityError:
        raise Conflict(_("Un bulletin papier de cette personne attend déjà une saisie. "
                         "Complétez-le ou annulez-le d'abord."),
                       code="paper_ballot_pending") from None
    PaperBallotKeying.objects.create(entry=entry, clerk=clerk, entered_at=entry.first_entered_at,
                                     digest=_digest(entry, choices))
    audit_record(verb="budget.paper_ballot_first_entry", actor=clerk, target=entry,
                 data={"budget": budget.pk, "voter": voter.pk,
                       "form_reference": entry.form_reference,
                       "replaces_online": voted_online})
    return entry


def paper_ballot_enter_second(*, entry: PaperBallotEntry, choices: Mapping[int, int],
                              clerk: User, replace_online: bool = False) -> PaperBallotEntry:
    """A further blind typing by another clerk; agreeing with an earlier one casts the ballot.

    Not one atomic block on purpose: a disagreement is committed (counted and audited)
    before it is refused, so the log shows every failed comparison. The refusal says that the
    typings differ, never how.
    """
    with transaction.atomic():
        policies.ensure_staff(clerk)
        entry = _open_entry(entry)
        keyings = list(entry.keyings.all())
        if any(k.clerk_id == clerk.pk for k in keyings):
            raise NotPermitted(_("Vous avez déjà saisi ce bulletin : la saisie suivante doit "
                                 "être faite par un autre agent."), code="same_clerk")
        if len(keyings) >= MAX_KEYINGS:
            raise InvalidTransition(_("Les saisies de ce bulletin ne concordent pas : annulez-le "
                                      "et faites remplir un nouveau formulaire à la personne."),
                                    code="paper_ballot_unresolved")
        budget = _budget_shared_lock(entry.budget_id)
        ballot_validate(budget=budget, choices=choices)
        digest = _digest(entry, choices)
        agreeing = next((k for k in keyings if k.digest == digest), None)
        if agreeing is not None:
            return _confirm(entry, budget, choices, clerk, agreeing, replace_online)
        PaperBallotKeying.objects.create(entry=entry, clerk=clerk, entered_at=timezone.now(),
                                         digest=digest)
        unresolved = len(keyings) + 1 >= MAX_KEYINGS
        transition(entry, lifecycle=states.PAPER_BALLOT_TRANSITIONS, source=OPEN_STATUSES,
                   target=PaperBallotStatus.DISPUTED, verb="budget.paper_ballot_mismatch",
                   actor=clerk, code="paper_ballot_not_pending",
                   data={"budget": entry.budget_id, "voter": entry.voter_id,
                         "keyings": len(keyings) + 1, "unresolved": unresolved},
                   mismatches=F("mismatches") + 1)
    if unresolved:
        raise PaperBallotMismatch(
            _("Les saisies ne concordent pas et aucune ne peut plus départager : le bulletin "
              "n'est pas compté. Annulez cette saisie et faites remplir un nouveau formulaire "
              "à la personne."), field="choices", unresolved=True)
    raise PaperBallotMismatch(
        _("Votre saisie ne concorde pas avec la précédente : le bulletin n'est pas compté. Les "
          "deux saisies sont mises de côté ; un troisième agent doit saisir le formulaire, et "
          "sa saisie départagera."), field="choices", unresolved=False)


def _confirm(entry: PaperBallotEntry, budget: ParticipatoryBudget, choices: Mapping[int, int],
             clerk: User, agreeing: PaperBallotKeying, replace_online: bool) -> PaperBallotEntry:
    acknowledged = replace_online or entry.replaces_online
    voted_online = _warn_online_ballot(budget, entry.voter, acknowledged)
    now = timezone.now()
    keying = PaperBallotKeying.objects.create(entry=entry, clerk=clerk, entered_at=now,
                                              agreed=True)
    PaperBallotKeying.objects.filter(pk=agreeing.pk).update(agreed=True)
    ballot_record(budget=budget, voter=entry.voter, choices=choices,
                  cast_at=entry.first_entered_at)
    # What was typed is no longer needed once counted: keep who and when, never what.
    entry.keyings.update(digest="")
    transition(entry, lifecycle=states.PAPER_BALLOT_TRANSITIONS, source=OPEN_STATUSES,
               target=PaperBallotStatus.CONFIRMED, verb="budget.paper_ballot_confirmed",
               actor=clerk, code="paper_ballot_not_pending",
               data={"budget": entry.budget_id, "voter": entry.voter_id,
                     "agreeing_clerks": sorted([agreeing.clerk_id, keying.clerk_id]),
                     "replaces_online": voted_online},
               second_clerk=clerk, confirmed_at=now, replaces_online=voted_online)
    notification_enqueue(
        recipients=[entry.voter], kind="budget_paper_ballot_recorded",
        subject=_("Votre bulletin papier pour « {title} » est compté"),
        body=_("Votre bulletin papier a été saisi au guichet et compte comme votre vote. Si ce "
               "n'est pas vous qui l'avez rempli, signalez-le sans attendre à la mairie."),
        params={"title": budget.title}, dedupe_key=f"paper-ballot:{entry.pk}",
        url=page_url("budgets_web:budget", pk=budget.pk))
    return entry


@transaction.atomic
def paper_ballot_cancel(*, entry: PaperBallotEntry, clerk: User,
                        reason: str = "") -> PaperBallotEntry:
    """Cancel a paper ballot not yet counted (clerks; audited)."""
    policies.ensure_staff(clerk)
    entry = _open_entry(entry)
    cancel_reason = reason.strip()[:200]
    transition(entry, lifecycle=states.PAPER_BALLOT_TRANSITIONS, source=OPEN_STATUSES,
               target=PaperBallotStatus.CANCELLED, verb="budget.paper_ballot_cancelled",
               actor=clerk, code="paper_ballot_not_pending",
               data={"budget": entry.budget_id, "voter": entry.voter_id,
                     "reason": cancel_reason},
               cancelled_by=clerk, cancelled_at=timezone.now(), cancel_reason=cancel_reason)
    entry.keyings.update(digest="")
    return entry
