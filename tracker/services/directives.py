"""Recording a directive: validate its number and symbol, refuse duplicates."""
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from tracker.cache import bump_data_version
from tracker.domain.docnumber import DocNumberError, numbering_period, parse_doc_number
from tracker.domain.roles import Action
from tracker.domain.text import fold, is_blank
from tracker.domain.workflow import DirectiveKind
from tracker.models import Directive, Unit, User
from tracker.services import ServiceError, require

DOC_NUMBER_MESSAGES = {
    "empty": _l("Hãy nhập số, ký hiệu văn bản."),
    "malformed": _l("Số, ký hiệu không đúng dạng. Ví dụ: 154-QĐ/BCĐ (văn bản Đảng) hoặc 05/QĐ-UBND (văn bản Nhà nước)."),
    "unknown_type": _l("Không nhận ra loại văn bản trong ký hiệu (ví dụ QĐ, CT, KL, TB, KH)."),
    "bad_number": _l("Số văn bản phải là số nguyên dương."),
}


def doc_number_message(code: str) -> str:
    return str(DOC_NUMBER_MESSAGES.get(code, DOC_NUMBER_MESSAGES["malformed"]))


@dataclass
class DirectiveInput:
    kind: str
    title: str
    issued_on: date | None
    issuer_unit_id: int | None
    symbol: str | None = None
    signer: str | None = None
    body: str = ""


def load_directive_for(session, user: User, directive_id: int) -> Directive:
    """The directive if the user may see it; another body's directive is simply not found."""
    directive = session.get(Directive, directive_id) if 0 < directive_id < 2**31 else None
    if directive is None:
        raise ServiceError(_("Không tìm thấy."), 404)
    require(user, Action.VIEW_DIRECTIVE, directive)
    return directive


def record_directive(session, user: User, data: DirectiveInput, *, files=()) -> Directive:
    """Record a directive of the user's body with its attached files, and commit."""
    from tracker.services.uploads import save_upload

    require(user, Action.CREATE_DIRECTIVE)
    directive = add_directive(session, user, data)
    for storage in files:
        if storage and storage.filename:
            save_upload(session, storage, user, directive=directive)
    bump_data_version(session, structure=True)
    session.commit()
    return directive


def add_directive(session, user: User, data: DirectiveInput, *, owner: Unit | None = None) -> Directive:
    """Validate and add a directive; the calling use case has checked the actor and commits."""
    from tracker.queries.units import assignable_units

    errors: dict[str, str] = {}
    try:
        kind = DirectiveKind(data.kind).value
    except ValueError:
        errors["kind"] = _("Loại nguồn giao nhiệm vụ không hợp lệ.")
        kind = None
    title = (data.title or "").strip()
    if is_blank(title):
        errors["title"] = _("Trích yếu / tiêu đề không được để trống.")
    if data.issued_on is None:
        errors["issued_on"] = _("Hãy nhập ngày ban hành (dd/mm/yyyy).")
    issuer = session.get(Unit, data.issuer_unit_id) if data.issuer_unit_id else None
    if issuer is None:
        errors["issuer_unit_id"] = _("Hãy chọn cơ quan ban hành.")
    elif not user.is_admin and issuer.id not in {u.id for u in assignable_units(session, user.unit)}:
        # The issuers on offer are the units the user's body may assign to.
        errors["issuer_unit_id"] = _("Cơ quan ban hành không hợp lệ.")
    doc = None
    raw_symbol = (data.symbol or "").strip()
    if raw_symbol:
        try:
            doc = parse_doc_number(raw_symbol)
        except DocNumberError as e:
            errors["symbol"] = doc_number_message(e.code)
    elif kind == DirectiveKind.DOCUMENT.value:
        errors["symbol"] = doc_number_message("empty")
    if errors:
        raise ServiceError(errors)

    period = numbering_period(doc, data.issued_on) if doc else None
    doc_type = (doc.type_code or "") if doc else None
    if doc is not None:
        clash = session.scalar(select(Directive).where(
            Directive.issuer_unit_id == issuer.id, Directive.doc_type == doc_type,
            Directive.number == doc.number, Directive.numbering_period == period,
        ))
        if clash is not None:
            raise ServiceError({"symbol": _(
                "Số %(symbol)s đã được dùng cho văn bản “%(title)s” ngày %(date)s của cùng cơ quan ban hành.",
                symbol=clash.symbol, title=clash.title, date=clash.issued_on.strftime("%d/%m/%Y"),
            )}, status=409)

    directive = Directive(
        kind=kind, title=title, issued_on=data.issued_on, issuer=issuer,
        owner=owner or user.unit, signer=(data.signer or "").strip() or None,
        body=data.body or "", created_by=user,
        symbol=doc.canonical if doc else None, number=doc.number if doc else None,
        doc_type=doc_type, numbering_period=period,
        search_text=fold(" ".join(filter(None, [title, doc.canonical if doc else ""]))),
    )
    session.add(directive)
    return directive
