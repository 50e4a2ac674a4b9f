"""Admin pages for importing units and users: template, upload and preview, confirm."""


from flask import (Response, abort, flash, redirect, render_template, url_for)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (HiddenField)

from tracker.extensions import db
from tracker.services import ServiceError
from tracker.services import imports

from tracker.views.admin.common import bp


KINDS = {"units": _l("Đơn vị"), "users": _l("Người dùng")}


class ImportForm(FlaskForm):
    file = FileField(_l("Tệp CSV hoặc Excel (.xlsx), tối đa 5 MB"),
                     validators=[FileRequired(_l("Hãy chọn tệp cần nhập."))])


class ConfirmForm(FlaskForm):
    token = HiddenField()


def _kind_or_404(kind: str) -> str:
    if kind not in KINDS:
        abort(404)
    return kind


@bp.route("/import")
def import_index():
    return render_template("admin/import.html", forms={k: ImportForm(prefix=k) for k in KINDS}, kinds=KINDS)


@bp.route("/import/<kind>/template.<ext>")
def import_template(kind, ext):
    _kind_or_404(kind)
    name = "mau-nhap-don-vi" if kind == "units" else "mau-nhap-nguoi-dung"
    if ext == "csv":
        return Response(imports.template_csv(kind), mimetype="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f"attachment; filename={name}.csv"})
    if ext == "xlsx":
        return Response(imports.template_xlsx(kind),
                        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f"attachment; filename={name}.xlsx"})
    abort(404)


@bp.route("/import/<kind>", methods=["POST"])
def import_upload(kind):
    _kind_or_404(kind)
    forms = {k: ImportForm(prefix=k) for k in KINDS}
    form = forms[kind]
    if form.validate_on_submit():
        try:
            preview = imports.preview_upload(db.session, kind, form.file.data)
        except ServiceError as e:
            form.file.errors = list(form.file.errors) + list(e.errors.values())
            return render_template("admin/import.html", forms=forms, kinds=KINDS), e.status
        # Stored even with errors: confirming such a preview is refused and writes nothing.
        token = imports.store_pending(preview, current_user.id)
        return render_template("admin/import_preview.html", kind=kind, kinds=KINDS, preview=preview,
                               confirm=ConfirmForm(token=token), token=token)
    return render_template("admin/import.html", forms=forms, kinds=KINDS), 400


@bp.route("/import/<kind>/confirm", methods=["POST"])
def import_confirm(kind):
    _kind_or_404(kind)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        preview = imports.load_pending(form.token.data, kind, current_user.id)
        count = (imports.apply_units if kind == "units" else imports.apply_users)(db.session, preview,
                                                                                  actor=current_user)
    except ServiceError as e:
        db.session.rollback()
        for message in e.errors.values():
            flash(message, "danger")
        flash(_("Không có dữ liệu nào được ghi."), "warning")
        return redirect(url_for("admin.import_index"))
    imports.discard_pending(form.token.data)
    if kind == "units":
        flash(_("Đã nhập %(n)d đơn vị.", n=count), "success")
        return redirect(url_for("admin.units"))
    flash(_("Đã nhập %(n)d người dùng.", n=count), "success")
    return redirect(url_for("admin.users"))

