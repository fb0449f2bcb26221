"""Term limits: a person sits at most N consecutive terms on a body and its predecessors."""

from django.utils.translation import gettext_lazy as _

from civic.conf import decidons_setting
from civic.errors import DomainError
from civic.models import User
from commissions.models import Commission, Membership


def consecutive_terms(*, commission: Commission, member: User) -> int:
    """Terms already served on the predecessors of `commission`, back to the first gap."""
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


def ensure_term_allowed(*, commission: Commission, member: User) -> None:
    """Refuse a new seat that would exceed the maximum of consecutive terms."""
    limit = (commission.max_consecutive_terms
             or decidons_setting("COMMISSIONS", "MAX_CONSECUTIVE_TERMS"))
    served = consecutive_terms(commission=commission, member=member)
    if served >= limit:
        raise DomainError(
            _("{name} a déjà siégé {served} mandats consécutifs dans cette instance ; la charte "
              "en autorise {limit} au plus.").format(name=member, served=served, limit=limit),
            code="term_limit_reached", field="member")
