"""A real SMTP server on loopback (aiosmtpd) that tests can make answer 421 or 550, slow down or stop."""
import threading
import time
from email import message_from_bytes

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, pipelining=True):
        # Like Postfix, Exim and Exchange, the sink offers PIPELINING (RFC 2920) unless told not to.
        self.pipelining = pipelining
        self.ehlo_lines = []         # what each EHLO answered
        self.messages = []           # (rcpt, parsed message)
        self.lock = threading.Lock()
        self.fail_rcpt = {}          # address -> "550 ..." reply
        self.fail_all = None         # reply for every RCPT, e.g. "421 ..."
        self.rcpt_delay = 0.0
        self.rcpt_started = 0        # RCPT commands received so far
        self.fail_mail = None        # reply for every MAIL FROM, e.g. "553 ..."
        self.fail_data = None        # reply at the end of every message, e.g. "554 ..."
        self.pipelined = []          # per MAIL: were RCPT and DATA already waiting behind it?

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self.pipelining:
            responses.insert(-1, "250-PIPELINING")
        self.ehlo_lines.append(list(responses))
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        waiting = bytes(server._reader._buffer)  # what the client sent after MAIL, not yet read
        self.pipelined.append(waiting.startswith(b"RCPT TO:") and b"\r\nDATA\r\n" in waiting)
        if self.fail_mail:
            return self.fail_mail
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpt_started += 1
        if self.rcpt_delay:
            import asyncio
            await asyncio.sleep(self.rcpt_delay)
        reply = self.fail_all or self.fail_rcpt.get(address)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.fail_data:
            return self.fail_data
        msg = message_from_bytes(envelope.content)
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.messages.append((rcpt, msg))
        return "250 Message accepted for delivery"

    def ids(self):
        with self.lock:
            return [m["Message-ID"] for _, m in self.messages]


class SmtpSink:
    def __init__(self, port=0, pipelining=True):
        self.handler = Handler(pipelining)
        self.port = port
        self.controller = None

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port or _free_port())
        self.controller.start()
        self.port = self.controller.port
        return self

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self):
        return self.handler.messages

    def wait_for(self, n, timeout=30):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if len(self.handler.messages) >= n:
                return True
            time.sleep(0.1)
        return len(self.handler.messages) >= n


def _free_port():
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port
