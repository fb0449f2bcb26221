"""The audit log: append-only and hash-chained.

Each entry's hash covers the previous entry's hash and the entry's own canonical content,
including its id, so a changed, deleted or reordered row breaks the chain from that row on.
Writers serialise on the chain head, one row locked to the end of the transaction; the head
also records the last id and hash, so entries removed from the end are noticed too.
"""

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from civic.models import AuditChainHead, AuditEntry, User

GENESIS_HASH = "0" * 64


def _canonical(entry: AuditEntry) -> bytes:
    content = {
        "id": entry.pk,
        "created_at": entry.created_at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "verb": entry.verb,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "data": entry.data,
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash_of(entry: AuditEntry) -> str:
    return hashlib.sha256(_canonical(entry)).hexdigest()


def _locked_head() -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AuditChainHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS_HASH})
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


def _target_parts(target: Model | None) -> tuple[str, str]:
    if target is None:
        return "", ""
    return target._meta.label_lower, str(target.pk)


# No savepoint of its own: an entry that cannot be written fails the caller's transaction.
@transaction.atomic(savepoint=False)
def audit_record(
    *,
    verb: str,
    actor: User | None,
    target: Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit chain, in the caller's transaction."""
    head = _locked_head()
    target_type, target_id = _target_parts(target)
    # Round-trip through JSON so the stored value hashes the same when read back.
    payload = json.loads(json.dumps(data or {}, default=str))
    entry = AuditEntry(
        pk=head.last_id + 1,
        created_at=timezone.now(),
        actor=actor if actor is not None and actor.pk else None,
        actor_label=str(actor) if actor is not None else "système",
        verb=verb,
        target_type=target_type,
        target_id=target_id,
        data=payload,
        prev_hash=head.last_hash,
    )
    entry.entry_hash = entry_hash_of(entry)
    entry.save(force_insert=True)
    head.last_id, head.last_hash = entry.pk, entry.entry_hash
    head.save(update_fields=["last_id", "last_hash"])
    return entry


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_broken_id: int | None
    reason: str

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def audit_chain_verify(*, batch_size: int = 5000) -> ChainReport:
    """Walk the chain in id order; report the first entry that does not fit."""
    expected_prev = GENESIS_HASH
    expected_id = 1
    checked = 0
    for entry in AuditEntry.objects.order_by("pk").iterator(chunk_size=batch_size):
        if entry.pk != expected_id:
            return ChainReport(checked, entry.pk, f"missing entries before #{entry.pk}")
        if entry.prev_hash != expected_prev:
            return ChainReport(checked, entry.pk, "previous hash does not match the chain")
        if entry_hash_of(entry) != entry.entry_hash:
            return ChainReport(checked, entry.pk, "content does not match its hash")
        expected_prev = entry.entry_hash
        expected_id += 1
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_id, head.last_hash) != (expected_id - 1, expected_prev):
        return ChainReport(checked, expected_id, f"entries from #{expected_id} on are missing")
    return ChainReport(checked, None, "")
