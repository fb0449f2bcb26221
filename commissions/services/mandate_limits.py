"""Mandate limits: a person sits at most N consecutive mandates on a body and its
predecessors.

The stored and published names keep the older word "term": the column
`Commission.max_consecutive_terms`, the setting `MAX_CONSECUTIVE_TERMS` and the error code
`term_limit_reached` (docs/glossary.md, "mandat").
"""

from django.utils.translation import gettext_lazy as _

from civic.conf import decidons_setting
from civic.errors import DomainError
from civic.models import User
from commissions.models import Commission, Membership


def consecutive_mandates(*, commission: Commission, member: User) -> int:
    """Mandates already served on the predecessors of `commission`, back to the first gap."""
    count = 0
    previous = commission.predecessor
    seen: set[int] = set()
    while previous is not None and previous.pk not in seen:
        seen.add(previous.pk)
        if not Membership.objects.filter(commission=previous, member=member).exists():
            break
        count += 1
        previous = previous.predecessor
    return count


def ensure_mandate_allowed(*, commission: Commission, member: User) -> None:
    """Refuse a new seat that would exceed the maximum of consecutive mandates."""
    limit = (commission.max_consecutive_terms
             or decidons_setting("COMMISSIONS", "MAX_CONSECUTIVE_TERMS"))
    served = consecutive_mandates(commission=commission, member=member)
    if served >= limit:
        raise DomainError(
            _("{name} a déjà siégé {served} mandats consécutifs dans cette instance ; la charte "
              "en autorise {limit} au plus.").format(name=member, served=served, limit=limit),
            code="term_limit_reached", field="member")
