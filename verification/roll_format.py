"""The electoral roll extract as the town sends it: a `;`-separated UTF-8 file, one elector a
line, under a header naming the columns (docs/verification.md, sample in
docs/samples/liste-electorale.csv).

Pure functions: `parse_roll` reads the bytes and returns either every elector or every bad
line, each named `ligne N : …` (N counts the header as line 1, as a spreadsheet does). The
service decides what an import changes; nothing here touches the database.
"""

import csv
import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _

from civic import identity

DELIMITER = ";"
# Column → what it holds; the order of the file's columns does not matter, extra columns
# are ignored (a town's extract may carry more).
COLUMNS: dict[str, str] = {
    "identifiant": "identifiant national d'électeur (INE), unique",
    "nom_naissance": "nom de naissance",
    "nom_usage": "nom d'usage (facultatif)",
    "prenoms": "prénoms, séparés par des espaces",
    "sexe": "F ou M (facultatif)",
    "date_naissance": "JJ/MM/AAAA",
    "lieu_naissance": "commune de naissance (et pays si hors de France)",
    "code_lieu_naissance": "code INSEE de la commune, ou du pays (99xxx) si né à l'étranger "
                           "(facultatif)",
    "adresse": "numéro, voie et complément",
    "code_postal": "5 chiffres",
    "commune": "commune de l'adresse",
    "quartier": "code du quartier de l'adresse (voir la page des quartiers)",
}
REQUIRED = ("identifiant", "nom_naissance", "prenoms", "date_naissance", "lieu_naissance",
            "adresse", "code_postal", "commune", "quartier")
MAX_LENGTHS = {"identifiant": 32, "nom_naissance": 150, "nom_usage": 150, "prenoms": 200,
               "lieu_naissance": 150, "adresse": 300, "commune": 150}
# Bad lines listed in the refusal; past this many, the rest are counted.
MAX_REPORTED = 50

_ELECTOR_ID = re.compile(r"^[A-Za-z0-9]+$")
_POSTCODE = re.compile(r"^\d{5}$")
_PLACE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")


@dataclass(frozen=True, slots=True)
class RollRow:
    """One valid elector of the file, with the keys it is found under."""

    elector_id: str
    birth_name: str
    usage_name: str
    given_names: str
    sex: str
    date_of_birth: date
    birthplace: str
    birthplace_code: str
    address: str
    neighbourhood_id: int
    birth_prefix: str
    usage_prefix: str

    def fields(self) -> tuple[object, ...]:
        """What an import compares to tell a changed entry from an unchanged one."""
        return (self.birth_name, self.usage_name, self.given_names, self.sex,
                self.date_of_birth, self.birthplace, self.birthplace_code, self.address,
                self.neighbourhood_id)

    @property
    def display_name(self) -> str:
        name = self.birth_name.upper()
        if self.usage_name:
            name += f" ({self.usage_name.upper()})"
        return f"{name} {self.given_names}"


@dataclass(frozen=True)
class ParseResult:
    rows: list[RollRow]
    errors: list[str]
    error_count: int


def first_given_name(given_names: str) -> str:
    """The first of the given names ("Jean-Pierre Marcel" → "Jean-Pierre"; commas too)."""
    parts = given_names.replace(",", " ").split()
    return parts[0] if parts else ""


def prefix_of(*, family: str, given_names: str, born: date) -> str:
    """The namesake prefix (civic.identity) of a family name, the first given name and a date."""
    return identity.namesake_prefix(first_name=first_given_name(given_names),
                                    last_name=family, date_of_birth=born) or ""


def _decode(data: bytes) -> tuple[str | None, str | None]:
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, _("ligne {n} : caractère illisible ; le fichier doit être enregistré en "
                       "UTF-8.").format(n=line)


def _has_control(value: str) -> bool:
    return any(unicodedata.category(c) in {"Cc", "Cs"} for c in value)


def _date(value: str) -> date | None:
    try:
        return datetime.strptime(value, "%d/%m/%Y").date()  # noqa: DTZ007 — a calendar date
    except ValueError:
        return None


def _header_problem(header: list[str]) -> str | None:
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        return _("ligne 1 : colonne(s) manquante(s) : {names}. L'en-tête doit nommer les "
                 "colonnes, séparées par « ; ».").format(names=", ".join(missing))
    seen = {name for name in header if header.count(name) > 1 and name}
    if seen:
        return _("ligne 1 : colonne(s) en double : {names}.").format(names=", ".join(sorted(seen)))
    return None


