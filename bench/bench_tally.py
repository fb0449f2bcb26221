"""Benchmark of the tally engine against pabutools 1.2.3 on the shared pabulib files.

    .venv/bin/python bench/bench_tally.py [--files Lodz Assen] [--rules greedy mes]
        [--repeat 3] [--pabutools-timeout 900] [--no-pabutools] [--all-pabutools]
        [--command-runs 3] [--no-command]

For each file and rule it prints, in one run of the script: our parse and rule time and peak
memory (best of --repeat runs, in a fresh process), pabutools' rule time and peak memory (in
its own process, with a timeout), the ratio, and whether both outcomes agree. Times are CPU
seconds of the process: other people use this machine at the same time, and CPU time is
what their load disturbs least; the ratio is what matters. pabutools is skipped where it
takes minutes (add1 on Warszawa 2026 and Łódź 2022; --all-pabutools runs it anyway): the
issue's figures are quoted instead. Then it runs `manage.py pb_tally --timing` on the two
largest files for every rule and reports the best of --command-runs runs (wall seconds, as
the command prints them) and the command's peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PABULIB = REPO.parent / "shared" / "pabulib"
RULES = ("greedy", "greedy-threshold", "mes", "mes-add1", "mes-completed", "auto")
BIG = ("Poland_Warszawa_2026.pb", "Poland_Lodz_2022.pb")
# pabutools 1.2.3 on this machine, from the issue: (seconds, memory)
ISSUE_FIGURES = {
    ("Poland_Warszawa_2026.pb", "mes-completed"): "7 min 31 s, 12 GB",
    ("Poland_Lodz_2022.pb", "mes-completed"): "1 min 55 s, 4.6 GB",
    ("Poland_Lodz_2022.pb", "greedy"): "23 s",
}
SKIPPED = {(name, rule) for name in BIG for rule in ("mes-add1", "mes-completed")}


def main() -> None:
    args = _arguments()
    if args.worker:
        print(json.dumps(_worker(args.worker, args.file, args.rule, args.repeat)))
        return
    files = _files(args.files)
    rules = args.rules or list(RULES)
    print(_machine())
    print("| file | rule | ours parse s | ours rule s | ours peak MB | pabutools rule s "
          "| pabutools peak MB | ratio | same outcome |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---|")
    for name in files:
        for rule in rules:
            print(_row(name, rule, args), flush=True)
    if not args.no_command:
        print()
        print("`manage.py pb_tally FILE --rule RULE --timing`, best of "
              f"{args.command_runs} runs (wall seconds as printed; peak memory of the process):")
        print()
        print("| file | rule | parse_s | rule_s | peak MB |")
        print("|---|---|---:|---:|---:|")
        for name in BIG:
            for rule in rules:
                print(_command_row(name, rule, args.command_runs), flush=True)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", nargs="*", help="parts of file names to keep")
    parser.add_argument("--rules", nargs="*", choices=RULES)
    parser.add_argument("--repeat", type=int, default=3, help="runs of ours (best is kept)")
    parser.add_argument("--pabutools-timeout", type=float, default=900.0)
    parser.add_argument("--no-pabutools", action="store_true")
    parser.add_argument("--all-pabutools", action="store_true",
                        help="also run pabutools where it takes minutes")
    parser.add_argument("--command-runs", type=int, default=3)
    parser.add_argument("--no-command", action="store_true")
    parser.add_argument("--worker", choices=["ours", "pabutools"], help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--rule", help=argparse.SUPPRESS)
    return parser.parse_args()


def _files(patterns: list[str] | None) -> list[str]:
    names = sorted(p.name for p in PABULIB.glob("*.pb"))
    names.sort(key=lambda n: (PABULIB / n).stat().st_size)
    if patterns:
        names = [n for n in names if any(p.lower() in n.lower() for p in patterns)]
    return names


def _machine() -> str:
    model = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    import numpy

    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"Machine: {os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, "
            f"numpy {numpy.__version__}, load average at start {load}; "
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC.\n")


def _row(name: str, rule: str, args: argparse.Namespace) -> str:
    ours = _spawn("ours", name, rule, args.repeat, timeout=None)
    theirs: dict | None = None
    note = ""
    if args.no_pabutools:
        note = "not run"
    elif (name, rule) in SKIPPED and not args.all_pabutools:
        note = f"skipped (minutes; issue: {ISSUE_FIGURES.get((name, rule), 'as mes-completed')})"
    else:
        theirs = _spawn("pabutools", name, rule, 1, timeout=args.pabutools_timeout)
        if theirs.get("timeout"):
            note = f"over {args.pabutools_timeout:.0f} s (timeout)"
            theirs = None
    if theirs is None:
        return (f"| {name} | {rule} | {ours['parse_s']:.3f} | {ours['rule_s']:.3f} "
                f"| {ours['peak_mb']:.0f} | {note} | | | |")
    ratio = theirs["rule_s"] / max(ours["rule_s"], 1e-6)
    same = "yes" if theirs["selected"] == ours["selected"] else "**NO**"
    return (f"| {name} | {rule} | {ours['parse_s']:.3f} | {ours['rule_s']:.3f} "
            f"| {ours['peak_mb']:.0f} | {theirs['rule_s']:.3f} | {theirs['peak_mb']:.0f} "
            f"| {ratio:,.0f}× | {same} |")


def _spawn(kind: str, name: str, rule: str, repeat: int, timeout: float | None) -> dict:
    """Run a worker in a fresh process; its result, with its peak memory (from wait4)."""
    command = [sys.executable, __file__, "--worker", kind, "--file", str(PABULIB / name),
               "--rule", rule, "--repeat", str(repeat)]
    out, rusage, timed_out = _run(command, timeout, env=os.environ | {"PYTHONPATH": str(REPO)})
    if timed_out:
        return {"timeout": True}
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_mb"] = rusage.ru_maxrss / 1024
    return result


def _run(command: list[str], timeout: float | None, env: dict[str, str] | None = None,
         cwd: Path = REPO) -> tuple[str, os.struct_rusage | None, bool]:
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    timer = threading.Timer(timeout, process.kill) if timeout else None
    if timer:
        timer.start()
    out, err = process.stdout.read(), process.stderr.read()
    _, status, rusage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if timer:
        timer.cancel()
    if process.returncode == -9 and timeout:
        return "", rusage, True
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{err}")
    return out + err, rusage, False


def _command_row(name: str, rule: str, runs: int) -> str:
    best = None
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",
                                                             "DATABASE_URL")}
    for _ in range(runs):
        out, rusage, _ = _run([sys.executable, "manage.py", "pb_tally", str(PABULIB / name),
                               "--rule", rule, "--timing"], None, env=env)
        timing = dict(part.split("=") for part in out.strip().splitlines()[-1].split())
        figures = (float(timing["rule_s"]), float(timing["parse_s"]), rusage.ru_maxrss / 1024)
        best = figures if best is None else min(best, figures)
    rule_s, parse_s, peak = best
    return f"| {name} | {rule} | {parse_s:.3f} | {rule_s:.3f} | {peak:.0f} |"


def _worker(kind: str, path: str, rule: str, repeat: int) -> dict:
    if kind == "ours":
        return _ours(path, rule, repeat)
    return _pabutools(path, rule)


def _ours(path: str, rule: str, repeat: int) -> dict:
    from budgets.tally import read_pb, tally

    best = None
    for _ in range(repeat):
        started = time.process_time()
        instance = read_pb(path)
        parsed = time.process_time()
        result = tally(instance, rule)
        counted = time.process_time()
        figures = (counted - parsed, parsed - started)
        best = figures if best is None else min(best, figures)
    return {"rule_s": best[0], "parse_s": best[1], "selected": result.selected_sorted()}


def _pabutools(path: str, rule: str) -> dict:
    """pabutools 1.2.3 as for the reference outcomes (see budgets/tests/tally)."""
    sys.path.insert(0, str(REPO))
    from pabutools.election import parse_pabulib

    from budgets.tally import auto_rule, read_pb
    from budgets.tests.tally.pabutools_reference import Reference

    started = time.process_time()
    instance, profile = parse_pabulib(path)
    ours = read_pb(path)
    applied = auto_rule(ours.rule) if rule == "auto" else rule
    reference = Reference.wrap(instance, profile, ours.vote_type in ("cumulative", "scoring"))
    if applied == "greedy-threshold":
        limit = ours.score_threshold
        keep = {pid for pid, score in ours.scores().items() if limit is None or score >= limit}
        for project in [p for p in instance if p.name not in keep]:
            instance.remove(project)
    parsed = time.process_time()
    if applied in ("greedy", "greedy-threshold"):
        outcome = reference.greedy()
    elif applied == "mes":
        outcome = reference.mes()
    else:
        outcome = reference.add1()
        if applied == "mes-completed":
            outcome = reference.greedy(outcome)
        elif applied == "mes-add1-comparison":
            outcome = reference.comparison(reference.greedy(), outcome)
    counted = time.process_time()
    return {"parse_s": parsed - started, "rule_s": counted - parsed,
            "selected": Reference.ids(outcome)}


if __name__ == "__main__":
    main()
