"""The audit log: append-only, hash-chained, keyed, and published.

Each entry's hash seals the previous entry's hash and the entry's own canonical content,
including its id, so a changed, deleted or reordered row breaks the chain from that row on.
Writers serialise on the chain head, one row locked to the end of the transaction; the head
also records the last id and hash, so entries removed from the end are noticed too.

Two defences stop a rewrite that is re-chained all the way to the head:

- the seal is an HMAC under a key derived from the secrecy key, which lives outside the
  database (civic/secrecy.py): whoever holds only the database cannot compute a valid seal
  (scheme 2). Entries written before the chain was keyed keep their plain SHA-256 (scheme 1);
  the verifier accepts them only before the first keyed entry, and a chain must end keyed,
  so rewriting entries back to the keyless scheme is caught as well;
- the head is published every day (`AuditCheckpoint`, a public page and feeds): whoever kept
  an earlier (entry count, head hash) catches even a rewrite made with the key, and
  `audit_chain_verify(kept_heads=...)` names the first kept head that no longer matches.
"""

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from civic import secrecy
from civic.models import AuditChainHead, AuditCheckpoint, AuditEntry, User
from civic.services.webhooks import webhook_events_record

GENESIS_HASH = "0" * 64
KEY_PURPOSE = "audit-chain"
Scheme = AuditEntry.Scheme


def _canonical(entry: AuditEntry) -> bytes:
    content: dict[str, Any] = {
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
    # Scheme 1 content is left exactly as it was first hashed, so older entries still verify.
    if entry.scheme != Scheme.SHA256:
        content["scheme"] = entry.scheme
        content["key"] = entry.key_fingerprint
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _fingerprint(key: bytes) -> str:
    return hmac.new(key, b"fingerprint", hashlib.sha256).hexdigest()[:16]


def _current_key() -> tuple[str, bytes]:
    key = secrecy.purpose_key(purpose=KEY_PURPOSE)
    return _fingerprint(key), key


def chain_keys() -> dict[str, bytes]:
    """The current sealing key and the retired ones, by fingerprint."""
    fingerprint, key = _current_key()
    keys = {fingerprint: key}
    for retired in settings.SECRECY_RETIRED_KEYS:
        old = secrecy.purpose_key(purpose=KEY_PURPOSE, base=retired)
        keys.setdefault(_fingerprint(old), old)
    return keys


def entry_hash_of(entry: AuditEntry, *, keys: dict[str, bytes] | None = None) -> str:
    """The seal `entry` must carry under its scheme ("" when its key is not known here)."""
    canonical = _canonical(entry)
    if entry.scheme == Scheme.SHA256:
        return hashlib.sha256(canonical).hexdigest()
    key = (keys if keys is not None else chain_keys()).get(entry.key_fingerprint)
    return hmac.new(key, canonical, hashlib.sha256).hexdigest() if key else ""


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
    fingerprint, key = _current_key()
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
        scheme=Scheme.HMAC_SHA256,
        key_fingerprint=fingerprint,
    )
    entry.entry_hash = entry_hash_of(entry, keys={fingerprint: key})
    entry.save(force_insert=True)
    head.last_id, head.last_hash = entry.pk, entry.entry_hash
    head.save(update_fields=["last_id", "last_hash"])
    # The audit log is the source of the public events clients subscribe to.
    webhook_events_record(entry=entry, target=target)
    return entry


# --- Daily checkpoints ---------------------------------------------------------------------


def _end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _last_id_before(moment: datetime) -> int:
    found = (AuditEntry.objects.filter(created_at__lt=moment)
             .order_by("-created_at", "-pk").values_list("pk", flat=True).first())
    return found or 0


@transaction.atomic
def audit_checkpoint_create_due(*, now: datetime | None = None) -> int:
    """Beat job: record the chain's head at the end of each day not yet recorded, up to
    yesterday (Europe/Paris). Safe to run twice: a day already recorded is left as it is."""
    moment = now or timezone.now()
    # Appends hold this lock until they commit: once we hold it, every entry stamped before
    # midnight is visible, and any later one is stamped after it.
    _locked_head()
    today = timezone.localdate(moment, ZoneInfo(settings.TIME_ZONE))
    last = AuditCheckpoint.objects.order_by("-day").first()
    if last is not None:
        day, floor = last.day + timedelta(days=1), last.last_entry_id
    else:
        first = AuditEntry.objects.order_by("pk").values_list("created_at", flat=True).first()
        if first is None:
            return 0
        day, floor = timezone.localdate(first, ZoneInfo(settings.TIME_ZONE)), 0
    rows = []
    while day < today:
        # A checkpoint always names a prefix of the chain, never a shorter one than the day
        # before (clocks of several web servers may disagree by a moment around midnight).
        floor = max(floor, _last_id_before(_end_of(day)))
        if floor:
            head_hash = AuditEntry.objects.values_list("entry_hash", flat=True).get(pk=floor)
            rows.append(AuditCheckpoint(day=day, entry_count=floor, last_entry_id=floor,
                                        head_hash=head_hash, created_at=moment))
        day += timedelta(days=1)
    AuditCheckpoint.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


