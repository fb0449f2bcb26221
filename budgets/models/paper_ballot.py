from django.db import models
from django.utils.translation import gettext_lazy as _


class PaperBallotStatus(models.TextChoices):
    PENDING = "pending", _("en attente de la seconde saisie")
    CONFIRMED = "confirmed", _("confirmé")
    CANCELLED = "cancelled", _("annulé")


class PaperBallotEntry(models.Model):
    """A paper ballot typed in twice by two different clerks before it counts.

    The first clerk's choices are kept here, hidden from the second clerk; only when the
    second, independent entry matches is the ballot cast through `ballot_cast`. At most one
    entry per voter and budget waits for its second entry (partial unique constraint).
    """

    budget = models.ForeignKey("budgets.ParticipatoryBudget", on_delete=models.CASCADE,
                               related_name="paper_entries")
    voter = models.ForeignKey("civic.User", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=PaperBallotStatus.choices,
                              default=PaperBallotStatus.PENDING)
    form_reference = models.CharField(_("n° du formulaire papier"), max_length=40, blank=True)
    # {"<proposal id>": points}, JSON keys being strings.
    first_choices = models.JSONField(default=dict)
    first_clerk = models.ForeignKey("civic.User", on_delete=models.PROTECT, related_name="+")
    first_entered_at = models.DateTimeField(_("première saisie le"))
    second_clerk = models.ForeignKey("civic.User", on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+")
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)
    mismatches = models.PositiveSmallIntegerField(_("saisies discordantes"), default=0)
    ballot = models.ForeignKey("budgets.Ballot", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+")
    receipt = models.CharField(_("reçu"), max_length=64, blank=True)
    cancelled_by = models.ForeignKey("civic.User", on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+")
    cancelled_at = models.DateTimeField(_("annulé le"), null=True, blank=True)
    cancel_reason = models.CharField(_("motif d'annulation"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("bulletin papier")
        verbose_name_plural = _("bulletins papier")
        ordering = ["-first_entered_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "voter"], condition=models.Q(status="pending"),
                name="paper_ballot_one_pending_per_voter"),
            models.CheckConstraint(
                condition=~models.Q(second_clerk=models.F("first_clerk")),
                name="paper_ballot_two_different_clerks"),
        ]

    def __str__(self) -> str:
        return f"{self.budget_id}:{self.voter_id}:{self.status}"

    def choices(self) -> dict[int, int]:
        return {int(pid): int(pts) for pid, pts in self.first_choices.items()}
