"""Verifying a resident through their entry on the electoral roll (FranceConnect or a letter)."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from civic.errors import Conflict
from civic.models import Resident
from civic.services.residents import IdentityDuplicate, resident_verify_residence
from verification.models import RollEntry
from verification.services.roll import roll_claim


class SelfVerificationDuplicate(Conflict):
    """Another verified account has this identity: only a clerk can tell and merge."""

    code = "identity_duplicate"
    default_message = _("Un autre compte vérifié porte déjà cette identité. Présentez-vous à "
                        "l'accueil d'une maison de quartier ou de la mairie avec une pièce "
                        "d'identité : un agent vérifiera votre compte, ou réunira vos deux "
                        "comptes en un seul.")


def verify_from_roll_entry(*, resident: Resident, entry: RollEntry, method: str,
                           evidence: dict[str, object]) -> Resident:
    """Claim `entry` for `resident` and verify them there, both or neither (a savepoint).

    The roll gives the neighbourhood, the address and the birthplace that completes the
    identity key; the civic rules of one verified account per person apply as at the
    counter. Another verified account with this identity is reported without naming it.
    """
    with transaction.atomic():
        roll_claim(entry=entry, resident=resident, method=method)
        try:
            return resident_verify_residence(
                resident=resident, method=method, birthplace=entry.birthplace,
                neighbourhood=entry.neighbourhood, postal_address=entry.address,
                evidence={"roll_entry": entry.pk, **evidence})
        except IdentityDuplicate:
            raise SelfVerificationDuplicate() from None
