"""Attached documents: the type is read from the content (magic bytes), not trusted from the
name, and the size is bounded by the charter (DOCUMENT_MAX_BYTES)."""

import io
import zipfile

from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from civic.conf import decidons_setting
from civic.errors import DomainError
from civic.images import NotAnImage, reencoded

# Extension → description shown to users.
ACCEPTED = {
    "pdf": "PDF",
    "odt": "OpenDocument texte",
    "ods": "OpenDocument tableur",
    "docx": "Word",
    "xlsx": "Excel",
    "png": "PNG",
    "jpg": "JPEG",
    "txt": "texte",
}
_OPENDOCUMENT = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
_OFFICE = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def _zip_type(head: bytes, data: bytes) -> str | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if "mimetype" in names:
            mimetype = archive.read("mimetype").strip()
            return next((ext for ext, mt in _OPENDOCUMENT.items() if mt == mimetype), None)
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    return next((ext for ext, member in _OFFICE.items() if member in names), None)


def sniff_type(data: bytes) -> str | None:
    """The document type its bytes show, or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"PK\x03\x04"):
        return _zip_type(data[:4], data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "txt" if "\x00" not in text else None


def _extension(name: str) -> str:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return "jpg" if ext == "jpeg" else ext


def document_check(upload: UploadedFile) -> tuple[str, int]:
    """Return (type, size) of an acceptable upload; refuse others with a clear reason."""
    max_bytes = decidons_setting("COMMISSIONS", "DOCUMENT_MAX_BYTES")
    size = upload.size or 0
    if size == 0:
        raise DomainError(_("Le fichier est vide."), code="empty_file", field="file")
    if size > max_bytes:
        raise DomainError(
            _("Le fichier pèse {size} Mo ; la limite est de {max} Mo.").format(
                size=round(size / 1_048_576, 1), max=round(max_bytes / 1_048_576, 1)),
            code="file_too_large", field="file")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    detected = sniff_type(data)
    accepted = ", ".join(sorted({v for v in ACCEPTED.values()}))
    if detected is None:
        raise DomainError(_("Format de fichier non accepté. Formats acceptés : {formats}.")
                          .format(formats=accepted), code="file_type_refused", field="file")
    if _extension(upload.name or "") != detected:
        raise DomainError(
            _("Le contenu du fichier ({detected}) ne correspond pas à son extension « .{ext} »."
              ).format(detected=ACCEPTED[detected], ext=_extension(upload.name or "")),
            code="file_type_mismatch", field="file")
    return detected, size


def document_checked(upload: UploadedFile) -> tuple[File, str, int]:
    """`document_check`, then a PNG or JPEG re-encoded without its metadata (civic/images.py:
    the published file carries no EXIF, no GPS, nothing appended): (file to keep, type,
    size)."""
    detected, size = document_check(upload)
    if detected not in ("png", "jpg"):
        return upload, detected, size
    try:
        kept = reencoded(upload, name=(upload.name or "image").rsplit(".", 1)[0],
                         accepted={"PNG" if detected == "png" else "JPEG"})
    except NotAnImage:
        raise DomainError(_("Cette image est illisible ou abîmée."), code="file_type_refused",
                          field="file") from None
    return kept, detected, kept.size
