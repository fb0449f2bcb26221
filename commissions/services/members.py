"""Memberships: appointment, draw by lot, resignation and refilling vacancies.

A seat is taken only while holding the seat group's row lock (select_for_update), after
counting the seats held inside the same transaction, so two clerks (or a clerk and a draw)
cannot both fill the last seat. SQLite serialises writers (IMMEDIATE transactions).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic import roles
from civic.eligibility import eligibility_check
from civic.errors import Conflict, DomainError, InvalidTransition, NotPermitted
from civic.links import page_url
from civic.models import User
from civic.services.audit import audit_record
from civic.services.notifications import notification_enqueue
from civic.text import clean_text
from commissions import policies
from commissions.models import Application, MemberCall, Membership, SeatGroup
from commissions.services.mandate_limits import ensure_mandate_allowed


def _locked_free_seats(seat_group: SeatGroup) -> int:
    locked = SeatGroup.objects.select_for_update().get(pk=seat_group.pk)
    return locked.seats - locked.memberships.filter(status=Membership.Status.ACTIVE).count()


def _seat_take(*, seat_group: SeatGroup, member: User, source: str,
               application: Application | None) -> Membership:
    """Create an active membership; the caller holds the seat group's lock."""
    if _locked_free_seats(seat_group) <= 0:
        raise Conflict(
            _("Le collège « {group} » est complet ({seats} sièges) : libérez un siège avant "
              "d'ajouter un membre.").format(group=seat_group.get_kind_display(),
                                             seats=seat_group.seats),
            code="seat_group_full", field="seat_group")
    try:
        with transaction.atomic():
            return Membership.objects.create(
                seat_group=seat_group, commission=seat_group.commission, member=member,
                source=source, application=application, started_on=timezone.localdate())
    except IntegrityError:
        raise Conflict(_("{name} siège déjà dans cette instance.").format(name=member),
                       code="already_member", field="member") from None


def _welcome(membership: Membership) -> None:
    commission = membership.commission
    notification_enqueue(
        recipients=[membership.member], kind="commission_membership",
        subject=_("Vous siégez désormais à « {body} »"),
        body=_("Bienvenue : vous êtes membre de « {body} » (collège {group}). Vous serez "
               "invité à ses réunions."),
        params={"body": commission.name, "group": membership.seat_group.get_kind_display()},
        dedupe_key=f"commission-membership:{membership.pk}",
        url=page_url("commissions_web:commission", slug=commission.slug))


@transaction.atomic
def membership_appoint(
    *, seat_group: SeatGroup, member: User, actor: User, application: Application | None = None
) -> Membership:
    """Name a member to a seat group (council's choice recorded by a clerk)."""
    policies.ensure_staff(actor)
    if seat_group.commission.status != "active":
        raise InvalidTransition(_("Cette instance est dissoute."), code="commission_dissolved")
    policies.ensure_member_fits_seat_group(seat_group=seat_group, user=member)
    ensure_mandate_allowed(commission=seat_group.commission, member=member)
    if application is not None:
        if application.call.seat_group_id != seat_group.pk or application.applicant_id != member.pk:
            raise DomainError(_("Cette candidature concerne un autre collège."),
                              code="application_mismatch", field="application")
        updated = Application.objects.filter(
            pk=application.pk, status=Application.Status.PENDING
        ).update(status=Application.Status.APPOINTED)
        if not updated:
            raise InvalidTransition(_("Cette candidature n'est plus en attente."),
                                    code="application_not_pending")
    membership = _seat_take(seat_group=seat_group, member=member,
                            source=Membership.Source.APPOINTED, application=application)
    audit_record(verb="commission.member_appointed", actor=actor, target=membership,
                 data={"seat_group": seat_group.pk, "member": member.pk,
                       "application": application.pk if application else None})
    _welcome(membership)
    return membership


@transaction.atomic
def membership_resign(*, membership: Membership, actor: User, reason: str = "") -> Membership:
    """A member leaves their seat (or a clerk records it); the seat becomes vacant."""
    if actor.pk != membership.member_id and not roles.is_staff_member(actor):
        raise NotPermitted(_("Seul le membre, ou un agent, peut enregistrer une démission."))
    reason = clean_text(reason, field="reason", max_length=300, multiline=False)
    updated = Membership.objects.filter(
        pk=membership.pk, status=Membership.Status.ACTIVE
    ).update(status=Membership.Status.RESIGNED, ended_on=timezone.localdate(),
             end_reason=reason or "démission")
    if not updated:
        raise InvalidTransition(_("Ce membre ne siège plus."), code="not_active_member")
    membership.refresh_from_db()
    audit_record(verb="commission.member_resigned", actor=actor, target=membership,
                 data={"reason": reason})
    return membership


def still_eligible_refusal(application: Application) -> str | None:
    """Why an applicant can no longer be drawn, or None."""
    seat_group = application.call.seat_group
    result = eligibility_check(user=application.applicant,
                               policy=policies.application_policy(seat_group=seat_group))
    if not result.eligible:
        return result.refusals[0].message
    if Membership.objects.filter(commission=seat_group.commission, member=application.applicant,
                                 status=Membership.Status.ACTIVE).exists():
        return str(_("siège déjà dans l'instance"))
    try:
        ensure_mandate_allowed(commission=seat_group.commission, member=application.applicant)
    except DomainError as exc:
        return str(exc.message)
    return None


@transaction.atomic
def vacancy_refill(*, seat_group: SeatGroup, actor: User) -> Membership:
    """Fill a vacant seat with the next eligible person on the last draw's reserve list."""
    policies.ensure_staff(actor)
    call = (MemberCall.objects.filter(seat_group=seat_group, sortition__isnull=False)
            .select_related("sortition").order_by("-sortition__drawn_at").first())
    if call is None:
        raise DomainError(_("Aucun tirage au sort pour ce collège : nommez un membre ou ouvrez "
                            "un appel à candidatures."), code="no_reserve")
    for application_id in call.sortition.ranking:
        application = Application.objects.filter(
            pk=application_id, status=Application.Status.NOT_SELECTED).first()
        if application is None or still_eligible_refusal(application):
            continue
        membership = _seat_take(seat_group=seat_group, member=application.applicant,
                                source=Membership.Source.DRAWN, application=application)
        Application.objects.filter(pk=application.pk).update(status=Application.Status.DRAWN)
        audit_record(verb="commission.vacancy_refilled", actor=actor, target=membership,
                     data={"sortition": call.sortition.pk, "application": application.pk})
        _welcome(membership)
        return membership
    raise DomainError(_("La liste complémentaire du dernier tirage est épuisée : ouvrez un "
                        "nouvel appel à candidatures."), code="reserve_exhausted")
