from django.db import models
from django.utils.translation import gettext_lazy as _


class PaperBallotStatus(models.TextChoices):
    PENDING = "pending", _("en attente d'une seconde saisie")
    DISPUTED = "disputed", _("saisies discordantes : une autre saisie départagera")
    CONFIRMED = "confirmed", _("confirmé")
    CANCELLED = "cancelled", _("annulé")


# Statuses in which an entry still waits for a keying that agrees with an earlier one.
OPEN_STATUSES = (PaperBallotStatus.PENDING, PaperBallotStatus.DISPUTED)


class PaperBallotEntry(models.Model):
    """A resident's paper ballot, typed in blind by several clerks until two of them agree.

    Each clerk's typing is a `PaperBallotKeying` that keeps only a keyed digest of the choices
    (civic/secrecy.py), so no clerk, page or database holder can read what another clerk typed.
    When two keyings by different clerks have the same digest the ballot is cast; the digests
    are then wiped, so a confirmed entry keeps who typed it and when, never what. At most one
    open entry per voter and budget (partial unique constraint).
    """

    budget = models.ForeignKey("budgets.ParticipatoryBudget", on_delete=models.CASCADE,
                               related_name="paper_entries")
    voter = models.ForeignKey("civic.User", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=PaperBallotStatus.choices,
                              default=PaperBallotStatus.PENDING)
    form_reference = models.CharField(_("n° du formulaire papier"), max_length=40, blank=True)
    first_clerk = models.ForeignKey("civic.User", on_delete=models.PROTECT, related_name="+")
    first_entered_at = models.DateTimeField(_("première saisie le"))
    # The clerk whose keying agreed with an earlier one and so cast the ballot.
    second_clerk = models.ForeignKey("civic.User", on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+")
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)
    mismatches = models.PositiveSmallIntegerField(_("saisies discordantes"), default=0)
    # The clerks were told the resident had already voted (online or on an earlier form) and
    # that this ballot replaces it.
    replaces_online = models.BooleanField(_("remplace un vote déjà compté"), default=False)
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
                fields=["budget", "voter"],
                condition=models.Q(status__in=["pending", "disputed"]),
                name="paper_ballot_one_open_per_voter"),
            models.CheckConstraint(
                condition=~models.Q(second_clerk=models.F("first_clerk")),
                name="paper_ballot_two_different_clerks"),
        ]

    def __str__(self) -> str:
        return f"{self.budget_id}:{self.voter_id}:{self.status}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class PaperBallotKeying(models.Model):
    """One clerk's typing of a paper ballot: who, when, and a keyed digest of what.

    `digest` is emptied once the entry is confirmed or cancelled. One keying per clerk and
    entry (unique constraint): a clerk cannot confirm their own typing.
    """

    entry = models.ForeignKey(PaperBallotEntry, on_delete=models.CASCADE,
                              related_name="keyings")
    clerk = models.ForeignKey("civic.User", on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(_("saisi le"))
    digest = models.CharField(max_length=64, blank=True)
    agreed = models.BooleanField(_("concordante"), default=False)

    class Meta:
        verbose_name = _("saisie d'un bulletin papier")
        verbose_name_plural = _("saisies de bulletins papier")
        ordering = ["entered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "clerk"],
                                    name="paper_keying_one_per_clerk"),
        ]

    def __str__(self) -> str:
        return f"{self.entry_id}:{self.clerk_id}"
