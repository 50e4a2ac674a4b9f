"""Who the token belongs to."""
from flask_login import current_user

from tracker.views.api import bp
from tracker.views.api import responses as r
from tracker.views.api import serialize as s


@bp.get("/me")
def me():
    return r.send(r.Me, s.me(current_user))