def _check_row(values: Mapping[str, str], neighbourhoods: Mapping[str, int]) -> list[str]:
    """Every problem of one line, in words (without the line number)."""
    problems = []
    for name in REQUIRED:
        if not values.get(name):
            problems.append(_("« {column} » est vide").format(column=name))
    for name, limit in MAX_LENGTHS.items():
        if len(values.get(name, "")) > limit:
            problems.append(_("« {column} » dépasse {max} caractères").format(column=name,
                                                                              max=limit))
    if any(_has_control(value) for value in values.values()):
        problems.append(_("caractère de contrôle interdit"))
    elector_id = values.get("identifiant", "")
    if elector_id and not _ELECTOR_ID.match(elector_id):
        problems.append(_("identifiant « {value} » : lettres et chiffres seulement")
                        .format(value=elector_id))
    if values.get("sexe", "") not in {"", "F", "M"}:
        problems.append(_("sexe « {value} » : F, M ou vide").format(value=values["sexe"]))
    raw_date = values.get("date_naissance", "")
    if raw_date:
        born = _date(raw_date)
        if born is None:
            problems.append(_("date de naissance « {value} » : attendu JJ/MM/AAAA")
                            .format(value=raw_date))
        elif problem := identity.birth_date_problem(born):
            problems.append(_("date de naissance {value} : {problem}")
                            .format(value=raw_date, problem=problem))
    code = values.get("code_lieu_naissance", "")
    if code and not _PLACE_CODE.match(code):
        problems.append(_("code du lieu de naissance « {value} » : 5 caractères (code INSEE)")
                        .format(value=code))
    postcode = values.get("code_postal", "")
    if postcode and not _POSTCODE.match(postcode):
        problems.append(_("code postal « {value} » : 5 chiffres").format(value=postcode))
    quarter = values.get("quartier", "")
    if quarter and quarter not in neighbourhoods:
        problems.append(_("quartier « {value} » inconnu (codes connus : {codes})")
                        .format(value=quarter, codes=", ".join(sorted(neighbourhoods))))
    return problems


def _row(values: Mapping[str, str], neighbourhoods: Mapping[str, int]) -> RollRow:
    born = _date(values["date_naissance"])
    assert born is not None  # checked by _check_row
    given = " ".join(values["prenoms"].split())
    usage = values.get("nom_usage", "")
    return RollRow(
        elector_id=values["identifiant"], birth_name=values["nom_naissance"], usage_name=usage,
        given_names=given, sex=values.get("sexe", ""), date_of_birth=born,
        birthplace=values["lieu_naissance"],
        birthplace_code=values.get("code_lieu_naissance", ""),
        address=f"{values['adresse']}\n{values['code_postal']} {values['commune']}",
        neighbourhood_id=neighbourhoods[values["quartier"]],
        birth_prefix=prefix_of(family=values["nom_naissance"], given_names=given, born=born),
        usage_prefix=prefix_of(family=usage, given_names=given, born=born) if usage else "",
    )


def parse_roll(data: bytes, *, neighbourhoods: Mapping[str, int]) -> ParseResult:
    """Read the whole file; either every row (no error) or every error (no row)."""
    text, problem = _decode(data)
    if text is None:
        return ParseResult([], [problem or ""], 1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=DELIMITER)
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        return ParseResult([], [_("ligne 1 : le fichier est vide.")], 1)
    except csv.Error as exc:
        return ParseResult([], [_("ligne 1 : {problem}").format(problem=exc)], 1)
    if problem := _header_problem(header):
        return ParseResult([], [problem], 1)
    rows: list[RollRow] = []
    errors: list[str] = []
    count = 0
    first_seen: dict[str, int] = {}
    try:
        for values_list in reader:
            line = reader.line_num
            if not any(value.strip() for value in values_list):
                continue  # blank lines (a trailing one, typically) carry no elector
            if len(values_list) != len(header):
                problems = [_("{found} champs au lieu de {expected} (séparateur « ; »)")
                            .format(found=len(values_list), expected=len(header))]
            else:
                values = {name: value.strip() for name, value in zip(header, values_list,
                                                                     strict=True)}
                problems = _check_row(values, neighbourhoods)
                elector_id = values.get("identifiant", "")
                if elector_id in first_seen:
                    problems.append(_("identifiant {value} déjà présent ligne {first}")
                                    .format(value=elector_id, first=first_seen[elector_id]))
                elif elector_id:
                    first_seen[elector_id] = line
                if not problems and not errors:
                    rows.append(_row(values, neighbourhoods))
            if problems:
                count += 1
                if len(errors) < MAX_REPORTED:
                    errors.append(_("ligne {n} : {problems}.").format(
                        n=line, problems=" ; ".join(problems)))
    except csv.Error as exc:
        count += 1
        errors.append(_("ligne {n} : {problem}.").format(n=reader.line_num, problem=exc))
    if count:
        return ParseResult([], errors, count)
    return ParseResult(rows, [], 0)
