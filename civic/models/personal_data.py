import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataExport(models.Model):
    """One request by a person for a copy of their data (RGPD art. 15 and 20).

    The download link carries a signed token naming this row; the row records when the
    link expires and when it was used, so a link works once and only for a short time.
    """

    user = models.ForeignKey("civic.User", on_delete=models.CASCADE,
                             related_name="data_exports")
    nonce = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("demandé le"))
    expires_at = models.DateTimeField(_("expire le"))
    used_at = models.DateTimeField(_("téléchargé le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export de données personnelles")
        verbose_name_plural = _("exports de données personnelles")

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"
