"""The cost of ballot secrecy: ballots/s and latency before and after, in the same run.

    .venv/bin/python bench/bench_secrecy.py [--baseline REV] [--duration 20] [--rounds 2]

Checks out `--baseline` (default: the last revision whose ballots named their voter) in a
temporary git worktree beside this one, then runs the HTTP benchmark (`bench_http.py`: the
same 20,000 residents with tokens, the same wrk load on `POST …/ballot/cast/`) against that
code and against this one, alternately, `--rounds` times each, on fresh scratch databases.
Prints, per code, the best and worst round of ballots/s, p50 and p99, and the ratio of this
code to the baseline. The baseline uses this checkout's virtualenv: its dependencies are the
same.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import stack  # noqa: E402

# The revision before ballots were stored secret (the parent of that change on main).
DEFAULT_BASELINE = "8b46803"
ROW = re.compile(r"^\| POST …/ballot/cast/ \| (?P<per_s>[\d.]+) \| (?P<p50>[\d.]+) \| "
                 r"(?P<p99>[\d.]+) \|")


def _worktree(revision: str) -> Path:
    where = Path(tempfile.mkdtemp(prefix="decidons-baseline-")) / "tree"
    subprocess.run(["git", "-C", str(stack.ROOT), "worktree", "add", "--detach", str(where),
                    revision], check=True, capture_output=True)
    (where / ".venv").symlink_to(stack.VENV.parent)
    return where


def _ballots(tree: Path, duration: int, voters: int) -> dict[str, float]:
    """One run of the HTTP benchmark of `tree`; its ballot row as numbers."""
    done = subprocess.run(
        [str(stack.VENV / "python"), str(tree / "bench" / "bench_http.py"), "--duration",
         str(duration), "--voters", str(voters)], cwd=tree, check=True, text=True,
        stdout=subprocess.PIPE, env=os.environ | {"PYTHONPATH": str(tree)})
    for line in done.stdout.splitlines():
        if match := ROW.match(line):
            return {k: float(v) for k, v in match.groupdict().items()}
    sys.exit(f"no ballot row in the output of {tree}:\n{done.stdout}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", default=DEFAULT_BASELINE)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--voters", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    baseline = _worktree(args.baseline)
    runs: dict[str, list[dict[str, float]]] = {"baseline": [], "secret": []}
    try:
        for _round in range(args.rounds):
            runs["baseline"].append(_ballots(baseline, args.duration, args.voters))
            runs["secret"].append(_ballots(stack.ROOT, args.duration, args.voters))
    finally:
        subprocess.run(["git", "-C", str(stack.ROOT), "worktree", "remove", "--force",
                        str(baseline)], check=False, capture_output=True)
        shutil.rmtree(baseline.parent, ignore_errors=True)
    best = {k: max(v, key=lambda r: r["per_s"]) for k, v in runs.items()}
    worst = {k: min(v, key=lambda r: r["per_s"]) for k, v in runs.items()}
    print(f"`POST /api/v1/budgets/N/ballot/cast/`, {args.voters} residents, wrk {args.duration} s "
          f"per round, {args.rounds} rounds per code, alternating; baseline = {args.baseline} "
          f"(ballots naming their voter), secret = this code.\n")
    print("| code | ballots/s (best, worst) | p50 ms (best round) | p99 ms (best round) |")
    print("|---|---:|---:|---:|")
    for name in ("baseline", "secret"):
        print(f"| {name} | {best[name]['per_s']:.0f}, {worst[name]['per_s']:.0f} | "
              f"{best[name]['p50']:.1f} | {best[name]['p99']:.1f} |")
    ratio = best["secret"]["per_s"] / best["baseline"]["per_s"]
    p99 = best["secret"]["p99"] / best["baseline"]["p99"]
    print(f"\nSecret ÷ baseline (best rounds): ballots/s × {ratio:.2f}, p99 × {p99:.2f}.")


if __name__ == "__main__":
    main()
