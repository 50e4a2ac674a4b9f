"""Accepting evidence and documents: size limit, type by content, generated names."""
import hashlib
import os
import secrets

from flask import current_app
from flask_babel import gettext as _

from tracker.models import Attachment
from tracker.services import ServiceError
from tracker.services.upload_limits import check_archive, clean_filename, read_small_entry, served_filename

# Office Open XML and OpenDocument are zip files; the part names tell them apart.
_ZIP_KINDS = [
    ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    ("ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
]
_ODF = {
    b"application/vnd.oasis.opendocument.text": ".odt",
    b"application/vnd.oasis.opendocument.spreadsheet": ".ods",
}

# Other spellings of a detected type's extension a name may keep.
_SPELLINGS = {".jpg": (".jpeg",), ".doc": (".xls", ".ppt", ".dot", ".xlt")}


def sniff(head: bytes, data: bytes, name: str | None = None) -> tuple[str, str] | None:
    """(content type, extension) from the file's first bytes, or None when not allowed.

    A zip-based file past the archive limits raises ServiceError (upload_limits)."""
    if head.startswith(b"%PDF-"):
        return "application/pdf", ".pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", ".png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", ".jpg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif", ".gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", ".webp"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # legacy .doc/.xls (OLE2)
        return "application/msword", ".doc"
    if head.startswith(b"PK\x03\x04"):
        # Judged by the central directory alone (refused when too big or too compressed);
        # at most a few hundred bytes of `mimetype` are inflated.
        names = {e.name for e in check_archive(data, name, parsed=False)}
        if "[Content_Types].xml" in names:
            for part, ctype, ext in _ZIP_KINDS:
                if part in names:
                    return ctype, ext
        if "mimetype" in names:
            mt = read_small_entry(data, "mimetype").strip()
            if mt in _ODF:
                return mt.decode(), _ODF[mt]
    return None


def save_upload(session, storage, user, *, directive=None, task=None, event=None) -> Attachment:
    """Check and store one uploaded file; raise ServiceError with a message the user can act on."""
    filename = clean_filename(storage.filename)[:255] or "tep-dinh-kem"
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    data = storage.stream.read(limit + 1)
    if len(data) > limit:
        raise ServiceError({"file": _("Tệp “%(name)s” vượt quá dung lượng cho phép (%(mb)d MB).",
                                      name=filename, mb=limit // (1024 * 1024))}, status=413)
    if not data:
        raise ServiceError({"file": _("Tệp “%(name)s” rỗng.", name=filename)})
    kind = sniff(data[:16], data, filename)
    if kind is None:
        raise ServiceError({"file": _(
            "Tệp “%(name)s” không phải định dạng được chấp nhận (PDF, Word, Excel, PowerPoint, ảnh).",
            name=filename)}, status=415)
    ctype, ext = kind
    # Served under the extension of the detected type: a PDF named .bat/.hta/.html is a .pdf.
    filename = served_filename(filename, ext, _SPELLINGS.get(ext, ()))
    stored = secrets.token_hex(16) + ext
    path = os.path.join(current_app.config["UPLOAD_DIR"], stored)
    with open(path, "wb") as fh:
        fh.write(data)
    att = Attachment(directive=directive, task=task, event_id=event.id if event is not None and event.id else None,
                     filename=filename, stored_name=stored, content_type=ctype, size=len(data),
                     sha256=hashlib.sha256(data).hexdigest(), uploaded_by=user)
    if event is not None and event.id is None:
        att.event = event
    session.add(att)
    return att


def download_name(att: Attachment) -> str:
    """The name an attachment is served under: cleaned, with the stored (detected) extension;
    also right for rows written before names were cleaned (a NUL, a bidi override, .bat)."""
    ext = os.path.splitext(att.stored_name)[1]
    return served_filename(att.filename, ext, _SPELLINGS.get(ext, ()))


def attachment_path(att: Attachment) -> str:
    return os.path.join(current_app.config["UPLOAD_DIR"], att.stored_name)
