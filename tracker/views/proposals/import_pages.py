"""Importing a directive's tasks from a file: template, upload and preview, confirm."""

from __future__ import annotations


from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.extensions import db
from tracker.services import ServiceError, imports, task_import
from tracker.services.calendar import current_calendar
from tracker.timeutil import local_today

from tracker.views.proposals.common import bp, _directive_to_assign


def _pending_kind(directive) -> str:
    return f"tasks:{directive.id}"


@bp.route("/<int:directive_id>/import", methods=["GET", "POST"])
@login_required
def import_tasks(directive_id):
    directive = _directive_to_assign(directive_id)
    if request.method == "GET":
        return render_template("proposals/import.html", directive=directive, error=None)
    storage = request.files.get("file")
    if storage is None or not storage.filename:
        return render_template("proposals/import.html", directive=directive,
                               error=_("Hãy chọn tệp Excel (.xlsx) hoặc CSV.")), 400
    try:
        data = storage.stream.read(imports.MAX_IMPORT_BYTES + 1)
        if len(data) > imports.MAX_IMPORT_BYTES:
            raise ServiceError({"file": _("Tệp vượt quá dung lượng cho phép (%(mb)d MB).",
                                          mb=imports.MAX_IMPORT_BYTES // (1024 * 1024))}, status=413)
        preview = task_import.preview_tasks(db.session, directive.owner, data, today=local_today(),
                                            all_units=current_user.is_admin, filename=storage.filename)
    except ServiceError as e:
        return render_template("proposals/import.html", directive=directive,
                               error="; ".join(e.errors.values())), e.status
    preview.kind = _pending_kind(directive)
    # Stored even with errors: confirming such a preview is refused and creates nothing.
    token = imports.store_pending(preview, current_user.id)
    return render_template("proposals/import_preview.html", directive=directive, preview=preview, token=token,
                           field_labels=task_import.FIELD_LABELS, task_count=task_import.count_tasks(preview),
                           filename=storage.filename)


@bp.route("/<int:directive_id>/import/confirm", methods=["POST"])
@login_required
def import_confirm(directive_id):
    directive = _directive_to_assign(directive_id)
    token = request.form.get("token", "")
    try:
        preview = imports.load_pending(token, _pending_kind(directive), current_user.id)
        created = task_import.apply_tasks(db.session, current_user, directive, preview, today=local_today(),
                                          calendar=current_calendar())
    except ServiceError as e:
        db.session.rollback()
        for message in e.errors.values():
            flash(message, "danger")
        flash(_("Không có nhiệm vụ nào được tạo."), "warning")
        return redirect(url_for("proposals.import_tasks", directive_id=directive.id))
    imports.discard_pending(token)
    flash(_("Đã giao %(n)d nhiệm vụ.", n=len(created)), "success")
    return redirect(url_for("directives.detail", directive_id=directive.id))


@bp.route("/<int:directive_id>/import/template.<ext>")
@login_required
def import_template(directive_id, ext):
    _directive_to_assign(directive_id)
    if ext == "csv":
        return Response(task_import.template_csv(), mimetype="text/csv; charset=utf-8",
                        headers={"Content-Disposition": "attachment; filename=mau-nhap-nhiem-vu.csv"})
    if ext == "xlsx":
        return Response(task_import.template_xlsx(),
                        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": "attachment; filename=mau-nhap-nhiem-vu.xlsx"})
    abort(404)

