"""Proofs of address (and, without FranceConnect, of identity) sent online to the clerks."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verification.storage import private_storage, proof_path


class AddressProof(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("en attente")
        ACCEPTED = "accepted", _("accepté")
        REFUSED = "refused", _("refusé")
        WITHDRAWN = "withdrawn", _("retiré")
        EXPIRED = "expired", _("non examiné, supprimé")

    resident = models.ForeignKey("civic.Resident", on_delete=models.CASCADE,
                                 related_name="address_proofs")
    # The files are deleted once reviewed; the row keeps what was decided.
    address_document = models.FileField(_("justificatif de domicile"), upload_to=proof_path,
                                        storage=private_storage, blank=True)
    address_document_type = models.CharField(max_length=5, blank=True)
    identity_document = models.FileField(_("pièce d'identité"), upload_to=proof_path,
                                         storage=private_storage, blank=True)
    identity_document_type = models.CharField(max_length=5, blank=True)
    postal_address = models.TextField(_("adresse indiquée"))
    neighbourhood = models.ForeignKey("civic.Neighbourhood", verbose_name=_("quartier indiqué"),
                                      on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("état"), max_length=16, choices=Status.choices,
                              default=Status.PENDING)
    submitted_at = models.DateTimeField(_("envoyé le"), default=timezone.now)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(_("examiné le"), null=True, blank=True)
    refusal_reason = models.TextField(_("motif du refus"), blank=True)

    class Meta:
        verbose_name = _("justificatif envoyé en ligne")
        verbose_name_plural = _("justificatifs envoyés en ligne")
        constraints = [
            models.UniqueConstraint(fields=["resident"], condition=models.Q(status="pending"),
                                    name="address_proof_one_pending_per_resident"),
        ]

    def __str__(self) -> str:
        return f"{self.pk} ({self.status})"
