"""Calls for members and applications (appels à candidatures, candidatures)."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic import roles
from civic.eligibility import eligibility_ensure
from civic.errors import Conflict, DomainError, InvalidTransition, NotPermitted
from civic.models import User
from civic.services.audit import audit_record
from civic.text import clean_text
from civic.transitions import transition
from commissions import policies, states
from commissions.models import Application, MemberCall, SeatGroup
from commissions.services.mandate_limits import ensure_mandate_allowed


@transaction.atomic
def member_call_open(
    *, seat_group: SeatGroup, title: str, closes_on: date, actor: User, description: str = ""
) -> MemberCall:
    """Open a call for volunteers for one seat group (one running call per seat group)."""
    policies.ensure_staff(actor)
    policies.application_policy(seat_group=seat_group)  # refuses the councillors' college
    if seat_group.commission.status != "active":
        raise InvalidTransition(_("Cette instance est dissoute."), code="commission_dissolved")
    if closes_on < timezone.localdate():
        raise DomainError(_("La date limite est déjà passée."), code="closes_in_past",
                          field="closes_on")
    title = clean_text(title, field="title", max_length=200, multiline=False)
    if not title:
        raise DomainError(_("Donnez un intitulé à l'appel."), code="empty", field="title")
    try:
        with transaction.atomic():
            call = MemberCall.objects.create(
                seat_group=seat_group, title=title, closes_on=closes_on,
                description=clean_text(description, field="description", max_length=5000))
    except IntegrityError:
        raise Conflict(_("Un appel à candidatures est déjà en cours pour ce collège."),
                       code="call_already_running") from None
    audit_record(verb="commission.call_opened", actor=actor, target=call,
                 data={"seat_group": seat_group.pk, "closes_on": closes_on.isoformat()})
    return call


@transaction.atomic
def application_submit(
    *, call: MemberCall, applicant: User, motivation: str, association: str = "",
    recorded_by: User | None = None,
) -> Application:
    """Volunteer for a seat; eligibility per the body's rules; a clerk may record it at a desk."""
    if recorded_by is not None:
        policies.ensure_staff(recorded_by)
    policies.ensure_can_apply(call)
    seat_group = call.seat_group
    eligibility_ensure(user=applicant, policy=policies.application_policy(seat_group=seat_group))
    ensure_mandate_allowed(commission=seat_group.commission, member=applicant)
    motivation = clean_text(motivation, field="motivation", max_length=2000)
    if len(motivation) < 20:
        raise DomainError(_("Expliquez votre motivation en quelques phrases (20 caractères au "
                            "moins)."), code="motivation_too_short", field="motivation")
    association = clean_text(association, field="association", max_length=200, multiline=False)
    if seat_group.kind == "associations" and not association:
        raise DomainError(_("Indiquez l'association que vous représentez."),
                          code="association_required", field="association")
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call, applicant=applicant, motivation=motivation, association=association,
                recorded_by=recorded_by)
    except IntegrityError:
        raise Conflict(_("Vous avez déjà candidaté à cet appel."),
                       code="already_applied") from None
    audit_record(verb="commission.application_submitted", actor=recorded_by or applicant,
                 target=application, data={"call": call.pk, "assisted": recorded_by is not None})
    return application


@transaction.atomic
def application_withdraw(*, application: Application, actor: User) -> Application:
    """The applicant (or a clerk) withdraws an application still pending."""
    if actor.pk != application.applicant_id and not roles.is_staff_member(actor):
        raise NotPermitted(_("Seul le candidat peut retirer sa candidature."))
    updated = Application.objects.filter(
        pk=application.pk, status=Application.Status.PENDING
    ).update(status=Application.Status.WITHDRAWN)
    if not updated:
        raise InvalidTransition(_("Cette candidature n'est plus en attente."),
                                code="application_not_pending")
    application.refresh_from_db()
    audit_record(verb="commission.application_withdrawn", actor=actor, target=application)
    return application


def _call_move(*, call: MemberCall, source: str, target: str, verb: str, actor: User,
               message: str) -> MemberCall:
    return transition(call, lifecycle=states.CALL_TRANSITIONS, source=source, target=target,
                      verb=verb, actor=actor, message=message)


@transaction.atomic
def member_call_close(*, call: MemberCall, actor: User) -> MemberCall:
    """Stop taking applications; seats are then appointed or drawn by lot."""
    policies.ensure_staff(actor)
    return _call_move(call=call, source=MemberCall.Status.OPEN, target=MemberCall.Status.CLOSED,
                      verb="commission.call_closed", actor=actor,
                      message=str(_("Cet appel n'est pas ouvert.")))


@transaction.atomic
def member_call_complete(*, call: MemberCall, actor: User) -> MemberCall:
    """Finish a call without a draw (seats appointed); pending applications are not selected."""
    policies.ensure_staff(actor)
    call = _call_move(call=call, source=MemberCall.Status.CLOSED,
                      target=MemberCall.Status.COMPLETED, verb="commission.call_completed",
                      actor=actor, message=str(_("Clôturez d'abord les candidatures.")))
    call.applications.filter(status=Application.Status.PENDING).update(
        status=Application.Status.NOT_SELECTED)
    return call
