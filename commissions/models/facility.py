"""The registered users of a facility, consulted through its user committee.

A facility committee's consultation may be reserved to the facility's users. Who they are is
known at the facility's desk, not from an address: a clerk registers a person directly, or
confirms the request a resident made online. Each step is audited.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from commissions.states import FacilityRegistrationStatus


class FacilityRegistration(models.Model):
    """That a person uses the facility of a user committee (comité d'usagers)."""

    Status = FacilityRegistrationStatus

    commission = models.ForeignKey("commissions.Commission", on_delete=models.CASCADE,
                                   related_name="facility_registrations")
    user = models.ForeignKey("civic.User", on_delete=models.CASCADE,
                             related_name="facility_registrations")
    status = models.CharField(_("statut"), max_length=10,
                              choices=FacilityRegistrationStatus.choices,
                              default=FacilityRegistrationStatus.PENDING)
    requested_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    confirmed_by = models.ForeignKey("civic.User", on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+")
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)
    ended_at = models.DateTimeField(_("terminée le"), null=True, blank=True)

    class Meta:
        ordering = ["commission", "-requested_at"]
        verbose_name = _("usager inscrit")
        verbose_name_plural = _("usagers inscrits")
        constraints = [
            models.UniqueConstraint(fields=["commission", "user"],
                                    name="facility_registration_once"),
            models.CheckConstraint(
                condition=~models.Q(status="confirmed") | models.Q(confirmed_at__isnull=False),
                name="facility_registration_confirmed_has_date"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.commission}"
