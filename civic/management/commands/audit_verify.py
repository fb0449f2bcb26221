"""Verify the audit log: `python manage.py audit_verify [--head COUNT:HASH ...] [--heads FILE ...]`.

Walks the hash chain, checks the stored daily checkpoints against it, and the heads someone
kept earlier: `--head 1234:9f86…` (entry number 1234 must still have that hash), or
`--heads FILE`, the JSON of /api/v1/audit/checkpoints/ (one page or several pages in a list)
or of /api/v1/audit/head/, saved earlier.
"""

import json
import re
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from civic.services.audit import KeptHead, audit_chain_verify

HASH = re.compile(r"[0-9a-fA-F]{64}")


def _kept_head(count: Any, head_hash: Any, source: str) -> KeptHead:
    if isinstance(count, str) and count.isdigit():
        count = int(count)
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise CommandError(f"{source} : nombre d'entrées invalide ({count!r}).")
    if not isinstance(head_hash, str) or not HASH.fullmatch(head_hash):
        raise CommandError(f"{source} : empreinte invalide ({head_hash!r}), 64 caractères "
                           "hexadécimaux attendus.")
    return KeptHead(count, head_hash.lower(), source)


def head_from_argument(value: str) -> KeptHead:
    count, _sep, head_hash = value.partition(":")
    return _kept_head(count, head_hash, f"head kept on the command line ({count})")


def _items(document: Any) -> list[dict[str, Any]]:
    """The heads in a saved answer of the API: a page, a list of pages or items, or a head."""
    if isinstance(document, list):
        return [item for part in document for item in _items(part)]
    if isinstance(document, dict) and isinstance(document.get("results"), list):
        return [item for item in document["results"] if isinstance(item, dict)]
    if isinstance(document, dict) and "head_hash" in document:
        return [document]
    raise CommandError("Fichier de têtes non reconnu : JSON de /api/v1/audit/checkpoints/ ou "
                       "de /api/v1/audit/head/ attendu.")


def heads_from_file(path: str) -> list[KeptHead]:
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CommandError(f"Lecture impossible de {path} : {exc}") from exc
    heads = []
    for item in _items(document):
        label = item.get("day") or "head"
        heads.append(_kept_head(item.get("entry_count"), item.get("head_hash"),
                                f"head kept in {Path(path).name} ({label})"))
    return heads


class Command(BaseCommand):
    help = ("Vérifie la chaîne du journal d'audit, ses points de contrôle quotidiens et les "
            "têtes conservées ; nomme la première entrée en défaut.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--head", action="append", default=[], metavar="COUNT:HASH",
            help="Une tête conservée : l'entrée n° COUNT doit avoir encore l'empreinte HASH "
                 "(répétable).")
        parser.add_argument(
            "--heads", action="append", default=[], metavar="FILE",
            help="Fichier JSON enregistré depuis /api/v1/audit/checkpoints/ ou "
                 "/api/v1/audit/head/ (répétable).")

    def handle(self, *args: Any, **options: Any) -> None:
        kept = [head_from_argument(value) for value in options["head"]]
        for path in options["heads"]:
            kept.extend(heads_from_file(path))
        report = audit_chain_verify(kept_heads=kept)
        if report.ok:
            self.stdout.write(self.style.SUCCESS(
                f"Journal d'audit intègre : {report.checked} entrées vérifiées, "
                f"{report.references} points de contrôle et têtes conservées concordants."))
            return
        raise CommandError(
            f"Journal d'audit altéré : première entrée en défaut #{report.first_broken_id} "
            f"({report.reason}) après {report.checked} entrées intègres."
        )
