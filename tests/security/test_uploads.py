"""Uploaded photos are re-encoded with Pillow: their metadata (EXIF, GPS) never reaches the
public file, and what is not really an image is refused by its content (issue 12)."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from budgets.uploads import photo_checked
from civic.errors import DomainError

GPS_IFD = 0x8825


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "TéléphoneCorp"  # Make
    exif[0x0110] = "Modèle 12"  # Model
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (44.0, 7.0, 30.0), 3: "E", 4: (4.0, 4.0, 50.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def _stored(upload) -> bytes:
    upload.seek(0)
    return upload.read()


def test_a_photo_loses_its_gps_position_and_camera_details():
    original = _jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the test's own check
    # when it is uploaded
    kept = _stored(photo_checked(SimpleUploadedFile("parc.jpg", original)))
    # then the stored file is still a JPEG of the same size, with no EXIF at all
    image = Image.open(io.BytesIO(kept))
    assert image.format == "JPEG" and image.size == (40, 30)
    assert not image.getexif()
    assert b"Exif" not in kept and "TéléphoneCorp".encode() not in kept


def test_a_polyglot_keeps_only_its_picture():
    # given a real PNG with a ZIP archive appended (a file that is two things at once)
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 0, 255)).save(out, "PNG")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("index.html", "<script>alert(1)</script>")
    polyglot = out.getvalue() + archive.getvalue()
    # when it is uploaded, then only the decoded picture is kept
    kept = _stored(photo_checked(SimpleUploadedFile("x.png", polyglot)))
    assert b"<script>" not in kept and b"PK\x03\x04" not in kept
    assert Image.open(io.BytesIO(kept)).format == "PNG"


@pytest.mark.django_db
def test_a_picture_published_as_a_meeting_document_loses_its_gps_position(clerk):
    from commissions.services.meetings import meeting_document_add
    from commissions.tests.factories import MeetingFactory

    # given a meeting, and a phone photo of the room with its position
    meeting = MeetingFactory()
    # when a clerk attaches it
    document = meeting_document_add(meeting=meeting, title="La salle", actor=clerk,
                                    upload=SimpleUploadedFile("salle.jpg", _jpeg_with_gps()))
    # then the published file is the picture without any EXIF
    document.file.open("rb")
    kept = document.file.read()
    assert document.file_type == "jpg" and document.size == len(kept)
    assert not Image.open(io.BytesIO(kept)).getexif() and b"Exif" not in kept


@pytest.mark.parametrize("content", [
    b"\xff\xd8\xff\xe0" + b"<html><script>alert(1)</script></html>" * 10,
    b"\x89PNG\r\n\x1a\n" + b"not really a png" * 10,
    b"GIF89a" + b"\x00" * 40,
    b"%PDF-1.7 fake",
])
def test_what_only_looks_like_an_image_is_refused_next_to_the_field(content):
    with pytest.raises(DomainError) as refused:
        photo_checked(SimpleUploadedFile("photo.jpg", content))
    assert refused.value.field == "photo"
