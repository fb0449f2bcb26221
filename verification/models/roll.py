"""The town's extract of the electoral roll, and who was verified through which entry."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RollImport(models.Model):
    """One import of the extract. Each import replaces the roll in force (docs/verification.md)."""

    imported_at = models.DateTimeField(_("importée le"), default=timezone.now)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    file_name = models.CharField(_("fichier"), max_length=200)
    file_digest = models.CharField(max_length=64)
    entries = models.PositiveIntegerField(_("inscrits"), default=0)
    arrived = models.PositiveIntegerField(_("arrivées"), default=0)
    left = models.PositiveIntegerField(_("départs"), default=0)
    changed = models.PositiveIntegerField(_("modifications"), default=0)

    class Meta:
        verbose_name = _("import de la liste électorale")
        verbose_name_plural = _("imports de la liste électorale")
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d})"


class RollEntry(models.Model):
    """One elector of the extract, kept from import to import under their national id."""

    elector_id = models.CharField(_("identifiant national d'électeur"), max_length=32,
                                  unique=True)
    birth_name = models.CharField(_("nom de naissance"), max_length=150)
    usage_name = models.CharField(_("nom d'usage"), max_length=150, blank=True)
    given_names = models.CharField(_("prénoms"), max_length=200)
    sex = models.CharField(_("sexe"), max_length=1, blank=True)
    date_of_birth = models.DateField(_("date de naissance"))
    birthplace = models.CharField(_("lieu de naissance"), max_length=150)
    # INSEE code of the commune of birth, or of the country (99xxx) for those born abroad:
    # what FranceConnect gives instead of a name.
    birthplace_code = models.CharField(_("code du lieu de naissance"), max_length=5, blank=True)
    address = models.TextField(_("adresse"))
    neighbourhood = models.ForeignKey("civic.Neighbourhood", verbose_name=_("quartier"),
                                      on_delete=models.PROTECT, related_name="+")
    # civic.identity.namesake_prefix of (birth name | usage name, first given name, birth
    # date): how an account, a FranceConnect identity or a typed identity finds its entry.
    birth_prefix = models.CharField(max_length=420)
    usage_prefix = models.CharField(max_length=420, blank=True)

    class Meta:
        verbose_name = _("inscrit sur la liste électorale")
        verbose_name_plural = _("inscrits sur la liste électorale")
        indexes = [
            models.Index(fields=["birth_prefix"], name="roll_entry_birth_prefix_idx"),
            models.Index(fields=["usage_prefix"], name="roll_entry_usage_prefix_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.elector_id})"

    @property
    def display_name(self) -> str:
        name = self.birth_name.upper()
        if self.usage_name:
            name += f" ({self.usage_name.upper()})"
        return f"{name} {self.given_names}"


class RollClaim(models.Model):
    """A resident verified through a roll entry. The two unique columns are the rule that
    nobody claims an entry twice, and nobody claims two entries, whatever the race."""

    entry = models.OneToOneField(RollEntry, on_delete=models.CASCADE, related_name="claim")
    resident = models.OneToOneField("civic.Resident", on_delete=models.CASCADE,
                                    related_name="roll_claim")
    method = models.CharField(max_length=16)
    claimed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rattachement à la liste électorale")
        verbose_name_plural = _("rattachements à la liste électorale")

    def __str__(self) -> str:
        return f"{self.entry_id} → {self.resident_id}"
