"""Publishing a directive on the public pages (công khai), and reading what is published.

Who may publish: the assigning body's secretariat and leader (and admins), through the
role table (Action.PUBLISH_DIRECTIVE, own unit only). Publishing and unpublishing are
rows of the directive's history. The public reader gets plain values only — the fields
listed in docs/public.md — never ORM objects, so a template cannot reach anything else.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from tracker.cache import bump_data_version
from tracker.domain.roles import Action
from tracker.domain.workflow import TaskStatus
from tracker.models import (
    Attachment,
    Directive,
    DirectiveEvent,
    DirectivePublication,
    PublicItem,
    Task,
    TaskEvent,
    Unit,
    User,
)
from tracker.services import ServiceError, require
from tracker.timeutil import utcnow

PUBLISHED, UNPUBLISHED = "published", "unpublished"
ITEM_MARKED, ITEM_UNMARKED = "item_public", "item_private"


def is_published(session, directive_id: int) -> bool:
    return session.get(DirectivePublication, directive_id) is not None


def _check(user: User, directive: Directive) -> None:
    try:
        require(user, Action.PUBLISH_DIRECTIVE, directive)
    except ServiceError:
        raise ServiceError(_("Bạn không có quyền công khai văn bản này."), 403) from None


def publish(session, user: User, directive: Directive, *, now: datetime | None = None) -> bool:
    """Publish the directive; False (and nothing written) when it already is."""
    _check(user, directive)
    if is_published(session, directive.id):
        return False
    now = now or utcnow()
    session.add(DirectivePublication(directive_id=directive.id, published_at=now, published_by_id=user.id))
    session.add(DirectiveEvent(directive_id=directive.id, actor_id=user.id, at=now, kind=PUBLISHED))
    bump_data_version(session)
    session.commit()
    return True


def unpublish(session, user: User, directive: Directive, *, now: datetime | None = None) -> bool:
    """Withdraw the directive from the public pages; False when it was not published."""
    _check(user, directive)
    row = session.get(DirectivePublication, directive.id)
    if row is None:
        return False
    session.delete(row)
    session.add(DirectiveEvent(directive_id=directive.id, actor_id=user.id, at=now or utcnow(), kind=UNPUBLISHED))
    bump_data_version(session)
    session.commit()
    return True


def _item_target(session, directive: Directive, event_id: int | None, attachment_id: int | None):
    """The (event, attachment) to mark, checked to belong to one of the directive's tasks."""
    if (event_id is None) == (attachment_id is None):
        raise ServiceError(_("Không tìm thấy mục này."), 404)
    if event_id is not None:
        ev = session.get(TaskEvent, event_id)
        if (ev is None or ev.task.directive_id != directive.id or ev.task.parent_id is not None
                or not (ev.note or "").strip()):
            raise ServiceError(_("Không tìm thấy mục này."), 404)
        return ev, None
    att = session.get(Attachment, attachment_id)
    if (att is None or att.task is None or att.event_id is None or att.task.directive_id != directive.id
            or att.task.parent_id is not None):
        raise ServiceError(_("Không tìm thấy mục này."), 404)
    return None, att


def _item_row(session, event_id, attachment_id) -> PublicItem | None:
    col, value = (PublicItem.event_id, event_id) if event_id is not None else (PublicItem.attachment_id, attachment_id)
    return session.scalar(select(PublicItem).where(col == value))


def _item_label(ev, att) -> str:
    return f"event:{ev.id}" if ev is not None else f"file:{att.id}"


def mark_item_public(session, user: User, directive: Directive, *, event_id: int | None = None,
                     attachment_id: int | None = None, now: datetime | None = None) -> bool:
    """Mark one report/comment (a task event's note) or one evidence file public; a history
    entry of the directive. False (nothing written) when it already is."""
    _check(user, directive)
    ev, att = _item_target(session, directive, event_id, attachment_id)
    if _item_row(session, event_id, attachment_id) is not None:
        return False
    now = now or utcnow()
    session.add(PublicItem(directive_id=directive.id, event_id=event_id, attachment_id=attachment_id,
                           marked_at=now, marked_by_id=user.id))
    session.add(DirectiveEvent(directive_id=directive.id, actor_id=user.id, at=now, kind=ITEM_MARKED,
                               note=_item_label(ev, att)))
    bump_data_version(session)  # the public page shows marked items
    session.commit()
    return True


def unmark_item_public(session, user: User, directive: Directive, *, event_id: int | None = None,
                       attachment_id: int | None = None, now: datetime | None = None) -> bool:
    """Take one item off the public page; False when it was not marked."""
    _check(user, directive)
    ev, att = _item_target(session, directive, event_id, attachment_id)
    row = _item_row(session, event_id, attachment_id)
    if row is None:
        return False
    session.delete(row)
    session.add(DirectiveEvent(directive_id=directive.id, actor_id=user.id, at=now or utcnow(), kind=ITEM_UNMARKED,
                               note=_item_label(ev, att)))
    bump_data_version(session)  # the public page shows marked items
    session.commit()
    return True


