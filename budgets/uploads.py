"""Photo uploads: decoded and re-encoded with Pillow, size-capped, renamed at random.

What is kept is only the picture Pillow decoded, written anew: no EXIF (a phone's GPS
position, its model, the date), no comment, nothing appended after the image (a polyglot's
archive or script). A file Pillow cannot decode as a JPEG, PNG or WebP picture is refused,
whatever its name or first bytes say. The EXIF orientation is applied to the pixels first, so
the photo stays the right way up without it.
"""

import io
import uuid
import warnings

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from budgets.conf import budget_setting
from civic.errors import DomainError

# Pillow format → (extension, save options).
FORMATS = {
    "JPEG": ("jpg", {"quality": 88, "optimize": True}),
    "PNG": ("png", {"optimize": True}),
    "WEBP": ("webp", {"quality": 88}),
}
# A photo of more pixels than this is refused (a "decompression bomb" would fill the memory).
MAX_PIXELS = 50_000_000


def _not_a_photo(field: str) -> DomainError:
    return DomainError(_("La photo doit être une image JPEG, PNG ou WebP."),
                       code="invalid_file_type", field=field)


def _decoded(upload: UploadedFile, field: str) -> tuple[Image.Image, str]:
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            kind = image.format
            if kind not in FORMATS or image.width * image.height > MAX_PIXELS:
                raise _not_a_photo(field)
            image.load()  # decodes every pixel: a truncated or fake file fails here
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _not_a_photo(field) from None
    return image, kind


def photo_checked(upload: UploadedFile, *, field: str = "photo") -> ContentFile:
    """The upload re-encoded without its metadata, under a random name; or a DomainError."""
    limit = budget_setting("PHOTO_MAX_BYTES")
    if upload.size is None or upload.size > limit:
        raise DomainError(_("La photo dépasse {mb} Mo.").format(mb=limit // (1024 * 1024)),
                          code="file_too_large", field=field)
    image, kind = _decoded(upload, field)
    image = ImageOps.exif_transpose(image)
    if kind == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    extension, options = FORMATS[kind]
    out = io.BytesIO()
    image.save(out, kind, **options)  # no exif=, no icc_profile=, no pnginfo=: none is kept
    # A random name: the original may reveal personal details or collide.
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")
