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
    Directive,
    DirectiveEvent,
    DirectivePublication,
    Task,
    Unit,
    User,
)
from tracker.services import ServiceError, require
from tracker.timeutil import utcnow

PUBLISHED, UNPUBLISHED = "published", "unpublished"


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


def directive_history(session, directive_id: int) -> list[DirectiveEvent]:
    return list(session.scalars(select(DirectiveEvent).where(DirectiveEvent.directive_id == directive_id)
                                .order_by(DirectiveEvent.id)))


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
    )


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
