"""Count a pabulib file: `python manage.py pb_tally FILE.pb --rule RULE [--timing]`.

Prints the winners' ids, one per line, sorted by the UTF-8 bytes of the ids. With `--timing`
it also prints `parse_s=<seconds> rule_s=<seconds>` on stderr. It needs no database.
"""

import json
from time import perf_counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from budgets.tally import RULES, TallyError, read_pb, tally


class Command(BaseCommand):
    help = ("Dépouille un fichier pabulib (.pb) avec une règle (greedy, mes, ...) et affiche "
            "les projets retenus, un par ligne.")
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="fichier pabulib .pb")
        parser.add_argument("--rule", choices=RULES, default="auto",
                            help="règle de désignation (auto : celle du META du fichier)")
        parser.add_argument("--timing", action="store_true",
                            help="affiche parse_s=… rule_s=… sur la sortie d'erreur")
        parser.add_argument("--exact", action="store_true",
                            help="calcul rationnel exact seulement (même résultat, plus lent)")
        parser.add_argument("--json", action="store_true",
                            help="affiche tout le résultat (étapes, explications) en JSON")

    def handle(self, *args: Any, **options: object) -> None:
        started = perf_counter()
        try:
            instance = read_pb(str(options["file"]))
            parsed = perf_counter()
            result = tally(instance, str(options["rule"]), exact=bool(options["exact"]))
            counted = perf_counter()
        except TallyError as exc:
            raise CommandError(f"{options['file']}: {exc}") from None
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
        else:
            for project_id in result.selected_sorted():
                self.stdout.write(project_id)
        if options["timing"]:
            self.stderr.write(f"parse_s={parsed - started:.6f} rule_s={counted - parsed:.6f}",
                              style_func=lambda text: text)
