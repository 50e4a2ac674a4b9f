"""Login sessions held server-side, and the per-account back-off of failed logins.

A login creates a `UserSession` row with a random key; the user's Flask-Login id is
"<user id>:<key>", so the session cookie and the remember cookie both carry the key and
both stop working the moment the row ends (logout, "log out everywhere", password change,
admin reset, deactivation, role change) or expires (absolute maximum age; optional idle
timeout). Only the key's SHA-256 is stored.
"""
import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import bindparam, case, delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from tracker.cache import local_bumps
from tracker.models import ApiToken, CalendarToken, LoginFailure, User, UserSession
from tracker.services.notifications import unread_count_of
from tracker.timeutil import utcnow

# "Last seen" to the minute is enough for the idle timeout; a write on every page is not.
_TOUCH_EVERY = timedelta(minutes=1)


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def start_session(session, user: User, *, max_age: timedelta, now: datetime | None = None) -> str:
    """Open a session for `user` (the caller commits); returns the key and binds it to
    `user`, so `user.get_id()` names this session for `login_user`."""
    now = now or utcnow()
    # The user's finished sessions are of no further use.
    session.execute(delete(UserSession).where(
        UserSession.user_id == user.id,
        or_(UserSession.ended_at.is_not(None), UserSession.expires_at < now)))
    key = secrets.token_urlsafe(32)
    session.add(UserSession(user_id=user.id, key_hash=_digest(key), created_at=now,
                            last_seen_at=now, expires_at=now + max_age))
    user.session_key = key
    return key


# The session row and its user (with the user's unit, joined by the mapper) in one query: every
# page asks this first. The bell's unread count comes with them (services/notifications.unread_count).
# Built once: SQLAlchemy keeps a statement's cache key with it, where a statement built per request
# is walked again on every page to find its compiled form.
_SESSION_USER = (select(UserSession, User, unread_count_of(UserSession.user_id))
                 .join(User, User.id == UserSession.user_id)
                 .where(UserSession.key_hash == bindparam("key_hash")))


def load_session_user(session, raw_id: str, *, idle_timeout: timedelta | None = None,
                      now: datetime | None = None) -> User | None:
    """The user of a live session named by a Flask-Login id, or None."""
    user_id, _sep, key = (raw_id or "").partition(":")
    if not user_id.isdigit() or not key or len(key) > 100:
        return None
    found = session.execute(_SESSION_USER, {"key_hash": _digest(key)}).first()
    row, user, unread = found if found is not None else (None, None, 0)
    now = now or utcnow()
    if row is None or row.user_id != int(user_id) or row.ended_at is not None or row.expires_at <= now:
        return None
    if idle_timeout is not None and now - row.last_seen_at > idle_timeout:
        row.ended_at = now
        session.commit()
        return None
    if user is None or not user.is_active:
        return None
    if now - row.last_seen_at > _TOUCH_EVERY:
        row.last_seen_at = now
        session.commit()
    user.session_key = key
    user.unread_at_load = (local_bumps(), unread or 0)
    return user


def end_session(session, key: str | None, *, now: datetime | None = None) -> None:
    """End one session (logout); the caller commits."""
    if key:
        session.execute(update(UserSession).where(UserSession.key_hash == _digest(key),
                                                  UserSession.ended_at.is_(None))
                        .values(ended_at=now or utcnow()))


def end_user_sessions(session, user: User, *, keep_key: str | None = None, revoke_tokens: bool = False,
                      now: datetime | None = None) -> None:
    """End every session of `user` except `keep_key` (the caller's own, on a password change),
    and with `revoke_tokens` also revoke the user's API tokens and calendar feed URL. The caller commits."""
    now = now or utcnow()
    stmt = update(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    if keep_key:
        stmt = stmt.where(UserSession.key_hash != _digest(keep_key))
    session.execute(stmt.values(ended_at=now))
    if revoke_tokens:
        session.execute(update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
                        .values(revoked_at=now))
        # The calendar feed's secret URL goes with them (tracker/services/calendar_feed.py).
        session.execute(update(CalendarToken).where(CalendarToken.user_id == user.id,
                                                    CalendarToken.revoked_at.is_(None))
                        .values(revoked_at=now))
    # The older guard: a new nonce (kept so any code that still rotates it stays meaningful).
    user.session_nonce = secrets.token_hex(8)


def log_in(session, user: User, password: str, email: str, *, max_age: timedelta,
           now: datetime | None = None) -> str:
    """Open a session for a user whose password was just verified, forget the email's failed
    attempts, upgrade an old password hash, and commit. Returns the session key."""
    from tracker.security import hash_password, needs_rehash

    now = now or utcnow()
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    key = start_session(session, user, max_age=max_age, now=now)
    clear_failures(session, email)
    user.last_login_at = now
    session.commit()
    return key


def log_out(session, key: str | None) -> None:
    """End this one session, and commit."""
    end_session(session, key)
    session.commit()


def log_out_everywhere(session, user: User) -> None:
    """End every session of `user`, and commit; API tokens are kept."""
    end_user_sessions(session, user)
    session.commit()


def live_session_count(session, user: User, *, now: datetime | None = None) -> int:
    now = now or utcnow()
    return len(session.scalars(select(UserSession.id).where(
        UserSession.user_id == user.id, UserSession.ended_at.is_(None), UserSession.expires_at > now)).all())


# -- per-account back-off ---------------------------------------------------------------

def _email_key(email: str) -> str:
    return _digest("login:" + (email or "").strip().lower())


def locked_until(session, email: str, *, now: datetime | None = None) -> datetime | None:
    """When logins for this email are refused until, or None. The same for an email no
    account has, so the answer reveals nothing about which accounts exist."""
    now = now or utcnow()
    row = session.scalar(select(LoginFailure).where(LoginFailure.email_hash == _email_key(email)))
    if row is None or row.locked_until is None or row.locked_until <= now:
        return None
    return row.locked_until


def record_failure(session, email: str, *, threshold: int, base: timedelta, cap: timedelta,
                   forget_after: timedelta, now: datetime | None = None) -> datetime | None:
    """Count a failed login for this email and commit; from the `threshold`-th failure on,
    lock it for base, 2×base, 4×base… up to `cap`. Failures older than `forget_after` are
    forgotten. Returns the new lock's end, if any."""
    now = now or utcnow()
    key = _email_key(email)
    if session.scalar(select(LoginFailure.id).where(LoginFailure.email_hash == key)) is None:
        try:
            with session.begin_nested():
                session.add(LoginFailure(email_hash=key, failures=0, last_failed_at=now))
        except IntegrityError:
            pass  # another worker counted a first failure at the same moment
    # One UPDATE counts, so concurrent workers never lose a failure; it also locks the row
    # (PostgreSQL) or the database (SQLite) until the commit below.
    session.execute(update(LoginFailure).where(LoginFailure.email_hash == key).values(
        failures=case((LoginFailure.last_failed_at < now - forget_after, 1), else_=LoginFailure.failures + 1),
        last_failed_at=now))
    row = session.scalar(select(LoginFailure).where(LoginFailure.email_hash == key)
                         .execution_options(populate_existing=True))
    if row.failures >= threshold:
        delay = min(base * (2 ** min(row.failures - threshold, 30)), cap)
        row.locked_until = now + delay
    session.commit()
    return row.locked_until


def clear_failures(session, email: str) -> None:
    """A successful login forgets the failures (the caller commits)."""
    session.execute(delete(LoginFailure).where(LoginFailure.email_hash == _email_key(email)))
