"""The task list's pickers: the unit filter (inline, or the way down to the chosen unit with the
whole tree fetched by the browser) and the source filter."""
from typing import NamedTuple

from sqlalchemy import func, or_, select

from tracker.cache import STRUCTURE, memo
from tracker.extensions import db
from tracker.models import Directive, Unit
from tracker.queries.units import tree_choices
from tracker.queries.visibility import directive_clause

# A unit filter of more units than this is not written into every page: the page lists the
# way down to the chosen unit (its ancestors and their children: a hundred options), and the
# browser fetches the whole tree once per structure version (unit_choices) and keeps it. The
# national scope's 10,000 options were two thirds of its list's CPU (350 of 500 ms).
INLINE_UNITS = 500


def picker_root(user) -> str | None:
    """The path of the unit filter's scope: the user's subtree (a committee's: its parent's); None: every unit."""
    if user.is_admin:
        return None
    root_path = user.unit.path
    if user.unit.is_committee and user.unit.parent_id is not None:
        root_path = root_path[: root_path.rstrip("/").rfind("/") + 1]  # the parent's path
    return root_path


def _in_scope(stmt, root_path):
    return stmt if root_path is None else stmt.where(Unit.path.startswith(root_path, autoescape=True))


def unit_count(root_path: str | None) -> int:
    return memo("unit_count", (root_path,),
                lambda: db.session.scalar(_in_scope(select(func.count()).select_from(Unit), root_path)),
                kind=STRUCTURE)


def unit_choices(root_path: str | None) -> list[tuple[int, str]]:
    """The unit filter's options: every unit of the scope, as a tree."""
    def compute():
        # Rows of the five columns the tree needs, not whole units: 10,000 ORM objects were 70 % of it.
        rows = db.session.execute(_in_scope(select(*_TREE_COLUMNS).order_by(Unit.path), root_path)).all()
        return tree_choices(rows)
    return memo("unit_choices", (root_path,), compute, kind=STRUCTURE)


_TREE_COLUMNS = (Unit.id, Unit.parent_id, Unit.depth, Unit.name, Unit.sort_name)


def drill_down_choices(root_path: str | None, chosen: Unit | None) -> list[tuple[int, str]]:
    """The scope's top units and their children, and on the way down to ``chosen`` each unit's children."""
    chain = [int(x) for x in chosen.path.strip("/").split("/")] if chosen is not None else []
    top = select(Unit.id).where(Unit.parent_id.is_(None) if root_path is None else Unit.path == root_path)
    opened = Unit.parent_id.in_(top.union(select(Unit.id).where(Unit.id.in_(chain))))
    stmt = _in_scope(select(Unit).where(or_(Unit.id.in_(top), opened, Unit.id.in_(chain))), root_path)
    return tree_choices(list(db.session.scalars(stmt)))


class DirectiveChoice(NamedTuple):
    id: int
    label: str  # the symbol, else the start of the title


def directive_choices(user) -> list[DirectiveChoice]:
    """The source filter's options: the 200 latest directives the user may see."""
    def compute():
        # Only these columns: the bodies of 200 conclusions are large.
        rows = db.session.execute(
            select(Directive.id, Directive.symbol, Directive.title, Directive.issued_on)
            .where(directive_clause(user)).order_by(Directive.issued_on.desc(), Directive.id.desc())
            .limit(200)).all()
        return [DirectiveChoice(r.id, r.symbol or (r.title if len(r.title) <= 40 else r.title[:37] + "...")) for r in rows]
    scope = ("all",) if user.is_admin else ("unit", user.unit_id, user.unit.path if user.unit else None)
    return memo("directive_choices", scope, compute, kind=STRUCTURE)
