"""Self-service verification's part of a person's data: the FranceConnect link and the pivot
identity it holds, the roll entry claimed, letters asked for and proofs sent (see
civic.services.personal_data for the contract). Roll entries themselves are the town's
register, not the account's: they stay until the next import replaces them."""

from datetime import datetime, timedelta
from typing import Any

from civic.models import User
from verification.models import AddressProof, FranceConnectLink, Letter, RollClaim
from verification.services.proofs import (
    address_proof_discard,
    address_proof_expire_unreviewed,
)

# Closed letters are kept this long (a resident asking why a code failed), then deleted.
LETTER_DAYS = 365


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export(user: User) -> dict[str, Any]:
    link = FranceConnectLink.objects.filter(user=user).first()
    resident = getattr(user, "resident", None)
    claim = RollClaim.objects.filter(resident=resident).select_related("entry").first() \
        if resident else None
    letters = Letter.objects.filter(resident=resident).order_by("pk") if resident else []
    proofs = AddressProof.objects.filter(resident=resident).order_by("pk") if resident else []
    return {
        "franceconnect": None if link is None else {
            "linked_at": _iso(link.linked_at), "last_login_at": _iso(link.last_login_at),
            "family_name": link.family_name, "given_names": link.given_names,
            "preferred_name": link.preferred_name, "birthdate": _iso(link.birthdate),
            "gender": link.gender, "birthplace_code": link.birthplace_code,
            "birthcountry_code": link.birthcountry_code},
        "electoral_roll": None if claim is None else {
            "claimed_at": _iso(claim.claimed_at), "method": claim.method,
            "birth_name": claim.entry.birth_name, "usage_name": claim.entry.usage_name,
            "given_names": claim.entry.given_names, "address": claim.entry.address},
        "letters": [{"status": letter.status, "requested_at": _iso(letter.requested_at),
                     "address": letter.address, "printed_at": _iso(letter.printed_at),
                     "tries": letter.tries} for letter in letters],
        "address_proofs": [{"status": p.status, "submitted_at": _iso(p.submitted_at),
                            "postal_address": p.postal_address,
                            "reviewed_at": _iso(p.reviewed_at),
                            "refusal_reason": p.refusal_reason} for p in proofs],
    }


def erase(user: User) -> dict[str, int]:
    """The link, the claim, letters and proofs go: they are identity and address data. The
    verification itself stays on the (anonymised) resident, as for every other method."""
    resident = getattr(user, "resident", None)
    counts = {"franceconnect": FranceConnectLink.objects.filter(user=user).delete()[0]}
    if resident is None:
        return counts
    for proof in AddressProof.objects.filter(resident=resident):
        for document in (proof.address_document, proof.identity_document):
            if document:
                document.delete(save=False)
    counts["address_proofs"] = AddressProof.objects.filter(resident=resident).delete()[0]
    counts["letters"] = Letter.objects.filter(resident=resident).delete()[0]
    counts["roll_claim"] = RollClaim.objects.filter(resident=resident).delete()[0]
    return counts


def merge(*, survivor: User, duplicate: User) -> dict[str, int]:
    """The survivor keeps its own FranceConnect link and roll claim; the duplicate's move to
    it only when it has none. Letters and proofs still open are cancelled."""
    counts = {"franceconnect": 0, "roll_claim": 0}
    if not FranceConnectLink.objects.filter(user=survivor).exists():
        counts["franceconnect"] = FranceConnectLink.objects.filter(user=duplicate).update(
            user=survivor)
    else:
        FranceConnectLink.objects.filter(user=duplicate).delete()
    kept, gone = getattr(survivor, "resident", None), getattr(duplicate, "resident", None)
    if kept is None or gone is None:
        return counts
    if not RollClaim.objects.filter(resident=kept).exists():
        counts["roll_claim"] = RollClaim.objects.filter(resident=gone).update(resident=kept)
    else:
        RollClaim.objects.filter(resident=gone).delete()
    counts["letters_cancelled"] = Letter.objects.filter(
        resident=gone, status__in=[Letter.Status.REQUESTED, Letter.Status.PRINTED]).update(
        status=Letter.Status.CANCELLED)
    pending = list(AddressProof.objects.filter(resident=gone,
                                               status=AddressProof.Status.PENDING))
    for proof in pending:
        AddressProof.objects.filter(pk=proof.pk).update(status=AddressProof.Status.WITHDRAWN)
        address_proof_discard(proof)
    counts["address_proofs_withdrawn"] = len(pending)
    return counts


def purge(now: datetime) -> dict[str, int]:
    closed = [Letter.Status.CONFIRMED, Letter.Status.EXHAUSTED, Letter.Status.EXPIRED,
              Letter.Status.CANCELLED]
    return {
        "address_proofs_expired": address_proof_expire_unreviewed(),
        "letters": Letter.objects.filter(status__in=closed,
                                         requested_at__lt=now - timedelta(days=LETTER_DAYS))
        .delete()[0],
    }
