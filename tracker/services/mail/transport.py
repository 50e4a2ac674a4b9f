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


    def send_one(self, from_addr: str, to_addr: str, msg: bytes) -> None:
        """``sendmail`` for one recipient, with the same exceptions. When the server offers
        PIPELINING (RFC 2920; Postfix, Exim and Exchange do), MAIL, RCPT and DATA go out in
        one write and their replies are read after it: two round trips per mail instead of
        four, and fewer reads and wake-ups on both sides."""
        self.ehlo_or_helo_if_needed()
        if not (self.does_esmtp and self.has_extn("pipelining")):
            self.sendmail(from_addr, [to_addr], msg)
            return
        size = f" SIZE={len(msg)}" if self.has_extn("size") else ""
        self.send(f"MAIL FROM:{quoteaddr(from_addr)}{size}\r\nRCPT TO:{quoteaddr(to_addr)}\r\nDATA\r\n")
        code, resp = self.getreply()
        if code != 250:
            self._abandon(code, 2)
            raise smtplib.SMTPSenderRefused(code, resp, from_addr)
        code, resp = self.getreply()
        if code not in (250, 251):
            self._abandon(code, 1)
            raise smtplib.SMTPRecipientsRefused({to_addr: (code, resp)})
        code, resp = self.getreply()
        if code != 354:
            self._abandon(code, 0)
            raise smtplib.SMTPDataError(code, resp)
        data = smtplib._quote_periods(msg)
        if data[-2:] != smtplib.bCRLF:
            data += smtplib.bCRLF
        self.send(data + b"." + smtplib.bCRLF)
        code, resp = self.getreply()
        if code != 250:
            self._abandon(code, 0)
            raise smtplib.SMTPDataError(code, resp)

    def _abandon(self, code: int, pending: int) -> None:
        """After a refusal: read the replies still owed to the pipelined commands (a DATA that
        was accepted anyway gets an empty message ended at once), then RSET, as ``sendmail``
        does; 421 closes the connection."""
        if code == 421:
            self.close()
            return
        try:
            for _ in range(pending):
                last, _resp = self.getreply()
                if last == 354:
                    self.send(b"." + smtplib.bCRLF)
                    self.getreply()
            self._rset()
        except (smtplib.SMTPException, OSError):
            self.close()


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
        self.conn.send_one(self.sender, to_addr, data)

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

