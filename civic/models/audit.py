from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """An append-only, hash-chained record of a state change.

    `entry_hash` = SHA-256 over the previous entry's hash and this entry's canonical content
    (civic.services.audit). Changing, deleting or reordering a row breaks the chain, and
    `manage.py audit_verify` names the first row that no longer fits.
    """

    created_at = models.DateTimeField()
    actor = models.ForeignKey(
        "civic.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    verb = models.CharField(max_length=80)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("entrée du journal d'audit")
        verbose_name_plural = _("journal d'audit")
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.verb}"


class AuditChainHead(models.Model):
    """The chain's last id and hash, updated with every entry.

    Writers lock this single row, which serialises appends; it also lets the verifier notice
    entries removed from the end of the chain.
    """

    last_id = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("tête de chaîne d'audit")

    def __str__(self) -> str:
        return f"#{self.last_id}"