def public_marks(session, directive_id: int) -> tuple[set[int], set[int]]:
    """(event ids, attachment ids) marked public in the directive."""
    rows = session.execute(select(PublicItem.event_id, PublicItem.attachment_id)
                           .where(PublicItem.directive_id == directive_id)).all()
    return {r[0] for r in rows if r[0] is not None}, {r[1] for r in rows if r[1] is not None}


def public_attachment(session, attachment_id: int) -> Attachment | None:
    """The file when it is marked public and its directive is published; else None."""
    row = session.scalar(select(PublicItem).where(PublicItem.attachment_id == attachment_id))
    if row is None or not is_published(session, row.directive_id):
        return None
    att = session.get(Attachment, attachment_id)
    if att is None or att.task is None or att.task.directive_id != row.directive_id:
        return None
    return att


@dataclass(frozen=True)
class HistoryItem:
    """What a "marked public" history line names: the kind of item, the task it belongs to
    and how a reader recognises it (the unit and date of a report, a file's name)."""
    kind: str  # "event" | "file"
    task_id: int
    unit: str
    on: datetime | None
    filename: str | None


def _history_item(session, note: str | None) -> HistoryItem | None:
    """The item a history row refers to (its note is ``event:N`` or ``file:N``), or None
    when the item no longer exists."""
    kind, _sep, ident = (note or "").partition(":")
    if not ident.isdigit():
        return None
    if kind == "event":
        ev = session.get(TaskEvent, int(ident))
        if ev is None:
            return None
        return HistoryItem("event", ev.task_id, ev.task.lead_unit.name, ev.at, None)
    if kind == "file":
        att = session.get(Attachment, int(ident))
        if att is None or att.task is None:
            return None
        return HistoryItem("file", att.task_id, att.task.lead_unit.name, att.uploaded_at, att.filename)
    return None


def directive_history(session, directive_id: int) -> list[tuple[DirectiveEvent, HistoryItem | None]]:
    """The directive's publication history, each row with the item it names (None for
    publishing and unpublishing, or an item deleted since)."""
    rows = session.scalars(select(DirectiveEvent).where(DirectiveEvent.directive_id == directive_id)
                           .order_by(DirectiveEvent.id))
    return [(e, _history_item(session, e.note) if e.kind in (ITEM_MARKED, ITEM_UNMARKED) else None) for e in rows]


# -- the public reader: plain values, the published fields only --------------------------

@dataclass(frozen=True)
class PublicTask:
    number: int            # position in the directive (1, 2, ...), not the database id
    content: str
    lead_unit: str
    due_on: date | None
    category: str | None   # domain DeadlineCategory value, from the one rule
    progress: int
    status: str


@dataclass(frozen=True)
class PublicIndicator:
    """An indicator's figure as published: name, target, achieved and the report phrasing only
    (no reporter, note or evidence)."""
    name: str
    target: str
    achieved: str
    phrase: str


@dataclass(frozen=True)
class PublicFile:
    id: int
    filename: str
    size: int


@dataclass(frozen=True)
class PublicEntry:
    """A report, comment or evidence file marked public: the task's number, the unit that
    wrote it (never the officer), the date, the note when marked, the marked files."""
    task_number: int
    unit: str
    on: date
    note: str | None
    files: tuple[PublicFile, ...] = ()


@dataclass(frozen=True)
class PublicDirective:
    id: int
    symbol: str | None
    issued_on: date
    title: str             # trích yếu: the summary
    issuer: str
    owner: str
    owner_id: int
    published_at: datetime
    tasks: tuple[PublicTask, ...] = ()
    indicators: tuple[PublicIndicator, ...] = ()
    entries: tuple[PublicEntry, ...] = ()

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for t in self.tasks:
            out[t.category] = out.get(t.category, 0) + 1
        return out


def _public_tasks(session, directive: Directive, category_of) -> tuple[PublicTask, ...]:
    # The directive's own tasks (sub-tasks a unit gives its sub-units are internal);
    # cancelled tasks are left out, as in the reports.
    tasks = session.scalars(select(Task).where(
        Task.directive_id == directive.id, Task.parent_id.is_(None),
        Task.status != TaskStatus.CANCELLED.value).order_by(Task.id)).all()
    return tuple(PublicTask(number=i, content=t.content, lead_unit=t.lead_unit.name, due_on=t.due_on,
                            category=category_of(t), progress=t.progress, status=t.status)
                 for i, t in enumerate(tasks, 1))


