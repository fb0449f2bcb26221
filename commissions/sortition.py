"""Drawing lots, reproducibly: anyone with the published seed and list gets the same members.

Method `sha256-rank-v1`:
1. The candidates are the eligible applications, listed by ascending application id.
2. Each candidate's key is SHA-256 of the UTF-8 bytes of "<seed>:<application id>", in hex.
3. Candidates are ranked by ascending key (ties, practically impossible, by application id).
4. The first N of the ranking (N = free seats) are drawn; the rest, in order, are the reserve
   from which vacancies are refilled.

The seed is 32 random bytes (hex) from the operating system, published with the list before
anyone can know the result. To check a draw by hand:

    python3 -c 'import hashlib,sys; s=sys.argv[1]; ids=map(int, sys.argv[2:]);
    print(sorted(ids, key=lambda i: (hashlib.sha256(f"{s}:{i}".encode()).hexdigest(), i)))' \
        <seed> <id> <id> ...
"""

import hashlib
import secrets
from collections.abc import Iterable

METHOD = "sha256-rank-v1"


def sortition_seed() -> str:
    return secrets.token_hex(32)


def sortition_key(seed: str, candidate_id: int) -> str:
    return hashlib.sha256(f"{seed}:{candidate_id}".encode()).hexdigest()


def sortition_rank(seed: str, candidate_ids: Iterable[int]) -> list[int]:
    """Every candidate, in drawn order."""
    ids = sorted(set(candidate_ids))
    return sorted(ids, key=lambda pk: (sortition_key(seed, pk), pk))


def sortition_draw(seed: str, candidate_ids: Iterable[int], seats: int) -> list[int]:
    """The candidates drawn for `seats` seats."""
    return sortition_rank(seed, candidate_ids)[: max(seats, 0)]
