"""The dry run: every record checked against the database, with an error per bad row."""

from __future__ import annotations


from email_validator import EmailNotValidError, validate_email
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from tracker.domain.roles import Role
from tracker.domain.text import fold
from tracker.domain.units import UnitKind
from tracker.models import Unit, User
from tracker.security import MIN_PASSWORD_LENGTH, hash_password

from tracker.services.imports.parsing import RowError, Preview, read_upload, _records


def _code_lookup(codes: list[str], labels_map: dict) -> dict[str, str]:
    lookup = {}
    for code in codes:
        lookup[fold(code)] = code
        lookup[fold(code.replace("_", " "))] = code
    with force_locale("vi"):
        for code, label in labels_map.items():
            lookup.setdefault(fold(str(label)), code)
    for code, label in labels_map.items():  # the interface language too
        lookup.setdefault(fold(str(label)), code)
    return lookup


def _kind_lookup() -> dict[str, str]:
    from tracker.labels import UNIT_KIND
    return _code_lookup([k.value for k in UnitKind], UNIT_KIND)


def _role_lookup() -> dict[str, str]:
    from tracker.labels import ROLE
    return _code_lookup([r.value for r in Role], ROLE)


def _check_email(value: str) -> str | None:
    try:
        return validate_email(value, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return None


def preview_units(session, rows: list[list[str]]) -> Preview:
    records, errors = _records("units", rows)
    preview = Preview(kind="units", errors=errors)
    kinds = _kind_lookup()
    existing = {c.casefold(): c for c in session.scalars(select(Unit.code)).all()}
    seen: dict[str, int] = {}
    for rec in records:
        row, errs = rec["row"], []
        code, name = rec["code"], rec["name"]
        if not code:
            errs.append(RowError(row, "code", _("Mã đơn vị không được để trống.")))
        elif len(code) > 50:
            errs.append(RowError(row, "code", _("Mã đơn vị tối đa 50 ký tự.")))
        elif code.casefold() in existing:
            errs.append(RowError(row, "code", _("Mã đơn vị %(code)s đã tồn tại.", code=code)))
        elif code.casefold() in seen:
            errs.append(RowError(row, "code", _("Mã đơn vị %(code)s bị trùng với dòng %(row)d.",
                                                code=code, row=seen[code.casefold()])))
        if not name:
            errs.append(RowError(row, "name", _("Tên đơn vị không được để trống.")))
        elif len(name) > 255:
            errs.append(RowError(row, "name", _("Tên đơn vị tối đa 255 ký tự.")))
        kind = kinds.get(fold(rec["kind"]))
        if kind is None:
            errs.append(RowError(row, "kind", _("Loại đơn vị “%(value)s” không hợp lệ.", value=rec["kind"])))
        parent = rec["parent_code"]
        if parent and parent.casefold() not in existing and parent.casefold() not in seen:
            errs.append(RowError(row, "parent_code", _(
                "Không tìm thấy đơn vị cấp trên có mã %(code)s (phải có sẵn hoặc ở dòng phía trên).", code=parent)))
        email = rec["email"]
        if email:
            normalised = _check_email(email)
            if normalised is None:
                errs.append(RowError(row, "email", _("Địa chỉ email không hợp lệ.")))
            else:
                email = normalised
        if len(rec["short_name"]) > 100:
            errs.append(RowError(row, "short_name", _("Tên viết tắt tối đa 100 ký tự.")))
        if code and code.casefold() not in seen:
            seen[code.casefold()] = row
        preview.errors.extend(errs)
        preview.rows.append({"row": row, "code": code, "name": name, "kind": kind or rec["kind"],
                             "parent_code": (existing.get(parent.casefold()) if parent else "") or parent,
                             "email": email, "short_name": rec["short_name"]})
    if not records:
        preview.errors.append(RowError(0, "file", _("Tệp không có dòng dữ liệu nào.")))
    return preview


def _user_email_errors(row: int, raw: str, email: str | None, taken: set, seen: dict) -> list[RowError]:
    """The email column of one users row: present, valid, not taken, not repeated in the file."""
    if not raw:
        return [RowError(row, "email", _("Email không được để trống."))]
    if email is None:
        return [RowError(row, "email", _("Địa chỉ email không hợp lệ."))]
    if email in taken:
        return [RowError(row, "email", _("Email %(email)s đã được sử dụng.", email=email))]
    if email in seen:
        return [RowError(row, "email", _("Email %(email)s bị trùng với dòng %(row)d.", email=email, row=seen[email]))]
    return []


def preview_users(session, rows: list[list[str]]) -> Preview:
    records, errors = _records("users", rows)
    preview = Preview(kind="users", errors=errors)
    roles = _role_lookup()
    units = {c.casefold(): c for c in session.scalars(select(Unit.code).where(Unit.is_active.is_(True))).all()}
    taken = set(session.scalars(select(func.lower(User.email))).all())
    seen: dict[str, int] = {}
    for rec in records:
        row, errs = rec["row"], []
        email = _check_email(rec["email"]) if rec["email"] else None
        errs.extend(_user_email_errors(row, rec["email"], email, taken, seen))
        if not rec["name"]:
            errs.append(RowError(row, "name", _("Họ tên không được để trống.")))
        elif len(rec["name"]) > 255:
            errs.append(RowError(row, "name", _("Họ tên tối đa 255 ký tự.")))
        role = roles.get(fold(rec["role"]))
        if role is None:
            errs.append(RowError(row, "role", _("Vai trò “%(value)s” không hợp lệ.", value=rec["role"])))
        unit_code = units.get(rec["unit_code"].casefold()) if rec["unit_code"] else None
        if not rec["unit_code"]:
            errs.append(RowError(row, "unit_code", _("Người dùng phải thuộc một đơn vị.")))
        elif unit_code is None:
            errs.append(RowError(row, "unit_code", _("Không tìm thấy đơn vị đang hoạt động có mã %(code)s.",
                                                     code=rec["unit_code"])))
        if len(rec["title"]) > 255:
            errs.append(RowError(row, "title", _("Chức vụ tối đa 255 ký tự.")))
        password_hash = None
        if rec["password"]:
            if len(rec["password"]) < MIN_PASSWORD_LENGTH:
                errs.append(RowError(row, "password", _("Mật khẩu phải có ít nhất %(n)d ký tự.",
                                                        n=MIN_PASSWORD_LENGTH)))
        else:
            preview.notes.append(RowError(row, "password", _(
                "Không có mật khẩu: hệ thống đặt mật khẩu ngẫu nhiên, quản trị cần đặt lại mật khẩu "
                "cho người dùng này trước khi họ đăng nhập.")))
        if email and email not in seen:
            seen[email] = row
        preview.errors.extend(errs)
        if not errs and rec["password"]:
            password_hash = hash_password(rec["password"])  # only the hash is kept until confirm
        preview.rows.append({"row": row, "email": email or rec["email"], "name": rec["name"],
                             "role": role or rec["role"], "unit_code": unit_code or rec["unit_code"],
                             "title": rec["title"], "password_hash": password_hash,
                             "has_password": bool(rec["password"])})
    if not records:
        preview.errors.append(RowError(0, "file", _("Tệp không có dòng dữ liệu nào.")))
    return preview


def preview_upload(session, kind: str, storage) -> Preview:
    rows = read_upload(storage)
    return preview_units(session, rows) if kind == "units" else preview_users(session, rows)

