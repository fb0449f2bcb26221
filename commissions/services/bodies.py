"""Consultative bodies: creation, corrections, chair, seat groups, public documents and
dissolution."""

from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from civic.errors import Conflict, DomainError, InvalidTransition
from civic.links import page_url
from civic.models import MunicipalCouncil, Neighbourhood, User
from civic.services.audit import audit_record
from civic.services.council import council_current
from civic.services.notifications import notification_enqueue
from civic.text import clean_text
from civic.transitions import transition
from commissions import policies
from commissions.files import document_checked
from commissions.models import (
    Commission,
    CommissionDocument,
    Consultation,
    Meeting,
    MemberCall,
    SeatGroup,
)
from commissions.states import COMMISSION_TRANSITIONS, CommissionKind, SeatGroupKind

# Paths of the module's own pages (frontend.commissions.urls) a body's slug must not shadow.
RESERVED_SLUGS = frozenset({"reunions", "appels", "tirages", "avis", "mes-sieges", "documents",
                            "consultations", "espace-agent", "agenda-ics"})


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "instance"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Commission.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_mandate(*, start: date, end: date) -> MunicipalCouncil:
    if end <= start:
        raise DomainError(_("La fin du mandat doit suivre son début."), code="invalid_mandate",
                          field="mandate_end")
    council = council_current(on=start)
    if end > council.mandate_end:
        raise DomainError(
            _("Le mandat de l'instance ne peut pas dépasser celui du conseil municipal "
              "(fin le {end:%d/%m/%Y}).").format(end=council.mandate_end),
            code="beyond_council_mandate", field="mandate_end")
    return council


def _check_kind_fields(*, kind: str, neighbourhood: Neighbourhood | None, facility: str) -> None:
    if kind not in CommissionKind.values:
        raise DomainError(_("Type d'instance inconnu."), code="invalid_kind", field="kind")
    if kind == CommissionKind.NEIGHBOURHOOD_COUNCIL and neighbourhood is None:
        raise DomainError(_("Un conseil de quartier est rattaché à un quartier."),
                          code="neighbourhood_required", field="neighbourhood")
    if kind == CommissionKind.FACILITY_COMMITTEE and not facility:
        raise DomainError(_("Indiquez l'équipement dont le comité réunit les usagers."),
                          code="facility_required", field="facility")


@transaction.atomic
def commission_create(
    *, kind: str, name: str, chair: User, mandate_start: date, mandate_end: date, actor: User,
    theme: str = "", facility: str = "", neighbourhood: Neighbourhood | None = None,
    description: str = "", seats: dict[str, int] | None = None,
    predecessor: Commission | None = None, quorum_percent: int | None = None,
) -> Commission:
    """Create a body for at most the council's mandate, chaired per CGCT L2143-2."""
    policies.ensure_staff(actor)
    name = clean_text(name, field="name", max_length=200, multiline=False)
    if not name:
        raise DomainError(_("Donnez un nom à l'instance."), code="empty", field="name")
    facility = clean_text(facility, field="facility", max_length=200, multiline=False)
    _check_kind_fields(kind=kind, neighbourhood=neighbourhood, facility=facility)
    policies.ensure_can_chair(kind=kind, user=chair)
    council = _check_mandate(start=mandate_start, end=mandate_end)
    commission = Commission.objects.create(
        kind=kind, name=name, slug=_unique_slug(name), chair=chair, council=council,
        theme=clean_text(theme, field="theme", max_length=200, multiline=False),
        facility=facility, neighbourhood=neighbourhood,
        description=clean_text(description, field="description", max_length=10_000),
        mandate_start=mandate_start, mandate_end=mandate_end, predecessor=predecessor,
        quorum_percent=quorum_percent or 50,
    )
    audit_record(verb="commission.created", actor=actor, target=commission,
                 data={"kind": kind, "name": name, "chair": chair.pk,
                       "mandate_end": mandate_end.isoformat()})
    for group_kind, count in (seats or {}).items():
        seat_group_set(commission=commission, kind=group_kind, seats=count, actor=actor)
    return commission


