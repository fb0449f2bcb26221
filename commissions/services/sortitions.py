"""Running a published draw by lot for a closed call (commissions.sortition: the method)."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.errors import Conflict, DomainError, InvalidTransition
from civic.links import page_url
from civic.models import User
from civic.services.audit import audit_record
from civic.services.notifications import notification_enqueue
from commissions import policies
from commissions.models import Application, MemberCall, Membership, Sortition
from commissions.services.members import (
    _locked_free_seats,
    _seat_take,
    _welcome,
    still_eligible_refusal,
)
from commissions.sortition import METHOD, sortition_draw, sortition_rank, sortition_seed


def _candidates(call: MemberCall) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(eligible, excluded) pending applications in application-id order, with names."""
    eligible, excluded = [], []
    pending = call.applications.filter(status=Application.Status.PENDING).select_related(
        "applicant", "call__seat_group__commission").order_by("pk")
    for application in pending:
        row = {"application_id": application.pk, "name": str(application.applicant)}
        refusal = still_eligible_refusal(application)
        if refusal:
            excluded.append({**row, "reason": refusal})
        else:
            eligible.append(row)
    return eligible, excluded


@transaction.atomic
def sortition_run(*, call: MemberCall, actor: User, seed: str | None = None) -> Sortition:
    """Draw the free seats by lot among eligible volunteers; publish seed, list and ranking."""
    policies.ensure_staff(actor)
    call = MemberCall.objects.select_for_update().get(pk=call.pk)
    if call.status != MemberCall.Status.CLOSED:
        raise InvalidTransition(_("Clôturez les candidatures avant le tirage au sort."),
                                code="call_not_closed")
    seat_group = call.seat_group
    seats = _locked_free_seats(seat_group)
    if seats <= 0:
        raise Conflict(_("Le collège est déjà complet : il n'y a aucun siège à tirer au sort."),
                       code="seat_group_full")
    eligible, excluded = _candidates(call)
    if not eligible:
        raise DomainError(_("Aucune candidature recevable : le tirage est impossible."),
                          code="no_candidates")
    seed = seed or sortition_seed()
    ids = [row["application_id"] for row in eligible]
    ranking, selected = sortition_rank(seed, ids), sortition_draw(seed, ids, seats)
    try:
        with transaction.atomic():
            sortition = Sortition.objects.create(
                call=call, seed=seed, method=METHOD, seats=seats, candidates=eligible,
                excluded=excluded, ranking=ranking, selected=selected,
                drawn_at=timezone.now(), drawn_by=actor)
    except IntegrityError:
        raise Conflict(_("Le tirage de cet appel a déjà eu lieu."), code="already_drawn") from None
    memberships = _seat_members(call=call, selected=selected)
    call.applications.filter(status=Application.Status.PENDING).update(
        status=Application.Status.NOT_SELECTED)
    MemberCall.objects.filter(pk=call.pk).update(status=MemberCall.Status.COMPLETED)
    audit_record(verb="commission.sortition_run", actor=actor, target=sortition,
                 data={"seed": seed, "method": METHOD, "seats": seats, "candidates": ids,
                       "selected": selected})
    _tell_not_selected(call=call, sortition=sortition)
    for membership in memberships:
        _welcome(membership)
    return sortition


def _seat_members(*, call: MemberCall, selected: list[int]) -> list[Membership]:
    memberships = []
    for application in Application.objects.filter(pk__in=selected).select_related("applicant"):
        memberships.append(_seat_take(seat_group=call.seat_group, member=application.applicant,
                                      source=Membership.Source.DRAWN, application=application))
        Application.objects.filter(pk=application.pk).update(status=Application.Status.DRAWN)
    return memberships


def _tell_not_selected(*, call: MemberCall, sortition: Sortition) -> None:
    users = [a.applicant for a in call.applications.filter(
        status=Application.Status.NOT_SELECTED).select_related("applicant")]
    notification_enqueue(
        recipients=users, kind="commission_sortition",
        subject=_("Tirage au sort : « {call} »"),
        body=_("Le tirage au sort a eu lieu ; vous n'avez pas été tiré au sort, mais vous "
               "restez sur la liste complémentaire si un siège se libère."),
        params={"call": call.title}, dedupe_key=f"commission-sortition:{sortition.pk}",
        url=page_url("commissions_web:sortition", pk=sortition.pk))
