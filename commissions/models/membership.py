"""Calls for members, applications, published draws by lot and memberships (mandates)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from commissions.states import (
    ApplicationStatus,
    CallStatus,
    MembershipSource,
    MembershipStatus,
)


class MemberCall(models.Model):
    """A call for members for one seat group (appel à candidatures)."""

    Status = CallStatus

    seat_group = models.ForeignKey("commissions.SeatGroup", on_delete=models.CASCADE,
                                   related_name="calls")
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("présentation"), blank=True)
    closes_on = models.DateField(_("date limite des candidatures"))
    status = models.CharField(_("statut"), max_length=12, choices=CallStatus.choices,
                              default=CallStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("appel à candidatures")
        verbose_name_plural = _("appels à candidatures")
        constraints = [
            # One call at a time per seat group: applicants cannot be split between two.
            models.UniqueConstraint(fields=["seat_group"], condition=~models.Q(status="completed"),
                                    name="member_call_one_running_per_seat_group"),
        ]

    def __str__(self) -> str:
        return self.title


class Application(models.Model):
    """A volunteer's application, with a short motivation; once per person and call."""

    Status = ApplicationStatus

    call = models.ForeignKey(MemberCall, on_delete=models.CASCADE, related_name="applications")
    applicant = models.ForeignKey("civic.User", on_delete=models.PROTECT,
                                  related_name="commission_applications")
    association = models.CharField(_("association représentée"), max_length=200, blank=True)
    motivation = models.TextField(_("motivation"), max_length=2000)
    status = models.CharField(_("statut"), max_length=14, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.PENDING)
    recorded_by = models.ForeignKey("civic.User", on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        constraints = [
            models.UniqueConstraint(fields=["call", "applicant"], name="application_once_per_call")
        ]

    def __str__(self) -> str:
        return f"{self.applicant} → {self.call}"


class Sortition(models.Model):
    """A published draw by lot: seed, candidate list, method and result, re-playable by anyone.

    `candidates` is the ordered list of eligible application ids with names; `ranking` is
    every candidate in drawn order; the first `seats` are `selected`, the rest are the reserve
    used to refill vacancies (commissions.sortition documents the algorithm).
    """

    call = models.OneToOneField(MemberCall, on_delete=models.PROTECT, related_name="sortition")
    seed = models.CharField(_("graine publiée"), max_length=64)
    method = models.CharField(_("méthode"), max_length=40)
    seats = models.PositiveSmallIntegerField(_("sièges à pourvoir"))
    candidates = models.JSONField(_("liste publiée des candidats"))
    excluded = models.JSONField(_("candidatures écartées"), default=list)
    ranking = models.JSONField(_("classement"))
    selected = models.JSONField(_("tirés au sort"))
    drawn_at = models.DateTimeField(_("tiré le"))
    drawn_by = models.ForeignKey("civic.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-drawn_at"]
        verbose_name = _("tirage au sort")
        verbose_name_plural = _("tirages au sort")

    def __str__(self) -> str:
        return f"{self.call} — {self.seed[:8]}"


class Membership(models.Model):
    """One mandate of one person in one seat group of a body."""

    Status = MembershipStatus
    Source = MembershipSource

    seat_group = models.ForeignKey("commissions.SeatGroup", on_delete=models.PROTECT,
                                   related_name="memberships")
    commission = models.ForeignKey("commissions.Commission", on_delete=models.PROTECT,
                                   related_name="memberships")
    member = models.ForeignKey("civic.User", on_delete=models.PROTECT,
                               related_name="commission_memberships")
    source = models.CharField(_("désignation"), max_length=12, choices=MembershipSource.choices)
    application = models.ForeignKey(Application, on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+")
    status = models.CharField(_("statut"), max_length=12, choices=MembershipStatus.choices,
                              default=MembershipStatus.ACTIVE)
    started_on = models.DateField(_("début"))
    ended_on = models.DateField(_("fin"), null=True, blank=True)
    end_reason = models.CharField(_("motif de fin"), max_length=300, blank=True)

    class Meta:
        ordering = ["seat_group", "member__last_name", "pk"]
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        constraints = [
            # A person holds one seat at a time on a body.
            models.UniqueConstraint(fields=["commission", "member"],
                                    condition=models.Q(status="active"),
                                    name="membership_one_active_seat_per_body"),
        ]

    def __str__(self) -> str:
        return f"{self.member} ({self.seat_group})"
