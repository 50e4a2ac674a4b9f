"""Accounts, passwords and personal API tokens."""
import hashlib
import secrets
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select

from tracker.cache import bump_data_version
from tracker.domain.roles import Action, Role
from tracker.models import ApiToken, Unit, User
from tracker.security import MIN_PASSWORD_LENGTH, hash_password
from tracker.services import ServiceError, require
from tracker.timeutil import utcnow

TOKEN_PREFIX = "dt_"


def normalise_email(raw: str) -> str:
    try:
        return validate_email((raw or "").strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise ServiceError({"email": _("Địa chỉ email không hợp lệ.")})


def create_user(session, *, actor, email: str, name: str, password: str, role: str, unit: Unit | None,
                title: str | None = None, locale: str = "vi") -> User:
    """Create an account and commit."""
    require(actor, Action.MANAGE_USERS)
    user = add_user(session, email=email, name=name, password=password, role=role, unit=unit,
                    title=title, locale=locale)
    bump_data_version(session)  # pages name people (a unit's leader signs its reports)
    session.commit()
    return user


def add_user(session, *, email: str, name: str, password: str, role: str, unit: Unit | None,
             title: str | None = None, locale: str = "vi") -> User:
    """Validate and add an account; the calling use case commits."""
    errors = {}
    try:
        email = normalise_email(email)
        if session.scalar(select(User.id).where(func.lower(User.email) == email)):
            errors["email"] = _("Email %(email)s đã được sử dụng.", email=email)
    except ServiceError as e:
        errors.update(e.errors)
    if not (name or "").strip():
        errors["name"] = _("Họ tên không được để trống.")
    if len(password or "") < MIN_PASSWORD_LENGTH:
        errors["password"] = _("Mật khẩu phải có ít nhất %(n)d ký tự.", n=MIN_PASSWORD_LENGTH)
    try:
        role = Role(role).value
    except ValueError:
        errors["role"] = _("Vai trò không hợp lệ.")
    if unit is None:
        errors["unit_id"] = _("Người dùng phải thuộc một đơn vị.")
    if errors:
        raise ServiceError(errors)
    user = User(email=email, name=name.strip(), title=title, role=role, unit=unit,
                password_hash=hash_password(password), locale=locale,
                session_nonce=secrets.token_hex(8))
    session.add(user)
    return user


def set_password(session, user: User, password: str, *, actor, keep_session: str | None = None) -> None:
    """Set a new password; every session of the user ends (but `keep_session`, the user's own
    when they change it themselves) and every API token is revoked."""
    from tracker.services.sessions import end_user_sessions

    if getattr(actor, "id", None) != user.id:
        require(actor, Action.MANAGE_USERS)  # anyone may change their own

    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ServiceError({"password": _("Mật khẩu phải có ít nhất %(n)d ký tự.", n=MIN_PASSWORD_LENGTH)})
    user.password_hash = hash_password(password)
    end_user_sessions(session, user, keep_key=keep_session, revoke_tokens=True)
    session.commit()


def set_active(session, user: User, active: bool, *, actor) -> None:
    """Lock or unlock an account; locking ends its sessions and revokes its API tokens,
    so unlocking later brings none of them back."""
    from tracker.services.sessions import end_user_sessions

    require(actor, Action.MANAGE_USERS)

    if user.is_active_flag and not active:
        end_user_sessions(session, user, revoke_tokens=True)
    user.is_active_flag = active
    bump_data_version(session)  # pages name people (a task's history): cached ones are recomputed
    session.commit()


def set_locale(session, user: User, locale: str) -> None:
    user.locale = locale
    session.commit()


def update_user(session, user: User, *, actor, name: str, role: str, unit: Unit, title: str | None,
                active: bool) -> None:
    """Save an account; a new role starts with a new login, so a role change ends the user's
    sessions (API tokens stay), and locking ends them and revokes the tokens."""
    from tracker.services.sessions import end_user_sessions

    require(actor, Action.MANAGE_USERS)

    old_role = user.role
    user.name = name.strip()
    user.role = Role(role).value
    user.unit_id = unit.id
    user.title = (title or "").strip() or None
    if old_role != user.role:
        end_user_sessions(session, user)
    if user.is_active_flag and not active:
        end_user_sessions(session, user, revoke_tokens=True)
    user.is_active_flag = active
    bump_data_version(session)  # pages name people (a task's history): cached ones are recomputed
    session.commit()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session, user: User, name: str) -> str:
    """Create a personal token and return it; it is shown once and stored only as a hash."""
    require(user, Action.CREATE_TOKEN)
    name = (name or "").strip()
    if not name:
        raise ServiceError({"name": _("Hãy đặt tên cho mã truy cập.")})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user=user, name=name[:100], prefix=raw[:10], token_hash=_digest(raw)))
    session.commit()
    return raw


# The token and its user (with the user's unit, joined by the mapper) in one statement, built once:
# every API call asks this first (as the login session's, services/sessions.py).
_TOKEN_USER = select(ApiToken, User).join(User, User.id == ApiToken.user_id).where(
    ApiToken.token_hash == bindparam("token_hash"))


def user_for_token(session, raw: str) -> User | None:
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    found = session.execute(_TOKEN_USER, {"token_hash": _digest(raw)}).first()
    token, user = found if found is not None else (None, None)
    if token is None or token.revoked_at is not None or not user.is_active:
        return None
    now = utcnow()
    # "Last used" to the minute is enough; a write on every API call is not.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        token.last_used_at = now
        session.commit()
    return token.user


def revoke_token(session, user: User, token_id: int) -> bool:
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        return False
    token.revoked_at = utcnow()
    session.commit()
    return True
