"""Objects as the dicts the response models of responses.py validate and dump (dates and
datetimes stay objects here: the models write them, YYYY-MM-DD and ISO 8601 UTC with a Z)."""
from tracker.domain.roles import Action, role_allows
from tracker.views import labels
from tracker.views.helpers import task_category


def _label(mapping: dict, key) -> str | None:
    value = mapping.get(key)
    return str(value) if value is not None else None


def unit_ref(unit) -> dict | None:
    if unit is None:
        return None
    return {"id": unit.id, "name": unit.name, "short_name": unit.short_name}


def user_ref(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.id, "name": user.name}


def unit(u) -> dict:
    return {
        "id": u.id,
        "code": u.code,
        "name": u.name,
        "short_name": u.short_name,
        "kind": u.kind,
        "kind_label": _label(labels.UNIT_KIND, u.kind),
        "parent_id": u.parent_id,
        "depth": u.depth,
        "is_active": u.is_active,
        "is_committee": u.is_committee,
        "email": u.email,
    }


def me(user) -> dict:
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "title": user.title,
        "role": user.role,
        "role_label": _label(labels.ROLE, user.role),
        "locale": user.locale,
        "unit": unit(user.unit) if user.unit else None,
        "permissions": sorted(a.value for a in Action if role_allows(user.role, a)),
    }


def directive(d, *, detail: bool = False, task_ids: list[int] | None = None,
              may_assign: bool | None = None) -> dict:
    out = {
        "id": d.id,
        "kind": d.kind,
        "kind_label": _label(labels.DIRECTIVE_KIND, d.kind),
        "symbol": d.symbol,
        "doc_type": d.doc_type,
        "number": d.number,
        "numbering_period": d.numbering_period,
        "issued_on": d.issued_on,
        "issuer": unit_ref(d.issuer),
        "owner": unit_ref(d.owner),
        "signer": d.signer,
        "title": d.title,
        "created_at": d.created_at,
    }
    if detail:
        out["body"] = d.body
        out["created_by"] = user_ref(d.created_by)
        out["task_ids"] = list(task_ids or [])
        out["may_assign"] = bool(may_assign)
    return out


def directive_ref(d) -> dict | None:
    if d is None:
        return None
    return {"id": d.id, "kind": d.kind, "symbol": d.symbol, "title": d.title,
            "issued_on": d.issued_on}


def deadline(t) -> dict:
    return {
        "kind": t.deadline_kind,
        "kind_label": _label(labels.DEADLINE_KIND, t.deadline_kind),
        "due_on": t.due_on,
        "original_due_on": t.original_due_on,
        "days": t.deadline_days,
        "recurrence": t.recurrence,
    }


def task(t, *, today=None, detail: bool = False, child_ids: list[int] | None = None) -> dict:
    category = task_category(t, today)
    out = {
        "id": t.id,
        "content": t.content,
        "status": t.status,
        "status_label": _label(labels.STATUS, t.status),
        "priority": t.priority,
        "progress": t.progress,
        "category": category,
        "category_label": _label(labels.CATEGORY, category) if category else None,
        "lead_unit": unit_ref(t.lead_unit),
        "coordinators": [unit_ref(c) for c in t.coordinators],
        "assigned_by_unit": unit_ref(t.assigned_by_unit),
        "assigned_on": t.assigned_on,
        "deadline": deadline(t),
        "due_on": t.due_on,
        "completed_on": t.completed_on,
        "directive_id": t.directive_id,
        "parent_id": t.parent_id,
        "updated_at": t.updated_at,
    }
    if detail:
        out.update({
            "directive": directive_ref(t.directive),
            "assigned_by": user_ref(t.assigned_by),
            "assigned_at": t.assigned_at,
            "note": t.note,
            "created_at": t.created_at,
            "version": t.version,
            "child_ids": list(child_ids or []),
            "events": [event(e) for e in t.events],
        })
    return out


def event(e) -> dict:
    return {
        "id": e.id,
        "at": e.at,
        "kind": e.kind,
        "kind_label": _label(labels.EVENT, e.kind) or e.kind,
        "actor": user_ref(e.actor),
        "from_status": e.from_status,
        "to_status": e.to_status,
        "note": e.note,
        "changes": e.changes,
    }


def page_meta(page) -> dict:
    """Pagination block of a list response (a Flask-SQLAlchemy Pagination or ListPage)."""
    return {"page": page.page, "per_page": page.per_page, "total": page.total, "pages": page.pages}
