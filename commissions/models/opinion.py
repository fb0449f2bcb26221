"""Opinions (avis) adopted by a body, sent to the council, and the council's answer."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from commissions.states import OpinionStatus


class Opinion(models.Model):
    Status = OpinionStatus

    commission = models.ForeignKey("commissions.Commission", on_delete=models.PROTECT,
                                   related_name="opinions")
    meeting = models.ForeignKey("commissions.Meeting", on_delete=models.PROTECT,
                                related_name="opinions")
    title = models.CharField(_("objet"), max_length=200)
    text = models.TextField(_("texte de l'avis"))
    votes_for = models.PositiveIntegerField(_("pour"))
    votes_against = models.PositiveIntegerField(_("contre"))
    abstentions = models.PositiveIntegerField(_("abstentions"))
    status = models.CharField(_("statut"), max_length=10, choices=OpinionStatus.choices,
                              default=OpinionStatus.ADOPTED)
    adopted_at = models.DateTimeField(_("adopté le"))
    agenda_item = models.OneToOneField("civic.AgendaItem", on_delete=models.PROTECT, null=True,
                                       blank=True, related_name="commission_opinion")
    sent_at = models.DateTimeField(_("transmis le"), null=True, blank=True)
    answer_due_by = models.DateField(_("réponse attendue avant le"), null=True, blank=True)
    answer = models.TextField(_("réponse du conseil"), blank=True)
    answered_at = models.DateTimeField(_("réponse publiée le"), null=True, blank=True)
    answered_by = models.ForeignKey("civic.User", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+")
    # Where the answer comes from: the council's decision on the opinion, or the session
    # whose agenda held it (examined without a vote). A decision implies its session.
    answer_decision = models.ForeignKey("civic.CouncilDecision", on_delete=models.PROTECT,
                                        null=True, blank=True, related_name="+",
                                        verbose_name=_("délibération du conseil"))
    answer_session = models.ForeignKey("civic.CouncilSession", on_delete=models.PROTECT,
                                       null=True, blank=True, related_name="+",
                                       verbose_name=_("séance du conseil"))

    class Meta:
        ordering = ["-adopted_at", "-pk"]
        verbose_name = _("avis")
        verbose_name_plural = _("avis")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(votes_for__gt=models.F("votes_against")),
                name="opinion_adopted_by_majority",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="answered") | ~models.Q(answer=""),
                name="opinion_answered_has_answer",
            ),
            models.CheckConstraint(
                condition=models.Q(answer_decision__isnull=True)
                | models.Q(answer_session__isnull=False),
                name="opinion_answer_decision_has_session",
            ),
        ]
        indexes = [models.Index(fields=["status", "answer_due_by"], name="opinion_due_idx")]

    def __str__(self) -> str:
        return self.title
