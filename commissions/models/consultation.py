"""User consultations: questionnaires for a facility's users, a neighbourhood or the town.

Anonymous answers cannot be joined to their author (docs/architecture.md, "Anonymous
consultation answers"):

- a `Response` and its `Answer`/`AnswerChoice` rows carry no user, no serial id (random UUID
  keys) and no time; "one answer per person" is the unique (consultation, tag) constraint, where
  `tag` is `civic.secrecy.person_tag(scope="consultation:<id>", person_id=user.pk)`, a keyed
  HMAC whose key is kept outside the database: the application finds a person's answer again,
  someone holding only the database cannot;
- the transaction that writes an answer writes nothing else: no participation row, no audit
  entry, no notification, no counter (the number of answers is counted from the rows);
- reads order the rows by their random ids or their content, never by arrival; and closing the
  consultation rewrites its rows in a random order under new ids, in one transaction, so the
  physical order (and PostgreSQL's `xmin`, SQLite's `rowid`) no longer follow the order in which
  answers came. Until the close an operator of the live database sees that order, but no time
  and no person is stored beside it, so the order alone names nobody.

Named (non-anonymous) consultations keep the respondent and the day of the answer.
"""

import uuid
from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from civic import deadlines
from civic.secrecy import person_tag
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
    # Who may answer, besides the audience: the clerk sets both when preparing it.
    require_verified = models.BooleanField(_("réservée aux comptes vérifiés"), default=True)
    min_age = models.PositiveSmallIntegerField(_("âge minimum"), null=True, blank=True)
    anonymous = models.BooleanField(_("réponses anonymes"), default=True)
    # The last day to answer: answers are taken until midnight at its end (town's time zone).
    closes_on = models.DateField(_("clôture le"))
    status = models.CharField(_("statut"), max_length=8, choices=ConsultationStatus.choices,
                              default=ConsultationStatus.DRAFT)
    # Fingerprint of the key behind the answer tags when it opened (civic.secrecy): an answer
    # under another key could not be matched with the person's earlier one.
    key_fingerprint = models.CharField(max_length=16, blank=True, editable=False)
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

    @property
    def closes_at(self) -> datetime:
        """The moment answers stop: the end of `closes_on` in the town's time zone."""
        return deadlines.end_of_day(self.closes_on)


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


class Response(models.Model):
    """One person's questionnaire: `tag` stands for them; `respondent` only when named.

    No serial id and, when anonymous, no user and no date: nothing orders or names the row.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="responses")
    tag = models.CharField(max_length=64, editable=False)
    # Named consultations only: who answered, and the day.
    respondent = models.ForeignKey("civic.User", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    submitted_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["id"]  # random: never the order of arrival
        verbose_name = _("réponse au questionnaire")
        verbose_name_plural = _("réponses au questionnaire")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "tag"],
                                    name="response_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id}: {self.pk}"


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choices = models.ManyToManyField(Choice, blank=True, related_name="answers",
                                     through="AnswerChoice")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("réponse à une question")
        verbose_name_plural = _("réponses aux questions")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.pk}"


class AnswerChoice(models.Model):
    """A choice ticked in an answer; its own random key, as Django's default link table would
    number the ticks in the order they came."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="ticks")
    choice = models.ForeignKey(Choice, on_delete=models.CASCADE, related_name="ticks")

    class Meta:
        ordering = ["id"]
        verbose_name = _("réponse cochée")
        verbose_name_plural = _("réponses cochées")
        constraints = [
            models.UniqueConstraint(fields=["answer", "choice"], name="answer_choice_once")
        ]

    def __str__(self) -> str:
        return f"{self.answer_id}: {self.choice_id}"


def respondent_tag(*, consultation_id: int, user_id: int) -> str:
    """The keyed tag standing for person `user_id` among the answers of one consultation."""
    return person_tag(scope=f"consultation:{consultation_id}", person_id=user_id)


def accounts_of(user_id: int) -> list[int]:
    """The account and, after a resident merge, the closed accounts merged into it.

    An answer given from a duplicate account is left under that account's tag (rewriting it in
    the merge's transaction would tie it to the person there), so "has this person answered"
    looks for the tags of all their accounts.
    """
    from civic.models import Resident

    accounts, found = [user_id], [user_id]
    while found:
        found = [pk for pk in Resident.objects.filter(merged_into__user_id__in=found)
                 .values_list("user_id", flat=True) if pk not in accounts]
        accounts += found
    return accounts


def respondent_tags(*, consultation_id: int, user_id: int) -> list[str]:
    """The tags of all the person's accounts in one consultation, their own first."""
    return [respondent_tag(consultation_id=consultation_id, user_id=account)
            for account in accounts_of(user_id)]
