"""Writing a confirmed preview: all rows in one transaction, or none."""

from __future__ import annotations

import secrets

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tracker.cache import bump_data_version
from tracker.domain.roles import Action
from tracker.models import Unit
from tracker.services import ServiceError, require
from tracker.services.units import add_unit
from tracker.services.users import add_user

from tracker.services.imports.parsing import Preview


def _apply(session, preview: Preview, write_row) -> int:
    if preview.errors:
        raise ServiceError({"file": _("Tệp còn lỗi; không có dữ liệu nào được ghi.")})
    if not preview.rows:
        raise ServiceError({"file": _("Tệp không có dòng dữ liệu nào.")})
    try:
        for rec in preview.rows:
            try:
                write_row(rec)
            except ServiceError as e:
                # Something changed since the preview (e.g. a code taken meanwhile).
                raise ServiceError({"file": _("Dòng %(row)d: %(msg)s", row=rec["row"],
                                              msg="; ".join(e.errors.values()))})
        bump_data_version(session, structure=True)
        session.commit()
    except IntegrityError:
        session.rollback()
        raise ServiceError({"file": _("Dữ liệu vừa bị thay đổi bởi người khác (trùng mã hoặc email). Hãy tải tệp lên lại.")})
    except Exception:
        session.rollback()
        raise
    return len(preview.rows)


def apply_units(session, preview: Preview, *, actor) -> int:
    """Create every unit of the preview in one transaction; returns how many."""
    require(actor, Action.MANAGE_UNITS)
    created: dict[str, Unit] = {}

    def write(rec):
        parent = None
        if rec["parent_code"]:
            parent = created.get(rec["parent_code"].casefold()) or session.scalar(
                select(Unit).where(Unit.code == rec["parent_code"]))
            if parent is None:
                raise ServiceError({"parent_code": _("Không tìm thấy đơn vị cấp trên có mã %(code)s.",
                                                     code=rec["parent_code"])})
        unit = add_unit(session, name=rec["name"], code=rec["code"], kind=rec["kind"], parent=parent,
                        email=rec["email"] or None, short_name=rec["short_name"] or None)
        created[rec["code"].casefold()] = unit

    return _apply(session, preview, write)


def apply_users(session, preview: Preview, *, actor) -> int:
    """Create every user of the preview in one transaction; returns how many."""
    require(actor, Action.MANAGE_USERS)
    def write(rec):
        unit = session.scalar(select(Unit).where(Unit.code == rec["unit_code"], Unit.is_active.is_(True)))
        user = add_user(session, email=rec["email"], name=rec["name"], role=rec["role"], unit=unit,
                        title=rec["title"] or None, password=secrets.token_urlsafe(24))
        if rec.get("password_hash"):
            user.password_hash = rec["password_hash"]
        session.flush()  # a duplicate email in the database fails here, inside the transaction

    return _apply(session, preview, write)

