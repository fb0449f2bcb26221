"""The budgets app's part of a person's data: projects proposed, ballots with their receipts,
opinions on the general budget (see civic.services.personal_data for the contract).

A ballot is found through the person's tag only while its vote is open; after the close it
belongs to nobody (docs/ballot-secrecy.md), so the copy lists it no longer."""

from typing import Any

from budgets import selectors
from budgets.models import ChapterPreference, ParticipatoryBudget, Proposal, ProposalCoAuthor
from budgets.states import BudgetStatus
from civic.models import User


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _ballots(user: User) -> list[dict[str, Any]]:
    found = []
    for budget in ParticipatoryBudget.objects.filter(status=BudgetStatus.VOTING).order_by("pk"):
        ballot = selectors.ballot_of(budget=budget, voter=user)
        if ballot is not None:
            found.append({"budget": budget.pk, "budget_title": budget.title,
                          "receipt": ballot.receipt_display,
                          "choices": [{"proposal": pid, "points": pts}
                                      for pid, pts in sorted(ballot.choices.items())]})
    return found


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
            "ballots_kept": len(_ballots(user))}
