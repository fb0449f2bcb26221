"""Reads of the budgets module; querysets come back already joined or prefetched."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Model, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from budgets.ballot_input import choices_of
from budgets.models import (
    Ballot,
    BallotReceipt,
    BudgetChapter,
    BudgetDebate,
    BudgetLine,
    ChapterPreference,
    ChapterPreferenceChoice,
    ParticipatoryBudget,
    Proposal,
    ProposalCoAuthor,
    Tally,
    TallyOutcome,
    TallyStatus,
)
from budgets.models.proposal import ProposalStatus
from budgets.secrecy import (
    VoterBallot,
    holder_tag,
    receipt_format,
    receipt_normalise,
    voter_tag,
)
from civic import csv_export
from civic.conf import decidons_setting
from civic.models import AgendaItem, Comment, Neighbourhood, User


def tally_current(*, budget: ParticipatoryBudget) -> Tally | None:
    """The latest finished tally. Once voting has closed the ballots, costs and charter can no
    longer change, so the latest finished count is the count of the current inputs."""
    return budget.tallies.filter(status=TallyStatus.DONE).order_by("-finished_at", "-pk").first()


def tally_latest(*, budget: ParticipatoryBudget) -> Tally | None:
    return budget.tallies.order_by("-created_at", "-pk").first()


def budget_list(*, filters: dict[str, object] | None = None) -> QuerySet[ParticipatoryBudget]:
    qs = ParticipatoryBudget.objects.select_related("neighbourhood").annotate(
        proposal_count=Count("proposals", filter=~Q(proposals__status__in=[ProposalStatus.MERGED,
                                                           ProposalStatus.WITHDRAWN])))
    # Grouped queries drop Meta.ordering: order explicitly for stable pages.
    return qs.filter(**(filters or {})).order_by("-year", "neighbourhood__name", "pk")


def budget_get(*, pk: int) -> ParticipatoryBudget:
    return get_object_or_404(ParticipatoryBudget.objects.select_related("neighbourhood"), pk=pk)


def proposal_list_for_budget(*, budget: ParticipatoryBudget,
                             status: str | None = None) -> QuerySet[Proposal]:
    """The budget's projects, less those their author withdrew (seen only in "Pour moi")."""
    qs = Proposal.objects.filter(budget=budget).exclude(status=ProposalStatus.WITHDRAWN
                                                        ).select_related("author", "review",
                                                                         "merged_into")
    return qs.filter(status=status) if status else qs


def proposal_list_to_review() -> QuerySet[Proposal]:
    """Proposals waiting for their feasibility review, oldest first (every budget)."""
    return (Proposal.objects.filter(status=ProposalStatus.SUBMITTED)
            .select_related("budget").order_by("created_at", "pk"))


def proposal_get(*, pk: int) -> Proposal:
    return get_object_or_404(
        Proposal.objects.select_related("budget__neighbourhood", "author", "review",
                                        "merged_into", "implementation")
        .prefetch_related(Prefetch("coauthors", to_attr="accepted_coauthors",
                                   queryset=ProposalCoAuthor.objects.accepted()
                                   .select_related("user").order_by("accepted_at")),
                          "implementation__milestones"), pk=pk)


def coauthor_invitation_get_for_user(*, pk: int, user: User) -> ProposalCoAuthor:
    """An invitation to co-sign addressed to `user`; 404 for anyone else's."""
    return get_object_or_404(ProposalCoAuthor.objects.select_related(
        "proposal__budget", "proposal__author"), pk=pk, user=user)


def ballot_of(*, budget: ParticipatoryBudget, voter: User | AnonymousUser) -> VoterBallot | None:
    """The voter's ballot and receipt, found through their tags (until voting closes).

    For the services and their tests only: no page or API answer shows a stored ballot, so
    whoever acts in a voter's name (a stolen session, an administrator's token) cannot read
    it; see docs/ballot-secrecy.md.
    """
    if not voter.is_authenticated:
        return None
    content = Ballot.objects.filter(
        budget=budget, voter_tag=voter_tag(budget_id=budget.pk, voter_id=voter.pk),
    ).values_list("content", flat=True).first()
    if content is None:
        return None
    code = BallotReceipt.objects.filter(
        budget=budget, holder_tag=holder_tag(budget_id=budget.pk, voter_id=voter.pk),
    ).values_list("code", flat=True).first()
    return VoterBallot(budget_id=budget.pk, receipt=code or "", choices=choices_of(content))


