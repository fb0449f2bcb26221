"""Import a 41,000-line electoral roll extract with `roll_import`, against the database's own
floor measured in the same run. Not a test.

    .venv/bin/python bench/bench_roll.py [--rows 41000] [--rounds 3]

Creates a scratch PostgreSQL database (`decidons_perf_roll`, dropped and re-created) and
migrates it, then, in one child process with the base settings on it, generates the extract
(synthetic electors, the town's 11 neighbourhoods, `;`-separated as docs/samples) and times,
each `--rounds` times (best and worst printed):

- baseline: `COPY` of the same lines, split by Python's csv module, into a plain table of
  twelve text columns: what loading these bytes costs PostgreSQL and the driver at least;
- the first import (every line arrives: parse, validate, normalise names, insert);
- the same file again (nothing changes: read the roll in force, compare);
- a next month's extract: 2 % moved, 1 % left, 1 % arrived;
- a file with one bad line, the last: refused, nothing changed (the whole file is checked);
- `manage.py roll_import FILE --summary` on next month's extract, end to end (Django start-up
  included), in its own process.

Each figure is printed with its ratio to the baseline of the same round.
"""

import argparse
import csv
import io
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import stack  # noqa: E402

from civic import csv_export  # noqa: E402

DATABASE = "decidons_perf_roll"
QUARTERS = ["centre-ville", "pres-saint-jean", "cevennes", "tamaris", "cauvel-royale",
            "rochebelle", "clavieres-brouzen", "croupillac-saint-raby", "brueges-conilhac",
            "prairie-moulinet", "faubourg-soleil"]
FAMILY = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
          "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "Benali",
          "Haddad", "Roux", "Teissier", "Fabre", "Castel", "Chabert", "Mercier", "Bonnet"]
GIVEN = ["Marie", "Jean", "Fatima", "Lucas", "Élodie", "Jean-Pierre", "Inès", "Yanis",
         "Chantal", "Paul", "Léa", "Hugo", "Zoé", "Nadia", "Rémi", "Agnès", "Bruno", "Rose"]
PLACES = [("Alès", "30007"), ("Nîmes", "30189"), ("Montpellier", "34172"),
          ("Marseille", "13055"), ("Paris", "75056"), ("Oran (Algérie)", "99352")]
HEADER = ["identifiant", "nom_naissance", "nom_usage", "prenoms", "sexe", "date_naissance",
          "lieu_naissance", "code_lieu_naissance", "adresse", "code_postal", "commune",
          "quartier"]


def _elector(rng: random.Random, number: int) -> list[str]:
    place, code = rng.choice(PLACES)
    usage = rng.choice(FAMILY) if rng.random() < 0.25 else ""
    return [str(100_000_000 + number), rng.choice(FAMILY), usage,
            " ".join(rng.sample(GIVEN, rng.randint(1, 3))), rng.choice("FM"),
            f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1925, 2008)}",
            place, code, f"{rng.randint(1, 250)} rue {rng.choice(FAMILY)}", "30100", "Alès",
            rng.choice(QUARTERS)]


