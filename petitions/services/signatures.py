"""Signatures: online or on paper, withdrawal, invalidation; the public counter stays exact.

Every write locks the initiative row first, then updates `signature_count` with F() in the
same transaction, so the counter equals the number of valid rows and the threshold is
crossed by exactly one signature (one event, one notification).
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.errors import Conflict, DomainError, InvalidTransition
from civic.models import Resident, User
from civic.services.audit import audit_record
from civic.services.notifications import notification_enqueue
from civic.text import clean_text
from civic.transitions import transition
from petitions import policies, states
from petitions.models import CitizenInitiative, Signature
from petitions.services.common import (
    announce,
    initiative_url,
    locked,
    promoter_users,
    try_transition,
)

S = CitizenInitiative.Status


def _count(initiative: CitizenInitiative, delta: int) -> None:
    CitizenInitiative.objects.filter(pk=initiative.pk).update(
        signature_count=F("signature_count") + delta)
    initiative.refresh_from_db(fields=["signature_count"])


def _store(*, initiative: CitizenInitiative, resident: Resident, show_name: bool,
           recorded_by: User | None) -> Signature:
    channel = Signature.Channel.PAPER if recorded_by else Signature.Channel.ONLINE
    fields = {"status": Signature.Status.VALID, "show_name": show_name, "channel": channel,
              "recorded_by": recorded_by, "signed_at": timezone.now(), "withdrawn_at": None}
    existing = Signature.objects.filter(initiative=initiative, resident=resident).first()
    if existing is None:
        try:
            with transaction.atomic():
                return Signature.objects.create(initiative=initiative, resident=resident,
                                                **fields)
        except IntegrityError:
            existing = Signature.objects.get(initiative=initiative, resident=resident)
    if existing.status == Signature.Status.INVALIDATED:
        raise Conflict(_("Cette signature a été invalidée : {reason}").format(
            reason=existing.invalidated_reason), code="signature_invalidated")
    # A signer who withdrew may sign again while the collection is open.
    if not Signature.objects.filter(pk=existing.pk, status=Signature.Status.WITHDRAWN).update(
            **fields):
        raise Conflict(_("Vous avez déjà signé cette initiative."), code="already_signed")
    existing.refresh_from_db()
    return existing


def _after_threshold(initiative: CitizenInitiative, actor: User) -> None:
    if initiative.signature_count < (initiative.signature_threshold or 0):
        return
    now = timezone.now()
    due = timezone.localdate(now) + timedelta(days=initiative.charter.council_days)
    step = try_transition(initiative=initiative, target=S.THRESHOLD_REACHED, actor=None,
                          threshold_reached_at=now, schedule_due_by=due,
                          data={"count": initiative.signature_count, "by": actor.pk})
    if step is not None:
        announce(initiative=initiative, step=step,
                 subject=_("Seuil atteint : « {title} »"),
                 body=_("L'initiative « {title} » a réuni {count} signatures. Le conseil "
                        "municipal doit l'inscrire à son ordre du jour avant le {due}."),
                 params={"count": initiative.signature_count, "due": due.strftime("%d/%m/%Y")})


def _ensure_collecting(initiative: CitizenInitiative, recorded_by: User | None) -> None:
    if recorded_by is not None:
        policies.ensure_capability(initiative, "record_paper_signature")
    policies.ensure_signature_open(initiative)


def _sign(*, initiative: CitizenInitiative, resident: Resident, show_name: bool,
          recorded_by: User | None) -> Signature:
    # Everything about the signer is settled first, under the signer's own lock (the yearly
    # limit counts across initiatives). The initiative's row, which every signature of the
    # initiative waits for, is locked after that, for the counter, the audit entry and the
    # threshold only. Lock order, here and in `signature_withdraw`: signer, then initiative.
    resident = Resident.objects.select_for_update().select_related("user").get(pk=resident.pk)
    initiative = CitizenInitiative.objects.select_related("charter").get(pk=initiative.pk)
    if recorded_by is not None:
        policies.ensure_capability(initiative, "record_paper_signature")
    policies.ensure_can_sign(resident=resident, initiative=initiative)
    signature = _store(initiative=initiative, resident=resident, show_name=show_name,
                       recorded_by=recorded_by)
    initiative = locked(initiative)
    # Again under the lock: the collection may have closed meanwhile (threshold reached by
    # another signature, deadline, withdrawal); refusing rolls this signature back.
    _ensure_collecting(initiative, recorded_by)
    _count(initiative, +1)
    audit_record(verb="initiative.signed", actor=recorded_by or resident.user, target=signature,
                 data={"initiative": initiative.pk, "channel": signature.channel,
                       "count": initiative.signature_count})
    notification_enqueue(
        recipients=[resident.user], kind="initiative_signature_received",
        subject=_("Signature enregistrée : « {title} »"),
        body=_("Votre signature de l'initiative « {title} » est enregistrée. Vous serez "
               "informé(e) de chaque étape."),
        params={"title": initiative.title},
        dedupe_key=f"initiative:{initiative.pk}:signature:{signature.pk}:{int(signature.signed_at.timestamp())}",
        url=initiative_url(initiative),
        # A paper signature is confirmed by e-mail too, so a signer can report a false one.
        email=recorded_by is not None,
    )
    _after_threshold(initiative, recorded_by or resident.user)
    return signature


@transaction.atomic
def signature_add(*, initiative: CitizenInitiative, resident: Resident,
                  show_name: bool = False) -> Signature:
    """Sign an initiative that is collecting (charter: verified, age, residence, yearly limit)."""
    return _sign(initiative=initiative, resident=resident, show_name=show_name, recorded_by=None)


@transaction.atomic
def signature_record_paper(*, initiative: CitizenInitiative, resident: Resident,
                           recorded_by: User, show_name: bool = False) -> Signature:
    """Record a paper signature for a resident (clerks; assisted participation, audited)."""
    policies.ensure_staff(recorded_by)
    return _sign(initiative=initiative, resident=resident, show_name=show_name,
                 recorded_by=recorded_by)


@transaction.atomic
def signature_withdraw(*, initiative: CitizenInitiative, resident: Resident) -> Signature:
    """Withdraw one's signature while the collection is open."""
    Resident.objects.select_for_update().get(pk=resident.pk)  # lock order: see _sign
    initiative = locked(initiative)
    policies.ensure_capability(initiative, "withdraw_signature")
    policies.ensure_signature_open(initiative)
    signature = Signature.objects.filter(initiative=initiative, resident=resident).first()
    not_signed = _("Vous n'avez pas de signature à retirer sur cette initiative.")
    if signature is None:
        raise InvalidTransition(not_signed, code="not_signed")
    # The count after this withdrawal (the initiative's row is locked): the audit records it.
    transition(signature, lifecycle=states.SIGNATURE_TRANSITIONS, source=Signature.Status.VALID,
               target=Signature.Status.WITHDRAWN, verb="initiative.signature_withdrawn",
               actor=resident.user, message=not_signed, code="not_signed",
               data={"initiative": initiative.pk, "count": initiative.signature_count - 1},
               withdrawn_at=timezone.now())
    _count(initiative, -1)
    return signature


