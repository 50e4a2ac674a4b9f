"""Feeding the extraction: the unit directory from the database, and text from documents."""
import io
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import func, select

from tracker.domain.extraction import DirectoryUnit, UnitDirectory
from tracker.domain.units import UnitKind
from tracker.models import Unit, committee_members
from tracker.services import ServiceError


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
    """Plain text of a .txt, .docx or text-based .pdf; a clear error for anything else."""
    suffix = Path(filename).suffix.lower()
    if data.startswith(b"%PDF-"):
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            reader = PdfReader(io.BytesIO(data))
            text = "\n".join((page.extract_text() or "") for page in reader.pages)
        except (PdfReadError, ValueError, KeyError):
            raise ServiceError({"file": _("Không đọc được tệp PDF.")})
        if not text.strip():
            raise ServiceError({"file": _("Tệp PDF không có lớp chữ (có thể là bản quét). Hãy dán nội dung vào ô văn bản.")})
        return text
    if data.startswith(b"PK\x03\x04"):
        import docx
        from docx.opc.exceptions import PackageNotFoundError

        try:
            document = docx.Document(io.BytesIO(data))
        except (PackageNotFoundError, KeyError, ValueError):
            raise ServiceError({"file": _("Không đọc được tệp Word (.docx).")})
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts.append(" | ".join(cell.text for cell in row.cells))
        return "\n".join(parts)
    if suffix in (".txt", ".text", "") or not data[:512].count(b"\x00"):
        for encoding in ("utf-8-sig", "utf-16"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise ServiceError({"file": _("Chỉ đọc được tệp .docx, .pdf có lớp chữ hoặc .txt.")})


def read_document(path: str) -> str:
    with open(path, "rb") as fh:
        return text_from_bytes(fh.read(), path)
