"""Read a draft budget exported by a French finance department (CSV, `;`, decimal comma).

Expected columns (order free, accents and case ignored): Chapitre; Libellé chapitre; Article;
Libellé; Montant. Amounts like "1 234 567,89" or "1234567.89". Every problem is reported
with its line number, so the finance department can fix the file and send it again.
"""

import csv
import io
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from budgets.models import BudgetChapter, BudgetLine
from budgets.money import parse_euros
from civic.limits import MAX_CENTS

COLUMNS = {
    "chapter": ("chapitre", "code chapitre", "chap"),
    "chapter_label": ("libelle chapitre", "libelle du chapitre", "intitule chapitre"),
    "article": ("article", "compte", "nature", "code article"),
    "label": ("libelle", "libelle article", "libelle de l'article", "intitule"),
    "amount": ("montant", "montant propose", "credits", "montant (eur)", "montant eur",
               "montant (€)", "proposition"),
}
COLUMN_NAMES = {"chapter": "Chapitre", "chapter_label": "Libellé chapitre",
                "article": "Article", "label": "Libellé", "amount": "Montant"}
MAX_REPORTED = 50
# Chapter and article codes fit their columns.
CODE_LENGTH: int = min(BudgetChapter._meta.get_field("code").max_length or 0,
                       BudgetLine._meta.get_field("article").max_length or 0)


@dataclass
class ParsedLine:
    chapter: str
    chapter_label: str
    article: str
    label: str
    amount_cents: int


@dataclass
class ParseResult:
    lines: list[ParsedLine] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _norm(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().replace("\u2019", "'").split())


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _norm(name)
        for column, aliases in COLUMNS.items():
            if key in aliases and column not in found:
                found[column] = index
    missing = [COLUMN_NAMES[c] for c in COLUMNS if c not in found]
    return found, missing


def _row(cells: list[str], cols: dict[str, int], number: int,
         result: ParseResult, seen: dict[str, str], articles: set[tuple[str, str]]) -> None:
    def cell(name: str) -> str:
        index = cols[name]
        return cells[index].strip() if index < len(cells) else ""

    values = {name: cell(name) for name in COLUMNS}
    problems = [_("colonne « {name} » vide").format(name=COLUMN_NAMES[name])
                for name in ("chapter", "article", "label", "amount") if not values[name]]
    if any("\x00" in value for value in values.values()):
        problems.append(_("caractère nul dans la ligne"))
    amount = parse_euros(values["amount"]) if values["amount"] else None
    if values["amount"] and amount is None:
        problems.append(_("montant illisible « {value} »").format(value=values["amount"]))
    elif amount is not None and amount < 0:
        problems.append(_("montant négatif « {value} »").format(value=values["amount"]))
    elif amount is not None and amount > MAX_CENTS:
        problems.append(_("montant trop élevé « {value} »").format(value=values["amount"]))
    if len(values["chapter"]) > CODE_LENGTH or len(values["article"]) > CODE_LENGTH:
        problems.append(_("code de chapitre ou d'article trop long ({max} caractères au plus)")
                        .format(max=CODE_LENGTH))
    chapter, label = values["chapter"], values["chapter_label"] or values["chapter"]
    if chapter in seen and seen[chapter] != label and values["chapter_label"]:
        problems.append(_("le chapitre {code} porte déjà le libellé « {label} »")
                        .format(code=chapter, label=seen[chapter]))
    if (chapter, values["article"]) in articles:
        problems.append(_("l'article {article} apparaît deux fois dans le chapitre {code}")
                        .format(article=values["article"], code=chapter))
    if len(values["label"]) > 300 or len(label) > 200:
        problems.append(_("libellé trop long"))
    if problems:
        result.errors.append(_("Ligne {n} : {problems}.").format(n=number,
                                                                 problems=" ; ".join(problems)))
        return
    seen.setdefault(chapter, label)
    articles.add((chapter, values["article"]))
    result.lines.append(ParsedLine(chapter, seen[chapter], values["article"], values["label"],
                                   amount or 0))


def parse_budget_csv(data: bytes) -> ParseResult:
    """Parse the file; `errors` lists every problem by line number (empty when all is well)."""
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first else "\t" if "\t" in first else None
    result = ParseResult()
    if delimiter is None:
        result.errors.append(_("Ligne 1 : séparez les colonnes par des points-virgules (;)."))
        return result
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(rows, [])
    cols, missing = _columns(header)
    if missing:
        result.errors.append(_("Ligne 1 : colonne(s) manquante(s) : {names}.")
                             .format(names=", ".join(missing)))
        return result
    seen: dict[str, str] = {}
    articles: set[tuple[str, str]] = set()
    for number, cells in enumerate(rows, start=2):
        if not any(c.strip() for c in cells):
            continue
        _row(cells, cols, number, result, seen, articles)
    if not result.lines and not result.errors:
        result.errors.append(_("Le fichier ne contient aucune ligne budgétaire."))
    del result.errors[MAX_REPORTED:]
    return result
