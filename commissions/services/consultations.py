"""User consultations: questionnaires for a facility's users, a neighbourhood or the town.

Anonymous answers are written so that nothing joins them to their author (see the docstring of
`commissions.models.consultation` and docs/architecture.md): `consultation_respond` writes the
answer rows alone in their transaction, under the person's keyed tag, and `consultation_close`
rewrites them in a random order.
"""

import random
import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.eligibility import eligibility_ensure
from civic.errors import Conflict, DomainError, InvalidTransition
from civic.limits import MAX_AGE
from civic.models import Neighbourhood, User
from civic.secrecy import key_fingerprint
from civic.services.audit import audit_record
from civic.text import clean_text
from civic.transitions import transition
from commissions import policies, states
from commissions.models import (
    Answer,
    AnswerChoice,
    Choice,
    Commission,
    Consultation,
    Question,
    Response,
)
from commissions.models.consultation import respondent_tags
from commissions.states import CommissionKind, ConsultationAudience, QuestionKind


@transaction.atomic
def consultation_create(
    *, commission: Commission, title: str, audience: str, closes_on: date, actor: User,
    description: str = "", anonymous: bool = True, neighbourhood: Neighbourhood | None = None,
    require_verified: bool = True, min_age: int | None = None,
) -> Consultation:
    """Prepare a questionnaire and say who may answer: the facility's registered users, a
    neighbourhood's or the town's residents; verified accounts unless lifted; a minimum age."""
    policies.ensure_staff(actor)
    if audience not in ConsultationAudience.values:
        raise DomainError(_("Public consulté inconnu."), code="invalid", field="audience")
    if (audience == ConsultationAudience.FACILITY_USERS
            and commission.kind != CommissionKind.FACILITY_COMMITTEE):
        raise DomainError(_("Seul un comité d'usagers peut consulter les usagers inscrits de son "
                            "équipement : choisissez un quartier ou la commune."),
                          code="audience_needs_facility", field="audience")
    if min_age is not None and not 0 <= min_age <= MAX_AGE:
        raise DomainError(_("L'âge minimum va de 0 à {max} ans.").format(max=MAX_AGE),
                          code="invalid", field="min_age")
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
        anonymous=anonymous, neighbourhood=neighbourhood, require_verified=require_verified,
        min_age=min_age)
    audit_record(verb="commission.consultation_created", actor=actor, target=consultation,
                 data={"audience": audience, "anonymous": anonymous,
                       "require_verified": require_verified, "min_age": min_age})
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


def _move(*, consultation: Consultation, source: str, target: str, actor: User | None,
          verb: str, data: dict[str, Any] | None = None, **fields: Any) -> Consultation:
    return transition(consultation, lifecycle=states.CONSULTATION_TRANSITIONS, source=source,
                      target=target, verb=verb, actor=actor, data=data,
                      message=_("Cette étape n'est pas possible dans l'état actuel de la "
                                "consultation."), **fields)


@transaction.atomic
def consultation_open(*, consultation: Consultation, actor: User) -> Consultation:
    """Open the questionnaire; the answer tags' key is recorded to be kept until the close."""
    policies.ensure_staff(actor)
    if not consultation.questions.exists():
        raise DomainError(_("Ajoutez au moins une question avant d'ouvrir la consultation."),
                          code="no_questions")
    return _move(consultation=consultation, source=Consultation.Status.DRAFT,
                 target=Consultation.Status.OPEN, actor=actor,
                 verb="commission.consultation_opened", key_fingerprint=key_fingerprint())


@transaction.atomic
def consultation_close(*, consultation: Consultation, actor: User | None) -> Consultation:
    """Close and publish; anonymous answers are rewritten in a random order under new ids."""
    if actor is not None:
        policies.ensure_staff(actor)
    # Taken first, as an answer takes it: no answer lands between the count and the rewrite.
    Consultation.objects.select_for_update(of=("self",)).filter(pk=consultation.pk).first()
    responses = Response.objects.filter(consultation=consultation).count()
    consultation = _move(consultation=consultation, source=Consultation.Status.OPEN,
                         target=Consultation.Status.CLOSED, actor=actor,
                         verb="commission.consultation_closed", data={"responses": responses})
    if consultation.anonymous:
        _answers_rewrite_shuffled(consultation)
    return consultation