@transaction.atomic
def commission_chair_set(*, commission: Commission, chair: User, actor: User) -> Commission:
    """Designate the chair (the mayor's choice, recorded by a clerk)."""
    policies.ensure_staff(actor)
    policies.ensure_can_chair(kind=commission.kind, user=chair)
    previous = commission.chair_id
    commission.chair = chair
    commission.save(update_fields=["chair"])
    audit_record(verb="commission.chair_set", actor=actor, target=commission,
                 data={"from": previous, "to": chair.pk})
    return commission


@transaction.atomic
def seat_group_set(*, commission: Commission, kind: str, seats: int, actor: User) -> SeatGroup:
    """Create a seat group or change its number of seats (never below the seats held)."""
    policies.ensure_staff(actor)
    if kind not in SeatGroupKind.values:
        raise DomainError(_("Collège inconnu."), code="invalid_seat_group", field="kind")
    if seats < 1:
        raise DomainError(_("Un collège compte au moins un siège."), code="invalid_seats",
                          field="seats")
    group, _created = SeatGroup.objects.select_for_update().get_or_create(
        commission=commission, kind=kind, defaults={"seats": seats})
    held = group.memberships.filter(status="active").count()
    if seats < held:
        raise Conflict(_("Ce collège compte déjà {held} membres en fonction : on ne peut pas le "
                         "réduire à {seats} sièges.").format(held=held, seats=seats),
                       code="seats_below_members", field="seats")
    group.seats = seats
    group.save(update_fields=["seats"])
    audit_record(verb="commission.seat_group_set", actor=actor, target=group,
                 data={"kind": kind, "seats": seats})
    return group


@transaction.atomic
def commission_secretary_set(*, commission: Commission, email: str, actor: User) -> Commission:
    """Name the body's secretary by e-mail (an empty address removes the secretary); she
    runs the body's meetings with the chair, and nothing else (clerks)."""
    policies.ensure_staff(actor)
    address = clean_text(email, field="email", max_length=254, multiline=False).lower()
    secretary = None
    if address:
        secretary = User.objects.filter(email__iexact=address, is_active=True).first()
        if secretary is None:
            raise DomainError(_("Aucun compte actif n'a cette adresse e-mail."),
                              code="unknown_user", field="email")
    before = commission.secretary_id
    Commission.objects.filter(pk=commission.pk).update(secretary=secretary)
    commission.refresh_from_db()
    audit_record(verb="commission.secretary_set", actor=actor, target=commission,
                 data={"from": before, "to": secretary.pk if secretary else None})
    return commission


def seat_groups_with_counts(commission: Commission) -> list[SeatGroup]:
    return list(commission.seat_groups.annotate(
        held=Count("memberships", filter=Q(memberships__status="active"))))


@transaction.atomic
def commission_document_add(
    *, commission: Commission, title: str, upload: "UploadedFile[Any]", actor: User
) -> CommissionDocument:
    """Publish a document of the body (type checked by content, size bounded)."""
    policies.ensure_staff(actor)
    title = clean_text(title, field="title", max_length=200, multiline=False)
    if not title:
        raise DomainError(_("Donnez un titre au document."), code="empty", field="title")
    kept, file_type, size = document_checked(upload)
    document = CommissionDocument.objects.create(
        commission=commission, title=title, file=kept, file_type=file_type, size=size,
        uploaded_by=actor)
    audit_record(verb="commission.document_added", actor=actor, target=document,
                 data={"title": title, "type": file_type, "size": size})
    return document


