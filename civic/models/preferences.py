from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationPreference(models.Model):
    """How a resident wants to hear from the platform.

    - `channel`: EMAIL sends e-mails (at once, or grouped in a digest); IN_APP keeps messages
      on the site only; NONE also stops reminders. In-app messages are always kept, whatever
      the choice: they are the account's record (receipts, decisions) and only show on a visit.
    - `digest`: with e-mail, IMMEDIATE sends each message; DAILY or WEEKLY sends one e-mail per
      period listing the messages received since the last one.
    A user without a row has the defaults (e-mail, immediate).
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("par e-mail et sur le site")
        IN_APP = "in_app", _("sur le site seulement")
        NONE = "none", _("aucun rappel, messages sur le site seulement")

    class Digest(models.TextChoices):
        IMMEDIATE = "immediate", _("tout de suite")
        DAILY = "daily", _("un résumé par jour")
        WEEKLY = "weekly", _("un résumé par semaine")

    user = models.OneToOneField("civic.User", on_delete=models.CASCADE,
                                related_name="notification_preference")
    channel = models.CharField(_("recevoir les messages"), max_length=8,
                               choices=Channel.choices, default=Channel.EMAIL)
    digest = models.CharField(_("fréquence des e-mails"), max_length=10,
                              choices=Digest.choices, default=Digest.IMMEDIATE)
    last_digest_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("préférence de notification")
        verbose_name_plural = _("préférences de notification")

    def __str__(self) -> str:
        return f"{self.user_id}:{self.channel}/{self.digest}"


class ParticipationStart(models.Model):
    """A resident began a vote or a signature (opened the ballot or the signing page).

    Used to remind those who started but did not finish, once, before the deadline.
    `kind` names the act ("budget_vote", "initiative_sign"); `object_id` is the budget or
    initiative. One row per resident, act and object.
    """

    user = models.ForeignKey("civic.User", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30)
    object_id = models.PositiveBigIntegerField()
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "object_id"],
                                    name="participation_start_once"),
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="participation_start_idx")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.kind}:{self.object_id}"
