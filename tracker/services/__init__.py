"""Use cases. Each takes the session, checks, writes history and commits once."""


class ServiceError(Exception):
    """Input a user can fix: field -> message, shown next to the field or as JSON."""

    def __init__(self, errors: dict[str, str] | str, status: int = 400):
        if isinstance(errors, str):
            errors = {"_": errors}
        self.errors = {k: str(v) for k, v in errors.items()}
        self.status = status
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


class _System:
    """The operator at the command line: not a user, and allowed what the CLI offers."""

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = _System()


def require(user, action, obj=None) -> None:
    """Refuse unless the domain role table lets `user` do `action` (on `obj`, when given).

    The first line of every use case. An object the user may not see is "not found" (404),
    never confirmed; a visible one the role may not act on is 403.
    """
    from flask_babel import gettext as _

    from tracker.domain.roles import allows, role_allows
    from tracker.queries.visibility import relation

    if user is SYSTEM:
        return
    if user is None or not getattr(user, "is_active", True):
        raise ServiceError(_("Bạn không có quyền thực hiện thao tác này."), 403)
    if obj is None:
        ok = role_allows(user.role, action)
    else:
        visible, own = relation(user, obj)
        if not visible and not user.is_admin:
            raise ServiceError(_("Không tìm thấy."), 404)
        ok = allows(user.role, action, own_unit=own, visible=visible)
    if not ok:
        raise ServiceError(_("Bạn không có quyền thực hiện thao tác này."), 403)
