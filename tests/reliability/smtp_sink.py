"""A real SMTP server on loopback (aiosmtpd) that tests can make answer 421 or 550, slow down or stop."""
import threading
import time
from email import message_from_bytes

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self):
        self.messages = []           # (rcpt, parsed message)
        self.lock = threading.Lock()
        self.fail_rcpt = {}          # address -> "550 ..." reply
        self.fail_all = None         # reply for every RCPT, e.g. "421 ..."
        self.rcpt_delay = 0.0
        self.rcpt_started = 0        # RCPT commands received so far

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
        msg = message_from_bytes(envelope.content)
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.messages.append((rcpt, msg))
        return "250 Message accepted for delivery"

    def ids(self):
        with self.lock:
            return [m["Message-ID"] for _, m in self.messages]


class SmtpSink:
    def __init__(self, port=0):
        self.handler = Handler()
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
