"""An account's link to a FranceConnect identity, and the pivot identity it vouched for."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FranceConnectLink(models.Model):
    """One FranceConnect identity (`sub`, stable for this service) per account and back."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="franceconnect_link")
    sub = models.CharField(max_length=255, unique=True)
    # The pivot identity as FranceConnect last gave it: what the roll is matched against.
    family_name = models.CharField(_("nom de naissance"), max_length=150)
    given_names = models.CharField(_("prénoms"), max_length=200)
    preferred_name = models.CharField(_("nom d'usage"), max_length=150, blank=True)
    birthdate = models.DateField(_("date de naissance"))
    gender = models.CharField(_("sexe"), max_length=16, blank=True)
    birthplace_code = models.CharField(_("code de la commune de naissance"), max_length=5,
                                       blank=True)
    birthcountry_code = models.CharField(_("code du pays de naissance"), max_length=5,
                                         blank=True)
    linked_at = models.DateTimeField(default=timezone.now)
    last_login_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("liaison FranceConnect")
        verbose_name_plural = _("liaisons FranceConnect")

    def __str__(self) -> str:
        return f"FranceConnect {self.user_id}"
