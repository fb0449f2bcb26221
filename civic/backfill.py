"""Identity keys for residents written without one (rows older than the key, bulk imports).

Shared by the migration that introduced the key, which passes its historical model, and by
`civic.services.residents.resident_identity_backfill`. It never verifies nor un-verifies
anyone: a verified resident whose identity another verified resident already holds keeps no
key and is flagged as a possible duplicate of that resident, for the clerks to merge.
"""

from typing import Any

from civic import identity

VERIFIED = "verified"


def _prefix(key: str) -> str:
    return key[: key.rindex(identity.SEPARATOR) + 1]


def _clash(pool: list[tuple[int, str, bool]], key: str) -> int | None:
    """A verified resident of `pool` that holds this identity (see civic.services.residents)."""
    mine = identity.birthplace_of(key)
    for pk, place, verified in pool:
        if verified and (not mine or not place or place == mine):
            return pk
    return None


def identity_backfill(resident_model: Any) -> dict[str, int]:
    """Fill the missing keys; flag accounts that share names and birth date with another."""
    pool: dict[str, list[tuple[int, str, bool]]] = {}
    for pk, key, status in resident_model.objects.filter(identity_key__isnull=False).values_list(
            "pk", "identity_key", "verification_status"):
        pool.setdefault(_prefix(key), []).append((pk, identity.birthplace_of(key),
                                                  status == VERIFIED))
    rows = list(resident_model.objects.filter(
        identity_key__isnull=True, merged_into__isnull=True, date_of_birth__isnull=False,
    ).select_related("user"))
    # The earliest verification keeps the identity; then every other account, oldest first.
    rows.sort(key=lambda r: (r.verification_status != VERIFIED, r.verified_at is None,
                             r.verified_at or 0, r.pk))
    counts = {"keys": 0, "flagged": 0}
    for resident in rows:
        key = identity.identity_key(first_name=resident.user.first_name,
                                    last_name=resident.user.last_name,
                                    date_of_birth=resident.date_of_birth,
                                    birthplace=resident.birthplace)
        if key is None:
            continue
        namesakes = pool.setdefault(_prefix(key), [])
        verified = resident.verification_status == VERIFIED
        flag = _clash(namesakes, key) if verified else None
        if flag is None:
            # Verified namesakes here have two known, different birthplaces: not flagged.
            if not verified and namesakes:
                flag = min(namesakes, key=lambda n: (not n[2], n[0]))[0]
            resident.identity_key = key
            namesakes.append((resident.pk, identity.birthplace_of(key), verified))
            counts["keys"] += 1
        if flag is not None and resident.possible_duplicate_of_id is None:
            resident.possible_duplicate_of_id = flag
            counts["flagged"] += 1
        resident.save(update_fields=["identity_key", "possible_duplicate_of"])
    return counts
