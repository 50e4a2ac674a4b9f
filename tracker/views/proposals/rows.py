"""The review table as rows: read from the posted form or from the extraction, merged, split, deleted."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _

from tracker.domain.deadlines import DeadlineKind

from tracker.domain.extraction.model import needs_attention
from tracker.views.proposals.common import MAX_ROWS, RECURRING_VALUES, Choices


ROW_TEXT_FIELDS = ("content", "lead", "deadline_kind", "due_on", "deadline_days", "recurrence",
                   "phrase", "lead_set", "lead_set_label", "coord_phrases", "confidence", "flags", "frame",
                   "source")


@dataclass
class Row:
    content: str = ""
    lead: str = ""                 # "12", "communes:3", "ids:5,6,7" or "" (to be chosen)
    coordinators: list[str] = field(default_factory=list)
    deadline_kind: str = DeadlineKind.NONE.value
    due_on: str = ""
    deadline_days: str = ""
    recurrence: str = ""
    phrase: str = ""               # the lead as written, when not in the directory
    lead_set: str = ""             # "5,6,7": the units of a group addressee that is no predefined group
    lead_set_label: str = ""
    coord_phrases: str = ""        # coordinating units as written, not in the directory ("; "-separated)
    confidence: str = ""
    flags: str = ""                # space-separated extraction flags
    frame: str = ""                # why it was proposed (FRAME_LABELS)
    source: str = ""               # the words of the conclusion it came from, as written
    selected: bool = False
    make_indicator: bool = False   # "Tạo chỉ tiêu": the target the text states becomes an indicator
    errors: dict = field(default_factory=dict)

    @property
    def target_hint(self):
        """The target the row's words state ("phấn đấu 100% xã, phường …"), recomputed from the
        text on every request (never taken from the posted form), or None."""
        from tracker.domain.indicators import target_in_text
        return target_in_text(self.source or self.content or "")

    @property
    def confidence_pct(self) -> int | None:
        try:
            return round(float(self.confidence) * 100)
        except ValueError:
            return None

    @property
    def low_confidence(self) -> bool:
        """Marked for attention ("Cần xem kỹ") as the extraction flagged it (extraction.model.ATTENTION_FLAGS:
        unsure, no addressee read, or the model's alone); a row typed by hand carries no flag."""
        return needs_attention(self.flag_list)

    @property
    def by_model(self) -> bool:
        """Proposed by the model engine ("model:<rule frame>"): the reason shown is the model's confidence
        and the rules' frame it weighed."""
        return self.frame.startswith("model:")

    @property
    def rule_frame(self) -> str:
        return self.frame[len("model:"):] if self.by_model else self.frame

    @property
    def flag_list(self) -> list[str]:
        return self.flags.split()

    @property
    def coord_phrase_list(self) -> list[str]:
        return [p for p in (s.strip() for s in self.coord_phrases.split(";")) if p]

    @property
    def lead_set_ids(self) -> list[int]:
        return [int(x) for x in self.lead_set.split(",") if x.strip().isdigit()]


def rows_from_form(form) -> list[Row]:
    indices = sorted({int(m.group(1)) for key in form for m in [re.match(r"^rows-(\d+)-content$", key)] if m})
    rows = []
    for i in indices[:MAX_ROWS]:
        p = f"rows-{i}-"
        row = Row(**{name: (form.get(p + name) or "") for name in ROW_TEXT_FIELDS})
        row.content = row.content.replace("\r\n", "\n")
        row.coordinators = [v for v in form.getlist(p + "coordinators") if v]
        row.selected = bool(form.get(p + "selected"))
        row.make_indicator = bool(form.get(p + "make_indicator"))
        rows.append(row)
    return rows


def _dmy(d) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def rows_from_proposals(proposals, choices: Choices) -> list[Row]:
    rows = []
    for p in proposals[:MAX_ROWS]:
        row = Row(content=(p.title or p.text).strip(), confidence=f"{p.confidence:.2f}", flags=" ".join(p.flags),
                  frame=getattr(p, "frame", "") or "", source=getattr(p, "source_excerpt", "") or "")
        if p.lead_unit_id is not None and p.lead_unit_id in choices.allowed:
            row.lead = str(p.lead_unit_id)
        elif p.lead_units:
            ids = [i for i in dict.fromkeys(p.lead_units) if i in choices.allowed]
            group = next((g for g in choices.groups if set(g.unit_ids) == set(ids)), None)
            if group is not None:
                row.lead = group.key
            elif ids:
                row.lead_set = ",".join(str(i) for i in ids)
                row.lead_set_label = p.lead or ""
                row.lead = "ids:" + row.lead_set
        if not row.lead and p.lead:
            row.phrase = p.lead
        coords, unknown = [], []
        for name, uid in zip(p.coordinating, list(p.coordinating_unit_ids) + [None] * len(p.coordinating)):
            if uid is not None and uid in choices.allowed:
                coords.append(str(uid))
            else:
                unknown.append(name)
        row.coordinators = list(dict.fromkeys(coords))
        row.coord_phrases = "; ".join(unknown)
        if p.deadline is not None:
            row.deadline_kind, row.due_on = DeadlineKind.DATE.value, _dmy(p.deadline)
        elif p.recurring in RECURRING_VALUES:
            row.deadline_kind, row.recurrence = DeadlineKind.RECURRING.value, p.recurring
        else:  # "ongoing", or nothing said: ongoing work until the officer says otherwise
            row.deadline_kind = DeadlineKind.NONE.value
        row.make_indicator = row.target_hint is not None  # "Tạo chỉ tiêu" on when a target was found
        rows.append(row)
    return rows


def merge_rows(rows: list[Row]) -> tuple[list[Row], str | None]:
    picked = [i for i, r in enumerate(rows) if r.selected]
    if len(picked) < 2:
        return rows, _("Hãy chọn ít nhất hai dòng để gộp.")
    group = [rows[i] for i in picked]
    first = group[0]
    lead_from = next((r for r in group if r.lead or r.phrase), first)
    merged = Row(
        content="\n\n".join(r.content.strip() for r in group if r.content.strip()),
        lead=lead_from.lead, phrase=lead_from.phrase, lead_set=lead_from.lead_set,
        lead_set_label=lead_from.lead_set_label,
        coordinators=list(dict.fromkeys(c for r in group for c in r.coordinators)),
        coord_phrases="; ".join(dict.fromkeys(p for r in group for p in r.coord_phrase_list)),
        deadline_kind=first.deadline_kind, due_on=first.due_on, deadline_days=first.deadline_days,
        recurrence=first.recurrence,
        confidence=min((r.confidence for r in group if r.confidence_pct is not None), default=""),
        flags=" ".join(dict.fromkeys(f for r in group for f in r.flag_list)),
        frame=first.frame, source=" … ".join(dict.fromkeys(r.source for r in group if r.source)),
    )
    out = []
    for i, r in enumerate(rows):
        if i == picked[0]:
            out.append(merged)
        elif i not in picked:
            out.append(r)
    return out, None


def split_text(text: str) -> list[str]:
    """Pieces of a row's content: at blank lines, else at semicolons."""
    pieces = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    if len(pieces) < 2:
        pieces = [p.strip() for p in text.split(";") if p.strip()]
    return pieces


def split_rows(rows: list[Row]) -> tuple[list[Row], str | None]:
    if not any(r.selected for r in rows):
        return rows, _("Hãy chọn dòng cần tách.")
    out, split_any = [], False
    for r in rows:
        pieces = split_text(r.content) if r.selected else []
        if len(pieces) < 2:
            r.selected = False
            out.append(r)
            continue
        split_any = True
        for piece in pieces:
            copy = Row(**{name: getattr(r, name) for name in ROW_TEXT_FIELDS})
            copy.content = piece
            copy.coordinators = list(r.coordinators)
            out.append(copy)
    if not split_any:
        return out, _("Không tách được: hãy ngăn các ý bằng một dòng trống hoặc dấu chấm phẩy (;).")
    return out, None


def delete_rows(rows: list[Row]) -> tuple[list[Row], str | None]:
    if not any(r.selected for r in rows):
        return rows, _("Hãy chọn dòng cần xóa.")
    return [r for r in rows if not r.selected], None

