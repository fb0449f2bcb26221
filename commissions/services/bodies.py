"""Consultative bodies: creation, chair, seat groups and public documents."""

from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from civic.errors import Conflict, DomainError
from civic.models import MunicipalCouncil, Neighbourhood, User
from civic.services.audit import audit_record
from civic.services.council import council_current
from civic.text import clean_text
from commissions import policies
from commissions.files import document_checked
from commissions.models import Commission, CommissionDocument, SeatGroup
from commissions.states import CommissionKind, SeatGroupKind

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
def commission_dissolve(*, commission: Commission, actor: User) -> Commission:
    """End a body before its mandate ends; its active members' mandates end with it."""
    policies.ensure_staff(actor)
    updated = Commission.objects.filter(pk=commission.pk, status=Commission.Status.ACTIVE).update(
        status=Commission.Status.DISSOLVED)
    if not updated:
        raise Conflict(_("Cette instance est déjà dissoute."), code="already_dissolved")
    commission.memberships.filter(status="active").update(
        status="ended", ended_on=timezone.localdate(), end_reason="dissolution")
    commission.refresh_from_db()
    audit_record(verb="commission.dissolved", actor=actor, target=commission)
    return commission
