"""Evidence files: a private storage and a check of what a file really is.

Evidence (certificates, screenshots of the national platform) is personal data, so it is
never stored under MEDIA_ROOT, whose files the web server or a CDN may serve to anyone with
the URL. It lives under `settings.PRIVATE_MEDIA_ROOT`, in a storage that has no URL at all,
with random file names; `views.declaration_evidence` streams it after checking who asks.

A file is accepted by its content, never by the name or the browser's content type: the
first bytes must be those of a PDF, JPEG, PNG or WebP (the `filetype` package, already a
dependency of Wagtail's image library Willow, reads the magic numbers; no system libmagic),
an image must also open and verify in Pillow, and the extension of its name must agree with
what it is, so "chung-chi.pdf" that is really a PNG or a renamed text file is refused."""

import os
import secrets
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 5 * 1024 * 1024


def evidence_max_bytes() -> int:
    return int(getattr(settings, "DECLARATION_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


@dataclass(frozen=True)
class EvidenceType:
    content_type: str
    extension: str
    label: str
    is_image: bool


PDF = EvidenceType("application/pdf", "pdf", "PDF", False)
JPEG = EvidenceType("image/jpeg", "jpg", "JPEG", True)
PNG = EvidenceType("image/png", "png", "PNG", True)
WEBP = EvidenceType("image/webp", "webp", "WebP", True)
TYPES = {t.content_type: t for t in (PDF, JPEG, PNG, WEBP)}
# What a name may end with, for each type; a name says what it is through these only.
EXTENSIONS = {"pdf": PDF, "jpg": JPEG, "jpeg": JPEG, "jpe": JPEG, "png": PNG, "webp": WEBP}
PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP"}


@deconstructible(path="citizen_profiles.declarations.evidence.PrivateEvidenceStorage")
class PrivateEvidenceStorage(FileSystemStorage):
    """Local files under `settings.PRIVATE_MEDIA_ROOT`, read at each use (so tests and
    deployments can move it), with no public URL."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Evidence files have no public URL; use the evidence view.")


private_evidence_storage = PrivateEvidenceStorage()


def get_private_storage():
    """The storage of `Declaration.evidence_file` (a callable, so migrations name it)."""
    return private_evidence_storage


def evidence_upload_to(instance, filename: str) -> str:
    """A random name (128 bits): the original name, which may hold the resident's name, is
    not kept, and nobody can guess another file's name."""
    ext = os.path.splitext(filename)[1].lower() or ".bin"
    return f"evidence/{timezone.now():%Y/%m}/{secrets.token_hex(16)}{ext}"


def _extension(name: str) -> str:
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def sniff_evidence(upload) -> EvidenceType:
    """What `upload` (a Django File) really is, or ValidationError (key `evidence_file`)
    with a message that says why. Leaves the file positioned at its start."""

    def refuse(message):
        raise ValidationError({"evidence_file": message})

    max_bytes = evidence_max_bytes()
    size = upload.size
    if size is None or size > max_bytes:
        refuse(
            _("Tệp minh chứng quá lớn (%(size)s MB); tối đa %(max)s MB.")
            % {"size": f"{(size or 0) / 1048576:.1f}", "max": f"{max_bytes / 1048576:g}"}
        )
    if size == 0:
        refuse(_("Tệp minh chứng trống."))
    named = EXTENSIONS.get(_extension(upload.name))
    if named is None:
        refuse(
            _(
                "Chỉ nhận tệp PDF, JPEG, PNG hoặc WebP (tên tệp kết thúc bằng .pdf, .jpg, "
                ".png, .webp)."
            )
        )

    upload.seek(0)
    head = upload.read(262)
    upload.seek(0)
    guessed = filetype.guess(head)
    actual = TYPES.get(guessed.mime) if guessed else None
    if actual is None:
        refuse(
            _("Tệp “%(name)s” không phải là tệp %(label)s thật (nội dung không đúng định dạng).")
            % {"name": os.path.basename(upload.name), "label": named.label}
        )
    if actual is not named:
        refuse(
            _(
                "Tên tệp ghi là %(named)s nhưng nội dung là %(actual)s. Hãy đổi đúng tên "
                "hoặc chọn tệp khác."
            )
            % {"named": named.label, "actual": actual.label}
        )
    if actual is PDF:
        _check_pdf(upload, size, refuse)
    else:
        _check_image(upload, actual, refuse)
    upload.seek(0)
    return actual


def _check_pdf(upload, size, refuse) -> None:
    # A PDF ends with its trailer: a header alone (a renamed fragment) is not a document.
    upload.seek(max(0, size - 2048))
    tail = upload.read()
    upload.seek(0)
    if b"%%EOF" not in tail:
        refuse(_("Tệp PDF bị hỏng hoặc không đầy đủ."))


def _check_image(upload, actual: EvidenceType, refuse) -> None:
    from PIL import Image

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            fmt = image.format
            width, height = image.size
            image.verify()
    except Exception:  # Pillow raises many kinds (SyntaxError, OSError, bomb warnings)
        refuse(_("Ảnh minh chứng bị hỏng, không mở được."))
    finally:
        upload.seek(0)
    if fmt != PILLOW_FORMATS[actual] or width * height > 50_000_000:
        refuse(_("Ảnh minh chứng bị hỏng, không mở được."))
