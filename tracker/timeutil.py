"""UTC storage, local display: the one place that knows the clock and the zone."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def utcnow() -> datetime:
    """Naive UTC, as stored in the database (SQLite keeps no offsets)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def local_today() -> date:
    return datetime.now(LOCAL_TZ).date()


def to_local(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(LOCAL_TZ)


def fmt_date(d) -> str:
    if d is None:
        return ""
    if isinstance(d, datetime):
        d = to_local(d).date()
    return d.strftime("%d/%m/%Y")


def fmt_datetime(dt) -> str:
    if dt is None:
        return ""
    return to_local(dt).strftime("%d/%m/%Y %H:%M")
