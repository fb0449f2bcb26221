import math

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _


class InitiativeCharter(models.Model):
    """The town's rules for citizen initiatives; a new row (version) per edit.

    Each initiative keeps the version it was started under, so changing the rules never
    moves the goal of an initiative already under way.
    """

    class ThresholdKind(models.TextChoices):
        ABSOLUTE = "absolute", _("nombre fixe de signatures")
        SHARE = "share", _("part de la population")

    version = models.PositiveIntegerField(_("version"), unique=True)
    name = models.CharField(_("intitulé"), max_length=200)
    min_promoters = models.PositiveSmallIntegerField(
        _("nombre minimal de porteurs"), default=3, validators=[MinValueValidator(1)]
    )
    threshold_kind = models.CharField(
        _("type de seuil"), max_length=10, choices=ThresholdKind.choices,
        default=ThresholdKind.SHARE,
    )
    threshold_absolute = models.PositiveIntegerField(
        _("seuil (nombre de signatures)"), default=800, validators=[MinValueValidator(1)]
    )
    threshold_share_percent = models.DecimalField(
        _("seuil (% de la population)"), max_digits=5, decimal_places=2, default=2,
        validators=[MinValueValidator(0.01), MaxValueValidator(100)],
    )
    population_override = models.PositiveIntegerField(
        _("population de référence"), null=True, blank=True,
        help_text=_("Laisser vide pour additionner la population des quartiers."),
    )
    min_signer_age = models.PositiveSmallIntegerField(_("âge minimal des signataires"), default=16)
    collection_days = models.PositiveSmallIntegerField(
        _("durée de collecte (jours)"), default=180, validators=[MinValueValidator(1)]
    )
    council_days = models.PositiveSmallIntegerField(
        _("délai d'inscription au conseil (jours)"), default=90, validators=[MinValueValidator(1)]
    )
    yearly_signature_limit = models.PositiveSmallIntegerField(
        _("initiatives signées par habitant et par an"), default=10,
        validators=[MinValueValidator(1)],
    )
    created_by = models.ForeignKey(
        "civic.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("charte des initiatives citoyennes")
        verbose_name_plural = _("chartes des initiatives citoyennes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(threshold_share_percent__gt=0)
                & models.Q(threshold_share_percent__lte=100),
                name="charter_share_between_0_and_100",
            ),
            models.CheckConstraint(condition=models.Q(min_promoters__gte=1),
                                   name="charter_at_least_one_promoter"),
        ]

    def __str__(self) -> str:
        return f"v{self.version} — {self.name}"

    def population(self) -> int:
        """The reference population: the configured figure, or the sum of the neighbourhoods."""
        if self.population_override:
            return self.population_override
        from civic.models import Neighbourhood

        return Neighbourhood.objects.aggregate(total=Sum("population"))["total"] or 0

    def signature_threshold(self) -> int:
        if self.threshold_kind == self.ThresholdKind.ABSOLUTE:
            return self.threshold_absolute
        share = math.ceil(self.population() * float(self.threshold_share_percent) / 100)
        return max(share, 1)
