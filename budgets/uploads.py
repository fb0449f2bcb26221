"""Photo uploads: checked by content (not by the name the browser sends), size-capped."""

import uuid

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from civic.conf import decidons_setting
from civic.errors import DomainError

# Leading bytes of the formats every phone and browser can show.
SIGNATURES = (
    (b"\xff\xd8\xff", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
)


def _kind_of(head: bytes) -> str | None:
    for signature, extension in SIGNATURES:
        if head.startswith(signature):
            return extension
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def photo_checked(upload: UploadedFile, *, field: str = "photo") -> UploadedFile:
    """Refuse files over the size cap or that are not JPEG, PNG or WebP; rename randomly."""
    limit = decidons_setting("BUDGETS", "PHOTO_MAX_BYTES")
    if upload.size is None or upload.size > limit:
        raise DomainError(_("La photo dépasse {mb} Mo.").format(mb=limit // (1024 * 1024)),
                          code="file_too_large", field=field)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    extension = _kind_of(head)
    if extension is None:
        raise DomainError(_("La photo doit être une image JPEG, PNG ou WebP."),
                          code="invalid_file_type", field=field)
    # The leading bytes can be right and the rest missing or damaged: decode it once.
    try:
        with Image.open(upload) as image:
            image.verify()
    except (OSError, SyntaxError, ValueError, UnidentifiedImageError, Image.DecompressionBombError):
        raise DomainError(_("La photo est illisible : le fichier est abîmé ou incomplet. "
                            "Essayez avec une autre photo."),
                          code="invalid_image", field=field) from None
    finally:
        upload.seek(0)
    # A random name: the original may reveal personal details or collide.
    upload.name = f"{uuid.uuid4().hex}.{extension}"
    return upload
