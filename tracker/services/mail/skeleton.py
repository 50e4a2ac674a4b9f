"""One-task reminder bodies from a skeleton: the templates rendered once per variant, the
per-mail values put into the gaps.

Rendering the text and HTML templates through Jinja for every mail was the largest CPU cost
of delivery (contexts, ~20 translated strings, escaping, two includes). What varies between
two reminders of the same variant is only text put out as it is: the task's content, its
units' names, dates, links. So a variant — locale, templates, kind, step, days left or over,
whether there is an original deadline and an unsubscribe link: everything a branch or a
translated sentence depends on — is rendered once with numbered markers in place of those
values, and split at the markers. A mail is then the pieces joined with its values, escaped
where the marker came out escaped (the HTML part; a marker carries an ``&`` to show it).

Nothing is guessed: a template that reads anything else of the objects, tests a value or
transforms it (a filter) makes the skeleton fail to build — it raises, a marker comes out
altered, or the skeleton filled with probe values differs from Jinja's rendering of them —
and that variant is rendered by Jinja as before (``None`` from ``skeleton``). Tests compare
both ways for every variant the demo world's sweep queues.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import escape

SLOTS = ("subject", "content", "lead_unit", "assigned_by_unit", "due", "original_due", "task_url",
         "base", "prefs", "unsubscribe")
_INDEX = {name: i for i, name in enumerate(SLOTS)}
_MARK = re.compile("\x00(\\d+)(&amp;|&)\x01")


class NotInSkeleton(Exception):
    """The template used a value in a way the skeleton cannot reproduce."""


class _Slot(str):
    """A marker standing for a value that is only put out: testing it is not allowed."""

    def __bool__(self):
        raise NotInSkeleton("a value tested in a condition")


def _slot(name: str) -> _Slot:
    return _Slot(f"\x00{_INDEX[name]}&\x01")


def _keyed_slot(name: str) -> str:
    """A marker for a value whose presence is part of the variant's key: it may be tested."""
    return f"\x00{_INDEX[name]}&\x01"


class _Fixed:
    """An object with the given attributes only (any other one stops the skeleton)."""

    def __init__(self, **attrs):
        self.__dict__.update(attrs)

    def __getattr__(self, name):
        if name.startswith("__"):  # protocol probes (__html__, ...): absent, as on a model
            raise AttributeError(name)
        raise NotInSkeleton(f"attribute {name!r}")

    def __getitem__(self, name):
        raise NotInSkeleton(f"item {name!r}")

    def __str__(self):
        raise NotInSkeleton("an object put out")


class _FixedDict(dict):
    def __missing__(self, key):
        raise NotInSkeleton(f"key {key!r}")


def _probe(name: str) -> str:
    """A value no filter, test or escaping leaves unchanged: spaces around, both cases,
    HTML's special characters, a line break, Vietnamese, longer than any truncation."""
    return f"  {name} Ab <&>\"' Đề\n{'x' * 300} "


def skeleton_context(kind: str, step: int, days_left, days_over, has_original: bool, has_unsubscribe: bool,
                     lang: str, probe: bool = False) -> dict:
    """The render context of ``rendering.render_row`` for a one-task reminder, with markers
    (or, ``probe``, with probe values)."""
    slot, keyed = (_probe, _probe) if probe else (_slot, _keyed_slot)
    task = _Fixed(content=slot("content"), lead_unit=_Fixed(name=slot("lead_unit")),
                  assigned_by_unit=_Fixed(name=slot("assigned_by_unit")))
    links = _FixedDict(base=slot("base"), prefs=slot("prefs"),
                       unsubscribe=keyed("unsubscribe") if has_unsubscribe else None)
    return {"reminder": _Fixed(), "task": task, "kind": kind, "step": step, "due": slot("due"),
            "days_left": days_left, "days_over": days_over,
            "original_due": keyed("original_due") if has_original else None,
            "links": links, "task_url": slot("task_url"), "subject": slot("subject"), "lang": lang,
            "base": slot("base")}


def split(rendered: str) -> tuple[tuple[str, ...], tuple[tuple[int, bool], ...]] | None:
    """(literal pieces, (slot, escaped) per gap) of a rendered skeleton; None when a marker
    came out altered (a filter, double escaping)."""
    parts = _MARK.split(rendered)
    pieces, gaps = tuple(parts[0::3]), tuple((int(i), amp == "&amp;") for i, amp in zip(parts[1::3], parts[2::3]))
    if any("\x00" in p or "\x01" in p for p in pieces):
        return None
    return pieces, gaps


@lru_cache(maxsize=1024)
def skeleton(template, translations, kind: str, step: int, days_left, days_over, has_original: bool,
             has_unsubscribe: bool, lang: str):
    """The split skeleton of one template (a Jinja Template object: a reloaded template is a
    new key) for one variant in one locale (``translations``: its catalogue). None: render
    this variant with Jinja."""
    from tracker.i18n import template_gettext

    variant = (kind, step, days_left, days_over, has_original, has_unsubscribe, lang)
    gettext = template_gettext(translations)
    try:
        skel = split(template.render(skeleton_context(*variant), **gettext))
    except NotInSkeleton:
        return None
    # A filter can leave a marker as it is (|upper on digits, |trim): the skeleton filled
    # with probe values must read exactly as the template rendered with them.
    probes = [_probe(name) for name in SLOTS]
    if skel is None or fill(skel, probes) != template.render(skeleton_context(*variant, probe=True), **gettext):
        return None
    return skel


def fill(skel, values: list) -> str:
    """Join a skeleton's pieces with the values (``SLOTS`` order), escaped where marked."""
    pieces, gaps = skel
    out = [pieces[0]]
    for (i, escaped), piece in zip(gaps, pieces[1:]):
        v = values[i]
        out.append(str(escape(v)) if escaped else str(v))
        out.append(piece)
    return "".join(out)
