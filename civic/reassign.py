"""Moving a duplicate account's rows to the account it duplicates (resident merge).

Each app's `personal_data.merge` uses this for its tables; rows that would break a "once per
person" constraint because the survivor already has one are deleted instead of moved.
"""

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Manager, Model, Q, QuerySet


def reassign(queryset: QuerySet[Any] | Manager[Any], *, field: str, survivor: Model,
             duplicate: Model, unique_with: tuple[str, ...] = ()) -> tuple[int, int]:
    """Give `duplicate`'s rows of `queryset` to `survivor`; returns (moved, deleted).

    `unique_with` names the other fields of the table's unique constraint with `field`: a row
    of the duplicate whose values the survivor already has is deleted, the survivor's stays.
    """
    theirs = queryset.filter(**{field: duplicate})
    deleted = 0
    if unique_with:
        taken = list(queryset.filter(**{field: survivor}).values_list(*unique_with))
        if taken:
            same = reduce(or_, (Q(**dict(zip(unique_with, values, strict=True)))
                                for values in taken))
            clashing = theirs.filter(same)
            deleted = clashing.count()
            # Row by row, so each model's own delete rules (cascades, signals) apply.
            for row in clashing:
                row.delete()
    moved = theirs.update(**{field: survivor})
    return moved, deleted
