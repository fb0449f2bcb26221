"""Where proofs of address and identity documents wait for a clerk: the private storage of
commissions' documents (outside MEDIA_ROOT, never served publicly), in a folder of their own.
They are only read through the clerks' review page and deleted once reviewed."""

import uuid

from commissions.storage import private_storage

__all__ = ["private_storage", "proof_path"]


def proof_path(instance: object, filename: str) -> str:
    """A random name with the type read from the content: the name a resident chose is not kept."""
    ext = filename.rsplit(".", 1)[-1].lower()[:5] if "." in filename else "bin"
    return f"verification/proofs/{uuid.uuid4().hex}.{ext}"
