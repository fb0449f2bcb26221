"""Assisted participation at the counter: residents registered by a clerk, with or without e-mail.

A resident without an e-mail address gets a placeholder login in the reserved `.invalid`
domain (RFC 2606), which can never receive mail: no e-mail is ever queued for it, and the
account has no usable password, so it is used only through the counter until the resident
gives a real address.
"""

import uuid
from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from civic import roles, selectors
from civic.errors import DomainError, NotPermitted
from civic.models import Neighbourhood, Resident, User
from civic.services.residents import NamesakeFound, ensure_plausible_birth_date, resident_register
from civic.text import clean_text

PLACEHOLDER_DOMAIN = "decidons.invalid"


def placeholder_email() -> str:
    return f"sans-email+{uuid.uuid4().hex}@{PLACEHOLDER_DOMAIN}"


def has_real_email(user: User | str) -> bool:
    """False for residents registered without e-mail (placeholder login) or with none."""
    email = user if isinstance(user, str) else user.email
    return bool(email) and not email.lower().endswith("@" + PLACEHOLDER_DOMAIN)


@transaction.atomic
def resident_register_at_counter(
    *,
    first_name: str,
    last_name: str,
    email: str = "",
    neighbourhood: Neighbourhood | None,
    date_of_birth: date | None,
    postal_address: str = "",
    birthplace: str = "",
    confirm_namesake: bool = False,
    clerk: User,
) -> Resident:
    """Register a resident at the counter (clerks; audited as assisted); e-mail is optional.

    When a resident with the same names and birth date exists, the clerk is shown that record
    (`NamesakeFound`) and registers only after confirming it is another person; the new
    account is then flagged as a possible duplicate all the same, for the verifying clerk.
    """
    if not roles.is_staff_member(clerk):
        raise NotPermitted(_("Seuls les agents peuvent inscrire un habitant au guichet."))
    first = clean_text(first_name, field="first_name", max_length=150, multiline=False)
    last = clean_text(last_name, field="last_name", max_length=150, multiline=False)
    if not last:
        raise DomainError(_("Indiquez le nom de la personne."), code="required",
                          field="last_name")
    if email and email.lower().endswith("@" + PLACEHOLDER_DOMAIN):
        raise DomainError(_("Cette adresse e-mail n'est pas valable."), code="invalid_email",
                          field="email")
    ensure_plausible_birth_date(date_of_birth)
    if not confirm_namesake:
        namesakes = list(selectors.resident_list_namesakes(
            first_name=first, last_name=last, date_of_birth=date_of_birth)[:5])
        if namesakes:
            raise NamesakeFound(namesakes=namesakes)
    return resident_register(
        email=email.strip().lower() or placeholder_email(), password=None, first_name=first,
        last_name=last, neighbourhood=neighbourhood, date_of_birth=date_of_birth,
        postal_address=clean_text(postal_address, field="postal_address", max_length=500,
                                  multiline=True),
        birthplace=birthplace, registered_by=clerk,
    )
