from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class MunicipalCouncil(models.Model):
    """The municipal council and its mandate; commissions may not outlive the mandate."""

    name = models.CharField(_("nom"), max_length=200)
    mandate_start = models.DateField(_("début du mandat"))
    mandate_end = models.DateField(_("fin du mandat"))

    class Meta:
        ordering = ["-mandate_start"]
        verbose_name = _("conseil municipal")
        verbose_name_plural = _("conseils municipaux")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mandate_end__gt=models.F("mandate_start")),
                name="council_mandate_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name


class CouncilSession(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("prévue")
        HELD = "held", _("tenue")
        CANCELLED = "cancelled", _("annulée")

    council = models.ForeignKey(MunicipalCouncil, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField(_("date et heure"))
    place = models.CharField(_("lieu"), max_length=200, default="Hôtel de ville, salle du conseil")
    status = models.CharField(
        _("statut"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("séance du conseil")
        verbose_name_plural = _("séances du conseil")

    def __str__(self) -> str:
        return f"{self.council} — {self.starts_at:%d/%m/%Y}"


class AgendaItem(models.Model):
    """An item on the council's agenda, brought by another module (initiative, opinion, ...)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("à inscrire")
        SCHEDULED = "scheduled", _("inscrit à l'ordre du jour")
        DECIDED = "decided", _("délibéré")
        WITHDRAWN = "withdrawn", _("retiré")

    council = models.ForeignKey(MunicipalCouncil, on_delete=models.PROTECT, related_name="items")
    session = models.ForeignKey(
        CouncilSession, on_delete=models.PROTECT, related_name="items", null=True, blank=True
    )
    title = models.CharField(_("intitulé"), max_length=300)
    summary = models.TextField(_("résumé"), blank=True)
    position = models.PositiveIntegerField(_("rang"), default=0)
    status = models.CharField(
        _("statut"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    due_by = models.DateField(_("à inscrire avant le"), null=True, blank=True)
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session__starts_at", "position", "pk"]
        verbose_name = _("point de l'ordre du jour")
        verbose_name_plural = _("points de l'ordre du jour")
        constraints = [
            # One open agenda item per source object: sending twice does not duplicate it.
            models.UniqueConstraint(
                fields=["source_type", "source_id"],
                condition=~models.Q(status="withdrawn"),
                name="agenda_item_one_open_per_source",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="scheduled") | models.Q(session__isnull=False),
                name="agenda_item_scheduled_has_session",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CouncilDecision(models.Model):
    """The council's vote on an agenda item (délibération du conseil)."""

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("adoptée")
        AMENDED = "amended", _("adoptée avec amendements")
        REJECTED = "rejected", _("rejetée")

    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.PROTECT, related_name="decision"
    )
    outcome = models.CharField(_("issue du vote"), max_length=16, choices=Outcome.choices)
    votes_for = models.PositiveIntegerField(_("pour"))
    votes_against = models.PositiveIntegerField(_("contre"))
    abstentions = models.PositiveIntegerField(_("abstentions"))
    reference = models.CharField(_("numéro de délibération"), max_length=60)
    text = models.TextField(_("texte de la délibération"))
    decided_at = models.DateTimeField(_("votée le"))
    recorded_by = models.ForeignKey(
        "civic.User", on_delete=models.PROTECT, related_name="+", null=True
    )
    # The dedupe key of the notifications that announced the vote: a correction is sent to
    # exactly the people who were told, whoever follows the subject today.
    announcement_key = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("délibération du conseil")
        verbose_name_plural = _("délibérations du conseil")
        constraints = [
            models.UniqueConstraint(fields=["reference"], name="council_decision_unique_reference")
        ]

    def __str__(self) -> str:
        return self.reference


class CouncilDecisionCorrection(models.Model):
    """A rectification of a recorded decision (a typing error in the counts, the date...).

    The decision holds the corrected values; each row keeps, with its reason, the values it
    replaced, so the public page shows every correction and what was published before.
    Not an amendment: an amended deliberation is an outcome of the vote (`Outcome.AMENDED`).
    """

    decision = models.ForeignKey(CouncilDecision, on_delete=models.PROTECT,
                                 related_name="corrections")
    reason = models.TextField(_("motif"))
    previous = models.JSONField(_("valeurs remplacées"))
    corrected_at = models.DateTimeField(_("rectifiée le"))
    corrected_by = models.ForeignKey(
        "civic.User", on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["corrected_at", "pk"]
        verbose_name = _("rectification d'une délibération")
        verbose_name_plural = _("rectifications de délibérations")

    def __str__(self) -> str:
        return f"{self.decision} — {self.corrected_at:%d/%m/%Y}"
