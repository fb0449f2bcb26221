"""User consultations: questionnaires for a facility's users or a neighbourhood's residents."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.eligibility import eligibility_ensure
from civic.errors import Conflict, DomainError, InvalidTransition
from civic.models import Neighbourhood, User
from civic.services.audit import audit_record
from civic.text import clean_text
from commissions import policies
from commissions.models import (
    Answer,
    Choice,
    Commission,
    Consultation,
    Participation,
    Question,
    Response,
)
from commissions.states import ConsultationAudience, QuestionKind


@transaction.atomic
def consultation_create(
    *, commission: Commission, title: str, audience: str, closes_on: date, actor: User,
    description: str = "", anonymous: bool = True, neighbourhood: Neighbourhood | None = None,
) -> Consultation:
    """Prepare a questionnaire for a facility's users, a neighbourhood or the town."""
    policies.ensure_staff(actor)
    if audience not in ConsultationAudience.values:
        raise DomainError(_("Public consulté inconnu."), code="invalid", field="audience")
    if audience == ConsultationAudience.NEIGHBOURHOOD:
        neighbourhood = neighbourhood or commission.neighbourhood
        if neighbourhood is None:
            raise DomainError(_("Choisissez le quartier consulté."), code="neighbourhood_required",
                              field="neighbourhood")
    if closes_on < timezone.localdate():
        raise DomainError(_("La date de clôture est déjà passée."), code="closes_in_past",
                          field="closes_on")
    title = clean_text(title, field="title", max_length=200, multiline=False)
    if not title:
        raise DomainError(_("Donnez un intitulé à la consultation."), code="empty", field="title")
    consultation = Consultation.objects.create(
        commission=commission, title=title, audience=audience, closes_on=closes_on,
        description=clean_text(description, field="description", max_length=10_000),
        anonymous=anonymous, neighbourhood=neighbourhood)
    audit_record(verb="commission.consultation_created", actor=actor, target=consultation,
                 data={"audience": audience, "anonymous": anonymous})
    return consultation


@transaction.atomic
def question_add(
    *, consultation: Consultation, kind: str, label: str, actor: User,
    choices: list[str] | None = None, required: bool = True, rating_max: int = 5,
) -> Question:
    """Add a question while the consultation is in preparation."""
    policies.ensure_staff(actor)
    if consultation.status != Consultation.Status.DRAFT:
        raise InvalidTransition(_("Les questions sont figées une fois la consultation ouverte."),
                                code="questions_frozen")
    if kind not in QuestionKind.values:
        raise DomainError(_("Type de question inconnu."), code="invalid", field="kind")
    label = clean_text(label, field="label", max_length=300, multiline=False)
    options = [clean_text(c, field="choices", max_length=200, multiline=False)
               for c in (choices or [])]
    options = [c for c in options if c]
    if not label:
        raise DomainError(_("Écrivez la question."), code="empty", field="label")
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and len(options) < 2:
        raise DomainError(_("Proposez au moins deux réponses."), code="too_few_choices",
                          field="choices")
    if kind == QuestionKind.RATING and not 2 <= rating_max <= 10:
        raise DomainError(_("La note maximale va de 2 à 10."), code="invalid", field="rating_max")
    position = (consultation.questions.aggregate(m=Max("position"))["m"] or 0) + 1
    question = Question.objects.create(consultation=consultation, position=position, kind=kind,
                                       label=label, required=required, rating_max=rating_max)
    Choice.objects.bulk_create([Choice(question=question, position=i, label=c)
                                for i, c in enumerate(options, start=1)])
    audit_record(verb="commission.question_added", actor=actor, target=question,
                 data={"kind": kind, "choices": len(options)})
    return question


def _move(*, consultation: Consultation, source: str, target: str, actor: User,
          verb: str) -> Consultation:
    updated = Consultation.objects.filter(pk=consultation.pk, status=source).update(status=target)
    if not updated:
        raise InvalidTransition(_("Cette étape n'est pas possible dans l'état actuel de la "
                                  "consultation."))
    consultation.refresh_from_db()
    audit_record(verb=verb, actor=actor, target=consultation, data={"to": target})
    return consultation


