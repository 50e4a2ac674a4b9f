"""The states stored as strings outside the task workflow, as enums: one definition each.

Task statuses and their open/closed sets live in tracker.domain.workflow (TaskStatus,
OPEN_STATUSES, CLOSED_STATUSES and their string forms OPEN_VALUES, CLOSED_VALUES); the
statuses in which a unit owes work against a deadline in tracker.domain.reminders
(DEADLINE_STATUSES).
"""
from enum import Enum


class ExtensionStatus(str, Enum):
    PENDING = "pending"      # chờ quyết định
    APPROVED = "approved"    # đã đồng ý
    REJECTED = "rejected"    # không đồng ý


class OutboxState(str, Enum):
    PENDING = "pending"
    SENDING = "sending"      # claimed by a delivery run until claimed_until
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"


class ReminderState(str, Enum):
    PLANNED = "planned"
    QUEUED = "queued"        # its mail is in the outbox
    DIGEST = "digest"        # waits for the user's daily digest
    SUPPRESSED = "suppressed"  # the user turned notifications off
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"


# A reminder not yet sent, that a change to its task may still cancel.
PENDING_REMINDER_STATES = (ReminderState.PLANNED.value, ReminderState.QUEUED.value, ReminderState.DIGEST.value)
OUTBOX_STATES = tuple(s.value for s in OutboxState)
