"""Where attached documents are stored: outside MEDIA_ROOT, so they are only ever served by
the views that check who may read them (a closed meeting's documents stay private)."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage

from civic.conf import decidons_setting


def private_storage() -> FileSystemStorage:
    media = Path(settings.MEDIA_ROOT)
    location = decidons_setting("PRIVATE_MEDIA_ROOT") or media.with_name(
        media.name + "-private")
    return FileSystemStorage(location=location, base_url=None)


def document_path(instance: object, filename: str) -> str:
    """A random name keeps the extension only: file names users chose are never trusted."""
    ext = filename.rsplit(".", 1)[-1].lower()[:5] if "." in filename else "bin"
    return f"commissions/{type(instance).__name__.lower()}/{uuid.uuid4().hex}.{ext}"
