"""Outbox delivery: claim due rows, render them, send a batch over one SMTP connection.

Guarantees, and where they come from:

- a row is claimed by one deliverer at a time: ``UPDATE ... WHERE id IN (SELECT ...
  FOR UPDATE SKIP LOCKED) RETURNING id`` on PostgreSQL, the same single atomic UPDATE
  on SQLite (writers are serialised there). A claim is a lease: a deliverer killed
  mid-batch leaves rows in ``sending`` that another one takes over when it expires;
  a deliverer stops using its claim well before it expires;
- each mail is marked sent right after the server's 250, in its own short commit
  (``synchronous_commit`` off on PostgreSQL: the commit survives the worker being
  killed, only a database crash in the next fraction of a second could lose it); on
  PostgreSQL the mark is written before the next mail is attempted and its outcome read
  after that mail's 250 (``marks``);
- 4xx replies and dropped or refused connections put the row back with exponential
  backoff (``not_before``), counting attempts; a 5xx, or too many attempts, marks it
  ``failed`` with the server's reply in ``last_error``, visible to the admin who may
  retry it. Nothing is dropped silently.

What SMTP itself cannot promise: if the connection dies after the server took the
message but before its 250 reached us, the mail is sent again after the lease.

Layout: ``settings`` (defaults, counters), ``tokens`` (unsubscribe links), ``rendering``
(row -> MIME message), ``skeleton`` (a one-task reminder's bodies from templates rendered once
per variant), ``transport`` (SMTP or files), ``marks`` (the "sent" marks), ``outbox`` (claim, deliver, retry).
"""

from __future__ import annotations

from tracker.services.mail.settings import DEFAULTS, setting, DeliveryStats
from tracker.services.mail.tokens import (UNSUBSCRIBE_SALT, UNSUBSCRIBE_MAX_AGE_DAYS, unsubscribe_token,
                                          check_unsubscribe_token, read_unsubscribe_token)
from tracker.services.mail.rendering import Rendered, reminder_subject, Preview, render_row, render_rows
from tracker.services.mail.transport import SmtpTransport, FileTransport, make_transport
from tracker.services.mail.outbox import claim, backoff_seconds, deliver_batch, deliver, retry_mail

__all__ = [
    "DEFAULTS",
    "setting",
    "DeliveryStats",
    "UNSUBSCRIBE_SALT",
    "UNSUBSCRIBE_MAX_AGE_DAYS",
    "unsubscribe_token",
    "check_unsubscribe_token",
    "read_unsubscribe_token",
    "Rendered",
    "reminder_subject",
    "Preview",
    "render_row",
    "render_rows",
    "SmtpTransport",
    "FileTransport",
    "make_transport",
    "claim",
    "backoff_seconds",
    "deliver_batch",
    "deliver",
    "retry_mail",
]
