"""Limits on what an uploaded file may make the server do: one rule, one place.

Every upload path goes through here before any library parses the file: evidence and
directive attachments (type detection), proposals from .docx/.pdf/.txt, the Excel/CSV task
import and the admin unit/user import.

- Zip-based files (.docx, .xlsx, .pptx, .odt, .ods) are judged by their central directory
  alone, walked here without inflating anything: number of entries, the declared
  uncompressed total, each entry's compression ratio, and only the methods Office uses
  (stored, deflate; no encryption). Python's zipfile (and so python-docx and openpyxl)
  never inflates an entry beyond its declared size, so the declared sizes checked here bound
  what those libraries can be made to inflate.
- PDFs to be read: the page tree is walked with a cap before pypdf flattens it.
- Text handed to the extraction: a length cap. Spreadsheets: caps on rows and columns.

The limits are settings (config/__init__.py); every refusal names the limit.
"""
from __future__ import annotations

import io
import re
import struct
import unicodedata
import zipfile
from dataclasses import dataclass

from flask import current_app, has_app_context
from flask_babel import gettext as _

from config import BaseConfig
from tracker.services import ServiceError

MB = 1024 * 1024

# The settings read here (defaults and meaning in config/__init__.py):
# UPLOAD_ZIP_MAX_ENTRIES, UPLOAD_ZIP_MAX_UNCOMPRESSED (archives only stored),
# PARSE_ZIP_MAX_UNCOMPRESSED (archives the server reads), UPLOAD_ZIP_MAX_RATIO and
# UPLOAD_ZIP_RATIO_MIN_BYTES (per entry), PDF_MAX_PAGES, TEXT_MAX_CHARS, IMPORT_MAX_ROWS,
# IMPORT_MAX_COLUMNS.


def limit(name: str) -> int:
    """The setting `name`, or its default outside an application (scripts, unit tests)."""
    if has_app_context():
        return int(current_app.config.get(name, getattr(BaseConfig, name)))
    return int(getattr(BaseConfig, name))


def _label(name: str | None) -> str:
    return name or _("tệp tải lên")


# -- zip archives: the central directory only -----------------------------------------------

_EOCD = struct.Struct("<4s4H2LH")            # end of central directory, 22 bytes
_EOCD64_LOCATOR = struct.Struct("<4sLQL")    # 20 bytes, right before the EOCD
_EOCD64 = struct.Struct("<4sQ2H2L4Q")        # 56 bytes
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")   # central directory header, 46 bytes
_ALLOWED_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


@dataclass(frozen=True)
class ZipEntry:
    name: str
    compressed: int
    size: int


class _Broken(Exception):
    pass