# --- Verification --------------------------------------------------------------------------


@dataclass(frozen=True)
class KeptHead:
    """An (entry count, head hash) pair someone kept, and where it comes from."""

    entry_count: int
    head_hash: str
    source: str


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_broken_id: int | None
    reason: str
    # Stored checkpoints and kept heads found to match the chain.
    references: int = 0

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def _seal_problem(entry: AuditEntry, keys: dict[str, bytes], keyed_seen: bool) -> str:
    if entry.scheme == Scheme.SHA256:
        if keyed_seen:
            return "unkeyed entry after keyed ones: rewritten without the key"
    elif entry.scheme == Scheme.HMAC_SHA256:
        if entry.key_fingerprint not in keys:
            return (f"sealed under an unknown key (fingerprint {entry.key_fingerprint}); "
                    "a replaced key belongs in DECIDONS_SECRECY_RETIRED_KEYS")
    else:
        return f"unknown sealing scheme {entry.scheme}"
    if not hmac.compare_digest(entry_hash_of(entry, keys=keys), entry.entry_hash):
        return "content does not match its hash"
    return ""


def _walk_chain(batch_size: int) -> ChainReport:
    keys = chain_keys()
    expected_prev, expected_id, checked = GENESIS_HASH, 1, 0
    keyed_seen, unkeyed_tail = False, None
    for entry in AuditEntry.objects.order_by("pk").iterator(chunk_size=batch_size):
        if entry.pk != expected_id:
            return ChainReport(checked, entry.pk, f"missing entries before #{entry.pk}")
        if entry.prev_hash != expected_prev:
            return ChainReport(checked, entry.pk, "previous hash does not match the chain")
        problem = _seal_problem(entry, keys, keyed_seen)
        if problem:
            return ChainReport(checked, entry.pk, problem)
        keyed = entry.scheme == Scheme.HMAC_SHA256
        keyed_seen = keyed_seen or keyed
        unkeyed_tail = None if keyed else (unkeyed_tail or entry.pk)
        expected_prev = entry.entry_hash
        expected_id += 1
        checked += 1
    if unkeyed_tail is not None:
        # Every append since the chain was keyed is keyed (migration 0005 sealed the older
        # chains): an unkeyed tail is a rewrite by someone without the key.
        return ChainReport(checked, unkeyed_tail,
                           f"the chain ends with unkeyed entries from #{unkeyed_tail}")
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_id, head.last_hash) != (expected_id - 1, expected_prev):
        return ChainReport(checked, expected_id, f"entries from #{expected_id} on are missing")
    return ChainReport(checked, None, "")


def _checkpoint_references(checked: int) -> tuple[list[KeptHead], ChainReport | None]:
    references, previous = [], None
    for checkpoint in AuditCheckpoint.objects.order_by("day"):
        source = f"checkpoint of {checkpoint.day.isoformat()}"
        if checkpoint.entry_count != checkpoint.last_entry_id:
            return [], ChainReport(checked, checkpoint.last_entry_id,
                                   f"{source} counts {checkpoint.entry_count} entries but "
                                   f"ends at #{checkpoint.last_entry_id}")
        if previous is not None and checkpoint.entry_count < previous.entry_count:
            return [], ChainReport(checked, checkpoint.last_entry_id,
                                   f"{source} has fewer entries than the day before")
        references.append(KeptHead(checkpoint.entry_count, checkpoint.head_hash, source))
        previous = checkpoint
    return references, None


def _compare(checked: int, references: list[KeptHead]) -> ChainReport:
    """Check each reference in chain order; name the first that no longer matches."""
    ids = {ref.entry_count for ref in references}
    actual = dict(AuditEntry.objects.filter(pk__in=ids).values_list("pk", "entry_hash"))
    ordered = sorted(references, key=lambda r: (r.entry_count, r.source))
    for matched, ref in enumerate(ordered):
        found = actual.get(ref.entry_count)
        if found is None or not hmac.compare_digest(found, ref.head_hash.lower()):
            what = (f", named by the {ref.source}, no longer exists" if found is None
                    else f" no longer has the hash of the {ref.source}")
            below = max((r.entry_count for r in ordered[:matched]
                         if r.entry_count < ref.entry_count), default=0)
            since = f"after #{below} and " if below else ""
            return ChainReport(
                checked, ref.entry_count,
                f"entry #{ref.entry_count}{what}: the history was changed "
                f"{since}up to #{ref.entry_count}", references=matched)
    return ChainReport(checked, None, "", references=len(references))


def audit_chain_verify(
    *, kept_heads: Iterable[KeptHead] = (), batch_size: int = 5000
) -> ChainReport:
    """Walk the chain in id order and report the first entry that does not fit; then check the
    stored daily checkpoints and the heads someone kept against it."""
    walked = _walk_chain(batch_size)
    if not walked.ok:
        return walked
    references, broken = _checkpoint_references(walked.checked)
    if broken is not None:
        return broken
    return _compare(walked.checked, [*references, *kept_heads])