@transaction.atomic
def signature_invalidate(*, signature: Signature, actor: User, reason: str) -> Signature:
    """Invalidate a signature found wrong against the roll (clerks); it no longer counts."""
    policies.ensure_staff(actor)
    initiative = locked(signature.initiative)
    policies.ensure_capability(initiative, "invalidate_signature")
    reason = clean_text(reason, field="reason", max_length=300)
    if not reason:
        raise DomainError(_("Indiquez le motif de l'invalidation."), code="required",
                          field="reason")
    transition(signature, lifecycle=states.SIGNATURE_TRANSITIONS, source=Signature.Status.VALID,
               target=Signature.Status.INVALIDATED, verb="initiative.signature_invalidated",
               actor=actor, message=_("Cette signature n'est pas (ou plus) valide."),
               code="not_valid",
               data={"initiative": initiative.pk, "reason": reason,
                     "count": initiative.signature_count - 1},
               invalidated_reason=reason, invalidated_by=actor, invalidated_at=timezone.now())
    _count(initiative, -1)
    _below_threshold(initiative, actor)
    return signature


def signatures_merge(*, survivor: Resident, duplicate: Resident) -> dict[str, int]:
    """One signature per person and initiative after folding a duplicate account into the
    resident it duplicates (civic.services.merge): where both signed, the survivor's
    signature stays and the duplicate's, if still valid, is invalidated (the counter and
    the threshold follow); the duplicate's other signatures move to the survivor."""
    signed = list(Signature.objects.filter(resident=survivor).values_list("initiative_id",
                                                                          flat=True))
    twice = Signature.objects.filter(resident=duplicate, initiative_id__in=signed,
                                     status=Signature.Status.VALID).select_related("initiative")
    invalidated = 0
    for signature in twice:
        initiative = locked(signature.initiative)
        if Signature.objects.filter(pk=signature.pk, status=Signature.Status.VALID).update(
                status=Signature.Status.INVALIDATED, invalidated_at=timezone.now(),
                invalidated_reason=str(_("Deuxième signature d'une même personne (comptes "
                                         "fusionnés)."))):
            _count(initiative, -1)
            _below_threshold(initiative, None)
            invalidated += 1
    moved = Signature.objects.filter(resident=duplicate).exclude(
        initiative_id__in=signed).update(resident=survivor)
    return {"signatures_invalidated": invalidated, "signatures_moved": moved}


def _below_threshold(initiative: CitizenInitiative, actor: User | None) -> None:
    """Back under the threshold after checking the roll: collection resumes, or it expired."""
    if initiative.status != S.THRESHOLD_REACHED:
        return
    if initiative.signature_count >= (initiative.signature_threshold or 0):
        return
    deadline = initiative.collection_deadline
    target = S.EXPIRED if deadline and timezone.now() >= deadline else S.COLLECTING
    step = try_transition(initiative=initiative, target=target, actor=actor,
                          threshold_reached_at=None, schedule_due_by=None,
                          note=str(_("Signatures invalidées : seuil plus atteint.")))
    if step is not None:
        announce(initiative=initiative, step=step,
                 recipients=promoter_users(initiative),
                 subject=_("Seuil plus atteint : « {title} »"),
                 body=_("Après vérification des signatures, l'initiative « {title} » n'atteint "
                        "plus son seuil ({count} signatures valides)."),
                 params={"count": initiative.signature_count})