def voter_receipt(*, budget: ParticipatoryBudget, voter: User | AnonymousUser) -> str | None:
    """The voter's receipt, as shown (until voting closes); never their ballot's content."""
    if not voter.is_authenticated:
        return None
    code = BallotReceipt.objects.filter(
        budget=budget, holder_tag=holder_tag(budget_id=budget.pk, voter_id=voter.pk),
    ).values_list("code", flat=True).first()
    return receipt_format(code) if code else None


def ballot_exists(*, budget: ParticipatoryBudget, voter: User | AnonymousUser) -> bool:
    """Whether the voter has a ballot in this budget (known until voting closes)."""
    if not voter.is_authenticated:
        return False
    return Ballot.objects.filter(
        budget=budget, voter_tag=voter_tag(budget_id=budget.pk, voter_id=voter.pk)).exists()


def voters_among(*, budget: ParticipatoryBudget, user_ids: Iterable[int]) -> set[int]:
    """Which of these people have voted (known until voting closes; for reminders)."""
    by_tag = {voter_tag(budget_id=budget.pk, voter_id=uid): uid for uid in user_ids}
    found: set[int] = set()
    tags = list(by_tag)
    for start in range(0, len(tags), 1000):
        found.update(by_tag[t] for t in Ballot.objects.filter(
            budget=budget, voter_tag__in=tags[start:start + 1000]).values_list(
            "voter_tag", flat=True) if t is not None)
    return found


def receipt_list(*, budget: ParticipatoryBudget) -> QuerySet[BallotReceipt]:
    """The published receipts, sorted by code: an order that owes nothing to voting order."""
    return BallotReceipt.objects.filter(budget=budget, issued=True).order_by("code")


def receipt_check(*, budget: ParticipatoryBudget, receipt: str) -> bool:
    return BallotReceipt.objects.filter(budget=budget, issued=True,
                                        code=receipt_normalise(receipt)).exists()


def ballot_count(*, budget: ParticipatoryBudget) -> int:
    return Ballot.objects.filter(budget=budget).exclude(content="").count()


def turnout_by_neighbourhood(*, budget: ParticipatoryBudget) -> list[dict[str, object]]:
    """Voters per neighbourhood, with the share of its population (counted at the close)."""
    counts = {int(k) if k else None: int(v) for k, v in (budget.turnout or {}).items()}
    result = []
    for hood in Neighbourhood.objects.filter(pk__in=[k for k in counts if k]):
        voters = counts[hood.pk]
        result.append({"neighbourhood": hood, "voters": voters,
                       "percent": round(100 * voters / hood.population, 1)
                       if hood.population else 0.0})
    if counts.get(None):
        result.append({"neighbourhood": None, "voters": counts[None], "percent": None})
    return sorted(result, key=lambda r: -cast(int, r["voters"]))


def outcome_list(*, budget: ParticipatoryBudget,
                 tally: Tally | None = None) -> QuerySet[TallyOutcome]:
    """The published tally's outcome per project (empty before results), or the given
    tally's (the staff's preview before publishing)."""
    tally_id = tally.pk if tally is not None else budget.result_tally_id
    if tally_id is None:
        return TallyOutcome.objects.none()
    return TallyOutcome.objects.filter(tally_id=tally_id).select_related(
        "proposal__implementation")


def implementation_list(*, budget: ParticipatoryBudget) -> QuerySet[Proposal]:
    return (Proposal.objects.filter(budget=budget, is_selected=True)
            .select_related("implementation").prefetch_related("implementation__milestones"))


# --- General-budget debate ------------------------------------------------------------------


def debate_list() -> QuerySet[BudgetDebate]:
    return BudgetDebate.objects.annotate(
        total_cents=Sum("chapters__lines__amount_cents")).order_by("-year")


def debate_get(*, pk: int) -> BudgetDebate:
    return get_object_or_404(BudgetDebate, pk=pk)


def debate_chapters(*, debate: BudgetDebate) -> QuerySet[BudgetChapter]:
    return BudgetChapter.objects.filter(debate=debate).annotate(
        total_cents=Sum("lines__amount_cents")).prefetch_related(
        Prefetch("lines", queryset=BudgetLine.objects.order_by("position")))


def line_get(*, pk: int) -> BudgetLine:
    return get_object_or_404(BudgetLine.objects.select_related("chapter__debate"), pk=pk)


def chapter_preferences_of(*, debate: BudgetDebate, voter: User | AnonymousUser) -> dict[int, str]:
    if not voter.is_authenticated:
        return {}
    return dict(ChapterPreference.objects.filter(debate=debate, voter=voter)
                .values_list("chapter_id", "choice"))


