"""Transports that hand a rendered message to the world: SMTP, or files in a directory."""

from __future__ import annotations

import os
import smtplib
import uuid
from email.utils import parseaddr



from tracker.services.mail.settings import setting


class SmtpTransport:
    """One SMTP connection for a batch."""

    def __init__(self, cfg):
        self.cfg = cfg
        self.conn: smtplib.SMTP | None = None
        self.sender = parseaddr(cfg["MAIL_FROM"])[1]

    def open(self):
        cfg = self.cfg
        conn = smtplib.SMTP(cfg["SMTP_HOST"], int(cfg["SMTP_PORT"]), timeout=setting(cfg, "SMTP_TIMEOUT"))
        if cfg.get("SMTP_STARTTLS"):
            conn.starttls()
        if cfg.get("SMTP_USER"):
            conn.login(cfg["SMTP_USER"], cfg.get("SMTP_PASSWORD") or "")
        self.conn = conn

    @property
    def connected(self) -> bool:
        return self.conn is not None and self.conn.sock is not None

    def send(self, to_addr: str, data: bytes):
        self.conn.sendmail(self.sender, [to_addr], data)

    def close(self):
        if self.conn is not None:
            try:
                self.conn.quit()
            except (smtplib.SMTPException, OSError):
                self.conn.close()
            self.conn = None


class FileTransport:
    """Development backend: each mail becomes instance/outbox/<id>.eml."""

    def __init__(self, cfg):
        self.dir = cfg["OUTBOX_DIR"]
        self.connected = True

    def open(self):
        os.makedirs(self.dir, exist_ok=True)

    def send(self, to_addr: str, data: bytes, row_id: int | None = None):
        name = os.path.join(self.dir, f"{uuid.uuid4().hex}.eml")
        with open(name, "wb") as f:
            f.write(data)

    def close(self):
        pass


def make_transport(cfg):
    return SmtpTransport(cfg) if cfg.get("MAIL_BACKEND") == "smtp" else FileTransport(cfg)


def _describe(e: Exception) -> str:
    if isinstance(e, smtplib.SMTPRecipientsRefused):
        code, msg = next(iter(e.recipients.values()))
        return f"{code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
    if isinstance(e, smtplib.SMTPResponseException):
        msg = e.smtp_error.decode(errors="replace") if isinstance(e.smtp_error, bytes) else str(e.smtp_error)
        return f"{e.smtp_code} {msg}"
    return f"{type(e).__name__}: {e}"


def _code(e: Exception) -> int | None:
    if isinstance(e, smtplib.SMTPRecipientsRefused):
        return next(iter(e.recipients.values()))[0]
    if isinstance(e, smtplib.SMTPResponseException):
        return e.smtp_code
    return None

