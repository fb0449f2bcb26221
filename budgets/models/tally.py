from django.db import models
from django.utils.translation import gettext_lazy as _


class TallyStatus(models.TextChoices):
    QUEUED = "queued", _("en attente")
    RUNNING = "running", _("en cours")
    DONE = "done", _("terminé")
    FAILED = "failed", _("échec")


class Tally(models.Model):
    """One count of a budget's stored ballots with its rule (dépouillement).

    `fingerprint` is the SHA-256 of everything the count depends on (the canonical ballots,
    the projects' costs, the envelope and the rule); asking again with the same inputs
    returns this row instead of counting again.
    """

    budget = models.ForeignKey("budgets.ParticipatoryBudget", on_delete=models.CASCADE,
                               related_name="tallies")
    fingerprint = models.CharField(max_length=64)
    rule = models.CharField(max_length=16)
    status = models.CharField(max_length=8, choices=TallyStatus.choices,
                              default=TallyStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    ballot_count = models.PositiveIntegerField(_("bulletins comptés"), default=0)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey("civic.User", on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("dépouillement")
        verbose_name_plural = _("dépouillements")
        constraints = [
            models.UniqueConstraint(fields=["budget", "fingerprint"],
                                    name="tally_once_per_fingerprint"),
            models.CheckConstraint(condition=models.Q(progress__lte=100),
                                   name="tally_progress_is_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.budget_id}:{self.fingerprint[:12]}"


class TallyOutcome(models.Model):
    """Why one project won or lost in one tally: its score, cost and the deciding step."""

    tally = models.ForeignKey(Tally, on_delete=models.CASCADE, related_name="outcomes")
    proposal = models.ForeignKey("budgets.Proposal", on_delete=models.CASCADE, related_name="+")
    score = models.PositiveBigIntegerField(_("voix ou points"))
    supporters = models.PositiveIntegerField(_("votants"))
    cost_cents = models.PositiveBigIntegerField(_("coût (centimes)"))
    selected = models.BooleanField(_("lauréat"))
    step = models.PositiveIntegerField(_("étape"), null=True, blank=True)
    explanation = models.TextField(_("explication"))
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-selected", "step", "-score", "proposal_id"]
        verbose_name = _("résultat d'un projet")
        verbose_name_plural = _("résultats des projets")
        constraints = [models.UniqueConstraint(fields=["tally", "proposal"],
                                               name="tally_outcome_once")]

    def __str__(self) -> str:
        return f"{self.tally_id}:{self.proposal_id}"
