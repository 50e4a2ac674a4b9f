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

__all__ = ["Fact", "Param", "Cmp", "IsNull", "StatusIn", "All", "Any", "Not", "Named", "ALWAYS", "NEVER", "OPS",
           "holds", "predicate", "param_value", "restrict", "params_of", "assuming"]


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
NEVER = Any()

OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq,
       "!=": operator.ne}


def param_value(p: Param, params: Mapping[str, date | None]) -> date | None:
    value = params[p.name]
    return None if value is None else value + timedelta(days=p.days)


def params_of(rule) -> frozenset[str]:
    """The names of the parameters ``rule`` reads: a rule reading none of the day's holds on
    every day or on none, whatever the day."""
    if isinstance(rule, Named):
        return params_of(rule.rule)
    if isinstance(rule, (All, Any)):
        return frozenset().union(*(params_of(r) for r in rule.items))
    if isinstance(rule, Not):
        return params_of(rule.item)
    if isinstance(rule, Cmp) and isinstance(rule.right, Param):
        return frozenset((rule.right.name,))
    return frozenset()


def holds(rule, facts: Mapping[str, object], params: Mapping[str, date | None]) -> bool:
    """Whether ``rule`` holds for a task with these ``facts``, given the ``params``."""
    return predicate(rule)(facts, params)


_PREDICATES: dict[int, tuple] = {}


def predicate(rule):
    """``rule`` as a Python function of (facts, params), built once per rule (rules are constants)."""
    known = _PREDICATES.get(id(rule))
    if known is None or known[0] is not rule:
        known = _PREDICATES[id(rule)] = (rule, _build(rule))
    return known[1]


def _build(rule):  # noqa: C901 - one branch per kind of node
    if isinstance(rule, Named):
        return predicate(rule.rule)
    if isinstance(rule, (All, Any)):
        fns, want = tuple(predicate(r) for r in rule.items), isinstance(rule, Any)

        def combined(facts, params):
            for fn in fns:
                if fn(facts, params) is want:
                    return want
            return not want
        return combined
    if isinstance(rule, Not):
        inner = predicate(rule.item)
        return lambda facts, params: not inner(facts, params)
    if isinstance(rule, Cmp):
        return _build_cmp(rule)
    if isinstance(rule, IsNull):
        name = rule.fact.name
        return lambda facts, params: facts[name] is None
    if isinstance(rule, StatusIn):
        name, values = rule.fact.name, frozenset(rule.values)
        return lambda facts, params: facts[name] in values
    raise TypeError(f"not a rule: {rule!r}")


def _build_cmp(rule: Cmp):
    name, op, right = rule.left.name, OPS[rule.op], rule.right
    if isinstance(right, Param):
        pname, delta = right.name, timedelta(days=right.days)

        def against_param(facts, params):
            left, bound = facts[name], params[pname]
            if left is None:
                return False
            return True if bound is None else op(left, bound + delta)  # None: no bound
        return against_param
    other = right.name

    def against_fact(facts, params):
        left, value = facts[name], facts[other]
        return left is not None and value is not None and op(left, value)
    return against_fact


def restrict(rule, params: Mapping[str, date | None], *, statuses=None, unknown=frozenset(), known=frozenset()):
    """``rule`` for the tasks whose status is one of ``statuses`` (None: any), whose facts
    named in ``unknown`` are None and those in ``known`` are not: ALWAYS if it holds for every
    such task, NEVER if for none, else a rule that holds for such a task exactly when ``rule``
    does. A list can then skip the tasks of a status that a filter can never keep ("overdue"
    among cancelled tasks), which the database cannot tell from the condition alone."""
    def sub(r):
        return restrict(r, params, statuses=statuses, unknown=unknown, known=known)

    if isinstance(rule, (Named, All, Any, Not)):
        return _rebuilt(rule, sub)
    if isinstance(rule, StatusIn):
        if statuses is None:
            return rule
        inside = set(statuses) & set(rule.values)
        return NEVER if not inside else ALWAYS if inside == set(statuses) else rule
    if isinstance(rule, IsNull):
        name = rule.fact.name
        return ALWAYS if name in unknown else NEVER if name in known or not rule.fact.nullable else rule
    if isinstance(rule, Cmp):
        facts = [rule.left] + ([rule.right] if isinstance(rule.right, Fact) else [])
        if any(f.name in unknown for f in facts):
            return NEVER  # an unknown fact never satisfies a comparison
        if isinstance(rule.right, Param) and param_value(rule.right, params) is None:
            # No bound: holds as soon as the fact is known.
            return ALWAYS if rule.left.name in known or not rule.left.nullable else rule
        return rule
    raise TypeError(f"not a rule: {rule!r}")


def assuming(rule, held: tuple):
    """``rule`` for the tasks for which every rule of ``held`` holds: each part of ``rule`` equal to
    one of them is ALWAYS (and the rest simplified as ``restrict`` does). A report's columns are
    counted among its population: "not cancelled", part of the population, is then no condition of
    its own in the seven FILTERed counts of an open task (a tenth of the national report's SQL)."""
    if rule in held:
        return ALWAYS
    if isinstance(rule, (Named, All, Any, Not)):
        return _rebuilt(rule, lambda r: assuming(r, held))
    return rule


def _rebuilt(rule, sub):
    """A Named, All, Any or Not node with ``sub`` applied to its parts, simplified: a part that
    became ALWAYS or NEVER decides or drops out; unchanged parts give the node itself."""
    if isinstance(rule, Named):
        inner = sub(rule.rule)
        return rule if inner is rule.rule else inner
    if isinstance(rule, Not):
        inner = sub(rule.item)
        return NEVER if inner == ALWAYS else ALWAYS if inner == NEVER else rule if inner is rule.item else Not(inner)
    stop, skip = (NEVER, ALWAYS) if isinstance(rule, All) else (ALWAYS, NEVER)
    items = [sub(r) for r in rule.items]
    if all(new is old for new, old in zip(items, rule.items)):
        return rule
    if stop in items:
        return stop
    items = [r for r in items if r != skip]
    if len(items) == 1:
        return items[0]
    return type(rule)(*items) if items else skip
