"""Shared steps of the initiative services: the guarded transition and who is told."""

from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic import roles
from civic.errors import InvalidTransition
from civic.links import page_url
from civic.models import User
from civic.services.notifications import notification_enqueue
from civic.transitions import transition as civic_transition
from petitions import states
from petitions.models import CitizenInitiative, InitiativeTransition

STALE = _("Cette initiative a changé d'état entre-temps ; rechargez la page.")


def locked(initiative: CitizenInitiative) -> CitizenInitiative:
    """Re-read the initiative under a row lock (PostgreSQL; SQLite serialises writers)."""
    return CitizenInitiative.objects.select_for_update().select_related("charter").get(
        pk=initiative.pk
    )


def try_transition(
    *,
    initiative: CitizenInitiative,
    target: str,
    actor: User | None,
    note: str = "",
    data: dict[str, Any] | None = None,
    **fields: Any,
) -> InitiativeTransition | None:
    """Compare-and-set `status` from the one we read to `target`; None when we lost the race.

    The transition row (public timeline) and the audit entry are written only by the winner.
    """
    current = initiative.status
    if not states.allowed(current, target):
        return None
    now = timezone.now()
    try:
        civic_transition(initiative, lifecycle=states.LIFECYCLE, source=current, target=target,
                         verb=f"initiative.{target}", actor=actor, data=data, updated_at=now,
                         **fields)
    except InvalidTransition:
        return None
    return InitiativeTransition.objects.create(
        initiative=initiative, from_status=current, to_status=target, actor=actor, note=note,
        created_at=now,
    )


def transition(**kwargs: Any) -> InitiativeTransition:
    """As `try_transition`, but a lost race or a forbidden step is an error for the caller."""
    step = try_transition(**kwargs)
    if step is None:
        raise InvalidTransition(STALE, code="stale_status")
    return step


def initiative_url(initiative: CitizenInitiative) -> str:
    return page_url("petitions_web:detail", pk=initiative.pk)


def promoter_users(initiative: CitizenInitiative) -> list[User]:
    return list(User.objects.filter(
        resident__initiatives_promoted__initiative=initiative,
        resident__initiatives_promoted__status="confirmed",
    ))


def audience(initiative: CitizenInitiative) -> list[User]:
    """Promoters, valid signers and followers: everyone told about each step, once each."""
    return list(User.objects.filter(
        Q(resident__initiatives_promoted__initiative=initiative,
          resident__initiatives_promoted__status="confirmed")
        | Q(resident__initiative_signatures__initiative=initiative,
            resident__initiative_signatures__status="valid")
        | Q(initiatives_followed__initiative=initiative)
    ).distinct())


def staff_users() -> list[User]:
    return list(roles.users_with_role(roles.Role.CLERK))


def announce(
    *,
    initiative: CitizenInitiative,
    step: InitiativeTransition,
    subject: Any,
    body: Any,
    recipients: list[User] | None = None,
    params: dict[str, Any] | None = None,
) -> None:
    """Tell the initiative's audience about a step; keyed on the step, so told once."""
    notification_enqueue(
        recipients=audience(initiative) if recipients is None else recipients,
        kind=f"initiative_{step.to_status}",
        subject=subject,
        body=body,
        params={"title": initiative.title, **(params or {})},
        dedupe_key=f"initiative:{initiative.pk}:step:{step.pk}",
        url=initiative_url(initiative),
    )
