from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message to one person on one channel; the row is also the e-mail outbox.

    It is written in the same transaction as the event it reports, so it is never lost when
    the broker is down: delivery is claimed by a conditional update (pending → sending).
    """

    class Channel(models.TextChoices):
        IN_APP = "in_app", _("sur le site")
        EMAIL = "email", _("e-mail")

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente")
        SENDING = "sending", _("en cours d'envoi")
        SENT = "sent", _("envoyée")
        FAILED = "failed", _("échec")

    recipient = models.ForeignKey(
        "civic.User", on_delete=models.CASCADE, related_name="notifications"
    )
    channel = models.CharField(max_length=8, choices=Channel.choices)
    kind = models.CharField(_("type"), max_length=60)
    subject = models.CharField(_("objet"), max_length=200)
    body = models.TextField(_("message"))
    url = models.CharField(_("lien"), max_length=300, blank=True)
    # An e-mail sent elsewhere than the recipient's address (the link confirming a new one).
    address = models.EmailField(blank=True, default="")
    dedupe_key = models.CharField(max_length=200)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            # The same event never notifies the same person twice on a channel.
            models.UniqueConstraint(
                fields=["recipient", "channel", "dedupe_key"], name="notification_dedupe"
            )
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="notification_status_idx"),
            models.Index(
                fields=["recipient", "channel", "read_at"], name="notification_inbox_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"
