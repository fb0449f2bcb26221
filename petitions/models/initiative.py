from django.db import models
from django.utils.translation import gettext_lazy as _

from petitions.states import Status


class CitizenInitiative(models.Model):
    """A draft deliberation brought by residents to the municipal council."""

    Status = Status

    charter = models.ForeignKey(
        "petitions.InitiativeCharter", on_delete=models.PROTECT, related_name="initiatives",
        verbose_name=_("charte"),
    )
    status = models.CharField(
        _("statut"), max_length=24, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    title = models.CharField(_("titre"), max_length=200)
    reasons = models.TextField(_("exposé des motifs"), max_length=20000)
    operative_text = models.TextField(_("texte proposé au conseil"), max_length=20000)
    text_version = models.PositiveIntegerField(_("version du texte"), default=1)
    neighbourhood = models.ForeignKey(
        "civic.Neighbourhood", on_delete=models.PROTECT, null=True, blank=True,
        related_name="initiatives", verbose_name=_("quartier concerné"),
    )
    created_by = models.ForeignKey(
        "civic.User", on_delete=models.PROTECT, related_name="initiatives_started"
    )
    signature_count = models.PositiveIntegerField(_("signatures"), default=0)
    signature_threshold = models.PositiveIntegerField(_("seuil"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("déposée le"), null=True, blank=True)
    admissibility_reasons = models.TextField(_("décision de recevabilité"), blank=True)
    reviewed_by = models.ForeignKey(
        "civic.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("examinée le"), null=True, blank=True)
    collection_opened_at = models.DateTimeField(_("collecte ouverte le"), null=True, blank=True)
    collection_deadline = models.DateTimeField(_("fin de la collecte"), null=True, blank=True)
    threshold_reached_at = models.DateTimeField(_("seuil atteint le"), null=True, blank=True)
    schedule_due_by = models.DateField(_("à inscrire au conseil avant le"), null=True, blank=True)
    agenda_item = models.OneToOneField(
        "civic.AgendaItem", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answer = models.TextField(_("réponse et mise en œuvre"), blank=True)
    answered_at = models.DateTimeField(_("réponse publiée le"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("motif du retrait"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("initiative citoyenne")
        verbose_name_plural = _("initiatives citoyennes")
        indexes = [
            models.Index(fields=["status", "collection_deadline"], name="initiative_deadline_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(admissibility_reasons=""),
                name="initiative_refusal_has_reasons",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="collecting")
                | models.Q(collection_deadline__isnull=False, signature_threshold__isnull=False),
                name="initiative_collecting_has_deadline_and_threshold",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def progress_percent(self) -> int:
        if not self.signature_threshold:
            return 0
        return min(100, self.signature_count * 100 // self.signature_threshold)


class InitiativeVersion(models.Model):
    """One version of the texts, written while the initiative is a draft."""

    initiative = models.ForeignKey(CitizenInitiative, on_delete=models.CASCADE,
                                   related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("titre"), max_length=200)
    reasons = models.TextField(_("exposé des motifs"))
    operative_text = models.TextField(_("texte proposé au conseil"))
    author = models.ForeignKey("civic.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["initiative", "-number"]
        verbose_name = _("version du texte")
        verbose_name_plural = _("versions du texte")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "number"],
                                    name="initiative_version_unique_number")
        ]


    def __str__(self) -> str:
        return f"{self.initiative_id} v{self.number}"

class InitiativeTransition(models.Model):
    """A status change, kept for the public timeline (the audit log keeps the proof)."""

    initiative = models.ForeignKey(CitizenInitiative, on_delete=models.CASCADE,
                                   related_name="transitions")
    from_status = models.CharField(max_length=24, choices=Status.choices)
    to_status = models.CharField(max_length=24, choices=Status.choices)
    actor = models.ForeignKey("civic.User", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("étape")
        verbose_name_plural = _("étapes")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
