"""A confirmation step for irreversible or weighty actions, without JavaScript.

The action's form posts as usual; the view answers the first post with a page that
restates what will happen and re-posts the same fields with ``confirmed=1``. Only
that second post acts. ``confirm()`` dialogs alone are skipped by keyboards, scripts
and blocked JavaScript; a page is not.
"""
from flask import render_template, request


def confirmed() -> bool:
    return request.form.get("confirmed") == "1"


def confirmation_page(*, title: str, message: str, button: str, cancel_url: str, details: list[str] | None = None):
    """The page asking to confirm the current POST (its fields are carried over)."""
    fields = [(k, v) for k, v in request.form.items(multi=True) if k not in ("csrf_token", "confirmed")]
    return render_template("confirm.html", title=title, message=message, button=button, cancel_url=cancel_url,
                           details=details or [], fields=fields, action=request.path), 200
