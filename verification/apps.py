from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    """Self-service verification: FranceConnect, the electoral roll, letter codes and proofs
    of address reviewed online (docs/verification.md)."""

    name = "verification"
    verbose_name = _("vérification des habitants")
    default_auto_field = "django.db.models.BigAutoField"
