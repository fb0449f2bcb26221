from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from budgets.states import BudgetStatus
from civic.conf import decidons_setting
from civic.eligibility import ResidenceScope


class BallotKind(models.TextChoices):
    APPROVAL = "approval", _("approbation (choisir plusieurs projets)")
    KNAPSACK = "knapsack", _("panier (projets dans la limite de l'enveloppe)")
    CUMULATIVE = "cumulative", _("points à répartir")


class WinnerRule(models.TextChoices):
    GREEDY = "greedy", _("les plus soutenus, tant que l'enveloppe le permet")
    MES = "mes", _("parts égales")
    MES_ADD1 = "mes-add1", _("parts égales, complétées en augmentant les parts")
    MES_COMPLETED = "mes-completed", _("parts égales, complétées par les plus soutenus")


def _default_min_age() -> int:
    return int(decidons_setting("MIN_AGE"))


class ParticipatoryBudget(models.Model):
    """A neighbourhood's (or the town's) participatory budget for one year, with its charter.

    The charter fields (eligibility, ballot kind and limits, winner rule) are set by the
    council in preparation; the statuses are stored and the dates only schedule them.
    """

    year = models.PositiveSmallIntegerField(_("année"))
    neighbourhood = models.ForeignKey(
        "civic.Neighbourhood", verbose_name=_("quartier"), on_delete=models.PROTECT,
        related_name="participatory_budgets", null=True, blank=True,
        help_text=_("Vide pour le budget participatif de toute la ville."),
    )
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("présentation"), blank=True)
    envelope_cents = models.PositiveBigIntegerField(_("enveloppe (centimes)"))
    status = models.CharField(
        _("phase"), max_length=16, choices=BudgetStatus.choices, default=BudgetStatus.PREPARATION
    )
    status_changed_at = models.DateTimeField(_("phase changée le"), null=True, blank=True)

    # Schedule: the beat job moves the phase when a date passes; clerks may move it earlier.
    submission_opens_at = models.DateTimeField(_("ouverture du dépôt"), null=True, blank=True)
    review_starts_at = models.DateTimeField(_("fin du dépôt"), null=True, blank=True)
    voting_opens_at = models.DateTimeField(_("ouverture du vote"), null=True, blank=True)
    voting_closes_at = models.DateTimeField(_("clôture du vote"), null=True, blank=True)

    # Charter: eligibility.
    min_age = models.PositiveSmallIntegerField(_("âge minimum"), null=True, blank=True,
                                               default=_default_min_age)
    residence = models.CharField(_("condition de résidence"), max_length=16,
                                 choices=ResidenceScope.choices,
                                 default=ResidenceScope.NEIGHBOURHOOD)
    require_verified = models.BooleanField(_("compte vérifié exigé"), default=True)
    # Charter: ballot and winner rule.
    ballot_kind = models.CharField(_("type de bulletin"), max_length=12,
                                   choices=BallotKind.choices, default=BallotKind.APPROVAL)
    min_projects = models.PositiveSmallIntegerField(_("nombre minimum de projets"), default=1)
    max_projects = models.PositiveSmallIntegerField(_("nombre maximum de projets"), null=True,
                                                    blank=True)
    min_share_percent = models.PositiveSmallIntegerField(
        _("part minimale de l'enveloppe (%)"), null=True, blank=True,
        help_text=_("Bulletin panier : le total choisi doit atteindre cette part."))
    points_total = models.PositiveSmallIntegerField(_("points à répartir"), null=True, blank=True)
    max_points_per_project = models.PositiveSmallIntegerField(
        _("points maximum par projet"), null=True, blank=True)
    rule = models.CharField(_("règle de désignation des lauréats"), max_length=16,
                            choices=WinnerRule.choices, default=WinnerRule.MES_COMPLETED)
    min_score_threshold = models.PositiveIntegerField(
        _("score minimum"), null=True, blank=True,
        help_text=_("Les projets sous ce nombre de voix (ou de points) ne sont pas retenus."))
    voting_requires_closed_debate = models.BooleanField(
        _("vote après la clôture du débat budgétaire de l'année"), default=False)
    # What the charter does with the part of the envelope no winner uses; shown with the results.
    unspent_use = models.TextField(
        _("devenir de l'enveloppe non utilisée"), max_length=1000, blank=True,
        help_text=_("Ce que prévoit le règlement pour le reste de l'enveloppe, par exemple : "
                    "reporté sur le budget participatif de l'année suivante."))

    # Fingerprint of the secrecy key the vote opened under (civic/secrecy.py): a cast under
    # another key would not find the voter's ballot, so it is refused.
    secrecy_key_fingerprint = models.CharField(max_length=16, blank=True, editable=False)
    # Voters per neighbourhood ({neighbourhood id or "": count}), counted when voting closes,
    # before the ballots lose their tags.
    turnout = models.JSONField(default=dict, blank=True, editable=False)

    result_tally = models.ForeignKey("budgets.Tally", on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("dépouillement publié"))
    created_by = models.ForeignKey("civic.User", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "neighbourhood__name", "pk"]
        verbose_name = _("budget participatif")
        verbose_name_plural = _("budgets participatifs")
        constraints = [
            models.UniqueConstraint(fields=["neighbourhood", "year"],
                                    condition=Q(neighbourhood__isnull=False),
                                    name="budget_one_per_neighbourhood_year"),
            models.UniqueConstraint(fields=["year"], condition=Q(neighbourhood__isnull=True),
                                    name="budget_one_town_wide_per_year"),
            models.CheckConstraint(condition=Q(envelope_cents__gt=0),
                                   name="budget_envelope_positive"),
            models.CheckConstraint(condition=Q(min_share_percent__isnull=True)
                                   | Q(min_share_percent__lte=100),
                                   name="budget_min_share_is_percent"),
            models.CheckConstraint(condition=~Q(ballot_kind="cumulative")
                                   | Q(points_total__gt=0),
                                   name="budget_cumulative_has_points"),
            models.CheckConstraint(condition=Q(max_projects__isnull=True)
                                   | Q(max_projects__gte=models.F("min_projects")),
                                   name="budget_max_projects_at_least_min"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def envelope_euros(self) -> float:
        return self.envelope_cents / 100
