"""Importing the electoral roll extract, and claiming an entry of it.

An import replaces the roll in force: electors are kept from one import to the next under
their national id (so claims survive), those no longer in the file leave, new ones arrive,
and changed ones (a move, a new usage name) are updated. Any bad line refuses the whole
file and nothing changes. Imports are serialised (PostgreSQL advisory lock; SQLite runs one
writer at a time).
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext_lazy as _

from civic.errors import Conflict, DomainError, NotPermitted
from civic.models import Neighbourhood, Resident, User
from civic.roles import is_staff_member
from civic.services.audit import audit_record
from verification.models import RollClaim, RollEntry, RollImport
from verification.roll_format import RollRow, parse_roll

BATCH = 2000
_ROLL_LOCK = "verification.roll_import"


class RollFileInvalid(DomainError):
    """The file has bad lines: none of it is imported."""

    code = "roll_file_invalid"
    status_code = 400

    def __init__(self, *, errors: list[str], error_count: int) -> None:
        more = error_count - len(errors)
        lines = list(errors)
        if more > 0:
            lines.append(str(_("… et {count} autre(s) ligne(s) en erreur.")).format(count=more))
        super().__init__(
            _("Le fichier n'a pas été importé ; la liste en vigueur n'a pas changé. "
              "Corrigez ces lignes puis recommencez :") + "\n" + "\n".join(lines),
            field="file", errors=lines, error_count=error_count)
        self.errors = lines
        self.error_count = error_count


class RollAlreadyClaimed(Conflict):
    code = "roll_entry_claimed"
    default_message = _("Cette inscription sur la liste électorale est déjà rattachée à un "
                        "compte vérifié. Si ce n'est pas le vôtre, présentez-vous à l'accueil "
                        "d'une maison de quartier ou de la mairie.")


@dataclass(frozen=True)
class Person:
    elector_id: str
    name: str


@dataclass
class RollReport:
    """What an import changed; the names are shown once to the clerk, never stored."""

    roll_import: RollImport
    arrived: list[Person] = field(default_factory=list)
    left: list[Person] = field(default_factory=list)
    changed: int = 0
    # Residents verified through an entry that left the roll: for the clerks to review.
    verified_left: list[Resident] = field(default_factory=list)
    first: bool = False


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [_ROLL_LOCK])


def _entry(row: RollRow) -> RollEntry:
    return RollEntry(
        elector_id=row.elector_id, birth_name=row.birth_name, usage_name=row.usage_name,
        given_names=row.given_names, sex=row.sex, date_of_birth=row.date_of_birth,
        birthplace=row.birthplace, birthplace_code=row.birthplace_code, address=row.address,
        neighbourhood_id=row.neighbourhood_id, birth_prefix=row.birth_prefix,
        usage_prefix=row.usage_prefix)


_COMPARED = ("birth_name", "usage_name", "given_names", "sex", "date_of_birth", "birthplace",
             "birthplace_code", "address", "neighbourhood_id")
_UPDATED = [*_COMPARED, "birth_prefix", "usage_prefix"]


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), BATCH):
        yield items[start: start + BATCH]


def _apply(rows: list[RollRow]) -> tuple[list[Person], list[Person], int, list[Resident]]:
    """Write the difference between the roll in force and `rows`; return who moved."""
    current = {values[0]: (values[1], tuple(values[2:])) for values in
               RollEntry.objects.values_list("elector_id", "pk", *_COMPARED).iterator(BATCH)}
    incoming = {row.elector_id: row for row in rows}
    left_ids = [elector_id for elector_id in current if elector_id not in incoming]
    left: list[Person] = []
    verified_left: list[Resident] = []
    for chunk in _chunks(left_ids):
        gone = RollEntry.objects.filter(elector_id__in=chunk)
        left.extend(Person(e.elector_id, e.display_name) for e in gone)
        verified_left.extend(Resident.objects.filter(roll_claim__entry__in=gone)
                             .select_related("user"))
        gone.delete()
    arrived = [row for row in rows if row.elector_id not in current]
    RollEntry.objects.bulk_create([_entry(row) for row in arrived], batch_size=BATCH)
    changed = []
    for row in rows:
        known = current.get(row.elector_id)
        if known is not None and known[1] != row.fields():
            entry = _entry(row)
            entry.pk = known[0]
            changed.append(entry)
    RollEntry.objects.bulk_update(changed, _UPDATED, batch_size=500)
    return ([Person(r.elector_id, r.display_name) for r in arrived], left, len(changed),
            verified_left)


@transaction.atomic
def roll_import(*, data: bytes, file_name: str, imported_by: User | None) -> RollReport:
    """Replace the electoral roll with the extract in `data` (clerks, or the command line).

    Every bad line is named (`ligne N : …`) and then nothing changes. The report tells who
    left and who arrived, and which verified residents' entries left the roll (their
    verification stays: a clerk decides, as a move out of town is not the only reason).
    """
    if imported_by is not None and not is_staff_member(imported_by):
        raise NotPermitted(_("Seuls les agents peuvent importer la liste électorale."))
    neighbourhoods = dict(Neighbourhood.objects.values_list("code", "pk"))
    parsed = parse_roll(data, neighbourhoods=neighbourhoods)
    if parsed.error_count:
        raise RollFileInvalid(errors=parsed.errors, error_count=parsed.error_count)
    _lock()
    first = not RollImport.objects.exists()
    arrived, left, changed, verified_left = _apply(parsed.rows)
    record = RollImport.objects.create(
        imported_by=imported_by, file_name=file_name[:200],
        file_digest=hashlib.sha256(data).hexdigest(), entries=len(parsed.rows),
        arrived=len(arrived), left=len(left), changed=changed)
    audit_record(verb="roll.imported", actor=imported_by, target=record, data={
        "file_digest": record.file_digest, "entries": record.entries,
        "arrived": record.arrived, "left": record.left, "changed": record.changed,
        "verified_left": [resident.pk for resident in verified_left]})
    return RollReport(roll_import=record, arrived=arrived, left=left, changed=changed,
                      verified_left=verified_left, first=first)


def roll_claim(*, entry: RollEntry, resident: Resident, method: str) -> RollClaim:
    """Attach a resident to their roll entry, inside the caller's transaction.

    The unique columns of RollClaim settle a race: the second claim of an entry fails here.
    """
    try:
        with transaction.atomic():
            return RollClaim.objects.create(entry=entry, resident=resident, method=method)
    except IntegrityError:
        raise RollAlreadyClaimed() from None
