"""The budgets app's part of a person's data: projects proposed, ballots with their receipts,
opinions on the general budget (see civic.services.personal_data for the contract)."""

from typing import Any

from django.utils import timezone

from budgets.models import (
    Ballot,
    BallotChoice,
    ChapterPreference,
    PaperBallotEntry,
    PaperBallotStatus,
    Proposal,
    ProposalCoAuthor,
)
from civic.models import User
from civic.reassign import reassign

MERGED_ENTRY = "Compte fusionné avec un autre compte de la même personne."


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _ballots(user: User) -> list[dict[str, Any]]:
    ballots = list(Ballot.objects.filter(voter=user).select_related("budget").order_by("pk"))
    choices: dict[int, list[dict[str, int]]] = {}
    for ballot_id, proposal_id, points in BallotChoice.objects.filter(
            ballot__in=ballots).order_by("proposal_id").values_list(
            "ballot_id", "proposal_id", "points"):
        choices.setdefault(ballot_id, []).append({"proposal": proposal_id, "points": points})
    return [{"budget": b.budget_id, "budget_title": b.budget.title, "receipt": b.receipt,
             "salt": b.salt, "version": b.version, "cast_at": _iso(b.cast_at),
             "updated_at": _iso(b.updated_at), "paper": b.recorded_by_id is not None,
             "choices": choices.get(b.pk, [])} for b in ballots]


def export(user: User) -> dict[str, Any]:
    coauthored = ProposalCoAuthor.objects.filter(user=user).values_list("proposal_id", flat=True)
    proposals = Proposal.objects.filter(author=user).order_by("pk")
    return {
        "proposals": [{"id": p.pk, "budget": p.budget_id, "title": p.title,
                       "description": p.description, "location": p.location,
                       "estimated_cost_cents": p.estimated_cost_cents, "status": p.status,
                       "created_at": _iso(p.created_at)} for p in proposals],
        "co_authored_proposals": sorted(coauthored),
        "ballots": _ballots(user),
        "budget_debate_preferences": [
            {"debate": p.debate_id, "chapter": p.chapter_id, "choice": p.choice,
             "updated_at": _iso(p.updated_at)}
            for p in ChapterPreference.objects.filter(voter=user).order_by("pk")],
    }


def erase(user: User) -> dict[str, int]:
    """Ballots, preferences and projects stay (they are counted and were public); they now
    belong to the anonymised account. Only the co-author links, which name the person on a
    project page, go."""
    return {"co_authorships": ProposalCoAuthor.objects.filter(user=user).delete()[0],
            "ballots_kept": Ballot.objects.filter(voter=user).count()}


def merge(*, survivor: User, duplicate: User) -> dict[str, int]:
    """Fold the duplicate's part into the survivor's (civic.services.merge).

    One ballot per budget stays: the survivor's when both voted (the duplicate's is deleted,
    which takes its choices out of the count), the duplicate's, moved, when only it voted.
    The duplicate's paper entries still waiting for their second entry are cancelled; its
    projects, co-authorships and budget-debate preferences move.
    """
    counts: dict[str, int] = {}
    voted = Ballot.objects.filter(voter=survivor).values_list("budget_id", flat=True)
    twice = Ballot.objects.filter(voter=duplicate, budget_id__in=list(voted))
    counts["ballots_dropped"] = twice.count()
    twice.delete()
    counts["ballots_moved"] = Ballot.objects.filter(voter=duplicate).update(voter=survivor)
    counts["paper_entries_cancelled"] = PaperBallotEntry.objects.filter(
        voter=duplicate, status=PaperBallotStatus.PENDING).update(
        status=PaperBallotStatus.CANCELLED, cancelled_at=timezone.now(),
        cancel_reason=MERGED_ENTRY)
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
