"""Consultative bodies: extra-municipal commissions, facility user committees and
neighbourhood councils share one model (`Commission.kind`), their seat groups and documents."""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from commissions.states import CommissionKind, CommissionStatus, SeatGroupKind
from commissions.storage import document_path, private_storage


class Commission(models.Model):
    """A consultative body (CGCT L2143-1 / L2143-2), chaired, with a mandate and seats."""

    Kind = CommissionKind
    Status = CommissionStatus

    kind = models.CharField(_("type"), max_length=24, choices=CommissionKind.choices)
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("adresse"), max_length=80, unique=True)
    theme = models.CharField(_("thème"), max_length=200, blank=True)
    facility = models.CharField(_("équipement"), max_length=200, blank=True)
    neighbourhood = models.ForeignKey(
        "civic.Neighbourhood", verbose_name=_("quartier"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="commissions",
    )
    description = models.TextField(_("présentation"), blank=True)
    council = models.ForeignKey(
        "civic.MunicipalCouncil", on_delete=models.PROTECT, related_name="commissions"
    )
    chair = models.ForeignKey(
        "civic.User", verbose_name=_("présidence"), on_delete=models.PROTECT,
        related_name="chaired_commissions",
    )
    # The body's secretary (secrétariat): runs its meetings with the chair, nothing else.
    secretary = models.ForeignKey(
        "civic.User", verbose_name=_("secrétariat"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="commissions_as_secretary",
    )
    mandate_start = models.DateField(_("début du mandat"))
    mandate_end = models.DateField(_("fin du mandat"))
    # The same body in the previous mandate: consecutive mandates are counted along this chain.
    predecessor = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="successor"
    )
    quorum_percent = models.PositiveSmallIntegerField(_("quorum (% des membres)"), default=50)
    max_consecutive_terms = models.PositiveSmallIntegerField(
        _("mandats consécutifs au plus"), null=True, blank=True,
        help_text=_("Vide : la règle générale de la charte."),
    )
    status = models.CharField(
        _("statut"), max_length=12, choices=CommissionStatus.choices,
        default=CommissionStatus.ACTIVE,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("instance consultative")
        verbose_name_plural = _("instances consultatives")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mandate_end__gt=models.F("mandate_start")),
                name="commission_mandate_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="neighbourhood_council")
                | models.Q(neighbourhood__isnull=False),
                name="neighbourhood_council_has_neighbourhood",
            ),
            models.CheckConstraint(
                condition=models.Q(quorum_percent__gte=1, quorum_percent__lte=100),
                name="commission_quorum_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FacilityCommitteeManager(models.Manager["FacilityCommittee"]):
    def get_queryset(self) -> models.QuerySet["FacilityCommittee"]:
        return super().get_queryset().filter(kind=CommissionKind.FACILITY_COMMITTEE)


class NeighbourhoodCouncilManager(models.Manager["NeighbourhoodCouncil"]):
    def get_queryset(self) -> models.QuerySet["NeighbourhoodCouncil"]:
        return super().get_queryset().filter(kind=CommissionKind.NEIGHBOURHOOD_COUNCIL)


class FacilityCommittee(Commission):
    """A facility's user committee (comité d'usagers): a Commission of that kind."""

    objects: ClassVar[FacilityCommitteeManager] = FacilityCommitteeManager()

    class Meta:
        proxy = True
        verbose_name = _("comité d'usagers")
        verbose_name_plural = _("comités d'usagers")


class NeighbourhoodCouncil(Commission):
    """A neighbourhood council as a body; its participatory budget is found by neighbourhood."""

    objects: ClassVar[NeighbourhoodCouncilManager] = NeighbourhoodCouncilManager()

    class Meta:
        proxy = True
        verbose_name = _("conseil de quartier")
        verbose_name_plural = _("conseils de quartier")


class SeatGroup(models.Model):
    """A college of seats (councillors, associations, residents...) with a number of seats."""

    Kind = SeatGroupKind

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE,
                                   related_name="seat_groups")
    kind = models.CharField(_("collège"), max_length=16, choices=SeatGroupKind.choices)
    seats = models.PositiveSmallIntegerField(_("nombre de sièges"))

    class Meta:
        ordering = ["commission", "kind"]
        verbose_name = _("collège")
        verbose_name_plural = _("collèges")
        constraints = [
            models.UniqueConstraint(fields=["commission", "kind"], name="seat_group_once"),
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="seat_group_has_seats"),
        ]

    def __str__(self) -> str:
        return f"{self.commission} — {self.get_kind_display()}"


class CommissionDocument(models.Model):
    """A public document of a commission (statutes, annual report...)."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE,
                                   related_name="documents")
    title = models.CharField(_("titre"), max_length=200)
    file = models.FileField(_("fichier"), upload_to=document_path,
                            storage=private_storage)
    file_type = models.CharField(_("format"), max_length=8)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey("civic.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("document de l'instance")
        verbose_name_plural = _("documents de l'instance")

    def __str__(self) -> str:
        return self.title
