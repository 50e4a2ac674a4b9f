"""Error pages for people, JSON bodies for the API; never a bare 500 from user input."""
from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: _l("Yêu cầu không hợp lệ."),
    401: _l("Cần đăng nhập."),
    403: _l("Bạn không có quyền thực hiện thao tác này."),
    404: _l("Không tìm thấy nội dung yêu cầu."),
    405: _l("Phương thức không được hỗ trợ."),
    409: _l("Dữ liệu đã bị thay đổi bởi người khác."),
    413: _l("Tệp tải lên quá lớn."),
    429: _l("Bạn đã thử quá nhiều lần. Vui lòng đợi một lát rồi thử lại."),
    500: _l("Đã có lỗi hệ thống. Vui lòng thử lại sau."),
}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(e):
        msg = _("Phiên làm việc của biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và thử lại.")
        if wants_json():
            return jsonify(error="csrf", message=msg), 400
        return render_template("errors/error.html", code=400, message=msg), 400

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException):
        code = e.code or 500
        msg = str(MESSAGES.get(code, e.name))
        if wants_json():
            return jsonify(error=e.name.lower().replace(" ", "_"), message=msg), code
        return render_template("errors/error.html", code=code, message=msg), code

    @app.errorhandler(Exception)
    def unexpected(e):
        app.logger.exception("Unhandled error")
        msg = str(MESSAGES[500])
        if wants_json():
            return jsonify(error="internal_error", message=msg), 500
        return render_template("errors/error.html", code=500, message=msg), 500
