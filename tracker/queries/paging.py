"""One-query pagination: the page's rows carry the total as a window count.

Flask-SQLAlchemy's paginate runs the filtered query twice (rows, then count); on a
task list that is a union over a unit's subtree, the second run was a third of the
request. Falls back to a count query only for a page past the end.
"""
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select


def rows_and_total(session, stmt, *, limit: int, offset: int = 0) -> tuple[list, int]:
    """(rows of one page, total rows of ``stmt``) in one query; a count query only when
    the page is past the end (no row to carry the total)."""
    rows = session.execute(stmt.add_columns(func.count().over().label("_total")).limit(limit).offset(offset)).all()
    if rows:
        return [r[:-1] for r in rows], rows[0][-1]
    return [], session.execute(select(func.count()).select_from(stmt.order_by(None).subquery())).scalar()


class WindowPagination(Pagination):
    def _query_items(self) -> list:
        rows, self._total = rows_and_total(self._query_args["session"], self._query_args["select"],
                                           limit=self.per_page, offset=self._query_offset)
        return [r[0] for r in rows]

    def _query_count(self) -> int:
        return self._total


def paginate(session, stmt, *, page: int | None = None, per_page: int | None = None, max_per_page: int = 100,
             error_out: bool = False) -> WindowPagination:
    return WindowPagination(page=page, per_page=per_page, max_per_page=max_per_page, error_out=error_out,
                            session=session, select=stmt)
