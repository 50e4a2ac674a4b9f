"""A small language for rules over a task's facts, written as data.

A rule is a tree of the nodes below. ``holds`` evaluates it in Python on one task;
``tracker.queries.categories`` compiles the same tree into a SQLAlchemy condition, so a
rule declared once (tracker.domain.categories) means the same on a page, in a list filter
and in a report counted by the database.

Meaning, the same in both forms (two-valued: a rule holds or it does not):
- ``Cmp(fact, op, other)`` holds when both sides are known and compare so; an unknown
  (None) fact never satisfies a comparison. A ``Param`` whose value is None is "no bound":
  the comparison holds as soon as the fact is known.
- ``IsNull(fact)``; ``StatusIn(values)``; ``All``/``Any``/``Not`` as in logic (``All()``
  holds, ``Any()`` does not).
- ``Named(name, rule)`` is ``rule``; the name lets a compiler read a stored result instead
  (a closed period's frozen category).
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["Fact", "Param", "Cmp", "IsNull", "StatusIn", "All", "Any", "Not", "Named", "ALWAYS", "OPS", "holds",
           "param_value"]


@dataclass(frozen=True)
class Fact:
    """A fact of the task, by name (``status``, ``due_on``...); ``nullable`` if it may be unknown."""
    name: str
    nullable: bool = True


@dataclass(frozen=True)
class Param:
    """A day the caller gives (the report's day D, the period's first day...), moved by ``days``."""
    name: str
    days: int = 0


@dataclass(frozen=True)
class Cmp:
    left: Fact
    op: str
    right: Fact | Param


@dataclass(frozen=True)
class IsNull:
    fact: Fact


@dataclass(frozen=True)
class StatusIn:
    values: tuple[str, ...]
    fact: Fact = Fact("status", nullable=False)


@dataclass(frozen=True)
class All:
    items: tuple

    def __init__(self, *items):
        object.__setattr__(self, "items", items)


@dataclass(frozen=True)
class Any:
    items: tuple

    def __init__(self, *items):
        object.__setattr__(self, "items", items)


@dataclass(frozen=True)
class Not:
    item: object


@dataclass(frozen=True)
class Named:
    name: str
    rule: object


ALWAYS = All()

OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq,
       "!=": operator.ne}


def param_value(p: Param, params: Mapping[str, date | None]) -> date | None:
    value = params[p.name]
    return None if value is None else value + timedelta(days=p.days)


def holds(rule, facts: Mapping[str, object], params: Mapping[str, date | None]) -> bool:
    """Whether ``rule`` holds for a task with these ``facts``, given the ``params``."""
    if isinstance(rule, Named):
        return holds(rule.rule, facts, params)
    if isinstance(rule, All):
        return all(holds(r, facts, params) for r in rule.items)
    if isinstance(rule, Any):
        return any(holds(r, facts, params) for r in rule.items)
    if isinstance(rule, Not):
        return not holds(rule.item, facts, params)
    if isinstance(rule, Cmp):
        left = facts[rule.left.name]
        if left is None:
            return False
        if isinstance(rule.right, Param):
            right = param_value(rule.right, params)
            if right is None:  # no bound
                return True
        else:
            right = facts[rule.right.name]
            if right is None:
                return False
        return OPS[rule.op](left, right)
    if isinstance(rule, IsNull):
        return facts[rule.fact.name] is None
    if isinstance(rule, StatusIn):
        return facts[rule.fact.name] in rule.values
    raise TypeError(f"not a rule: {rule!r}")
