"""URL converters shared by every blueprint."""
from werkzeug.routing import IntegerConverter

from tracker.limits import MAX_ID  # ids are 32-bit integers in the database


class IdConverter(IntegerConverter):
    """``<int:...>`` in every URL is a database id: a bigger number matches no route (404)
    instead of reaching PostgreSQL, which refuses it with an error (a 500)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
