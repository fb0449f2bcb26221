from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Comment(models.Model):
    """A plain-text comment on any commentable object; moderators may hide it with a reason."""

    class Status(models.TextChoices):
        VISIBLE = "visible", _("visible")
        HIDDEN = "hidden", _("masqué")

    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    author = models.ForeignKey("civic.User", on_delete=models.CASCADE, related_name="comments")
    body = models.TextField(_("commentaire"), max_length=5000)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.VISIBLE)
    hidden_reason = models.CharField(_("motif du masquage"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        "civic.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    report_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        indexes = [
            models.Index(fields=["target_type", "target_id", "status"], name="comment_target_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="hidden") | ~models.Q(hidden_reason=""),
                name="comment_hidden_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.author_id}: {self.body[:40]}"


class CommentReport(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey("civic.User", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("motif du signalement"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="comment_report_once")
        ]

    def __str__(self) -> str:
        return f"{self.reporter_id} → {self.comment_id}"
