"""No module of the application is over 400 lines (the "one rule, one place" issue).

A module that grows past it is split by what it does (a package with one module per
responsibility, names re-exported from its ``__init__``), as services/mail, services/imports,
queries/reports, views/admin and views/proposals were. Function size and complexity are
held by ruff (C901, PLR0915 in ruff.toml).
"""
from pathlib import Path

MAX_LINES = 400
ROOT = Path(__file__).resolve().parent.parent / "tracker"
# The unit-name rules of the extraction: one ordered table of name shapes and the few
# functions that read it; split further they would be read across files for no gain.
EXEMPT = ("domain/extraction/units.py",)


def _lines(path: Path) -> int:
    with path.open(encoding="utf-8") as f:
        return sum(1 for _ in f)


def oversized(root: Path = ROOT, max_lines: int = MAX_LINES) -> dict[str, int]:
    out = {}
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(EXEMPT):
            continue
        n = _lines(path)
        if n > max_lines:
            out[rel] = n
    return out


def test_no_module_over_400_lines():
    assert oversized() == {}


def test_the_check_sees_a_long_module(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "long.py").write_text("x = 1\n" * (MAX_LINES + 1), encoding="utf-8")
    (tmp_path / "pkg" / "short.py").write_text("x = 1\n" * MAX_LINES, encoding="utf-8")
    (tmp_path / "domain" / "extraction").mkdir(parents=True)
    (tmp_path / "domain" / "extraction" / "units.py").write_text("x = 1\n" * 900, encoding="utf-8")
    assert oversized(tmp_path) == {"pkg/long.py": MAX_LINES + 1}
