"""The one way a status changes: compare-and-set on the status, then an audit entry.

    transition(meeting, lifecycle=states.MEETING_TRANSITIONS, source=PLANNED,
               target=CANCELLED, verb="commission.meeting_cancelled", actor=clerk)

The row moves only if it is still in one of the `source` statuses (a concurrent change or a
replayed request finds nothing to update and gets `InvalidTransition`, the 409 "not possible
in the current state"); other fields written with the move go in `fields`. The `lifecycle`
map (status → statuses it may move to) is checked first: a step it does not list is a
programming error, not the user's.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Model

from civic.errors import InvalidTransition
from civic.models import User
from civic.services.audit import audit_record


def transition[M: Model](
    obj: M, *, lifecycle: Mapping[str, Iterable[str]], source: str | Iterable[str],
    target: str, verb: str, actor: User | None, message: Any = None, code: str | None = None,
    data: Mapping[str, Any] | None = None, field: str = "status", **fields: Any,
) -> M:
    """Move `obj` from `source` to `target` if it is still there, and audit the step."""
    sources = [source] if isinstance(source, str) else list(source)
    for status in sources:
        if target not in set(lifecycle.get(status, ())):
            raise ValueError(f"{type(obj).__name__}: {status} → {target} is not a transition")
    rows = type(obj)._default_manager.filter(pk=obj.pk, **{f"{field}__in": sources})
    with transaction.atomic():
        # The row is locked while it is read and moved: the audit says which status it left.
        # No ordering: a model ordered across a nullable relation (an agenda item by its
        # session's date) would put the lock on an outer join, which PostgreSQL refuses.
        previous = rows.order_by().select_for_update().values_list(field, flat=True).first()
        if previous is None or not rows.update(**{field: target}, **fields):
            raise InvalidTransition(message, code=code)
        obj.refresh_from_db()
        audit_record(verb=verb, actor=actor, target=obj,
                     data={"from": previous, "to": target, **(data or {})})
    return obj
