"""Checked previews kept server-side under a random id until the user confirms them."""

from __future__ import annotations

import json
import os
import re
import secrets
import time

from flask import current_app
from flask_babel import gettext as _

from tracker.services import ServiceError

from tracker.services.imports.parsing import Preview


PENDING_TTL_SECONDS = 2 * 3600


_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def _pending_dir() -> str:
    path = current_app.config.get("IMPORT_DIR") or os.path.join(current_app.instance_path, "imports")
    os.makedirs(path, mode=0o700, exist_ok=True)
    return path


def _cleanup(directory: str) -> None:
    limit = time.time() - PENDING_TTL_SECONDS
    for name in os.listdir(directory):
        full = os.path.join(directory, name)
        try:
            if os.path.getmtime(full) < limit:
                os.unlink(full)
        except OSError:
            pass


def store_pending(preview: Preview, user_id: int) -> str:
    """Keep a checked preview on the server; the browser only gets a random id."""
    directory = _pending_dir()
    _cleanup(directory)
    token = secrets.token_hex(16)
    payload = {"user_id": user_id, "created": time.time(), "preview": preview.to_json()}
    path = os.path.join(directory, token + ".json")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(payload, fh, ensure_ascii=False)
    return token


def load_pending(token: str, kind: str, user_id: int) -> Preview:
    """The preview stored under ``token`` for this user and kind; ServiceError when gone."""
    gone = ServiceError({"file": _("Phiên nhập dữ liệu đã hết hạn hoặc không tồn tại. Hãy tải tệp lên lại.")})
    if not _TOKEN.match(token or ""):
        raise gone
    path = os.path.join(_pending_dir(), token + ".json")
    try:
        with open(path, encoding="utf-8") as fh:
            payload = json.load(fh)
    except (OSError, ValueError):
        raise gone
    if (payload.get("user_id") != user_id or payload["preview"].get("kind") != kind
            or time.time() - payload.get("created", 0) > PENDING_TTL_SECONDS):
        raise gone
    return Preview.from_json(payload["preview"])


def discard_pending(token: str) -> None:
    if _TOKEN.match(token or ""):
        try:
            os.unlink(os.path.join(_pending_dir(), token + ".json"))
        except OSError:
            pass

