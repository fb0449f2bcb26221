"""The budgets app's part of a person's data: projects proposed, ballots with their receipts,
preferences on the general budget (see civic.services.personal_data for the contract).

A ballot is found through the person's tag only while its vote is open; after the close it
belongs to nobody (docs/ballot-secrecy.md), so the copy lists it no longer. The copy says that
the person voted and gives the receipt, never the ballot's content."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from budgets import selectors
from budgets.models import (
    Ballot,
    BallotReceipt,
    ChapterPreference,
    PaperBallotEntry,
    PaperBallotKeying,
    PaperBallotStatus,
    ParticipatoryBudget,
    Proposal,
    ProposalCoAuthor,
)
from budgets.models.paper_ballot import OPEN_STATUSES
from budgets.secrecy import holder_tag, voter_tag
from budgets.states import BudgetStatus
from civic.models import User
from civic.reassign import reassign

MERGED_ENTRY = "Compte fusionné avec un autre compte de la même personne."


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _ballots(user: User) -> list[dict[str, Any]]:
    found = []
    for budget in ParticipatoryBudget.objects.filter(status=BudgetStatus.VOTING).order_by("pk"):
        # That the person voted and their receipt; never the content, which no page or file
        # shows back (whoever acts in their name could ask for this copy).
        if selectors.ballot_exists(budget=budget, voter=user):
            found.append({"budget": budget.pk, "budget_title": budget.title,
                          "receipt": selectors.voter_receipt(budget=budget, voter=user)})
    return found


def export(user: User) -> dict[str, Any]:
    links = ProposalCoAuthor.objects.filter(user=user)
    coauthored = links.accepted().values_list("proposal_id", flat=True)
    invited = links.filter(accepted_at__isnull=True).order_by("pk")
    proposals = Proposal.objects.filter(author=user).order_by("pk")
    return {
        "proposals": [{"id": p.pk, "budget": p.budget_id, "title": p.title,
                       "description": p.description, "location": p.location,
                       "estimated_cost_cents": p.estimated_cost_cents, "status": p.status,
                       "created_at": _iso(p.created_at)} for p in proposals],
        "co_authored_proposals": sorted(coauthored),
        "co_author_invitations": [
            {"proposal": link.proposal_id, "invited_at": _iso(link.added_at),
             "declined_at": _iso(link.declined_at)}
            for link in invited],
        "ballots": _ballots(user),
        "budget_debate_preferences": [
            {"debate": p.debate_id, "chapter": p.chapter_id, "choice": p.choice,
             "updated_at": _iso(p.updated_at)}
            for p in ChapterPreference.objects.filter(voter=user).order_by("pk")],
    }


def erase_blockers(user: User) -> list[str]:
    """The votes still open in which the person has a ballot (they postpone an erasure)."""
    return [str(_("le vote « {title} »")).format(title=budget.title)
            for budget in ParticipatoryBudget.objects.filter(status=BudgetStatus.VOTING)
            .order_by("pk") if selectors.ballot_exists(budget=budget, voter=user)]


def erase(user: User) -> dict[str, int]:
    """Ballots, preferences and projects stay (they are counted and were public); they now
    belong to the anonymised account. Only the co-author links, which name the person on a
    project page, go."""
    return {"co_authorships": ProposalCoAuthor.objects.filter(user=user).delete()[0],
            "ballots_kept": len(_ballots(user))}


def merge(*, survivor: User, duplicate: User) -> dict[str, int]:
    """Fold the duplicate's part into the survivor's (civic.services.merge).

    In each vote still open, one ballot stays: the survivor's when both voted (the
    duplicate's ballot and receipt are deleted, which takes its choices out of the count), the
    duplicate's, moved under the survivor's tags, when only it voted. A closed vote's ballots
    belong to nobody any more (docs/ballot-secrecy.md) and are left as counted. The
    duplicate's paper entries still waiting for a typing are cancelled; its projects,
    co-authorships and budget-debate preferences move.
    """
    counts = _merge_ballots(survivor=survivor, duplicate=duplicate)
    counts["paper_entries_cancelled"] = PaperBallotEntry.objects.filter(
        voter=duplicate, status__in=OPEN_STATUSES).update(
        status=PaperBallotStatus.CANCELLED, cancelled_at=timezone.now(),
        cancel_reason=MERGED_ENTRY)
    PaperBallotKeying.objects.filter(entry__voter=duplicate).update(digest="")
    counts["paper_entries_moved"] = PaperBallotEntry.objects.filter(voter=duplicate).update(
        voter=survivor)
    counts["proposals"] = Proposal.objects.filter(author=duplicate).update(author=survivor)
    # A co-author link to one's own project, or twice to one project, is dropped.
    ProposalCoAuthor.objects.filter(user=duplicate, proposal__author=survivor).delete()
    counts["co_authorships"], _dropped = reassign(
        ProposalCoAuthor.objects, field="user", survivor=survivor, duplicate=duplicate,
        unique_with=("proposal_id",))
    counts["debate_preferences"], counts["debate_preferences_dropped"] = reassign(
        ChapterPreference.objects, field="voter", survivor=survivor, duplicate=duplicate,
        unique_with=("chapter_id",))
    return counts


def _merge_ballots(*, survivor: User, duplicate: User) -> dict[str, int]:
    counts = {"ballots_dropped": 0, "ballots_moved": 0}
    for budget in ParticipatoryBudget.objects.filter(status=BudgetStatus.VOTING):
        tags = [voter_tag(budget_id=budget.pk, voter_id=u.pk) for u in (survivor, duplicate)]
        holders = [holder_tag(budget_id=budget.pk, voter_id=u.pk) for u in (survivor, duplicate)]
        theirs = Ballot.objects.filter(budget=budget, voter_tag=tags[1])
        if not theirs.exists():
            continue
        if Ballot.objects.filter(budget=budget, voter_tag=tags[0]).exists():
            counts["ballots_dropped"] += theirs.delete()[0]
            BallotReceipt.objects.filter(budget=budget, holder_tag=holders[1]).delete()
        else:
            counts["ballots_moved"] += theirs.update(voter_tag=tags[0])
            BallotReceipt.objects.filter(budget=budget, holder_tag=holders[1]).update(
                holder_tag=holders[0])
    return counts
