from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """An append-only, hash-chained record of a state change.

    `entry_hash` seals the previous entry's hash and this entry's canonical content
    (civic.services.audit): an HMAC under a key kept outside the database (scheme 2), or a
    plain SHA-256 for the entries written before the chain was keyed (scheme 1). Changing,
    deleting or reordering a row breaks the chain, and `manage.py audit_verify` names the first
    row that no longer fits.
    """

    class Scheme(models.IntegerChoices):
        SHA256 = 1, _("SHA-256 (avant la clé)")
        HMAC_SHA256 = 2, _("HMAC-SHA256 avec la clé")

    created_at = models.DateTimeField()
    # Part of the sealed content: deleting the account would rewrite the row and break the
    # chain, so an account that acted is erased (civic.services.personal_data), never deleted.
    actor = models.ForeignKey(
        "civic.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    verb = models.CharField(max_length=80)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)
    scheme = models.PositiveSmallIntegerField(choices=Scheme.choices)
    # Fingerprint of the key that sealed a scheme-2 entry, so a replaced key is told apart
    # from a forgery and the right retired key is used.
    key_fingerprint = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("entrée du journal d'audit")
        verbose_name_plural = _("journal d'audit")
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
            # The daily checkpoints look up the last entry before midnight.
            models.Index(fields=["created_at"], name="audit_created_idx"),
        ]

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


class AuditCheckpoint(models.Model):
    """The chain's head at the end of one day (Europe/Paris), published for anyone to keep.

    Whoever kept a day's (entry count, head hash) can later prove that the first `entry_count`
    entries were not rewritten since: a rewrite changes that entry's hash, however carefully
    everything after it is re-chained.
    """

    day = models.DateField(_("jour"), unique=True)
    entry_count = models.PositiveBigIntegerField(_("nombre d'entrées"))
    last_entry_id = models.PositiveBigIntegerField(_("dernière entrée"))
    head_hash = models.CharField(_("empreinte de tête"), max_length=64)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-day"]
        verbose_name = _("point de contrôle du journal d'audit")
        verbose_name_plural = _("points de contrôle du journal d'audit")

    def __str__(self) -> str:
        return f"{self.day}: #{self.last_entry_id}"
