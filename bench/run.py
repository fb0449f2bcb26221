"""Run every benchmark with bounded sizes and record the output in bench/RESULTS.md.

    .venv/bin/python bench/run.py                     # everything (about 20-30 minutes)
    .venv/bin/python bench/run.py --only http mail    # some of them
    .venv/bin/python bench/run.py --quick             # small sizes, to check the scripts

Each benchmark's latest output replaces its block between `<!-- run.py:NAME -->` markers in
RESULTS.md (added at the end when missing); the prose around the blocks is kept. Needs
PostgreSQL and Redis on 127.0.0.1 (as for scripts/test) and wrk (Debian package).
"""

import argparse
import datetime
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import stack  # noqa: E402

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
PYTHON = str(stack.VENV / "python")


def _benches(quick: bool, recipients: int) -> dict[str, tuple[str, list[str], dict[str, str]]]:
    """name → (title, command, extra environment)."""
    tally_db = {"DATABASE_URL": f"{stack.PG}/decidons_perf_tally"}
    benches = {
        "http": ("Ballots and signatures under load, page times (`bench_http.py`)",
                 [PYTHON, str(HERE / "bench_http.py")]
                 + (["--duration", "5", "--voters", "3000"] if quick else []), {}),
        "tally_db": ("Tally from the database, every rule (`bench_tally_db.py`)",
                     [PYTHON, str(HERE / "bench_tally_db.py")]
                     + (["--sizes", "10000", "--rules", "greedy", "mes"] if quick else []),
                     tally_db),
        "secrecy": ("The cost of ballot secrecy, before and after (`bench_secrecy.py`)",
                    [PYTHON, str(HERE / "bench_secrecy.py")]
                    + (["--duration", "5", "--voters", "3000", "--rounds", "1"] if quick
                       else []), {}),
        "mail": ("Result announcement e-mails through Celery (`bench_notifications.py`)",
                 [PYTHON, str(HERE / "bench_notifications.py")]
                 + ["--recipients", str(2000 if quick else recipients)], {}),
    }
    benches["roll"] = ("Electoral roll import, 41,000 electors (`bench_roll.py`)",
                       [PYTHON, str(HERE / "bench_roll.py")]
                       + (["--rows", "5000", "--rounds", "1"] if quick else []), {})
    if (HERE / "bench_tally.py").exists():  # the engine against pabutools (issue 3)
        benches["tally"] = ("Tally engine against pabutools (`bench_tally.py`)",
                            [PYTHON, str(HERE / "bench_tally.py")], {})
    return benches


def _record(name: str, title: str, body: str) -> None:
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    start, end = f"<!-- run.py:{name} -->", f"<!-- /run.py:{name} -->"
    block = f"{start}\n### {title}\n\n{body.rstrip()}\n{end}"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        if "## Latest run of bench/run.py" not in text:
            text = text.rstrip() + "\n\n## Latest run of bench/run.py\n"
        text = text.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="+",
                        help="benchmarks to run: http secrecy tally_db mail roll tally")
    parser.add_argument("--quick", action="store_true", help="small sizes (a few minutes)")
    parser.add_argument("--recipients", type=int, default=50_000,
                        help="e-mails of the announcement (mail benchmark)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    for name, (title, command, extra) in _benches(args.quick, args.recipients).items():
        if args.only and name not in args.only:
            continue
        print(f"== {title}", flush=True)
        machine, started = stack.machine(), time.monotonic()
        done = subprocess.run(command, cwd=stack.ROOT, env=os.environ | extra, text=True,
                              stdout=subprocess.PIPE)
        sys.stdout.write(done.stdout)
        if done.returncode:
            sys.exit(f"{name} failed ({done.returncode})")
        today = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
        header = (f"{today}, {machine}; took {time.monotonic() - started:.0f} s"
                  + (" (--quick sizes)" if args.quick else ""))
        output = done.stdout if "|" in done.stdout else f"```\n{done.stdout.rstrip()}\n```"
        _record(name, title, f"{header}\n\n{output}")


if __name__ == "__main__":
    main()
