"""The council's part: scheduling on a session, recording the vote, publishing the answer.

Agenda items and decisions are civic's (civic.services.council); these services move the
initiative along with them in the same transaction.
"""

import zlib
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.errors import DomainError, InvalidTransition
from civic.models import CouncilDecision, CouncilSession, User
from civic.services.council import (
    agenda_item_schedule,
    agenda_item_submit,
    council_decision_announce,
    council_decision_record,
)
from civic.services.notifications import notification_enqueue
from civic.text import clean_text
from petitions import policies
from petitions.models import CitizenInitiative
from petitions.services.common import announce, audience, initiative_url, locked, transition

S = CitizenInitiative.Status


@transaction.atomic
def initiative_schedule(
    *, initiative: CitizenInitiative, session: CouncilSession, actor: User
) -> CitizenInitiative:
    """Put an initiative that reached its threshold on a council session's agenda (clerks)."""
    policies.ensure_staff(actor)
    initiative = locked(initiative)
    policies.ensure_capability(initiative, "schedule")
    item = agenda_item_submit(
        source=initiative, title=f"Initiative citoyenne : {initiative.title}",
        summary=initiative.operative_text, due_by=initiative.schedule_due_by, actor=actor,
        council=session.council,
    )
    item = agenda_item_schedule(item=item, session=session, actor=actor)
    when = timezone.localtime(session.starts_at)
    step = transition(initiative=initiative, target=S.SCHEDULED, actor=actor, agenda_item=item,
                      data={"session": session.pk, "agenda_item": item.pk})
    announce(initiative=initiative, step=step,
             subject=_("Inscrite au conseil municipal : « {title} »"),
             body=_("L'initiative « {title} » est inscrite à l'ordre du jour de la séance du "
                    "conseil municipal du {day} à {hour} ({place})."),
             params={"day": when.strftime("%d/%m/%Y"), "hour": when.strftime("%H:%M"),
                     "place": session.place})
    return initiative


@transaction.atomic
def initiative_unscheduled(*, initiative: CitizenInitiative, actor: User, reason: str
                           ) -> CitizenInitiative:
    """The council's agenda no longer holds the initiative (its session was cancelled, or a
    clerk took it off with a reason): it waits again to be scheduled, and its people know."""
    initiative = locked(initiative)
    if initiative.status != S.SCHEDULED:
        return initiative
    step = transition(initiative=initiative, target=S.THRESHOLD_REACHED, actor=actor,
                      note=reason, data={"reason": reason})
    announce(initiative=initiative, step=step,
             subject=_("Retirée de l'ordre du jour du conseil : « {title} »"),
             body=_("L'initiative « {title} » n'est plus à l'ordre du jour de la séance "
                    "prévue ({reason}). Elle sera inscrite à une prochaine séance."),
             params={"reason": reason})
    return initiative


def initiative_session_moved(*, initiative: CitizenInitiative, session: CouncilSession
                             ) -> None:
    """The session the initiative is scheduled on has a new date or place: its people, told
    of the first one, are told of this one (once per date and place)."""
    when = timezone.localtime(session.starts_at)
    notification_enqueue(
        recipients=audience(initiative), kind="initiative_session_moved",
        subject=_("Séance du conseil déplacée : « {title} »"),
        body=_("La séance du conseil municipal où l'initiative « {title} » est inscrite aura "
               "lieu le {day} à {hour} ({place})."),
        params={"title": initiative.title, "day": when.strftime("%d/%m/%Y"),
                "hour": when.strftime("%H:%M"), "place": session.place},
        dedupe_key=f"initiative:{initiative.pk}:session:{session.pk}:{when:%Y%m%d%H%M}:"
                   f"{zlib.crc32(session.place.encode())}",
        url=initiative_url(initiative))


@transaction.atomic
def initiative_vote_record(
    *, initiative: CitizenInitiative, outcome: str, votes_for: int, votes_against: int,
    abstentions: int, reference: str, text: str, decided_at: datetime, actor: User,
) -> CouncilDecision:
    """Record the council's vote on the initiative (clerks): outcome, counts, reference, text."""
    policies.ensure_staff(actor)
    initiative = locked(initiative)
    policies.ensure_capability(initiative, "record_vote")
    reference = clean_text(reference, field="reference", max_length=60, multiline=False)
    body = clean_text(text, field="text", max_length=20000)
    if not reference:
        raise DomainError(_("Indiquez le numéro de la délibération."), code="required",
                          field="reference")
    # "record_vote" is a capability of initiatives scheduled on an agenda item only.
    assert initiative.agenda_item is not None
    decision = council_decision_record(
        item=initiative.agenda_item, outcome=outcome, votes_for=votes_for,
        votes_against=votes_against, abstentions=abstentions, reference=reference, text=body,
        decided_at=decided_at, actor=actor,
    )
    transition(initiative=initiative, target=S.VOTED, actor=actor,
               note=decision.get_outcome_display(),
               data={"decision": decision.pk, "outcome": outcome})
    # Announced through civic, which remembers who was told so a rectification reaches them.
    council_decision_announce(
        decision=decision, recipients=audience(initiative), kind=f"initiative_{S.VOTED}",
        subject=_("Vote du conseil municipal : « {title} »"),
        body=_("Le conseil municipal a voté sur l'initiative « {title} » : {outcome} "
               "({votes_for} pour, {votes_against} contre, {abstentions} abstentions ; "
               "délibération {reference})."),
        params={"title": initiative.title, "outcome": decision.get_outcome_display(),
                "votes_for": votes_for, "votes_against": votes_against,
                "abstentions": abstentions, "reference": reference},
        url=initiative_url(initiative))
    return decision


@transaction.atomic
def initiative_answer(*, initiative: CitizenInitiative, actor: User, answer: str
                      ) -> CitizenInitiative:
    """Publish the town's answer after the vote, with how it will be implemented (clerks)."""
    policies.ensure_staff(actor)
    initiative = locked(initiative)
    if initiative.status == S.ANSWERED:
        raise InvalidTransition(_("La réponse de la ville à cette initiative est déjà publiée."),
                                code="already_answered")
    policies.ensure_capability(initiative, "answer")
    text = clean_text(answer, field="answer", max_length=20000)
    if not text:
        raise DomainError(_("Rédigez la réponse de la ville."), code="required", field="answer")
    step = transition(initiative=initiative, target=S.ANSWERED, actor=actor, answer=text,
                      answered_at=timezone.now())
    announce(initiative=initiative, step=step,
             subject=_("Réponse de la ville : « {title} »"),
             body=_("La ville a publié sa réponse et la mise en œuvre de l'initiative "
                    "« {title} »."))
    return initiative
