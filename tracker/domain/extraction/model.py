"""Data types of the extraction: the unit directory it matches against and its proposals."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

UNIT_KINDS = ("province", "city", "district", "commune", "ward", "department", "party_committee",
              "party_cell", "police", "mass_org", "enterprise", "committee", "village",
              "residential_group", "other")
RECURRING = ("monthly", "quarterly", "half_yearly", "yearly", "ongoing")


@dataclass(frozen=True)
class DirectoryUnit:
    id: int
    name: str                 # as in the directory, e.g. "UBND phường Chiềng Lề"
    kind: str                 # one of UNIT_KINDS
    parent_id: int | None
    aliases: tuple[str, ...] = ()


@dataclass
class UnitDirectory:
    units: list[DirectoryUnit]
    committee_id: int | None = None            # the assigning steering committee
    member_ids: frozenset[int] = frozenset()   # the committee's member units ("thành viên BCĐ")
    scope_root_id: int | None = None           # subtree in which "các xã, phường" expand

    def by_id(self) -> dict[int, DirectoryUnit]:
        return {u.id: u for u in self.units}

    def name_of(self, unit_id: int) -> str:
        return self.by_id()[unit_id].name

    def descendants(self, root_id: int | None) -> list[DirectoryUnit]:
        """Units under root_id (all units when root_id is None), in directory order."""
        if root_id is None:
            return list(self.units)
        children: dict[int | None, list[DirectoryUnit]] = {}
        for u in self.units:
            children.setdefault(u.parent_id, []).append(u)
        seen: set[int] = set()
        stack = [root_id]
        while stack:
            uid = stack.pop()
            for c in children.get(uid, []):
                if c.id not in seen:
                    seen.add(c.id)
                    stack.append(c.id)
        return [u for u in self.units if u.id in seen]

    @classmethod
    def from_dict(cls, data: dict) -> "UnitDirectory":
        """Build from {"units": [{id, name, kind, parent_id, aliases}], "committee_id",
        "member_ids", "scope_root_id"} (the layout of tests/fixtures/extraction/directory.json)."""
        units = [DirectoryUnit(id=int(u["id"]), name=u["name"], kind=u.get("kind", "other"),
                               parent_id=u.get("parent_id"), aliases=tuple(u.get("aliases", ())))
                 for u in data.get("units", [])]
        return cls(units=units, committee_id=data.get("committee_id"),
                   member_ids=frozenset(data.get("member_ids", ())),
                   scope_root_id=data.get("scope_root_id"))


# Flags that mark a row for the officer's attention on the review screen ("Cần xem kỹ"): unsure (the engine's
# confidence under its bar), no addressee read, or a clause the rules did not read as a task (the model's alone).
# Chosen on the twenty opened batches, each read by a model trained without it: against a bar of 60 % on the
# confidence alone, fewer rows are marked (0.39 of them, not 0.49), they hold more of the rows that are no action
# (137 of 192, not 102) and as many wrong leads, and the rows left unmarked are wrong or no action one time in eight,
# not one in five (docs/extraction.md, "Which rows are marked for attention (session 30)").
ATTENTION_FLAGS = ("low_confidence", "no_lead", "model_only")


def needs_attention(flags) -> bool:
    return any(f in ATTENTION_FLAGS for f in flags)


@dataclass
class Proposal:
    text: str                  # the action as written (deadline words included), capitalised
    start: int                 # offsets of that span in the (NFC-normalised) input
    end: int
    lead: str | None           # directory name, or the phrase as written (unknown unit / group)
    lead_unit_id: int | None
    lead_units: list[int] = field(default_factory=list)   # expansion of a group addressee
    coordinating: list[str] = field(default_factory=list)
    coordinating_unit_ids: list[int | None] = field(default_factory=list)
    deadline: date | None = None
    recurring: str | None = None   # monthly | quarterly | half_yearly | yearly | ongoing
    confidence: float = 0.5
    flags: list[str] = field(default_factory=list)  # unknown_unit, no_lead, deadline_ambiguous, ...
    frame: str = ""            # why it was proposed (pipeline.FRAMES)
    source_excerpt: str = ""   # the clause as written, deadline words included
    title: str = ""            # the proposed task's wording: ``text`` without its deadline phrase
