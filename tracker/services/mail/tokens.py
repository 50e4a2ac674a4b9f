"""Signed, expiring unsubscribe links: issued for one user, good for UNSUBSCRIBE_MAX_AGE_DAYS."""

from __future__ import annotations

import hmac
from functools import lru_cache

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode, int_to_bytes, want_bytes
from itsdangerous.signer import HMACAlgorithm




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


class _Issuer:
    """``URLSafeTimedSerializer.dumps`` for one serializer with its signer and the HMAC of
    its derived key made once: a new signer, a key derivation and an HMAC set-up per mail
    were half of a token's cost, a zlib attempt on a user id most of the rest. The same
    token, byte for byte (tests compare)."""

    def __init__(self, serializer: URLSafeTimedSerializer):
        self.serializer, self.signer = serializer, serializer.make_signer()
        self.mac = hmac.new(self.signer.derive_key(), digestmod=self.signer.digest_method)
        self.sep = want_bytes(self.signer.sep)

    def dumps(self, obj) -> str:
        if type(obj) is int and 0 <= obj < 10**12:
            # The serializer's payload of a user id: its JSON, base64; zlib is tried first and
            # never wins on 12 digits or fewer (its framing alone is 6 bytes), so skip it.
            payload = base64_encode(str(obj).encode("ascii"))
        else:
            payload = want_bytes(self.serializer.dump_payload(obj))
        value = (payload + self.sep
                 + base64_encode(int_to_bytes(self.signer.get_timestamp())))
        mac = self.mac.copy()
        mac.update(value)
        return (value + self.sep + base64_encode(mac.digest())).decode("utf-8")


@lru_cache(maxsize=16)
def _issuer(secret: str, issued_at: int | None) -> _Issuer | None:
    serializer = _cached_serializer(secret, issued_at)
    return _Issuer(serializer) if isinstance(serializer.make_signer().algorithm, HMACAlgorithm) else None


def unsubscribe_token(secret: str, user_id: int, *, issued_at: int | None = None) -> str:
    """A signed, dated unsubscribe link token (`issued_at`: Unix time, default now)."""
    try:
        issuer = _issuer(secret, issued_at)
    except TypeError:  # an unhashable secret (a list of keys)
        issuer = None
    return issuer.dumps(user_id) if issuer is not None else _serializer(secret, issued_at).dumps(user_id)


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