def _public(session, directive: Directive, pub: DirectivePublication, category_of=None) -> PublicDirective:
    return PublicDirective(
        id=directive.id, symbol=directive.symbol, issued_on=directive.issued_on, title=directive.title,
        issuer=directive.issuer.name, owner=directive.owner.name, owner_id=directive.owner_unit_id,
        published_at=pub.published_at,
        tasks=_public_tasks(session, directive, category_of) if category_of else (),
        indicators=_public_indicators(session, directive) if category_of else (),
        entries=_public_entries(session, directive) if category_of else (),
    )


def _public_entries(session, directive: Directive) -> tuple[PublicEntry, ...]:
    """The items marked public, oldest first. Only the marked note and the marked files of an
    event; the unit is the officer's unit (or the task's lead unit), never a name."""
    from tracker.timeutil import to_local

    event_ids, file_ids = public_marks(session, directive.id)
    if not event_ids and not file_ids:
        return ()
    numbers = {t.id: i for i, t in enumerate(session.scalars(select(Task).where(
        Task.directive_id == directive.id, Task.parent_id.is_(None),
        Task.status != TaskStatus.CANCELLED.value).order_by(Task.id)).all(), 1)}
    files = session.scalars(select(Attachment).where(Attachment.id.in_(file_ids))).all() if file_ids else []
    by_event: dict[int | None, list[Attachment]] = {}
    for a in files:
        by_event.setdefault(a.event_id, []).append(a)
    all_events = set(event_ids) | {k for k in by_event if k is not None}
    events = session.scalars(select(TaskEvent).where(TaskEvent.id.in_(all_events)).order_by(TaskEvent.id)).all()
    out = []
    for ev in events:
        task = ev.task
        top = task if task.parent_id is None else None
        number = numbers.get(top.id) if top else None
        if number is None:
            continue
        unit = ev.actor.unit.name if ev.actor and ev.actor.unit else task.lead_unit.name
        out.append(PublicEntry(
            task_number=number, unit=unit, on=to_local(ev.at).date(),
            note=ev.note if ev.id in event_ids else None,
            files=tuple(PublicFile(id=a.id, filename=a.filename, size=a.size)
                        for a in sorted(by_event.get(ev.id, []), key=lambda a: a.id))))
    return tuple(out)


def _public_indicators(session, directive: Directive) -> tuple[PublicIndicator, ...]:
    """The directive's own indicators, rolled up over all their units as of today."""
    from tracker.domain import indicators as dom
    from tracker.queries import indicators as iq
    from tracker.timeutil import local_today

    inds = iq.of_directive(session, directive.id)
    figures = iq.rollup(session, inds, local_today())
    out = []
    for ind in inds:
        fig = figures[ind.id]
        if fig.aggregation is dom.Aggregation.REACHED:
            label = ind.unit_label or _("đơn vị")
            target, achieved = f"{dom.fmt_decimal(fig.target)} {label}", f"{dom.fmt_decimal(fig.achieved)} {label}"
        else:
            target = dom.fmt_value(fig.target, ind.measure, ind.unit_label, _)
            achieved = dom.fmt_value(fig.achieved, ind.measure, ind.unit_label, _)
        out.append(PublicIndicator(name=ind.name, target=target, achieved=achieved,
                                   phrase=dom.phrase(fig, ind.measure, ind.unit_label, _)))
    return tuple(out)


def public_directive(session, directive_id: int, category_of) -> PublicDirective | None:
    """The published view of one directive, or None when it is not published."""
    pub = session.get(DirectivePublication, directive_id)
    if pub is None:
        return None
    return _public(session, session.get(Directive, directive_id), pub, category_of)


def published_by_unit(session, unit: Unit, limit: int = 200) -> list[PublicDirective]:
    """Directives published by the unit or a body below it (a commune and its committee),
    newest publication first."""
    rows = session.execute(
        select(Directive, DirectivePublication)
        .join(DirectivePublication, DirectivePublication.directive_id == Directive.id)
        .join(Unit, Unit.id == Directive.owner_unit_id)
        .where(Unit.path.startswith(unit.path, autoescape=True))
        .order_by(DirectivePublication.published_at.desc(), Directive.id.desc()).limit(limit)).all()
    return [_public(session, d, p) for d, p in rows]


def publishing_units(session) -> list[tuple[int, str]]:
    """(id, name) of every unit that owns a published directive, for the public index."""
    rows = session.execute(
        select(Unit.id, Unit.name).join(Directive, Directive.owner_unit_id == Unit.id)
        .join(DirectivePublication, DirectivePublication.directive_id == Directive.id)
        .distinct().order_by(Unit.name)).all()
    return [(r[0], r[1]) for r in rows]
