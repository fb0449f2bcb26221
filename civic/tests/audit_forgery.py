"""What a forger holding the database does to the audit chain, for the tests that catch it."""

import hashlib
import json
from collections.abc import Callable

from civic.models import AuditChainHead, AuditEntry
from civic.services.audit import GENESIS_HASH

Seal = Callable[[AuditEntry], str]


def rechain_from(first_id: int, seal: Seal) -> None:
    """Recompute every hash from `first_id` on, then the head, with `seal(entry)`."""
    previous = (AuditEntry.objects.get(pk=first_id - 1).entry_hash if first_id > 1
                else GENESIS_HASH)
    for entry in AuditEntry.objects.filter(pk__gte=first_id).order_by("pk"):
        entry.prev_hash = previous
        entry.entry_hash = seal(entry)
        AuditEntry.objects.filter(pk=entry.pk).update(prev_hash=entry.prev_hash,
                                                      entry_hash=entry.entry_hash)
        previous = entry.entry_hash
    AuditChainHead.objects.filter(pk=1).update(last_hash=previous)


def rewrite(entry_id: int, seal: Seal) -> None:
    """Change what entry `entry_id` says, then re-chain everything after it and the head."""
    AuditEntry.objects.filter(pk=entry_id).update(data={"n": "falsifié"})
    rechain_from(entry_id, seal)


def plain_sha256(entry: AuditEntry) -> str:
    """What someone holding only the database (and the code) can compute: no key."""
    content = {
        "id": entry.pk, "created_at": entry.created_at.isoformat(), "actor_id": entry.actor_id,
        "actor_label": entry.actor_label, "verb": entry.verb, "target_type": entry.target_type,
        "target_id": entry.target_id, "data": entry.data, "prev_hash": entry.prev_hash,
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
