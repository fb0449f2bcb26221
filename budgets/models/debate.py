from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from budgets.states import DebateStatus


class BudgetDebate(models.Model):
    """The participatory debate on the town's draft general budget for one year."""

    year = models.PositiveSmallIntegerField(_("année"), unique=True)
    title = models.CharField(_("titre"), max_length=200)
    introduction = models.TextField(_("présentation"), blank=True)
    status = models.CharField(_("état"), max_length=8, choices=DebateStatus.choices,
                              default=DebateStatus.DRAFT)
    opens_at = models.DateTimeField(_("ouverture prévue"), null=True, blank=True)
    closes_at = models.DateTimeField(_("clôture prévue"), null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey("civic.User", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("débat budgétaire")
        verbose_name_plural = _("débats budgétaires")

    def __str__(self) -> str:
        return self.title


class BudgetChapter(models.Model):
    debate = models.ForeignKey(BudgetDebate, on_delete=models.CASCADE, related_name="chapters")
    code = models.CharField(_("chapitre"), max_length=20)
    label = models.CharField(_("libellé"), max_length=200)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["debate", "position", "pk"]
        verbose_name = _("chapitre budgétaire")
        verbose_name_plural = _("chapitres budgétaires")
        constraints = [models.UniqueConstraint(fields=["debate", "code"],
                                               name="budget_chapter_code_once")]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class BudgetLine(models.Model):
    chapter = models.ForeignKey(BudgetChapter, on_delete=models.CASCADE, related_name="lines")
    article = models.CharField(_("article"), max_length=20)
    label = models.CharField(_("libellé"), max_length=300)
    amount_cents = models.BigIntegerField(_("montant (centimes)"))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["chapter", "position", "pk"]
        verbose_name = _("ligne budgétaire")
        verbose_name_plural = _("lignes budgétaires")
        constraints = [
            models.UniqueConstraint(fields=["chapter", "article"], name="budget_line_article_once"),
            models.CheckConstraint(condition=Q(amount_cents__gte=0),
                                   name="budget_line_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.article} {self.label}"


class ChapterPreferenceChoice(models.TextChoices):
    MORE = "more", _("plus")
    SAME = "same", _("autant")
    LESS = "less", _("moins")


class ChapterPreference(models.Model):
    """A resident's preference (avis) on one chapter: more, the same or less money. One per
    chapter."""

    debate = models.ForeignKey(BudgetDebate, on_delete=models.CASCADE, related_name="+")
    chapter = models.ForeignKey(BudgetChapter, on_delete=models.CASCADE,
                                related_name="preferences")
    voter = models.ForeignKey("civic.User", on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(_("avis"), max_length=4, choices=ChapterPreferenceChoice.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("avis sur un chapitre")
        verbose_name_plural = _("avis sur les chapitres")
        constraints = [models.UniqueConstraint(fields=["chapter", "voter"],
                                               name="chapter_preference_once")]

    def __str__(self) -> str:
        return f"{self.chapter_id}:{self.voter_id}={self.choice}"
