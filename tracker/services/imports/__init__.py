"""Importing units and users from CSV or Excel: read, check every row, then write all or nothing.

Flow: ``read_upload`` (size and type by content) -> ``preview_units`` / ``preview_users``
(a dry run: rows with what would be created and a list of row errors) -> ``store_pending``
(the checked rows kept server-side under a random id) -> ``load_pending`` + ``apply_*``
(one transaction; any failure rolls everything back).

Passwords given in a users file are hashed at preview time, so no plaintext is kept on disk.

Layout: ``parsing`` (file -> records, templates), ``checking`` (the dry run), ``pending``
(previews kept until confirmed), ``applying`` (the one transaction).
"""

from __future__ import annotations

from tracker.services.imports.parsing import (MAX_IMPORT_BYTES, UNIT_COLUMNS, USER_COLUMNS, COLUMNS, REQUIRED,
                                              FIELD_LABELS, SAMPLE_ROWS, RowError, Preview, read_upload, read_bytes,
                                              template_csv, template_xlsx)
from tracker.services.imports.checking import preview_units, preview_users, preview_upload
from tracker.services.imports.pending import PENDING_TTL_SECONDS, store_pending, load_pending, discard_pending
from tracker.services.imports.applying import apply_units, apply_users

__all__ = [
    "MAX_IMPORT_BYTES",
    "UNIT_COLUMNS",
    "USER_COLUMNS",
    "COLUMNS",
    "REQUIRED",
    "FIELD_LABELS",
    "SAMPLE_ROWS",
    "RowError",
    "Preview",
    "read_upload",
    "read_bytes",
    "template_csv",
    "template_xlsx",
    "preview_units",
    "preview_users",
    "preview_upload",
    "PENDING_TTL_SECONDS",
    "store_pending",
    "load_pending",
    "discard_pending",
    "apply_units",
    "apply_users",
]