def _file(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv_export.writer(out, bom=False, lineterminator="\n", neutralise=False)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode()


def _next_month(rows: list[list[str]], rng: random.Random) -> list[list[str]]:
    count = len(rows)
    kept = [list(row) for row in rows[count // 100:]]  # 1 % left
    for row in rng.sample(kept, count // 50):  # 2 % moved
        row[8], row[11] = f"{rng.randint(1, 250)} avenue Carnot", rng.choice(QUARTERS)
    arrived = [_elector(rng, count + i) for i in range(count // 100)]  # 1 % arrived
    return kept + arrived


def _baseline(data: bytes) -> float:
    from django.db import connection, transaction

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE roll_floor (" + ", ".join(
            f"{name} text" for name in HEADER) + ") ON COMMIT DROP")
        reader = csv.reader(io.StringIO(data.decode()), delimiter=";")
        next(reader)
        with cursor.cursor.copy(f"COPY roll_floor ({', '.join(HEADER)}) FROM STDIN") as copy:
            for row in reader:
                copy.write_row(row)
    return time.perf_counter() - started


def _timed(data: bytes) -> float:
    from verification.services.roll import roll_import

    started = time.perf_counter()
    roll_import(data=data, file_name="bench.csv", imported_by=None)
    return time.perf_counter() - started


def _refused(data: bytes) -> float:
    from verification.models import RollEntry
    from verification.services.roll import RollFileInvalid, roll_import

    before = RollEntry.objects.count()
    started = time.perf_counter()
    try:
        roll_import(data=data, file_name="bench.csv", imported_by=None)
    except RollFileInvalid as exc:
        assert exc.errors[0].startswith(f"ligne {len(data.splitlines())} :"), exc.errors
    else:
        raise AssertionError("the bad file was imported")
    elapsed = time.perf_counter() - started
    assert RollEntry.objects.count() == before
    return elapsed


def _command(path: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([str(stack.VENV / "python"), "manage.py", "roll_import", path, "--summary"],
                   cwd=stack.ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def child(rows_count: int, rounds: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    sys.path.insert(0, str(stack.ROOT))
    import django

    django.setup()
    from civic.demo import NEIGHBOURHOODS
    from civic.models import Neighbourhood
    from verification.models import RollEntry, RollImport

    for code, name, population in NEIGHBOURHOODS:
        Neighbourhood.objects.update_or_create(code=code, defaults={"name": name,
                                                                    "population": population})
    rng = random.Random(41)
    rows = [_elector(rng, i) for i in range(rows_count)]
    first, later = _file(rows), _file(_next_month(rows, rng))
    broken = first.rstrip(b"\n") + b";une colonne de trop\n"
    results: dict[str, list[tuple[float, float]]] = {}
    with tempfile.NamedTemporaryFile(suffix=".csv") as later_file:
        later_file.write(later)
        later_file.flush()
        for _ in range(rounds):
            RollEntry.objects.all().delete()
            RollImport.objects.all().delete()
            floor = _baseline(first)
            figures = {"first import": _timed(first), "same file again": _timed(first),
                       "next month (2 % moved, 1 % left, 1 % arrived)": _timed(later),
                       "one bad line (the last): refused": _refused(broken)}
            RollEntry.objects.all().delete()
            _timed(first)
            figures["`manage.py roll_import` next month, whole process"] = _command(
                later_file.name, dict(os.environ))
            results.setdefault("baseline: COPY of the same lines", []).append((floor, floor))
            for name, seconds in figures.items():
                results.setdefault(name, []).append((seconds, floor))
    assert RollEntry.objects.count() == rows_count
    print(f"{rows_count} electors ({len(first) / 1_048_576:.1f} MB), {rounds} round(s); "
          "ratio = the step ÷ the baseline of the same round.\n")
    print("| step | seconds (best, worst) | × baseline (best round) |")
    print("|---|---:|---:|")
    for name, values in results.items():
        best = min(values)
        print(f"| {name} | {best[0]:.2f}, {max(v[0] for v in values):.2f} | "
              f"{best[0] / best[1]:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=41_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.rows, args.rounds)
        return
    import psycopg

    with psycopg.connect(f"{stack.PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env |= {"DATABASE_URL": f"{stack.PG}/{DATABASE}",
            "DJANGO_SETTINGS_MODULE": "config.settings.base", "LOG_LEVEL": "WARNING"}
    try:
        subprocess.run([str(stack.VENV / "python"), "manage.py", "migrate", "-v0"],
                       cwd=stack.ROOT, env=env, check=True)
        subprocess.run([str(stack.VENV / "python"), __file__, "--child", "--rows",
                        str(args.rows), "--rounds", str(args.rounds)],
                       cwd=stack.ROOT, env=env, check=True)
    finally:
        stack.drop_database(DATABASE)


if __name__ == "__main__":
    main()
