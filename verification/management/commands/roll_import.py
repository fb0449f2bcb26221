"""`manage.py roll_import FILE.csv`: replace the electoral roll with the town's extract."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from verification.roll_format import COLUMNS
from verification.services.roll import RollFileInvalid, roll_import


class Command(BaseCommand):
    help = ("Importe l'extrait de la liste électorale (CSV « ; », UTF-8, voir "
            "docs/verification.md). Une seule ligne fautive : rien n'est changé.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--summary", action="store_true",
                            help="counts only, without the names of who left and arrived")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from exc
        try:
            report = roll_import(data=data, file_name=path.name, imported_by=None)
        except RollFileInvalid as exc:
            for line in exc.errors:
                self.stderr.write(line)
            raise CommandError(
                f"{exc.error_count} ligne(s) en erreur : rien n'a été importé, la liste en "
                f"vigueur n'a pas changé. Colonnes attendues : {', '.join(COLUMNS)}.") from exc
        record = report.roll_import
        self.stdout.write(f"{record.entries} inscrits ; {record.arrived} arrivée(s), "
                          f"{record.left} départ(s), {record.changed} modification(s).")
        if options["summary"]:
            return
        if not report.first:
            for person in report.arrived:
                self.stdout.write(f"arrivé : {person.name} ({person.elector_id})")
        for person in report.left:
            self.stdout.write(f"parti : {person.name} ({person.elector_id})")
        for resident in report.verified_left:
            self.stdout.write(f"à revoir : {resident.user.get_full_name()}, vérifié par la "
                              f"liste, n'y figure plus (fiche n° {resident.pk})")
