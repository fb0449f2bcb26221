"""Meetings of a body: agenda, public registrations, attendance, minutes and documents."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from commissions.states import MeetingStatus, MeetingVisibility
from commissions.storage import document_path, private_storage


class Meeting(models.Model):
    Status = MeetingStatus
    Visibility = MeetingVisibility

    commission = models.ForeignKey("commissions.Commission", on_delete=models.PROTECT,
                                   related_name="meetings")
    title = models.CharField(_("intitulé"), max_length=200)
    starts_at = models.DateTimeField(_("date et heure"))
    ends_at = models.DateTimeField(_("fin"), null=True, blank=True)
    place = models.CharField(_("lieu"), max_length=200)
    visibility = models.CharField(_("ouverture au public"), max_length=8,
                                  choices=MeetingVisibility.choices,
                                  default=MeetingVisibility.PUBLIC)
    public_capacity = models.PositiveIntegerField(_("places pour le public"), default=0)
    registered_count = models.PositiveIntegerField(_("inscrits"), default=0)
    status = models.CharField(_("statut"), max_length=10, choices=MeetingStatus.choices,
                              default=MeetingStatus.PLANNED)
    members_count = models.PositiveIntegerField(_("membres en fonction"), null=True, blank=True)
    present_count = models.PositiveIntegerField(_("membres présents"), null=True, blank=True)
    quorum_reached = models.BooleanField(_("quorum atteint"), null=True, blank=True)
    minutes = models.TextField(_("compte rendu"), blank=True)
    minutes_published_at = models.DateTimeField(_("compte rendu publié le"), null=True,
                                                blank=True)
    invitations_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(registered_count__lte=models.F("public_capacity")),
                name="meeting_registrations_within_capacity",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commission} — {self.title}"

    @property
    def is_public(self) -> bool:
        return self.visibility == MeetingVisibility.PUBLIC


class MeetingAgendaItem(models.Model):
    """A point on a meeting's agenda; may bring a user consultation's results to discuss."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("rang"))
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("précisions"), blank=True)
    consultation = models.ForeignKey("commissions.Consultation", on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="agenda_items")

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("point de l'ordre du jour de la réunion")
        verbose_name_plural = _("points de l'ordre du jour de la réunion")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="meeting_agenda_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class MeetingRegistration(models.Model):
    """A member of the public's seat at a public meeting; once per person."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey("civic.User", on_delete=models.CASCADE,
                             related_name="meeting_registrations")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inscription du public")
        verbose_name_plural = _("inscriptions du public")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="meeting_registration_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.meeting_id}"


class Attendance(models.Model):
    """Whether a member attended a meeting (recorded when the meeting is held)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey("commissions.Membership", on_delete=models.PROTECT,
                                   related_name="attendance")
    present = models.BooleanField(_("présent"))

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "membership"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} @ {self.meeting_id}: {self.present}"


class MeetingDocument(models.Model):
    """A file attached to a meeting; type checked by content, size bounded by the charter."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("titre"), max_length=200)
    file = models.FileField(_("fichier"), upload_to=document_path,
                            storage=private_storage)
    file_type = models.CharField(_("format"), max_length=8)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey("civic.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("document de réunion")
        verbose_name_plural = _("documents de réunion")

    def __str__(self) -> str:
        return self.title
