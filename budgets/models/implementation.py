from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ImplementationStatus(models.TextChoices):
    PLANNED = "planned", _("programmé")
    STUDY = "study", _("en étude")
    WORKS = "works", _("en travaux")
    DONE = "done", _("réalisé")
    SUSPENDED = "suspended", _("suspendu")


class Implementation(models.Model):
    """Follow-up of a winning project, shown to residents (suivi de réalisation)."""

    proposal = models.OneToOneField("budgets.Proposal", on_delete=models.CASCADE,
                                    related_name="implementation")
    status = models.CharField(_("état"), max_length=12, choices=ImplementationStatus.choices,
                              default=ImplementationStatus.PLANNED)
    progress_percent = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    note = models.TextField(_("point d'étape"), blank=True, max_length=3000)
    planned_start_on = models.DateField(_("début prévu"), null=True, blank=True)
    planned_end_on = models.DateField(_("fin prévue"), null=True, blank=True)
    finished_on = models.DateField(_("terminé le"), null=True, blank=True)
    spent_cents = models.PositiveBigIntegerField(_("dépensé (centimes)"), null=True, blank=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("réalisation")
        verbose_name_plural = _("réalisations")
        constraints = [models.CheckConstraint(condition=Q(progress_percent__lte=100),
                                              name="implementation_progress_is_percent")]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.status} {self.progress_percent} %"


class Milestone(models.Model):
    implementation = models.ForeignKey(Implementation, on_delete=models.CASCADE,
                                       related_name="milestones")
    title = models.CharField(_("étape"), max_length=160)
    happened_on = models.DateField(_("date"))
    note = models.TextField(_("détail"), blank=True, max_length=2000)
    photo = models.FileField(_("photo"), upload_to="budgets/milestones/%Y/", blank=True)
    recorded_by = models.ForeignKey("civic.User", on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["happened_on", "pk"]
        verbose_name = _("jalon")
        verbose_name_plural = _("jalons")

    def __str__(self) -> str:
        return self.title
