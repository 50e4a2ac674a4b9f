"""bench/review_reach.py: an action the proposals find counts as proposed, one that stands only in a sentence the
review page marks counts as shown, one in neither counts in neither; the text is written for this test."""
import json
import subprocess
import sys

from tests.domain.test_extraction_corpus import ROOT

TEXT = ("SOURCE: (written for this test)\n"
        "Thời gian tới, đội kiểm tra liên ngành sẽ phúc tra các cơ sở kinh doanh xăng dầu ven quốc lộ.\n"
        "Kết luận cuộc họp, đồng chí Phó Chủ tịch UBND thành phố yêu cầu Phòng Kinh tế rà soát các chợ tạm trên "
        "địa bàn.\n")
ITEMS = [
    {"text": "rà soát các chợ tạm trên địa bàn", "lead": "Phòng Kinh tế"},                       # proposed
    {"text": "phúc tra các cơ sở kinh doanh xăng dầu ven quốc lộ", "lead": "đội kiểm tra liên ngành"},  # marked
    {"text": "lắp đặt biển báo cấm dừng đỗ xe tại các nút giao", "lead": None},                  # nowhere
]


def test_proposed_shown_and_marked_are_counted(tmp_path):
    (tmp_path / "t01.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "expected.json").write_text(json.dumps(
        [{"file": "t01.txt", "date": "2025-03-01", "items": ITEMS}], ensure_ascii=False), encoding="utf-8")
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "review_reach.py"), str(tmp_path)], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    assert out == "texts=1 items=3 recall=0.333 reach=0.667 marked=1 (1.0 per text) useful=1.000"