def comments_on_lines(*, debate: BudgetDebate) -> QuerySet[Comment]:
    ctype = ContentType.objects.get_for_model(BudgetLine)
    lines = BudgetLine.objects.filter(chapter__debate=debate).values("pk")
    return Comment.objects.filter(target_type=ctype, target_id__in=lines).select_related(
        "author")


def debate_agenda_item(*, debate: BudgetDebate) -> AgendaItem | None:
    """The council agenda item carrying this debate's synthesis, if it was sent."""
    ctype = ContentType.objects.get_for_model(BudgetDebate)
    return AgendaItem.objects.filter(source_type=ctype, source_id=debate.pk).exclude(
        status=AgendaItem.Status.WITHDRAWN).select_related("session").first()


def comments_on(target: Model) -> QuerySet[Comment]:
    ctype = ContentType.objects.get_for_model(type(target))
    return Comment.objects.filter(target_type=ctype, target_id=target.pk).select_related(
        "author")


@dataclass
class ChapterSynthesis:
    chapter: BudgetChapter
    amount_cents: int
    more: int = 0
    same: int = 0
    less: int = 0
    comment_count: int = 0
    top_comments: list[Comment] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.more + self.same + self.less

    def percent(self, count: int) -> int:
        return round(100 * count / self.total) if self.total else 0

    def bar(self, count: int) -> float:
        """Exact share (0–100) for chart widths; `percent` rounds it for reading."""
        return round(100 * count / self.total, 2) if self.total else 0.0

    @property
    def bars(self) -> dict[str, float]:
        """Widths and offsets of the more/same/less segments of a stacked bar."""
        more, same, less = self.bar(self.more), self.bar(self.same), self.bar(self.less)
        return {"more": more, "same": same, "less": less, "same_x": more,
                "less_x": round(more + same, 2)}

    @property
    def balance(self) -> int:
        """Points of percentage asking for more minus those asking for less (−100…100)."""
        return self.percent(self.more) - self.percent(self.less)

    @property
    def verdict(self) -> str:
        if not self.total:
            return _("aucun avis")
        if self.balance >= 10:
            return _("plus de moyens souhaités")
        if self.balance <= -10:
            return _("moins de moyens souhaités")
        return _("maintien souhaité")


def chapter_total_cents(chapter: BudgetChapter) -> int:
    # `debate_chapters` annotates each chapter with the sum of its lines (None when empty).
    return getattr(chapter, "total_cents", None) or 0


def debate_synthesis(debate: BudgetDebate) -> list[ChapterSynthesis]:
    """Per chapter: amount, more/same/less counts, comment count and the latest comments."""
    chapters = list(debate_chapters(debate=debate))
    result = {c.pk: ChapterSynthesis(chapter=c, amount_cents=chapter_total_cents(c))
              for c in chapters}
    counts = (ChapterPreference.objects.filter(debate=debate)
              .values("chapter_id", "choice").annotate(n=Count("pk")).order_by())
    for row in counts:
        choice = ChapterPreferenceChoice(row["choice"])
        setattr(result[row["chapter_id"]], choice.name.lower(), row["n"])
    ctype = ContentType.objects.get_for_model(BudgetLine)
    line_chapter = dict(BudgetLine.objects.filter(chapter__debate=debate)
                        .values_list("pk", "chapter_id"))
    visible = Comment.objects.filter(target_type=ctype, target_id__in=list(line_chapter),
                                     status=Comment.Status.VISIBLE).select_related("author")
    top = decidons_setting("BUDGETS", "TOP_COMMENTS")
    for comment in visible.order_by("-created_at", "-pk"):
        synthesis = result[line_chapter[comment.target_id]]
        synthesis.comment_count += 1
        if len(synthesis.top_comments) < top:
            synthesis.top_comments.append(comment)
    return list(result.values())


SYNTHESIS_HEADER = ["Chapitre", "Libellé", "Montant (€)", "Plus", "Autant", "Moins", "Avis",
                    "Solde (points de %)", "Synthèse", "Commentaires"]


def synthesis_csv(debate: BudgetDebate, rows: list[ChapterSynthesis]) -> str:
    return csv_export.csv_text(
        SYNTHESIS_HEADER,
        ([row.chapter.code, row.chapter.label, csv_export.euros(row.amount_cents),
          row.more, row.same, row.less, row.total, row.balance, row.verdict,
          row.comment_count]
         for row in rows))
