"""Feeding the extraction: the unit directory from the database, and text from documents."""
import io
import zipfile
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import func, select

from tracker.domain.extraction import DirectoryUnit, UnitDirectory
from tracker.domain.units import UnitKind
from tracker.models import Unit, committee_members
from tracker.services import ServiceError
from tracker.services.upload_limits import check_archive, check_pdf_pages, check_text_length, limit, text_too_long


def directory_for(session, committee_code: str | None = None, committee: Unit | None = None) -> UnitDirectory:
    """The active units, with the assigning committee, its members and the scope of its groups.

    Without a committee given, the one with the most member units is taken (on a
    city installation: the city's steering committee).
    """
    units = session.scalars(select(Unit).where(Unit.is_active.is_(True)).order_by(Unit.path)).all()
    if committee is None and committee_code:
        committee = session.scalar(select(Unit).where(Unit.code == committee_code))
        if committee is None:
            raise ServiceError({"committee": _("Không có đơn vị mã %(code)s.", code=committee_code)})
    if committee is None:
        committee = session.scalar(
            select(Unit).join(committee_members, committee_members.c.committee_id == Unit.id)
            .where(Unit.kind == UnitKind.COMMITTEE.value)
            .group_by(Unit.id).order_by(func.count().desc(), Unit.id).limit(1))
    entries = [DirectoryUnit(id=u.id, name=u.name, kind=u.kind, parent_id=u.parent_id,
                             aliases=tuple(a for a in (u.short_name, u.code) if a)) for u in units]
    return UnitDirectory(
        units=entries,
        committee_id=committee.id if committee else None,
        member_ids=frozenset(m.id for m in committee.members) if committee else frozenset(),
        scope_root_id=(committee.parent_id or committee.id) if committee else None,
    )


def text_from_bytes(data: bytes, filename: str) -> str:
    """Plain text of a .txt, .docx or text-based .pdf; a clear error for anything else.

    The limits of services/upload_limits.py apply before any parser runs: the archive
    checks of a .docx, the page cap of a PDF, and the text length cap on the result."""
    suffix = Path(filename).suffix.lower()
    name = Path(filename).name
    if data.startswith(b"%PDF-"):
        from pypdf import PdfReader

        try:
            reader = PdfReader(io.BytesIO(data))
            check_pdf_pages(reader, name)
            cap, parts, total = limit("TEXT_MAX_CHARS"), [], 0
            for page in reader.pages:
                parts.append(page.extract_text() or "")
                total += len(parts[-1]) + 1
                if total > cap + 1:
                    raise text_too_long(total)
            text = "\n".join(parts)
        except ServiceError:
            raise
        except Exception:  # pypdf raises many kinds on a damaged file: all are the user's file
            raise ServiceError({"file": _("Không đọc được tệp PDF.")})
        if not text.strip():
            raise ServiceError({"file": _("Tệp PDF không có lớp chữ (có thể là bản quét). Hãy dán nội dung vào ô văn bản.")})
        return check_text_length(text)
    if data.startswith(b"PK\x03\x04"):
        import docx
        from docx.opc.exceptions import PackageNotFoundError

        check_archive(data, name, parsed=True)  # sizes and ratios before python-docx inflates anything
        try:
            document = docx.Document(io.BytesIO(data))
        except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile):
            raise ServiceError({"file": _("Không đọc được tệp Word (.docx).")})
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts.append(" | ".join(cell.text for cell in row.cells))
        return check_text_length("\n".join(parts))
    if suffix in (".txt", ".text", "") or not data[:512].count(b"\x00"):
        for encoding in ("utf-8-sig", "utf-16"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            return check_text_length(text)
    raise ServiceError({"file": _("Chỉ đọc được tệp .docx, .pdf có lớp chữ hoặc .txt.")})


def read_document(path: str) -> str:
    with open(path, "rb") as fh:
        return text_from_bytes(fh.read(), path)
