"""One-query pagination: the page's rows carry the total as a window count.

Flask-SQLAlchemy's paginate runs the filtered query twice (rows, then count); on a
task list that is a union over a unit's subtree, the second run was a third of the
request. Falls back to a count query only for a page past the end.
"""
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select


class WindowPagination(Pagination):
    def _query_items(self) -> list:
        session, stmt = self._query_args["session"], self._query_args["select"]
        rows = session.execute(stmt.add_columns(func.count().over().label("_total"))
                               .limit(self.per_page).offset(self._query_offset)).all()
        self._window_total = rows[0][-1] if rows else None
        return [r[0] for r in rows]

    def _query_count(self) -> int:
        if self._window_total is not None:
            return self._window_total
        session, stmt = self._query_args["session"], self._query_args["select"]
        return session.execute(select(func.count()).select_from(stmt.order_by(None).subquery())).scalar()


def paginate(session, stmt, *, page: int | None = None, per_page: int | None = None, max_per_page: int = 100,
             error_out: bool = False) -> WindowPagination:
    return WindowPagination(page=page, per_page=per_page, max_per_page=max_per_page, error_out=error_out,
                            session=session, select=stmt)
