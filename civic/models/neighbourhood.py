from django.db import models
from django.utils.translation import gettext_lazy as _


class Neighbourhood(models.Model):
    """A neighbourhood council's perimeter (CGCT art. L2143-1)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=120, unique=True)
    population = models.PositiveIntegerField(_("population"))
    outline = models.JSONField(_("contour GeoJSON"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("quartier")
        verbose_name_plural = _("quartiers")

    def __str__(self) -> str:
        return self.name