def _answers_rewrite_shuffled(consultation: Consultation) -> None:
    """Delete and re-insert the consultation's answers in a random order, under new random ids.

    Rows inserted one answer at a time sit on disk (and in SQLite's rowid, PostgreSQL's xmin)
    in the order they came; written again at once, shuffled, they all share the closing
    transaction and an order that follows nothing.
    """
    rng = random.SystemRandom()
    responses = list(Response.objects.filter(consultation=consultation)
                     .values_list("id", "tag"))
    answers = list(Answer.objects.filter(response__consultation=consultation)
                   .values_list("id", "response_id", "question_id", "rating", "text"))
    ticks = list(AnswerChoice.objects.filter(answer__response__consultation=consultation)
                 .values_list("answer_id", "choice_id"))
    new_response = {old: uuid.uuid4() for old, _tag in responses}
    new_answer = {row[0]: uuid.uuid4() for row in answers}
    Response.objects.filter(consultation=consultation).delete()  # cascades to their answers
    for rows in (responses, answers, ticks):
        rng.shuffle(rows)
    Response.objects.bulk_create([Response(id=new_response[old], consultation=consultation,
                                           tag=tag) for old, tag in responses])
    Answer.objects.bulk_create([
        Answer(id=new_answer[old], response_id=new_response[response], question_id=question,
               rating=rating, text=text)
        for old, response, question, rating, text in answers])
    AnswerChoice.objects.bulk_create([AnswerChoice(answer_id=new_answer[answer], choice_id=choice)
                                      for answer, choice in ticks])


def consultation_close_due(*, on: date | None = None) -> int:
    """Beat job: close consultations past their closing date (safe to run twice).

    Answering already stops at the closing time by the clock (`policies.ensure_accepts_answers`);
    this only brings the stored status up to date and publishes the results.
    """
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
    """Answer a questionnaire once, if eligible and before its closing time by the clock.

    An anonymous answer is written alone in its transaction, under the person's tag: no
    participation row, no audit entry, no notification (each would name or date the person
    next to the answer); the page shows the confirmation and the rows count the answers.
    """
    # The row lock orders this answer with a close: either the close sees it (and shuffles it
    # with the others) or this answer sees the consultation closed.
    consultation = Consultation.objects.select_for_update(of=("self",)).select_related(
        "commission").get(pk=consultation.pk)
    policies.ensure_accepts_answers(consultation)
    eligibility_ensure(user=user, policy=policies.consultation_policy(consultation=consultation))
    if consultation.key_fingerprint and consultation.key_fingerprint != key_fingerprint():
        raise InvalidTransition(_("Les réponses sont suspendues : la clé qui protège leur "
                                  "anonymat a changé depuis l'ouverture. Prévenez la mairie."),
                                code="secrecy_key_changed")
    questions = list(consultation.questions.prefetch_related("choices"))
    cleaned = {q.pk: _clean_answer(q, answers.get(q.pk)) for q in questions}
    named = not consultation.anonymous
    own_tag, *merged_tags = respondent_tags(consultation_id=consultation.pk, user_id=user.pk)
    # Another account of the same person (merged into this one) may have answered: the row
    # lock above makes this check and the insert one step for this consultation.
    if merged_tags and Response.objects.filter(consultation=consultation,
                                               tag__in=merged_tags).exists():
        raise Conflict(_("Vous avez déjà répondu à cette consultation."),
                       code="already_answered")
    try:
        with transaction.atomic():
            response = Response.objects.create(
                consultation=consultation, tag=own_tag,
                respondent=user if named else None,
                submitted_on=timezone.localdate() if named else None)
    except IntegrityError:  # response_once_per_person
        raise Conflict(_("Vous avez déjà répondu à cette consultation."),
                       code="already_answered") from None
    _answers_write(response=response, questions=questions, cleaned=cleaned)
    if named:
        audit_record(verb="commission.consultation_answered", actor=user, target=consultation,
                     data={"response": str(response.pk)})
    return response


def _answers_write(*, response: Response, questions: list[Question],
                   cleaned: dict[int, dict[str, Any] | None]) -> None:
    answers: list[Answer] = []
    ticks: list[AnswerChoice] = []
    for question in questions:
        values = cleaned[question.pk]
        if values is None:
            continue
        answer = Answer(response=response, question=question, rating=values.get("rating"),
                        text=values.get("text", ""))
        answers.append(answer)
        ticks += [AnswerChoice(answer=answer, choice_id=choice)
                  for choice in values.get("choices", [])]
    Answer.objects.bulk_create(answers)
    AnswerChoice.objects.bulk_create(ticks)
