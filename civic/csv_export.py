"""The one CSV writer of every export (results, consultation answers, signatures, pabulib).

Choices, the same for every file:
- `;` between cells and a UTF-8 byte-order mark first, so French spreadsheet software (which
  uses the comma as decimal separator) opens the file in columns with its accents intact;
- a cell of text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
  leading apostrophe, so a title such as `=HYPERLINK(...)` is shown as text and never run as a
  formula (CSV injection). Numbers (int, Decimal, Fraction…, or text that is only a number such
  as `-12.5` or `1/3`) are written as they are.

- a first row of column names in French, the language of the town's records, whoever
  downloads the file and in whatever language the site is shown to them (a file's columns
  must not change with its reader, or a clerk's saved spreadsheet breaks), written as a person
  reads them ("Coût (€)", not `cout_eur`);
- amounts and other decimal numbers with a decimal comma (`decimal`, `euros`), which French
  spreadsheet software reads as numbers.

The pabulib `.pb` file is written by the same writer without the byte-order mark and with
`\\n` line ends (the format's own). The tally engine's `dumps_pb` is a faithful pabulib writer
(its files round-trip exactly); the budget's public export (budgets/services/export.py) passes
every project name and meta value through `safe_cell` first, so a name that starts with one of
those characters carries the apostrophe in front — still a valid pabulib file, whose readers
take the name as plain text, and its numbers stay numbers.
"""

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?(?:/\d+)?")


def decimal(value: float | int | None) -> str:
    """A number with a decimal comma ("66,7"); empty for None."""
    return "" if value is None else str(value).replace(".", ",")


def euros(cents: int | None) -> str:
    """An amount in cents as euros with a decimal comma ("1234,50"); empty for None."""
    return "" if cents is None else f"{cents / 100:.2f}".replace(".", ",")


def safe_cell(value: Any) -> Any:
    """`value` as a spreadsheet will show it, never as a formula."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


class SafeWriter:
    """csv.writer whose every text cell goes through `safe_cell`."""

    def __init__(self, out: Any, *, lineterminator: str = "\r\n",
                 neutralise: bool = True) -> None:
        self._writer = csv.writer(out, delimiter=";", lineterminator=lineterminator)
        self._neutralise = neutralise

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([safe_cell(v) for v in row] if self._neutralise else
                              ["" if v is None else v for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out: Any, *, bom: bool = True, lineterminator: str = "\r\n",
           neutralise: bool = True) -> SafeWriter:
    """A safe writer on `out` (a text buffer or an HttpResponse), the BOM written first.

    `neutralise=False` is for files that are not spreadsheets and whose text must come back
    exactly as written (the pabulib engine's own round trip, the roll benchmark's input)."""
    if bom:
        out.write(BOM)
    return SafeWriter(out, lineterminator=lineterminator, neutralise=neutralise)


def csv_text(header: list[str], rows: Iterable[Iterable[Any]], *, bom: bool = True) -> str:
    """A whole CSV file as text."""
    out = io.StringIO()
    w = writer(out, bom=bom)
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue()
