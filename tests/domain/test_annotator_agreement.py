"""bench/annotator_agreement.py: two annotations of the same texts scored against each other by
the corpus rule. An annotation agrees fully with itself; a second annotator who leaves out an
action, splits one in two or names another lead lowers exactly the figure a reader expects."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.domain.test_extraction_corpus import EXTRACTION, ROOT

SCRIPT = ROOT / "bench" / "annotator_agreement.py"


def _copy(folder: Path, entries: list[dict]) -> Path:
    folder.mkdir()
    for e in entries:
        shutil.copy(EXTRACTION / e["file"], folder / e["file"])
    (folder / "expected.json").write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    return folder


def _run(*args) -> dict[str, str]:
    out = subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout
    return {line.split(":")[0].strip(): line for line in out.splitlines()}


def _first_entries(n: int = 3) -> list[dict]:
    """The first n shared-corpus texts with at least two actions, each with a named lead."""
    return [e for e in json.loads((EXTRACTION / "expected.json").read_text(encoding="utf-8"))
            if len(e["items"]) >= 2 and all(it.get("lead") for it in e["items"])][:n]


def test_an_annotation_agrees_with_itself(tmp_path):
    entries = _first_entries()
    a = _copy(tmp_path / "a", entries)
    b = _copy(tmp_path / "b", entries)
    lines = _run(a, b)
    assert "f1=1.000" in lines["second read against first"]
    assert lines["agreement f1=1.000 lead_acc=1.000"]


def test_a_left_out_action_and_a_changed_lead_show(tmp_path):
    entries = _first_entries()
    n = sum(len(e["items"]) for e in entries)
    second = json.loads(json.dumps(entries))
    second[0]["items"] = second[0]["items"][1:]           # the second annotator saw one action fewer
    second[1]["items"][0]["lead"] = "Ban Quản lý dự án tưởng tượng"   # and named another lead
    a = _copy(tmp_path / "a", entries)
    b = _copy(tmp_path / "b", second)
    lines = _run(a, b)
    against_first = lines["second read against first"]
    assert f"recall={(n - 1) / n:.3f}" in against_first and "precision=1.000" in against_first
    assert f"items={n}/{n - 1}" in against_first
    # read the other way round the missing action is a precision loss of the first annotation
    assert f"precision={(n - 1) / n:.3f}" in lines["first read against second"]
    assert "lead_acc=1.000" not in against_first
    agreement = float(next(k for k in lines if k.startswith("agreement")).split("f1=")[1].split()[0])
    assert agreement < 1.0


def test_the_extractor_is_scored_against_both(tmp_path):
    entries = _first_entries()
    a = _copy(tmp_path / "a", entries)
    b = _copy(tmp_path / "b", entries)
    lines = _run(a, b, "--extractor")
    assert lines["extractor against first"].split(":", 1)[1].strip() == \
        lines["extractor against second"].split(":", 1)[1].strip()
