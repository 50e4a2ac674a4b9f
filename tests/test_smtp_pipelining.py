"""The SMTP transport against a real server on loopback, with and without PIPELINING
(RFC 2920): the same mails arrive, and every refusal gives the same exception (and so the
same outcome in the outbox: 5xx failed, 4xx retried, 421 drops the connection), whether
MAIL, RCPT and DATA went out in one write or one by one."""
import smtplib

import pytest

from tests.reliability.smtp_sink import SmtpSink
from tracker.services.mail.transport import SmtpTransport

SENDER = "Hệ thống theo dõi nhiệm vụ <no-reply@tracker.local>"
# A line that starts with a dot (stuffed on the wire, restored by the server) and no final CRLF.
BODY = (b"From: no-reply@tracker.local\r\nTo: a@x.vn\r\nSubject: =?utf-8?b?Tmjhuq9j?=\r\n"
        b"Message-ID: <%d@tracker.local>\r\n\r\nD\xc3\xb2ng 1\r\n.d\xc3\xb2ng b\xe1\xba\xaft \xc4\x91\xe1\xba\xa7u "
        b"b\xe1\xba\xb1ng d\xe1\xba\xa5u ch\xe1\xba\xa5m\r\n..\r\nh\xe1\xba\xbft")


@pytest.fixture(params=[True, False], ids=["pipelining", "one-by-one"])
def sink(request):
    s = SmtpSink(pipelining=request.param).start()
    yield s
    s.stop()


@pytest.fixture
def transport(sink):
    t = SmtpTransport({"MAIL_FROM": SENDER, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": sink.port, "SMTP_TIMEOUT": 10})
    t.open()
    yield t
    t.close()


def mail(n: int) -> bytes:
    return BODY.replace(b"%d", str(n).encode())


def test_mails_arrive_whole_over_one_connection(sink, transport):
    for n in range(5):
        transport.send(f"u{n}@x.vn", mail(n))
    assert sink.wait_for(5, timeout=10)
    got = sorted((rcpt, m["Message-ID"], m.get_payload(decode=True)) for rcpt, m in sink.messages)
    assert [g[:2] for g in got] == [(f"u{n}@x.vn", f"<{n}@tracker.local>") for n in range(5)]
    # Dots restored, nothing cut; the line ending the transport adds to a body without one stays.
    assert {g[2] for g in got} == {mail(0).split(b"\r\n\r\n", 1)[1] + b"\r\n"}
    offered = any("PIPELINING" in line for line in sink.handler.ehlo_lines[0])
    assert offered == sink.handler.pipelining and transport.conn.has_extn("pipelining") == offered
    # Offered, MAIL, RCPT and DATA arrive in one write; not offered, one by one.
    assert sink.handler.pipelined == [offered] * 5


@pytest.mark.parametrize("where, reply, error", [
    ("mail", "553 5.1.8 Sender address rejected", smtplib.SMTPSenderRefused),
    ("rcpt", "550 5.1.1 Mailbox unavailable", smtplib.SMTPRecipientsRefused),
    ("rcpt", "452 4.2.2 Mailbox full", smtplib.SMTPRecipientsRefused),
    ("data", "554 5.6.0 Message content rejected", smtplib.SMTPDataError),
    ("data", "451 4.3.0 Try again later", smtplib.SMTPDataError),
])
def test_a_refused_mail_raises_its_code_and_the_next_one_goes_through(sink, transport, where, reply, error):
    h = sink.handler
    if where == "mail":
        h.fail_mail = reply
    elif where == "rcpt":
        h.fail_rcpt["bad@x.vn"] = reply
    else:
        h.fail_data = reply
    with pytest.raises(error) as e:
        transport.send("bad@x.vn", mail(1))
    code = e.value.recipients["bad@x.vn"][0] if error is smtplib.SMTPRecipientsRefused else e.value.smtp_code
    assert code == int(reply[:3])
    assert transport.connected
    h.fail_mail = h.fail_data = None
    transport.send("good@x.vn", mail(2))
    assert sink.wait_for(1, timeout=10)
    assert [(r, m["Message-ID"]) for r, m in sink.messages] == [("good@x.vn", "<2@tracker.local>")]


def test_421_drops_the_connection(sink, transport):
    sink.handler.fail_all = "421 4.3.2 Service shutting down"
    with pytest.raises(smtplib.SMTPRecipientsRefused) as e:
        transport.send("a@x.vn", mail(1))
    assert e.value.recipients["a@x.vn"][0] == 421
    assert not transport.connected  # deliver_batch then gives the rest of the batch back
    assert sink.messages == []
