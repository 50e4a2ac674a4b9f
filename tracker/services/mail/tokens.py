"""Signed, expiring unsubscribe links: issued for one user, good for UNSUBSCRIBE_MAX_AGE_DAYS."""

from __future__ import annotations

from functools import lru_cache

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer




UNSUBSCRIBE_SALT = "notifications-unsubscribe:timed"  # purpose: only this link, nothing else signed


UNSUBSCRIBE_MAX_AGE_DAYS = 60


class _IssuedAtSigner(TimestampSigner):
    """A timestamp signer whose clock can be set (to issue a link as of a past moment)."""
    issued_at: int | None = None

    def get_timestamp(self) -> int:
        return self.issued_at if self.issued_at is not None else super().get_timestamp()


def _serializer(secret: str, issued_at: int | None = None) -> URLSafeTimedSerializer:
    try:
        return _cached_serializer(secret, issued_at)
    except TypeError:  # an unhashable secret (a list of keys): built each time
        return _new_serializer(secret, issued_at)


# Built once per key: a new signer class per mail showed in the delivery profile.
@lru_cache(maxsize=16)
def _cached_serializer(secret: str, issued_at: int | None) -> URLSafeTimedSerializer:
    return _new_serializer(secret, issued_at)


def _new_serializer(secret, issued_at: int | None) -> URLSafeTimedSerializer:
    signer = type("_Signer", (_IssuedAtSigner,), {"issued_at": issued_at})
    return URLSafeTimedSerializer(secret, salt=UNSUBSCRIBE_SALT, signer=signer)


def unsubscribe_token(secret: str, user_id: int, *, issued_at: int | None = None) -> str:
    """A signed, dated unsubscribe link token (`issued_at`: Unix time, default now)."""
    return _serializer(secret, issued_at).dumps(user_id)


def check_unsubscribe_token(secret: str, token: str,
                            max_age_days: float = UNSUBSCRIBE_MAX_AGE_DAYS) -> tuple[str, int | None]:
    """("ok", user id), ("expired", None) or ("invalid", None)."""
    try:
        value = _serializer(secret).loads(token, max_age=int(max_age_days * 86400))
    except SignatureExpired:
        return "expired", None
    except BadSignature:
        return "invalid", None
    return ("ok", value) if isinstance(value, int) else ("invalid", None)


def read_unsubscribe_token(secret: str, token: str,
                           max_age_days: float = UNSUBSCRIBE_MAX_AGE_DAYS) -> int | None:
    state, user_id = check_unsubscribe_token(secret, token, max_age_days)
    return user_id if state == "ok" else None

