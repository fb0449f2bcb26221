"""Admissibility review by the town's clerks: a reasoned decision, published if refused."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.errors import DomainError
from civic.models import User
from civic.text import clean_text
from petitions import policies
from petitions.models import CitizenInitiative
from petitions.services.common import announce, locked, transition


def _reasons(text: str) -> str:
    reasons = clean_text(text, field="reasons", max_length=10000)
    if not reasons:
        raise DomainError(_("Motivez la décision : elle est communiquée aux porteurs."),
                          code="required", field="reasons")
    return reasons


@transaction.atomic
def initiative_review_start(*, initiative: CitizenInitiative, actor: User) -> CitizenInitiative:
    """Take a submitted initiative into admissibility review (clerks)."""
    policies.ensure_staff(actor)
    initiative = locked(initiative)
    policies.ensure_capability(initiative, "start_review")
    step = transition(initiative=initiative,
                      target=CitizenInitiative.Status.ADMISSIBILITY_REVIEW,
                      actor=actor, reviewed_by=actor)
    announce(initiative=initiative, step=step,
             subject=_("Examen de recevabilité : « {title} »"),
             body=_("Les services de la ville examinent la recevabilité de l'initiative "
                    "« {title} » (compétence de la commune, respect des personnes)."))
    return initiative


@transaction.atomic
def initiative_admit(
    *, initiative: CitizenInitiative, actor: User, reasons: str
) -> CitizenInitiative:
    """Declare the initiative admissible and open the signature collection (charter clock)."""
    policies.ensure_staff(actor)
    initiative = locked(initiative)
    policies.ensure_capability(initiative, "decide_admissibility")
    text = _reasons(reasons)
    charter = initiative.charter
    now = timezone.now()
    threshold = charter.signature_threshold()
    step = transition(
        initiative=initiative, target=CitizenInitiative.Status.COLLECTING, actor=actor,
        note=text, admissibility_reasons=text, reviewed_by=actor, reviewed_at=now,
        signature_threshold=threshold, collection_opened_at=now,
        collection_deadline=now + timedelta(days=charter.collection_days),
        data={"threshold": threshold, "collection_days": charter.collection_days},
    )
    announce(initiative=initiative, step=step,
             subject=_("Initiative recevable : la collecte est ouverte"),
             body=_("L'initiative « {title} » est recevable. La collecte des signatures est "
                    "ouverte jusqu'au {deadline} ; il en faut {threshold}."),
             params={"deadline": timezone.localtime(initiative.collection_deadline)
                     .strftime("%d/%m/%Y"), "threshold": threshold})
    return initiative


@transaction.atomic
def initiative_refuse(
    *, initiative: CitizenInitiative, actor: User, reasons: str
) -> CitizenInitiative:
    """Declare the initiative inadmissible; the reasoned decision is published."""
    policies.ensure_staff(actor)
    initiative = locked(initiative)
    policies.ensure_capability(initiative, "decide_admissibility")
    text = _reasons(reasons)
    step = transition(initiative=initiative, target=CitizenInitiative.Status.REFUSED, actor=actor,
                      note=text, admissibility_reasons=text, reviewed_by=actor,
                      reviewed_at=timezone.now())
    announce(initiative=initiative, step=step,
             subject=_("Initiative irrecevable : « {title} »"),
             body=_("L'initiative « {title} » a été déclarée irrecevable. Motifs : {reasons}"),
             params={"reasons": text})
    return initiative
