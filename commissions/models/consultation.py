"""User consultations: questionnaires for a facility's users or a neighbourhood.

Anonymous consultations store answers without the person; `Participation` alone records that
someone answered, so one response per person still holds (a database constraint) while the
answers cannot be traced back to them.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from commissions.states import ConsultationAudience, ConsultationStatus, QuestionKind


class Consultation(models.Model):
    Status = ConsultationStatus
    Audience = ConsultationAudience

    commission = models.ForeignKey("commissions.Commission", on_delete=models.PROTECT,
                                   related_name="consultations")
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("présentation"), blank=True)
    audience = models.CharField(_("public consulté"), max_length=16,
                                choices=ConsultationAudience.choices)
    neighbourhood = models.ForeignKey("civic.Neighbourhood", on_delete=models.PROTECT,
                                      null=True, blank=True, related_name="+")
    anonymous = models.BooleanField(_("réponses anonymes"), default=True)
    closes_on = models.DateField(_("clôture le"))
    status = models.CharField(_("statut"), max_length=8, choices=ConsultationStatus.choices,
                              default=ConsultationStatus.DRAFT)
    responses_count = models.PositiveIntegerField(_("réponses"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("consultation des usagers")
        verbose_name_plural = _("consultations des usagers")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(audience="neighbourhood")
                | models.Q(neighbourhood__isnull=False),
                name="consultation_neighbourhood_audience_has_neighbourhood",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    Kind = QuestionKind

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="questions")
    position = models.PositiveSmallIntegerField(_("rang"))
    kind = models.CharField(_("type"), max_length=8, choices=QuestionKind.choices)
    label = models.CharField(_("question"), max_length=300)
    required = models.BooleanField(_("obligatoire"), default=True)
    rating_max = models.PositiveSmallIntegerField(_("note maximale"), default=5)

    class Meta:
        ordering = ["consultation", "position"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "position"],
                                    name="question_position_once"),
            models.CheckConstraint(condition=models.Q(rating_max__gte=2, rating_max__lte=10),
                                   name="question_rating_max_range"),
        ]

    def __str__(self) -> str:
        return self.label


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(_("rang"))
    label = models.CharField(_("réponse proposée"), max_length=200)

    class Meta:
        ordering = ["question", "position"]
        verbose_name = _("réponse proposée")
        verbose_name_plural = _("réponses proposées")

    def __str__(self) -> str:
        return self.label


class Participation(models.Model):
    """That a person answered a consultation: one per person, even when answers are anonymous."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="participations")
    user = models.ForeignKey("civic.User", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "user"], name="participation_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.consultation_id}"


class Response(models.Model):
    """One questionnaire's answers; `respondent` is empty for anonymous consultations.

    Random UUID keys (here and on Answer) so the order of rows cannot be matched with the
    order of participations to re-identify anyone.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="responses")
    respondent = models.ForeignKey("civic.User", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    # The day only: a timestamp next to the participation's would re-identify the person.
    submitted_on = models.DateField()

    class Meta:
        verbose_name = _("réponse au questionnaire")
        verbose_name_plural = _("réponses au questionnaire")

    def __str__(self) -> str:
        return f"{self.consultation_id}: {self.pk}"


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choices = models.ManyToManyField(Choice, blank=True, related_name="answers")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("réponse à une question")
        verbose_name_plural = _("réponses aux questions")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.pk}"