def _zip64_sizes(extra: bytes, size: int, compressed: int) -> tuple[int, int]:
    pos = 0
    while pos + 4 <= len(extra):
        tag, length = struct.unpack_from("<HH", extra, pos)
        body = extra[pos + 4:pos + 4 + length]
        if tag == 0x0001:
            values = [v for (v,) in struct.iter_unpack("<Q", body[:len(body) // 8 * 8])]
            if size == 0xFFFFFFFF:
                if not values:
                    raise _Broken
                size = values.pop(0)
            if compressed == 0xFFFFFFFF:
                if not values:
                    raise _Broken
                compressed = values.pop(0)
            return size, compressed
        pos += 4 + length
    raise _Broken


def zip_entries(data: bytes, name: str | None = None) -> list[ZipEntry]:
    """The entries of a zip file read from its central directory, checked against the limits.

    Nothing is inflated. Raises ServiceError (413: too big/too many/too compressed,
    415: broken or a method Office files do not use)."""
    max_entries = limit("UPLOAD_ZIP_MAX_ENTRIES")
    try:
        entries = _walk_central_directory(data, max_entries)
    except _Broken:
        raise ServiceError({"file": _("Tệp “%(name)s” bị hỏng hoặc là tệp nén không được hỗ trợ.",
                                      name=_label(name))}, status=415)
    except _TooMany:
        raise ServiceError({"file": _("Tệp “%(name)s” có quá nhiều thành phần nén (tối đa %(n)d).",
                                      name=_label(name), n=max_entries)}, status=413)
    ratio, floor = limit("UPLOAD_ZIP_MAX_RATIO"), limit("UPLOAD_ZIP_RATIO_MIN_BYTES")
    for e in entries:
        if e.size > floor and e.size > ratio * max(e.compressed, 1):
            raise ServiceError({"file": _(
                "Tệp “%(name)s” bị từ chối: thành phần “%(part)s” nén với tỉ lệ hơn %(ratio)d lần "
                "(dấu hiệu của tệp nén độc hại).", name=_label(name), part=e.name[:80], ratio=ratio)}, status=413)
    return entries


class _TooMany(Exception):
    pass


def _end_of_central_directory(data: bytes) -> tuple[int, int, int]:
    """(entry count, central directory size, where the directory ends) from the end record,
    or the zip64 one when a locator points to it."""
    # The end record: at the very end (no comment), else the last signature in the
    # final 64 KiB, as zipfile looks for it.
    if len(data) >= _EOCD.size and data[-_EOCD.size:-_EOCD.size + 4] == b"PK\x05\x06":
        pos = len(data) - _EOCD.size
    else:
        pos = data.rfind(b"PK\x05\x06", max(0, len(data) - _EOCD.size - 65535))
    if pos < 0 or pos + _EOCD.size > len(data):
        raise _Broken
    _sig, _disk, _disk_cd, _n_disk, total, size_cd, _offset, _comment = _EOCD.unpack_from(data, pos)
    end = pos
    locator = pos - _EOCD64_LOCATOR.size
    if locator >= 0 and data[locator:locator + 4] == b"PK\x06\x07":
        start64 = locator - _EOCD64.size
        if start64 < 0 or data[start64:start64 + 4] != b"PK\x06\x06":
            raise _Broken
        fields = _EOCD64.unpack_from(data, start64)
        total, size_cd, end = fields[7], fields[8], start64
    return total, size_cd, end


def _walk_central_directory(data: bytes, max_entries: int) -> list[ZipEntry]:
    total, size_cd, end = _end_of_central_directory(data)
    if total > max_entries:
        raise _TooMany
    start = end - size_cd
    if start < 0:
        raise _Broken
    entries: list[ZipEntry] = []
    p = start
    while p < end:
        if len(entries) >= max_entries:
            raise _TooMany
        if p + _CENTRAL.size > end or data[p:p + 4] != b"PK\x01\x02":
            raise _Broken
        fields = _CENTRAL.unpack_from(data, p)
        flags, method, compressed, size, name_len, extra_len, comment_len = (
            fields[5], fields[6], fields[10], fields[11], fields[12], fields[13], fields[14])
        name_end = p + _CENTRAL.size + name_len
        extra = data[name_end:name_end + extra_len]
        if name_end + extra_len + comment_len > end:
            raise _Broken
        if flags & 0x1 or method not in _ALLOWED_METHODS:
            raise _Broken  # encrypted, or bzip2/lzma/...: no Office file needs them
        if size == 0xFFFFFFFF or compressed == 0xFFFFFFFF:
            size, compressed = _zip64_sizes(extra, size, compressed)
        raw_name = data[p + _CENTRAL.size:name_end]
        entry_name = raw_name.decode("utf-8" if flags & 0x800 else "cp437", "replace")
        entries.append(ZipEntry(entry_name, compressed, size))
        p = name_end + extra_len + comment_len
    if p != end:
        raise _Broken
    # What zipfile (and so python-docx and openpyxl) will see must be what was checked.
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise _Broken
    if [(i.file_size, i.compress_size) for i in infos] != [(e.size, e.compressed) for e in entries]:
        raise _Broken
    return entries


def check_archive(data: bytes, name: str | None = None, *, parsed: bool) -> list[ZipEntry]:
    """The checks of a zip-based upload, with the uncompressed total for a file that is
    only stored (`parsed=False`) or one the server reads (`parsed=True`)."""
    entries = zip_entries(data, name)
    key = "PARSE_ZIP_MAX_UNCOMPRESSED" if parsed else "UPLOAD_ZIP_MAX_UNCOMPRESSED"
    cap = limit(key)
    if sum(e.size for e in entries) > cap:
        raise ServiceError({"file": _(
            "Tệp “%(name)s” bị từ chối: khi giải nén lớn hơn %(mb)d MB (giới hạn cho phép).",
            name=_label(name), mb=cap // MB)}, status=413)
    return entries


def read_small_entry(data: bytes, part: str, size: int = 256) -> bytes:
    """At most `size` bytes of one entry (e.g. an OpenDocument's `mimetype`)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf, zf.open(part) as fh:
            return fh.read(size)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, NotImplementedError):
        return b""


# -- PDF page tree -------------------------------------------------------------------------

def check_pdf_pages(reader, name: str | None = None) -> int:
    """Count the pages of a pypdf reader's page tree, refusing past the cap without ever
    visiting more nodes than the cap allows (the tree is walked as pypdf flattens it:
    a subtree referenced twice counts twice)."""
    cap = limit("PDF_MAX_PAGES")
    budget = 2 * cap + 64  # page tree nodes visited, pages and intermediate nodes together
    root = reader.root_object["/Pages"].get_object()  # as pypdf itself finds it
    stack, pages, visited = [root], 0, 0
    while stack:
        node = stack.pop()
        visited += 1
        if visited > budget or pages > cap:
            break
        kind = node.get("/Type")
        if kind is None:
            kind = "/Pages" if "/Kids" in node else "/Page"
        if kind == "/Pages":
            kids = node["/Kids"]
            if len(kids) > budget:
                visited = budget + 1
                break
            stack.extend(k.get_object() for k in reversed(kids) if k.get_object())
        elif kind == "/Page":
            pages += 1
    if pages > cap or visited > budget:
        raise ServiceError({"file": _("Tệp PDF “%(name)s” có quá nhiều trang (tối đa %(n)d trang).",
                                      name=_label(name), n=cap)}, status=422)
    return pages


# -- text and tables ------------------------------------------------------------------------

def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def text_too_long(length: int) -> ServiceError:
    return ServiceError({"text": _(
        "Văn bản dài hơn %(max)s ký tự (có %(n)s ký tự), vượt giới hạn cho phép. "
        "Hãy chia văn bản thành nhiều lần phân tích.",
        n=_thousands(length), max=_thousands(limit("TEXT_MAX_CHARS")))}, status=422)


def check_text_length(text: str) -> str:
    """Refuse text longer than the extraction accepts (rather than cut it silently)."""
    if len(text) > limit("TEXT_MAX_CHARS"):
        raise text_too_long(len(text))
    return text


def too_many_rows_error() -> ServiceError:
    return ServiceError({"file": _("Tệp có quá nhiều dòng (tối đa %(n)d).", n=limit("IMPORT_MAX_ROWS"))},
                        status=422)


def check_columns(values, row: int) -> None:
    """A row with more filled columns than the cap is refused (trailing empty cells, such as
    formatting that reaches far right, do not count)."""
    cap = limit("IMPORT_MAX_COLUMNS")
    if len(values) <= cap:
        return
    last = len(values)
    while last > cap and values[last - 1] in (None, ""):
        last -= 1
    if last > cap:
        raise ServiceError({"file": _("Dòng %(row)d có quá nhiều cột (tối đa %(n)d cột).", row=row, n=cap)},
                           status=422)


# -- served names ---------------------------------------------------------------------------

# Controls (NUL, newlines), format characters (bidi overrides and isolates, zero-width
# joiners), surrogates, line and paragraph separators.
_STRIP_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"}
_EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,6}$")


def clean_filename(filename: str | None) -> str:
    """A name without path, control or bidi characters."""
    name = unicodedata.normalize("NFC", (filename or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(ch for ch in name if unicodedata.category(ch) not in _STRIP_CATEGORIES)
    return " ".join(name.split())  # any remaining odd spaces become one plain space


def served_filename(filename: str | None, ext: str, allowed: tuple[str, ...] = ()) -> str:
    """`filename` cleaned and ending in the extension of the type detected by content:
    a name already ending in it (or in an `allowed` spelling such as .jpeg) is kept,
    another extension is replaced (“minh-chung.bat” -> “minh-chung.pdf”) and a name
    without one gets it appended."""
    name = clean_filename(filename)
    keep = {ext.lower(), *(a.lower() for a in allowed)}
    m = _EXTENSION.search(name)
    if m and m.group(0).lower() in keep:
        stem, suffix = name[:m.start()], m.group(0)
    else:
        stem, suffix = (name[:m.start()] if m else name), ext
    stem = stem.strip(" .") or "tep-dinh-kem"
    return stem[:255 - len(suffix)] + suffix
