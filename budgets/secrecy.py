"""The ballot box's names for its secrets: voter and receipt tags, receipt codes.

Shared by the services that write ballots and the selectors that read a voter's own ballot;
see civic/secrecy.py for what a tag is and docs/ballot-secrecy.md for the whole design.
"""

from dataclasses import dataclass

from civic.secrecy import person_tag

# Crockford's base 32: no I, L, O or U, so a receipt read aloud or copied by hand survives.
RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECEIPT_LENGTH = 12  # 60 random bits


@dataclass(frozen=True)
class VoterBallot:
    """What a voter may see of their own ballot: its receipt and its choices."""

    budget_id: int
    receipt: str
    choices: dict[int, int]
    replaced: bool = False

    @property
    def receipt_display(self) -> str:
        return receipt_format(self.receipt)


def voter_tag(*, budget_id: int, voter_id: int) -> str:
    """The tag on the voter's ballot row."""
    return person_tag(scope=f"ballot:{budget_id}", person_id=voter_id)


def holder_tag(*, budget_id: int, voter_id: int) -> str:
    """The tag on the voter's receipt row: another scope, so the two rows cannot be joined."""
    return person_tag(scope=f"receipt:{budget_id}", person_id=voter_id)


def receipt_format(code: str) -> str:
    """"K7M29QXD4TPA" → "K7M2-9QXD-4TPA", as printed and shown."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def receipt_normalise(typed: str) -> str:
    """A typed receipt back to its stored form: case, dashes, spaces and look-alikes."""
    text = "".join(ch for ch in typed.upper() if ch.isalnum())
    return text.translate(str.maketrans("OIL", "011"))
