from budgets.models.ballot import Ballot, BallotReceipt
from budgets.models.budget import BallotKind, ParticipatoryBudget, WinnerRule
from budgets.models.debate import (
    BudgetChapter,
    BudgetDebate,
    BudgetLine,
    ChapterPreference,
    ChapterPreferenceChoice,
)
from budgets.models.implementation import Implementation, ImplementationStatus, Milestone
from budgets.models.paper_ballot import PaperBallotEntry, PaperBallotKeying, PaperBallotStatus
from budgets.models.proposal import (
    FeasibilityReview,
    Proposal,
    ProposalCoAuthor,
    ProposalStatus,
)
from budgets.models.tally import Tally, TallyOutcome, TallyStatus

__all__ = [
    "Ballot",
    "BallotReceipt",
    "BallotKind",
    "BudgetChapter",
    "BudgetDebate",
    "BudgetLine",
    "ChapterPreference",
    "FeasibilityReview",
    "Implementation",
    "ImplementationStatus",
    "Milestone",
    "PaperBallotEntry",
    "PaperBallotKeying",
    "PaperBallotStatus",
    "ParticipatoryBudget",
    "ChapterPreferenceChoice",
    "Proposal",
    "ProposalCoAuthor",
    "ProposalStatus",
    "Tally",
    "TallyOutcome",
    "TallyStatus",
    "WinnerRule",
]
