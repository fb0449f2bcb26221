"""Letters carrying a one-time code to an elector's address on the roll."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LetterBatch(models.Model):
    """The letters a clerk printed together (their codes exist only on that print)."""

    printed_at = models.DateTimeField(_("imprimé le"), default=timezone.now)
    printed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    letters_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("lot de courriers")
        verbose_name_plural = _("lots de courriers")
        ordering = ["-printed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.pk} ({self.printed_at:%Y-%m-%d})"


class Letter(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("demandé, à imprimer")
        PRINTED = "printed", _("envoyé")
        CONFIRMED = "confirmed", _("code confirmé")
        EXHAUSTED = "exhausted", _("trop d'essais")
        EXPIRED = "expired", _("expiré")
        CANCELLED = "cancelled", _("annulé")

    resident = models.ForeignKey("civic.Resident", on_delete=models.CASCADE,
                                 related_name="letters")
    entry = models.ForeignKey("verification.RollEntry", on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="letters")
    # Name and address as on the roll when asked: the letter goes there, never to an address
    # the resident typed.
    recipient = models.CharField(_("destinataire"), max_length=400)
    address = models.TextField(_("adresse"))
    status = models.CharField(_("état"), max_length=16, choices=Status.choices,
                              default=Status.REQUESTED)
    requested_at = models.DateTimeField(default=timezone.now)
    batch = models.ForeignKey(LetterBatch, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="letters")
    # Keyed digest of the code (verification.services.letters): the code itself is only
    # ever on paper.
    code_digest = models.CharField(max_length=64, blank=True)
    printed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    tries = models.PositiveSmallIntegerField(default=0)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("courrier de vérification")
        verbose_name_plural = _("courriers de vérification")
        constraints = [
            models.UniqueConstraint(
                fields=["resident"], condition=models.Q(status__in=["requested", "printed"]),
                name="letter_one_open_per_resident"),
        ]

    def __str__(self) -> str:
        return f"{self.pk} ({self.status})"
