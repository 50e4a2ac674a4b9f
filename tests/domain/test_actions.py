"""Every workflow action is declared once (tracker.domain.actions) and everything per
action — the transition table, the note rule, history kinds and titles, buttons,
form fields, notification audiences — reads that declaration; no second table
keyed by action is left in the code or the templates."""
import ast
import re
from pathlib import Path

from tracker import labels
from tracker.domain import actions as decl
from tracker.domain import workflow
from tracker.domain.workflow import TaskAction

ROOT = Path(__file__).resolve().parents[2]
ACTION_VALUES = {a.value for a in TaskAction}


def test_every_action_is_declared_exactly_once():
    declared = [s.action for s in decl._DECLARATIONS]
    assert sorted(declared) == sorted(TaskAction)
    assert len(declared) == len(set(declared)) == len(TaskAction)
    assert list(decl.ACTIONS) == list(TaskAction)  # buttons keep the enum's order
    kinds = [s.event_kind for s in decl.ACTIONS.values()]
    assert len(kinds) == len(set(kinds)), "two actions would write the same history kind"
    assert all(decl.action_of_kind(s.event_kind) is a for a, s in decl.ACTIONS.items())


def test_domain_tables_are_read_from_the_declaration():
    for action, s in decl.ACTIONS.items():
        assert workflow.TABLE[action] == (s.actors, s.sources, s.target)
        assert workflow.EVENT_KIND[action] == s.event_kind
        assert (action in workflow.NOTE_REQUIRED) is s.note_required


def test_labels_and_audiences_come_from_the_declaration():
    from tracker.services import notifications
    from tracker.services.workflow import ACTION_NAMES
    from tracker.views.tasks import ACTION_FIELDS, NOTE_LABELS

    for action, s in decl.ACTIONS.items():
        assert labels.ACTION[action.value] is s.label
        assert labels.ACTION_DONE[action.value] is s.done
        assert labels.EVENT[s.event_kind] is s.history
        assert ACTION_NAMES[action] is s.name
        assert ACTION_FIELDS[action] is s.fields
        assert NOTE_LABELS.get(action) is s.note_label
        assert notifications.AUDIENCE.get(s.event_kind, ()) == s.audience
    # Only the kinds no action writes are added beside the declarations.
    assert set(labels.EVENT) - {s.event_kind for s in decl.ACTIONS.values()} == {"assigned", "created"}
    assert set(notifications.AUDIENCE) - {s.event_kind for s in decl.ACTIONS.values()} == {"assigned"}


def test_api_and_bulk_read_the_declaration():
    from typing import get_args

    from tracker.views.api import schemas

    bulk = {a.value for a, s in decl.ACTIONS.items() if s.bulk}
    assert bulk == {"receive", "accept", "return"}
    assert set(get_args(schemas.BulkActionInput.model_fields["action"].annotation)) == bulk
    single = set(get_args(schemas.TaskActionInput.model_fields["action"].annotation))
    assert single == ACTION_VALUES - {"split"} == {a.value for a, s in decl.ACTIONS.items() if not s.own_page}


def _action_key(node) -> bool:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "TaskAction":
        return True
    return isinstance(node, ast.Constant) and node.value in ACTION_VALUES


# Code, not facts: the validator and the effect of the actions that have one.
_ALLOWED = {("tracker/services/workflow_steps.py", "_VALIDATE"), ("tracker/services/workflow_steps.py", "_EFFECTS")}


def test_no_parallel_per_action_table_is_left():
    found = []
    for path in sorted((ROOT / "tracker").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel == "tracker/domain/actions.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, (ast.Assign, ast.AnnAssign)) or not isinstance(node.value, (ast.Dict, ast.Set)):
                continue
            keys = node.value.keys if isinstance(node.value, ast.Dict) else node.value.elts
            if sum(_action_key(k) for k in keys if k is not None) >= 3:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                name = targets[0].id if isinstance(targets[0], ast.Name) else "?"
                if (rel, name) not in _ALLOWED:
                    found.append(f"{rel}: {name}")
    assert found == []
    # Templates do not list actions either (which are red, which take indicator values).
    listed = re.compile(r"av in \(")
    assert [p.name for p in (ROOT / "templates").rglob("*.html") if listed.search(p.read_text(encoding="utf-8"))] == []
