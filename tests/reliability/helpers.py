"""Arranging reminder scenarios on the demo world: tasks, sweeps, outbox checks."""
from collections import Counter
from datetime import date

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import OutboxMail, Reminder, Task, Unit, User


def unit(session, code) -> Unit:
    return session.scalar(select(Unit).where(Unit.code == code))


def user(session, local) -> User:
    return session.scalar(select(User).where(User.email == f"{local}@sonla.demo"))


def make_task(session, due_on: date | None, *, status="in_progress", lead="chiengco", coords=(),
              body="TP-BCD", content="Rà soát, kiện toàn tổ hòa giải ở cơ sở", assigned_on=date(2026, 1, 5)) -> Task:
    task = Task(content=content, lead_unit=unit(session, lead), assigned_by_unit=unit(session, body),
                assigned_by=user(session, "thuky"), assigned_on=assigned_on, deadline_kind="date",
                due_on=due_on, original_due_on=due_on, status=status,
                coordinators=[unit(session, c) for c in coords])
    session.add(task)
    session.commit()
    return task


def make_tasks(session, n, due_on, **kw) -> list[int]:
    return [make_task(session, due_on, content=f"Nhiệm vụ thử số {i}", **kw).id for i in range(n)]


def outbox_ids(session) -> dict[int, str]:
    return dict(session.execute(select(OutboxMail.id, OutboxMail.state)).all())


def message_ids(sink) -> Counter:
    return Counter(m["Message-ID"] for _, m in sink.messages)


def assert_each_sent_once(session, sink):
    """Every outbox row is sent and reached the server exactly once; nothing else did."""
    session.expire_all()
    rows = session.execute(select(OutboxMail.id, OutboxMail.state, OutboxMail.dedupe_key)).all()
    states = Counter(r.state for r in rows)
    assert states == Counter({"sent": len(rows)}), states
    seen = message_ids(sink)
    dups = {k: v for k, v in seen.items() if v > 1}
    assert not dups, f"sent twice: {dups}"
    expected = {f"<outbox-{r.id}." for r in rows}
    got = {k.split(".")[0] + "." for k in seen}
    assert got == expected
    return len(rows)


def shown_states(session, task_ids) -> list[str]:
    """The tasks' reminders' states as the task page shows them (a reminder's own mail sent
    makes it sent: delivery marks the mail's row alone)."""
    session.expire_all()
    pairs = session.execute(select(Reminder, OutboxMail).outerjoin(OutboxMail, OutboxMail.reminder_id == Reminder.id)
                            .where(Reminder.task_id.in_(task_ids))).all()
    return [r.shown(m)[0] for r, m in pairs]


__all__ = ["db", "shown_states", "unit", "user", "make_task", "make_tasks", "outbox_ids", "message_ids", "assert_each_sent_once"]
