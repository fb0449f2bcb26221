"""Drafting an initiative: texts with versions, co-promoters, submission, withdrawal."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.eligibility import eligibility_check, eligibility_ensure
from civic.errors import DomainError, NotPermitted
from civic.links import page_url
from civic.models import Neighbourhood, Resident, User
from civic.services.audit import audit_record
from civic.services.notifications import notification_enqueue
from civic.text import clean_text
from civic.transitions import transition as row_transition
from petitions import policies, states
from petitions.models import CitizenInitiative, InitiativePromoter, InitiativeVersion
from petitions.services.charter import charter_current
from petitions.services.common import (
    announce,
    locked,
    promoter_users,
    staff_users,
    transition,
)


def _texts(title: str, reasons: str, operative_text: str) -> dict[str, str]:
    texts = {
        "title": clean_text(title, field="title", max_length=200, multiline=False),
        "reasons": clean_text(reasons, field="reasons", max_length=20000),
        "operative_text": clean_text(operative_text, field="operative_text", max_length=20000),
    }
    for field, value in texts.items():
        if not value:
            raise DomainError(_("Ce champ est obligatoire."), code="required", field=field)
    return texts


def _resident_of(user: User) -> Resident:
    resident: Resident | None = getattr(user, "resident", None)
    if resident is None:
        raise NotPermitted(_("Seuls les habitants peuvent porter une initiative."),
                           code="no_resident_profile")
    return resident


@transaction.atomic
def initiative_create(
    *, author: User, title: str, reasons: str, operative_text: str,
    neighbourhood: Neighbourhood | None = None,
) -> CitizenInitiative:
    """Start a draft under the current charter; its author is the lead promoter."""
    resident = _resident_of(author)
    texts = _texts(title, reasons, operative_text)
    initiative = CitizenInitiative.objects.create(
        charter=charter_current(), created_by=author, neighbourhood=neighbourhood, **texts
    )
    InitiativeVersion.objects.create(initiative=initiative, number=1, author=author, **texts)
    InitiativePromoter.objects.create(
        initiative=initiative, resident=resident, is_lead=True,
        status=InitiativePromoter.Status.CONFIRMED, invited_by=author, responded_at=timezone.now(),
    )
    audit_record(verb="initiative.created", actor=author, target=initiative,
                 data={"charter_version": initiative.charter.version, "title": texts["title"]})
    return initiative


@transaction.atomic
def initiative_text_update(
    *, initiative: CitizenInitiative, author: User, title: str, reasons: str, operative_text: str,
) -> CitizenInitiative:
    """Save a new version of the texts while the initiative is a draft (promoters)."""
    initiative = locked(initiative)
    policies.ensure_promoter(author, initiative)
    policies.ensure_capability(initiative, "edit_text")
    texts = _texts(title, reasons, operative_text)
    if all(getattr(initiative, k) == v for k, v in texts.items()):
        return initiative
    number = initiative.text_version + 1
    InitiativeVersion.objects.create(initiative=initiative, number=number, author=author, **texts)
    for key, value in texts.items():
        setattr(initiative, key, value)
    initiative.text_version = number
    initiative.save(update_fields=[*texts, "text_version", "updated_at"])
    audit_record(verb="initiative.text_updated", actor=author, target=initiative,
                 data={"version": number})
    return initiative


# What the inviter reads, whatever the address (petitions.services.drafting.promoter_invite).
INVITED = _("Si un habitant est inscrit avec cette adresse, il reçoit votre invitation et "
            "apparaîtra ici comme porteur s'il l'accepte.")


@transaction.atomic
def promoter_invite(
    *, initiative: CitizenInitiative, invited_by: User, email: str
) -> InitiativePromoter | None:
    """Invite a resident, by the e-mail of their account, to carry the initiative too.

    Says nothing about the address: no account, or already invited, and nothing happens
    (None), with no error, so the inviter learns who has an account, and their name, only
    when the invitee accepts."""
    initiative = locked(initiative)
    policies.ensure_promoter(invited_by, initiative)
    policies.ensure_capability(initiative, "invite_promoter")
    resident = Resident.objects.select_related("user").filter(
        user__email__iexact=email.strip()).first()
    if resident is None:
        return None
    try:
        with transaction.atomic():
            promoter = InitiativePromoter.objects.create(
                initiative=initiative, resident=resident, invited_by=invited_by)
    except IntegrityError:
        return None
    audit_record(verb="initiative.promoter_invited", actor=invited_by, target=initiative,
                 data={"resident": resident.pk})
    notification_enqueue(
        recipients=[resident.user], kind="initiative_invitation",
        subject=_("Invitation à porter l'initiative « {title} »"),
        body=_("{inviter} vous invite à porter avec lui ou elle l'initiative citoyenne "
               "« {title} ». Acceptez ou déclinez depuis votre espace porteur."),
        params={"title": initiative.title, "inviter": str(invited_by)},
        dedupe_key=f"initiative:{initiative.pk}:invite:{promoter.pk}",
        # The invitation's own page, where it is accepted or declined.
        url=page_url("petitions_web:respond", pk=promoter.pk),
    )
    return promoter


@transaction.atomic
def promoter_respond(
    *, promoter: InitiativePromoter, user: User, accept: bool
) -> InitiativePromoter:
    """Accept or decline an invitation; accepting requires being an eligible resident."""
    initiative = locked(promoter.initiative)
    if promoter.resident.user_id != user.pk:
        raise NotPermitted(_("Cette invitation ne vous est pas adressée."))
    policies.ensure_capability(initiative, "confirm_promoter")
    if accept:
        eligibility_ensure(user=user, policy=policies.signer_policy(initiative.charter))
    target = InitiativePromoter.Status.CONFIRMED if accept else InitiativePromoter.Status.DECLINED
    return row_transition(
        promoter, lifecycle=states.PROMOTER_TRANSITIONS,
        source=InitiativePromoter.Status.INVITED, target=target,
        verb=f"initiative.promoter_{target}", actor=user, audit_target=initiative,
        message=_("Vous avez déjà répondu à cette invitation."), code="already_answered",
        data={"promoter": promoter.pk}, responded_at=timezone.now())


def _ensure_promoters_ready(initiative: CitizenInitiative) -> None:
    confirmed = list(initiative.promoters.filter(status=InitiativePromoter.Status.CONFIRMED)
                     .select_related("resident__user"))
    needed = initiative.charter.min_promoters
    if len(confirmed) < needed:
        raise DomainError(
            _("Il faut au moins {needed} porteurs confirmés pour déposer l'initiative "
              "({count} pour l'instant).").format(needed=needed, count=len(confirmed)),
            code="not_enough_promoters",
        )
    policy = policies.signer_policy(initiative.charter)
    for promoter in confirmed:
        result = eligibility_check(user=promoter.resident.user, policy=policy)
        if not result.eligible:
            raise DomainError(
                _("{name} ne peut pas être porteur : {reason}").format(
                    name=str(promoter.resident.user), reason=result.refusals[0].message),
                code="promoter_not_eligible",
            )


@transaction.atomic
def initiative_submit(*, initiative: CitizenInitiative, actor: User) -> CitizenInitiative:
    """Submit the draft for the admissibility review (enough confirmed, eligible promoters)."""
    initiative = locked(initiative)
    policies.ensure_lead(actor, initiative)
    policies.ensure_capability(initiative, "submit")
    _ensure_promoters_ready(initiative)
    step = transition(initiative=initiative, target=CitizenInitiative.Status.SUBMITTED,
                      actor=actor, submitted_at=timezone.now(),
                      data={"text_version": initiative.text_version})
    announce(initiative=initiative, step=step,
             recipients=promoter_users(initiative) + staff_users(),
             subject=_("Initiative déposée : « {title} »"),
             body=_("L'initiative « {title} » a été déposée. Les services de la ville vont "
                    "examiner sa recevabilité."))
    return initiative


@transaction.atomic
def initiative_withdraw(
    *, initiative: CitizenInitiative, actor: User, reason: str
) -> CitizenInitiative:
    """Withdraw the initiative (lead promoter), at any time before the council schedules it."""
    initiative = locked(initiative)
    policies.ensure_lead(actor, initiative)
    policies.ensure_capability(initiative, "withdraw")
    reason = clean_text(reason, field="reason", max_length=2000)
    if not reason and initiative.status != CitizenInitiative.Status.DRAFT:
        raise DomainError(_("Indiquez le motif du retrait."), code="required", field="reason")
    step = transition(initiative=initiative, target=CitizenInitiative.Status.WITHDRAWN,
                      actor=actor, note=reason, withdrawal_reason=reason)
    announce(initiative=initiative, step=step,
             subject=_("Initiative retirée : « {title} »"),
             body=_("Les porteurs ont retiré l'initiative « {title} ». Motif : {reason}"),
             params={"reason": reason or "—"})
    return initiative
