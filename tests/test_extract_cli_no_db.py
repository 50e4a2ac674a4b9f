"""`flask directives extract PATH --json` on a fresh checkout, before any database exists: it
works (units come back as written) and says in one line what to run first; a real process."""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT = ("THÔNG BÁO KẾT LUẬN\nSơn La, ngày 05 tháng 3 năm 2024\n"
        "1. Giao Phòng Văn hóa và Thông tin chủ trì rà soát các điểm quảng cáo, hoàn thành trong quý II.\n")


def _flask(tmp_path, *args):
    env = dict(os.environ, TRACKER_CONFIG="development", DATABASE_URL=f"sqlite:///{tmp_path / 'none.db'}",
               FLASK_APP="app.py")
    return subprocess.run([sys.executable, "-m", "flask", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120, check=False)


def test_extract_without_a_database(tmp_path):
    path = tmp_path / "ket-luan.txt"
    path.write_text(TEXT, encoding="utf-8")
    res = _flask(tmp_path, "directives", "extract", str(path), "--json")
    assert res.returncode == 0, res.stderr
    assert "no such table" not in res.stderr and "Traceback" not in res.stderr
    assert "flask db upgrade" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    (row,) = json.loads(res.stdout)
    assert row["lead"] == "Phòng Văn hóa và Thông tin"          # as written
    assert row["text"] == "Rà soát các điểm quảng cáo, hoàn thành trong quý II"   # as written
    assert row["title"] == "Rà soát các điểm quảng cáo"                          # the task's wording
    assert row["deadline"] == "2024-06-30"                      # the year from the text's header


def test_committee_without_a_database_says_what_to_run(tmp_path):
    path = tmp_path / "ket-luan.txt"
    path.write_text(TEXT, encoding="utf-8")
    res = _flask(tmp_path, "directives", "extract", str(path), "--json", "--committee", "TP-BCD")
    assert res.returncode == 1 and "flask db upgrade" in res.stderr and "Traceback" not in res.stderr


def test_missed_lists_the_uncovered_sentences_on_standard_error(tmp_path):
    path = tmp_path / "ket-luan.txt"
    path.write_text(TEXT + "Tổ công tác liên ngành sẽ kiểm tra các bảng quảng cáo trên quốc lộ 6 trong tháng 5.\n",
                    encoding="utf-8")
    res = _flask(tmp_path, "directives", "extract", str(path), "--json", "--missed")
    assert res.returncode == 0, res.stderr
    assert len(json.loads(res.stdout)) == 1                      # the proposals' JSON is unchanged
    assert "? Tổ công tác liên ngành sẽ kiểm tra các bảng quảng cáo trên quốc lộ 6 trong tháng 5." in \
        res.stderr.splitlines()
