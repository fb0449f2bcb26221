"""Pictures people upload, decoded and re-encoded with Pillow before anything keeps them.

What is kept is only the picture Pillow decoded, written anew: no EXIF (a phone's GPS
position, its model, the date), no comment, nothing appended after the image (a polyglot's
archive or script). A file Pillow cannot decode in one of the accepted formats is refused,
whatever its name or first bytes say. The EXIF orientation is applied to the pixels first, so
the picture stays the right way up without it. Used by the budgets' photos
(budgets/uploads.py) and the commissions' published documents (commissions/files.py).
"""

import io
import warnings
from typing import IO, Any

from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow format → (extension, save options).
FORMATS: dict[str, tuple[str, dict[str, Any]]] = {
    "JPEG": ("jpg", {"quality": 88, "optimize": True}),
    "PNG": ("png", {"optimize": True}),
    "WEBP": ("webp", {"quality": 88}),
}
# A picture of more pixels than this is refused (a "decompression bomb" would fill the memory).
MAX_PIXELS = 50_000_000


class NotAnImage(ValueError):
    """The bytes do not decode as a picture of an accepted format."""


def _decoded(source: IO[bytes], accepted: set[str]) -> tuple[Image.Image, str]:
    source.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(source)
            kind = image.format or ""
            if kind not in accepted or image.width * image.height > MAX_PIXELS:
                raise NotAnImage(kind)
            image.load()  # decodes every pixel: a truncated or fake file fails here
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise NotAnImage(str(exc)) from None
    return image, kind


def reencoded(source: IO[bytes], *, name: str, accepted: set[str] | None = None) -> ContentFile:
    """`source` re-encoded without its metadata, as `name` + the format's extension; raises
    NotAnImage when it does not decode as one of `accepted` (default: JPEG, PNG, WebP)."""
    image, kind = _decoded(source, accepted or set(FORMATS))
    image = ImageOps.exif_transpose(image)
    if kind == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    extension, options = FORMATS[kind]
    out = io.BytesIO()
    image.save(out, kind, **options)  # no exif=, no icc_profile=, no pnginfo=: none is kept
    return ContentFile(out.getvalue(), name=f"{name}.{extension}")
