"""Mail settings with their defaults, and the counters one delivery run reports."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field





log = logging.getLogger(__name__)


DEFAULTS = {
    "MAIL_BATCH_SIZE": 100,
    "MAIL_LEASE_SECONDS": 300,
    "MAIL_RETRY_BASE_SECONDS": 60,
    "MAIL_RETRY_MAX_SECONDS": 3600,
    "MAIL_MAX_ATTEMPTS": 12,
    "MAIL_ASYNC_COMMIT": True,
    "SMTP_TIMEOUT": 30,
}


def setting(cfg, key):
    value = cfg.get(key)
    return DEFAULTS[key] if value is None else value


@dataclass
class DeliveryStats:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0
    batches: int = 0
    errors: list[str] = field(default_factory=list)

