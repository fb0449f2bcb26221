"""The budgets app's part of a person's data: projects proposed, ballots with their receipts,
opinions on the general budget (see civic.services.personal_data for the contract)."""

from typing import Any

from budgets.models import Ballot, BallotChoice, ChapterPreference, Proposal, ProposalCoAuthor
from civic.models import User


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