@transaction.atomic
def commission_update(
    *, commission: Commission, actor: User, name: str, theme: str = "", facility: str = "",
    neighbourhood: Neighbourhood | None = None, description: str = "",
    mandate_end: date | None = None, quorum_percent: int | None = None,
    max_consecutive_terms: int | None = None,
) -> Commission:
    """Correct a sitting body's public details and rules (clerks); its kind, address and
    start of mandate stay, and the values replaced go to the audit entry."""
    policies.ensure_staff(actor)
    commission = Commission.objects.select_for_update().get(pk=commission.pk)
    if commission.status != Commission.Status.ACTIVE:
        raise InvalidTransition(_("Une instance dissoute ne se modifie plus."),
                                code="commission_dissolved", field="name")
    name = clean_text(name, field="name", max_length=200, multiline=False)
    if not name:
        raise DomainError(_("Donnez un nom à l'instance."), code="empty", field="name")
    facility = clean_text(facility, field="facility", max_length=200, multiline=False)
    _check_kind_fields(kind=commission.kind, neighbourhood=neighbourhood, facility=facility)
    mandate_end = mandate_end or commission.mandate_end
    if mandate_end != commission.mandate_end:
        _check_mandate(start=commission.mandate_start, end=mandate_end)
    if quorum_percent is not None and not 1 <= quorum_percent <= 100:
        raise DomainError(_("Le quorum est un pourcentage entre 1 et 100."),
                          code="invalid_quorum", field="quorum_percent")
    values: dict[str, Any] = {
        "name": name, "facility": facility, "neighbourhood": neighbourhood,
        "theme": clean_text(theme, field="theme", max_length=200, multiline=False),
        "description": clean_text(description, field="description", max_length=10_000),
        "mandate_end": mandate_end, "quorum_percent": quorum_percent or commission.quorum_percent,
        "max_consecutive_terms": max_consecutive_terms}
    changed = {k: v for k, v in values.items() if getattr(commission, k) != v}
    if not changed:
        raise DomainError(_("Rien n'a changé."), code="unchanged")
    before = {k: str(getattr(commission, k)) for k in changed}
    for key, value in changed.items():
        setattr(commission, key, value)
    commission.save(update_fields=list(changed))
    audit_record(verb="commission.updated", actor=actor, target=commission,
                 data={"before": before, "after": {k: str(v) for k, v in changed.items()}})
    return commission


def _ensure_nothing_running(commission: Commission) -> None:
    """A body is not dissolved under people still answering it or convened by it."""
    running = [
        (MemberCall.objects.filter(seat_group__commission=commission).exclude(
            status=MemberCall.Status.COMPLETED).exists(),
         _("Un appel à candidatures de cette instance est en cours : terminez-le d'abord.")),
        (Consultation.objects.filter(commission=commission,
                                     status=Consultation.Status.OPEN).exists(),
         _("Une consultation de cette instance est ouverte : clôturez-la d'abord.")),
        (Meeting.objects.filter(commission=commission, status=Meeting.Status.PLANNED).exists(),
         _("Une réunion de cette instance est prévue : tenez-la ou annulez-la d'abord.")),
    ]
    for found, message in running:
        if found:
            raise Conflict(message, code="commission_busy")


@transaction.atomic
def commission_dissolve(*, commission: Commission, actor: User, reason: str) -> Commission:
    """End a body before its mandate ends, with a reason (clerks), once no call, consultation
    or meeting of it is under way; its active members' mandates end with it and they are told."""
    policies.ensure_staff(actor)
    reason = clean_text(reason, field="reason", max_length=300, multiline=False)
    if not reason:
        raise DomainError(_("Indiquez le motif."), code="empty", field="reason")
    Commission.objects.select_for_update().filter(pk=commission.pk).first()
    _ensure_nothing_running(commission)
    commission = transition(
        commission, lifecycle=COMMISSION_TRANSITIONS, source=Commission.Status.ACTIVE,
        target=Commission.Status.DISSOLVED, verb="commission.dissolved", actor=actor,
        message=_("Cette instance est déjà dissoute."), code="already_dissolved",
        data={"reason": reason})
    sitting = commission.memberships.filter(status="active")
    members = [membership.member for membership in sitting.select_related("member")]
    sitting.update(status="ended", ended_on=timezone.localdate(), end_reason="dissolution")
    notification_enqueue(
        recipients=members, kind="commission_dissolved",
        subject=_("Fin de l'instance « {body} »"),
        body=_("L'instance « {body} » est dissoute : votre mandat y prend fin aujourd'hui.\n\n"
               "Motif : {reason}"),
        params={"body": commission.name, "reason": reason},
        dedupe_key=f"commission:{commission.pk}:dissolved",
        url=page_url("commissions_web:commission", slug=commission.slug))
    return commission
