"""The pabulib files shared beside the repository, in `<repo root>/../shared/pabulib`.

They are read in place (never copied into the repository): see their PROVENANCE.md.
"""

import json
from functools import cache
from pathlib import Path

from budgets.tally import Instance, read_pb

REPO_ROOT = Path(__file__).resolve().parents[3]
PABULIB = REPO_ROOT.parent / "shared" / "pabulib"


@cache
def reference() -> dict:
    """`reference_outcomes.json`: pabutools 1.2.3's outcomes for every file and rule."""
    return json.loads((PABULIB / "reference_outcomes.json").read_text(encoding="utf-8"))


def file_names() -> list[str]:
    return sorted(reference()["instances"])


@cache
def instance(name: str) -> Instance:
    return read_pb(PABULIB / name)
