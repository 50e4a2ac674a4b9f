"""Proposed tasks from the text of a conclusion (kết luận hội nghị, thông báo kết luận,
kết luận giám sát). Pure and deterministic: no I/O, no network; the document date is given.

    props = extract(text, doc_date, directory)
    rows = proposals_to_json(props, directory)   # what `flask directives extract --json` prints
"""
from __future__ import annotations

from datetime import date

from .deadlines import DeadlineInfo, document_date, parse_deadline
from .model import DirectoryUnit, Proposal, UnitDirectory
from .normalize import fold

__all__ = ["extract", "ENGINES", "proposals_to_json", "Proposal", "DirectoryUnit", "UnitDirectory", "parse_deadline",
           "DeadlineInfo", "fold", "document_date"]


ENGINES = ("rules", "model")
RULES_LOW = 0.6     # the rules engine's confidence under which a row is flagged low_confidence (model.ATTENTION_FLAGS)


def extract(text: str, doc_date: date, directory: UnitDirectory, engine: str = "rules") -> list[Proposal]:
    """The directed actions of a conclusion, one proposal each, in text order. ``engine``: "rules"
    (the default) or "model" (every clause a candidate, kept by the trained model: clause_model.py)."""
    from .completion_notes import apply_notes
    from .pipeline import extract_proposals, normalise
    if engine not in ENGINES:
        raise ValueError(f"unknown extraction engine {engine!r} (one of {', '.join(ENGINES)})")
    props = extract_proposals(text, doc_date, directory)
    norm = normalise(text)      # the text as both engines read it: the proposals' offsets are in it
    if engine == "model":
        from .clause_model import extract_with_model
        props = extract_with_model(norm, doc_date, directory, props)
    else:
        for p in props:      # the rules' own confidence: under RULES_LOW the row is marked for attention
            if p.confidence < RULES_LOW and "low_confidence" not in p.flags:
                p.flags.append("low_confidence")
    # "…; tổ chức đối thoại với các hộ dân. Hoàn thành trước ngày 20/6/2020.": the note dates the tasks before it
    props = apply_notes(norm, doc_date, props)
    for p in props:     # a name written across a hard line break ("Phòng, chống thiên\ntai …") reads on one line
        p.lead = " ".join(p.lead.split()) if p.lead else p.lead
        p.coordinating = [" ".join(c.split()) for c in p.coordinating]
    return props


def proposals_to_json(props: list[Proposal], directory: UnitDirectory) -> list[dict]:
    """JSON-ready rows: text (the action as written), title (the proposed task wording, without
    its deadline phrase), lead, coordinating, deadline (ISO or None), recurring, confidence,
    flags, and lead_units (unit names) when the lead is a group addressee."""
    from tracker.domain.indicators import target_in_text
    names = directory.by_id()
    rows = []
    for p in props:
        row = {
            "text": p.text,
            "title": p.title or p.text,
            "lead": p.lead,
            "coordinating": list(p.coordinating),
            "deadline": p.deadline.isoformat() if p.deadline else None,
            "recurring": p.recurring,
            "confidence": p.confidence,
            "frame": p.frame,
            "source_excerpt": p.source_excerpt,
        }
        if p.lead_units:
            row["lead_units"] = [names[i].name for i in p.lead_units if i in names]
        hint = target_in_text(p.source_excerpt or p.text)
        if hint is not None:   # "phấn đấu 100% xã, phường …": an indicator to propose with the task
            row["target"] = hint.to_json()
        row["flags"] = list(p.flags)
        rows.append(row)
    return rows