@transaction.atomic
def consultation_open(*, consultation: Consultation, actor: User) -> Consultation:
    policies.ensure_staff(actor)
    if not consultation.questions.exists():
        raise DomainError(_("Ajoutez au moins une question avant d'ouvrir la consultation."),
                          code="no_questions")
    return _move(consultation=consultation, source=Consultation.Status.DRAFT,
                 target=Consultation.Status.OPEN, actor=actor,
                 verb="commission.consultation_opened")


@transaction.atomic
def consultation_close(*, consultation: Consultation, actor: User | None) -> Consultation:
    if actor is not None:
        policies.ensure_staff(actor)
    return _move(consultation=consultation, source=Consultation.Status.OPEN,
                 target=Consultation.Status.CLOSED, actor=actor,  # type: ignore[arg-type]
                 verb="commission.consultation_closed")


def consultation_close_due(*, on: date | None = None) -> int:
    """Beat job: close consultations past their closing date (safe to run twice)."""
    day = on or timezone.localdate()
    closed = 0
    for consultation in Consultation.objects.filter(status=Consultation.Status.OPEN,
                                                    closes_on__lt=day):
        try:
            consultation_close(consultation=consultation, actor=None)
            closed += 1
        except InvalidTransition:
            continue  # closed meanwhile by a clerk or another run
    return closed


def _clean_answer(question: Question, raw: Any) -> dict[str, Any] | None:
    """Validate one answer; returns the fields to store, or None when left empty."""
    field = f"q{question.pk}"
    empty = raw in (None, "", [])
    if empty:
        if question.required:
            raise DomainError(_("Répondez à cette question : « {label} ».").format(
                label=question.label), code="answer_required", field=field)
        return None
    if question.kind == QuestionKind.TEXT:
        return {"text": clean_text(str(raw), field=field, max_length=5000)}
    if question.kind == QuestionKind.RATING:
        try:
            rating = int(raw)
        except (TypeError, ValueError):
            rating = -1
        if not 1 <= rating <= question.rating_max:
            raise DomainError(_("Donnez une note de 1 à {max}.").format(max=question.rating_max),
                              code="invalid_rating", field=field)
        return {"rating": rating}
    picked = {int(v) for v in (raw if isinstance(raw, list) else [raw]) if str(v).isdigit()}
    valid = set(question.choices.values_list("pk", flat=True))
    if not picked or not picked <= valid:
        raise DomainError(_("Choisissez parmi les réponses proposées."), code="invalid_choice",
                          field=field)
    if question.kind == QuestionKind.SINGLE and len(picked) > 1:
        raise DomainError(_("Une seule réponse est possible."), code="single_choice", field=field)
    return {"choices": sorted(picked)}


@transaction.atomic
def consultation_respond(
    *, consultation: Consultation, user: User, answers: Mapping[int, Any]
) -> Response:
    """Answer a questionnaire once; anonymous answers are stored apart from the person."""
    if consultation.status != Consultation.Status.OPEN or (
        consultation.closes_on < timezone.localdate()
    ):
        raise InvalidTransition(_("Cette consultation est close."), code="consultation_closed")
    eligibility_ensure(user=user, policy=policies.consultation_policy(consultation=consultation))
    questions = list(consultation.questions.prefetch_related("choices"))
    cleaned = {q.pk: _clean_answer(q, answers.get(q.pk)) for q in questions}
    try:
        with transaction.atomic():
            Participation.objects.create(consultation=consultation, user=user)
    except IntegrityError:
        raise Conflict(_("Vous avez déjà répondu à cette consultation."),
                       code="already_answered") from None
    response = Response.objects.create(
        consultation=consultation, submitted_on=timezone.localdate(),
        respondent=None if consultation.anonymous else user)
    for question in questions:
        values = cleaned[question.pk]
        if values is None:
            continue
        answer = Answer.objects.create(response=response, question=question,
                                       rating=values.get("rating"), text=values.get("text", ""))
        if values.get("choices"):
            answer.choices.set(values["choices"])
    Consultation.objects.filter(pk=consultation.pk).update(
        responses_count=F("responses_count") + 1)
    # The audit names the participation, never the response, so anonymity survives the log.
    audit_record(verb="commission.consultation_answered", actor=user, target=consultation,
                 data={} if consultation.anonymous else {"response": response.pk})
    return response
