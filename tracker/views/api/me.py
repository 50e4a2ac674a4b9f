"""Who the token belongs to."""
from flask import jsonify
from flask_login import current_user

from tracker.views.api import bp
from tracker.views.api import serialize as s


@bp.get("/me")
def me():
    return jsonify(s.me(current_user))
