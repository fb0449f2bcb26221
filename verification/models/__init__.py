from verification.models.franceconnect import FranceConnectLink
from verification.models.letters import Letter, LetterBatch
from verification.models.proofs import AddressProof
from verification.models.roll import RollClaim, RollEntry, RollImport

__all__ = ["AddressProof", "FranceConnectLink", "Letter", "LetterBatch", "RollClaim",
           "RollEntry", "RollImport"]
