from uuid import uuid4

from django.db import models
from django.utils.translation import gettext_lazy as _


class WebhookSubscription(models.Model):
    """A client's URL that receives the platform's public events, signed with `secret`.

    The secret is kept in clear: the platform needs it to sign every delivery (HMAC-SHA256),
    and it is shown to the client once, when the URL is registered.
    """

    owner = models.ForeignKey("civic.User", on_delete=models.CASCADE,
                              related_name="webhook_subscriptions")
    url = models.URLField(_("adresse"), max_length=500)
    events = models.JSONField(_("événements"), default=list)
    secret = models.CharField(max_length=64)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # One worker delivers a subscription's events at a time, in order: it holds this lease
    # (taken by a conditional update) while it posts.
    lease_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("abonnement webhook")
        verbose_name_plural = _("abonnements webhook")

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event to post to one subscription: the webhooks' outbox row, written in the
    transaction of the change it tells of, retried until the receiver answers 2xx."""

    class Status(models.TextChoices):
        PENDING = "pending", _("à envoyer")
        DELIVERED = "delivered", _("reçue")
        FAILED = "failed", _("abandonnée")

    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE,
                                     related_name="deliveries")
    # The event's id, the same at every attempt: receivers use it to ignore a repeat.
    event_id = models.UUIDField(default=uuid4, editable=False)
    event = models.CharField(max_length=60)
    payload = models.JSONField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("envoi webhook")
        verbose_name_plural = _("envois webhook")
        indexes = [models.Index(fields=["subscription", "status", "id"],
                                name="webhook_delivery_queue_idx")]

    def __str__(self) -> str:
        return f"{self.event} #{self.pk}"
