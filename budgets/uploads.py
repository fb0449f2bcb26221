"""Photo uploads: decoded and re-encoded with Pillow (civic/images.py: no EXIF, no GPS,
nothing appended; what does not decode is refused), size-capped, renamed at random."""

import uuid

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from civic.conf import decidons_setting
from civic.errors import DomainError
from civic.images import NotAnImage, reencoded


def photo_checked(upload: UploadedFile, *, field: str = "photo") -> ContentFile:
    """The upload re-encoded without its metadata, under a random name; or a DomainError."""
    limit = decidons_setting("BUDGETS", "PHOTO_MAX_BYTES")
    if upload.size is None or upload.size > limit:
        raise DomainError(_("La photo dépasse {mb} Mo.").format(mb=limit // (1024 * 1024)),
                          code="file_too_large", field=field)
    try:
        # A random name: the original may reveal personal details or collide.
        return reencoded(upload, name=uuid.uuid4().hex)
    except NotAnImage:
        raise DomainError(_("La photo doit être une image JPEG, PNG ou WebP."),
                          code="invalid_file_type", field=field) from None
