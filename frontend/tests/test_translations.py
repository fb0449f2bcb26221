"""The English catalogue is complete and compiled: every interface string has a translation."""

import ast
import gettext
from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def _po_entries(path: Path) -> list[dict[str, object]]:
    """Parse a .po file: msgid, msgid_plural, msgstr / msgstr[n], and flags."""
    entries: list[dict[str, object]] = []
    entry: dict[str, object] = {"flags": ""}
    key = ""
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#,"):
            entry["flags"] = line[2:]
        elif line.startswith(("msgid", "msgstr", "msgctxt")):
            key, _space, literal = line.partition(" ")
            entry[key] = ast.literal_eval(literal)
        elif line.startswith('"'):
            entry[key] = str(entry[key]) + ast.literal_eval(line)
        elif not line.strip() and "msgid" in entry:
            entries.append(entry)
            entry, key = {"flags": ""}, ""
    return [e for e in entries if e["msgid"]]  # the header has an empty msgid


def test_english_catalogue_translates_every_string_with_nothing_left_fuzzy():
    # given the English catalogue extracted from the project
    entries = _po_entries(CATALOGUE / "django.po")
    # then every entry has a translation, and none is a guess waiting for review
    untranslated = [e["msgid"] for e in entries
                    if not all(v for k, v in e.items() if k.startswith("msgstr"))]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in str(e["flags"])]
    assert untranslated == []
    assert fuzzy == []


def test_compiled_english_catalogue_matches_its_source():
    # given the .po source and the compiled .mo the site loads
    entries = _po_entries(CATALOGUE / "django.po")
    with open(CATALOGUE / "django.mo", "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    # then each source translation is what the site serves
    for entry in entries:
        if "msgid_plural" in entry or "msgctxt" in entry:
            continue
        assert catalogue.gettext(str(entry["msgid"])) == entry["msgstr"], entry["msgid"]
