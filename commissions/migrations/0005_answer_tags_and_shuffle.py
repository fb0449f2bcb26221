"""Replace the participation rows by keyed tags on the answers, and unlink existing answers.

- The choices ticked move to `AnswerChoice` (random keys instead of a serial number).
- Each response gets the tag of a person who answered (`civic.secrecy.person_tag`). Anonymous
  responses were never linked to their author, so their participants' tags are handed out among
  them at random: the set of tags, hence "who already answered", is exact; which tag sits on
  which anonymous answer means nothing. A response left without a participant (an erased
  account) gets a random tag no person has.
- Anonymous responses are rewritten in a random order under new ids, as the close does: the old
  rows were written in the same transaction as a participation and an audit entry naming their
  author (same PostgreSQL `xmin`), and this cuts that link.
- Open consultations record the fingerprint of the key their tags were made with.
"""

import random
import secrets
import uuid

from django.db import migrations


def _tags(consultation, responses, participants):
    from civic.secrecy import person_tag

    def tag(user_id):
        return person_tag(scope=f"consultation:{consultation.pk}", person_id=user_id)

    unnamed = []
    for response in responses:
        if response["respondent_id"] is not None:
            participants.discard(response["respondent_id"])
            response["tag"] = tag(response["respondent_id"])
        else:
            unnamed.append(response)
    people = list(participants)
    rng = random.SystemRandom()
    rng.shuffle(people)
    for response in unnamed:
        response["tag"] = tag(people.pop()) if people else secrets.token_hex(32)


def _rewrite(apps, consultation, responses):
    Response = apps.get_model("commissions", "Response")
    Answer = apps.get_model("commissions", "Answer")
    AnswerChoice = apps.get_model("commissions", "AnswerChoice")
    rng = random.SystemRandom()
    answers = list(Answer.objects.filter(response__consultation=consultation).values(
        "id", "response_id", "question_id", "rating", "text"))
    ticks = list(AnswerChoice.objects.filter(answer__response__consultation=consultation)
                 .values("answer_id", "choice_id"))
    new_response = {r["id"]: uuid.uuid4() for r in responses}
    new_answer = {a["id"]: uuid.uuid4() for a in answers}
    Response.objects.filter(consultation=consultation).delete()
    for rows in (responses, answers, ticks):
        rng.shuffle(rows)
    Response.objects.bulk_create([Response(id=new_response[r["id"]], consultation=consultation,
                                           tag=r["tag"]) for r in responses])
    Answer.objects.bulk_create([Answer(id=new_answer[a["id"]],
                                       response_id=new_response[a["response_id"]],
                                       question_id=a["question_id"], rating=a["rating"],
                                       text=a["text"]) for a in answers])
    AnswerChoice.objects.bulk_create([AnswerChoice(answer_id=new_answer[t["answer_id"]],
                                                   choice_id=t["choice_id"]) for t in ticks])


def forward(apps, schema_editor):
    Consultation = apps.get_model("commissions", "Consultation")
    Participation = apps.get_model("commissions", "Participation")
    Response = apps.get_model("commissions", "Response")
    Answer = apps.get_model("commissions", "Answer")
    AnswerChoice = apps.get_model("commissions", "AnswerChoice")
    AnswerChoice.objects.bulk_create([
        AnswerChoice(answer_id=answer_id, choice_id=choice_id)
        for answer_id, choice_id in Answer.choices.through.objects.values_list(
            "answer_id", "choice_id")])
    for consultation in Consultation.objects.all():
        responses = list(Response.objects.filter(consultation=consultation).values(
            "id", "respondent_id"))
        participants = set(Participation.objects.filter(consultation=consultation)
                           .values_list("user_id", flat=True))
        _tags(consultation, responses, participants)
        if consultation.anonymous:
            _rewrite(apps, consultation, responses)
        else:
            for response in responses:
                Response.objects.filter(pk=response["id"]).update(tag=response["tag"])
    if Consultation.objects.filter(status="open").exists():
        from civic.secrecy import key_fingerprint

        Consultation.objects.filter(status="open").update(key_fingerprint=key_fingerprint())


class Migration(migrations.Migration):

    dependencies = [
        ('commissions', '0004_consultation_eligibility_and_answer_tags'),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
