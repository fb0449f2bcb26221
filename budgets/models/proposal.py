from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("déposé")
    FEASIBLE = "feasible", _("retenu pour le vote")
    UNFEASIBLE = "unfeasible", _("non réalisable")
    MERGED = "merged", _("fusionné")
    WITHDRAWN = "withdrawn", _("retiré par son auteur")


class Proposal(models.Model):
    """A project submitted by a resident to a participatory budget (projet déposé)."""

    budget = models.ForeignKey("budgets.ParticipatoryBudget", on_delete=models.CASCADE,
                               related_name="proposals")
    author = models.ForeignKey("civic.User", on_delete=models.PROTECT,
                               related_name="budget_proposals")
    title = models.CharField(_("titre"), max_length=160)
    description = models.TextField(_("description"), max_length=5000)
    location = models.CharField(_("lieu"), max_length=200, blank=True)
    photo = models.FileField(_("photo"), upload_to="budgets/proposals/%Y/", blank=True)
    estimated_cost_cents = models.PositiveBigIntegerField(_("coût estimé (centimes)"))
    # The cost voters see: the feasibility review's costed estimate once reviewed.
    cost_cents = models.PositiveBigIntegerField(_("coût retenu (centimes)"))
    status = models.CharField(_("statut"), max_length=12, choices=ProposalStatus.choices,
                              default=ProposalStatus.SUBMITTED)
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="merged_from")
    is_selected = models.BooleanField(_("lauréat"), default=False)
    submitted_by = models.ForeignKey("civic.User", on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+",
                                     help_text=_("Agent ayant saisi un projet papier."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["budget", "pk"]
        verbose_name = _("projet déposé")
        verbose_name_plural = _("projets déposés")
        constraints = [
            models.CheckConstraint(condition=~Q(status="merged") | Q(merged_into__isnull=False),
                                   name="proposal_merged_has_target"),
        ]
        indexes = [models.Index(fields=["budget", "status"], name="proposal_budget_status_idx")]

    def __str__(self) -> str:
        return self.title


class CoAuthorQuerySet(models.QuerySet):
    def accepted(self) -> "CoAuthorQuerySet":
        return self.filter(accepted_at__isnull=False)

    def pending(self) -> "CoAuthorQuerySet":
        return self.filter(accepted_at__isnull=True, declined_at__isnull=True)


class ProposalCoAuthor(models.Model):
    """An invitation to co-sign a proposal; the person is a co-author once they accepted."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="coauthors")
    user = models.ForeignKey("civic.User", on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    declined_at = models.DateTimeField(_("déclinée le"), null=True, blank=True)

    objects = CoAuthorQuerySet.as_manager()

    class Meta:
        verbose_name = _("co-auteur")
        verbose_name_plural = _("co-auteurs")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="proposal_coauthor_once"),
            models.CheckConstraint(condition=Q(accepted_at__isnull=True)
                                   | Q(declined_at__isnull=True),
                                   name="proposal_coauthor_one_answer"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}:{self.user_id}"


class FeasibilityReview(models.Model):
    """A clerk's feasibility study of a proposal: feasible or not, why, and at what cost."""

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="review")
    reviewer = models.ForeignKey("civic.User", on_delete=models.PROTECT, related_name="+")
    feasible = models.BooleanField(_("réalisable"))
    reason = models.TextField(_("avis motivé"), max_length=3000)
    # None when the project is not feasible and the services did not cost it: a project found
    # impossible need not be priced, and its page then gives the reason, not a made-up cost.
    cost_cents = models.PositiveBigIntegerField(_("coût chiffré (centimes)"), null=True,
                                                blank=True)
    reviewed_at = models.DateTimeField(_("étudié le"))

    class Meta:
        verbose_name = _("étude de faisabilité")
        verbose_name_plural = _("études de faisabilité")
        constraints = [
            models.CheckConstraint(condition=Q(feasible=False) | Q(cost_cents__isnull=False),
                                   name="review_feasible_is_costed"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.feasible}"
