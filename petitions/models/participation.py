from django.db import models
from django.utils.translation import gettext_lazy as _


class InitiativePromoter(models.Model):
    """A resident carrying the initiative: the one who started it, or an invited co-promoter."""

    class Status(models.TextChoices):
        INVITED = "invited", _("invité")
        CONFIRMED = "confirmed", _("confirmé")
        DECLINED = "declined", _("a décliné")

    initiative = models.ForeignKey("petitions.CitizenInitiative", on_delete=models.CASCADE,
                                   related_name="promoters")
    resident = models.ForeignKey("civic.Resident", on_delete=models.CASCADE,
                                 related_name="initiatives_promoted")
    is_lead = models.BooleanField(_("porteur principal"), default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INVITED)
    invited_by = models.ForeignKey("civic.User", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-is_lead", "invited_at", "pk"]
        verbose_name = _("porteur")
        verbose_name_plural = _("porteurs")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "resident"],
                                    name="promoter_once_per_initiative"),
            models.UniqueConstraint(fields=["initiative"], condition=models.Q(is_lead=True),
                                    name="promoter_one_lead_per_initiative"),
        ]


    def __str__(self) -> str:
        return f"{self.resident_id} ({self.status})"

class Signature(models.Model):
    """A resident's support; at most one row per resident and initiative."""

    class Status(models.TextChoices):
        VALID = "valid", _("valide")
        WITHDRAWN = "withdrawn", _("retirée")
        INVALIDATED = "invalidated", _("invalidée")

    class Channel(models.TextChoices):
        ONLINE = "online", _("en ligne")
        PAPER = "paper", _("sur papier")

    initiative = models.ForeignKey("petitions.CitizenInitiative", on_delete=models.PROTECT,
                                   related_name="signatures")
    resident = models.ForeignKey("civic.Resident", on_delete=models.PROTECT,
                                 related_name="initiative_signatures")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.VALID)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.ONLINE)
    show_name = models.BooleanField(_("afficher mon nom publiquement"), default=False)
    signed_at = models.DateTimeField(_("signée le"))
    recorded_by = models.ForeignKey("civic.User", on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    invalidated_reason = models.CharField(_("motif de l'invalidation"), max_length=300,
                                          blank=True)
    invalidated_by = models.ForeignKey("civic.User", on_delete=models.SET_NULL, null=True,
                                       blank=True, related_name="+")
    invalidated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["signed_at", "pk"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "resident"],
                                    name="signature_once_per_resident"),
            models.CheckConstraint(
                condition=~models.Q(status="invalidated") | ~models.Q(invalidated_reason=""),
                name="signature_invalidated_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(channel="paper") | models.Q(recorded_by__isnull=False),
                name="signature_paper_has_recorder",
            ),
        ]
        indexes = [
            models.Index(fields=["resident", "status", "signed_at"], name="signature_yearly_idx"),
        ]


    def __str__(self) -> str:
        return f"{self.resident_id} → {self.initiative_id} ({self.status})"

class InitiativeFollower(models.Model):
    initiative = models.ForeignKey("petitions.CitizenInitiative", on_delete=models.CASCADE,
                                   related_name="followers")
    user = models.ForeignKey("civic.User", on_delete=models.CASCADE,
                             related_name="initiatives_followed")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnements")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "user"], name="follower_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} suit {self.initiative_id}"
