"""Transports that hand a rendered message to the world: SMTP, or files in a directory."""

from __future__ import annotations

import os
import re
import smtplib
import uuid
from email.utils import parseaddr

from tracker.services.mail.settings import setting

_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*")


def quoteaddr(addr: str) -> str:
    """``smtplib.quoteaddr``: for a plain address (dot-atoms, no display name, comment or
    quoting) it gives ``<addr>``, without running the address parser (two parses per mail,
    MAIL and RCPT, were the larger part of the SMTP exchange's CPU); anything else goes
    through smtplib's own."""
    return f"<{addr}>" if _PLAIN_ADDRESS.fullmatch(addr) else smtplib.quoteaddr(addr)


class _SMTP(smtplib.SMTP):
    """smtplib.SMTP whose MAIL and RCPT commands quote addresses with ``quoteaddr`` above:
    the same commands on the wire."""

    def mail(self, sender, options=()):
        if any(x.lower() == "smtputf8" for x in options):
            return super().mail(sender, options)
        optionlist = " " + " ".join(options) if options and self.does_esmtp else ""
        self.putcmd("mail", f"FROM:{quoteaddr(sender)}{optionlist}")
        return self.getreply()

    def rcpt(self, recip, options=()):
        optionlist = " " + " ".join(options) if options and self.does_esmtp else ""
        self.putcmd("rcpt", f"TO:{quoteaddr(recip)}{optionlist}")
        return self.getreply()


class SmtpTransport:
    """One SMTP connection for a batch."""

    def __init__(self, cfg):
        self.cfg = cfg
        self.conn: smtplib.SMTP | None = None
        self.sender = parseaddr(cfg["MAIL_FROM"])[1]

    def open(self):
        cfg = self.cfg
        conn = _SMTP(cfg["SMTP_HOST"], int(cfg["SMTP_PORT"]), timeout=setting(cfg, "SMTP_TIMEOUT"))
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

