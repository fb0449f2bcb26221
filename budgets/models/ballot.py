from django.db import models
from django.utils.translation import gettext_lazy as _


class Ballot(models.Model):
    """A voter's one ballot for one budget, updated in place when they change their vote.

    The unique constraint on (budget, voter) is what guarantees that exactly one ballot
    counts, whatever the concurrency. `receipt` hashes the content with a random salt, so
    the published list of receipts lets voters check their ballot without revealing it.
    """

    budget = models.ForeignKey("budgets.ParticipatoryBudget", on_delete=models.CASCADE,
                               related_name="ballots")
    voter = models.ForeignKey("civic.User", on_delete=models.PROTECT, related_name="ballots")
    salt = models.CharField(max_length=32)
    receipt = models.CharField(_("reçu"), max_length=64, db_index=True)
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey("civic.User", on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+",
                                    help_text=_("Agent ayant saisi un bulletin papier."))
    cast_at = models.DateTimeField(_("déposé le"))
    updated_at = models.DateTimeField(_("modifié le"))

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        constraints = [
            models.UniqueConstraint(fields=["budget", "voter"], name="ballot_one_per_voter")
        ]

    def __str__(self) -> str:
        return f"{self.budget_id}:{self.voter_id}"


class BallotChoice(models.Model):
    """One project on a ballot; `points` is 1 except on cumulative ballots.

    `budget` is repeated here so a tally streams one index range without a join.
    """

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    budget = models.ForeignKey("budgets.ParticipatoryBudget", on_delete=models.CASCADE,
                               related_name="+")
    proposal = models.ForeignKey("budgets.Proposal", on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name = _("choix")
        verbose_name_plural = _("choix")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "proposal"], name="ballot_choice_once"),
            models.CheckConstraint(condition=models.Q(points__gt=0),
                                   name="ballot_choice_points_positive"),
        ]
        indexes = [models.Index(fields=["budget", "ballot"], name="ballot_choice_budget_idx")]

    def __str__(self) -> str:
        return f"{self.ballot_id}:{self.proposal_id}×{self.points}"
