"""Translation check: `makemessages` run now finds no string the English catalogue lacks.

The catalogue test next door checks the committed .po; this one checks the code against it,
so a string added to a template or to Python without a translation fails the suite. It runs
makemessages on a scratch copy of the sources, leaving the real `locale/` untouched.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from frontend.tests.test_translations import CATALOGUE, _po_entries

SKIPPED_DIRS = {".git", ".venv", "node_modules", "bench", "locale", "staticfiles",
                "media-private", "docs", "decidons.egg-info", "__pycache__", ".ci"}
SOURCES = ("*.py", "*.html", "*.txt")


def _copy_sources(target: Path) -> None:
    base = Path(settings.BASE_DIR)
    for entry in base.iterdir():
        if entry.name in SKIPPED_DIRS or entry.name.startswith("."):
            continue
        if entry.is_dir():
            shutil.copytree(entry, target / entry.name, ignore=_ignore)
        elif entry.suffix == ".py":
            shutil.copy2(entry, target / entry.name)


def _ignore(directory: str, names: list[str]) -> set[str]:
    keep = {n for n in names if Path(n).suffix in {".py", ".html", ".txt"}
            or os.path.isdir(os.path.join(directory, n))}
    return {n for n in names if n not in keep or n in SKIPPED_DIRS}


def _key(entry: dict[str, object]) -> tuple[str, str]:
    return (str(entry.get("msgctxt", "")), str(entry["msgid"]))


def test_makemessages_finds_no_string_missing_from_the_english_catalogue(tmp_path,
                                                                          monkeypatch):
    # given makemessages available, as in CI
    if shutil.which("xgettext") is None:
        if os.environ.get("DECIDONS_REQUIRE_SERVICES"):
            pytest.fail("xgettext is required: apt-get install gettext")
        pytest.skip("gettext is not installed")
    _copy_sources(tmp_path)
    (tmp_path / "locale").mkdir()
    # when the strings are extracted from the current code
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[str(tmp_path / "locale")]):
        call_command("makemessages", locale=["en"], verbosity=0, no_obsolete=True)
    extracted = _po_entries(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po")
    # then each of them is in the committed catalogue, translated and not fuzzy
    committed = {_key(e): e for e in _po_entries(CATALOGUE / "django.po")}
    missing = [e["msgid"] for e in extracted if _key(e) not in committed]
    untranslated = [key[1] for key in (_key(e) for e in extracted) if key in committed
                    and (not all(v for k, v in committed[key].items() if k.startswith("msgstr"))
                         or "fuzzy" in str(committed[key]["flags"]))]
    assert extracted, "makemessages extracted nothing"
    assert missing == [], f"{len(missing)} strings are not in locale/en: {missing[:20]}"
    assert untranslated == [], f"{len(untranslated)} strings are not translated"
