"""The extraction benchmark on the fixture texts meets the goals of the issue."""
import importlib.util
import io
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _bench():
    spec = importlib.util.spec_from_file_location("extraction_eval", ROOT / "bench" / "extraction_eval.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_fixture_set_is_large_enough():
    fx = ROOT / "tests" / "fixtures" / "extraction"
    assert len(list(fx.glob("*.txt"))) >= 25
    assert all(p.with_suffix(".json").exists() for p in fx.glob("*.txt"))


def test_overlap_measure():
    bench = _bench()
    assert bench.overlap("Phòng Nội vụ rà soát, chuẩn hóa dữ liệu", "rà soát, chuẩn hoá dữ liệu") == 1.0
    assert abs(bench.overlap("rà soát", "rà soát, chuẩn hóa dữ liệu") - 2 / 6) < 1e-9
    preds = [{"text": "a b c d"}, {"text": "e f g h"}]
    exps = [{"text": "e f g"}, {"text": "a b c d x"}]
    assert sorted(bench.match(preds, exps)) == [(0, 1), (1, 0)]


def test_extraction_meets_goals():
    bench = _bench()
    out = io.StringIO()
    r = bench.evaluate(ROOT / "tests" / "fixtures" / "extraction", out=out)
    last = out.getvalue().strip().splitlines()[-1]
    assert last.startswith("precision=") and "deadline_acc=" in last
    assert r["f1"] >= 0.9, out.getvalue()
    assert r["lead_acc"] >= 0.9, out.getvalue()
    assert r["deadline_acc"] >= 0.95, out.getvalue()


import pytest  # noqa: E402


@pytest.mark.parametrize("folder", ["", "holdout", "holdout2"])
@pytest.mark.parametrize("db_like", [False, True])
def test_every_fixture_set_meets_goals(folder, db_like):
    """Each set, with the full directory and with one short name per unit as the database has."""
    bench = _bench()
    out = io.StringIO()
    r = bench.evaluate(ROOT / "tests" / "fixtures" / "extraction" / folder, out=out, db_like=db_like)
    assert r["f1"] >= 0.9 and r["lead_acc"] >= 0.9 and r["deadline_acc"] >= 0.95, out.getvalue()
