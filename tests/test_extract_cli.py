"""`flask directives extract PATH --date --json` against the demo directory, for .txt, .docx and .pdf."""
import json
from pathlib import Path

import docx
import pytest

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
KEYS = {"text", "lead", "coordinating", "deadline", "recurring", "confidence"}


def _run(runner, path, *extra):
    result = runner.invoke(args=["directives", "extract", str(path), "--json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_seed_000_conclusion_becomes_four_proposals_for_the_groups(runner):
    rows = _run(runner, SEEDS / "000_32e24289511699cc.txt", "--date", "2022-11-23")
    assert len(rows) == 4
    assert all(KEYS <= set(r) for r in rows)
    first = rows[0]
    assert "quán triệt" in first["text"]
    # A group addressee stays one proposal, expanded in lead_units.
    assert "Phường Chiềng Lề" in first["lead_units"] and "Xã Hua La" in first["lead_units"]
    assert rows[3]["text"].startswith("Vận động nhân dân")


def test_docx_input(runner, tmp_path):
    document = docx.Document()
    document.add_paragraph("THÔNG BÁO KẾT LUẬN")
    document.add_paragraph("1. Giao Công an Thành phố chủ trì, phối hợp với UBND các xã, phường rà soát, "
                           "nắm tình hình an ninh cơ sở, hoàn thành trước ngày 30/6/2024.")
    document.add_paragraph("2. Ủy ban MTTQ Việt Nam thành phố định kỳ hằng quý báo cáo kết quả giám sát.")
    path = tmp_path / "ket-luan.docx"
    document.save(path)
    rows = _run(runner, path, "--date", "2024-03-01")
    assert len(rows) == 2
    assert rows[0]["lead"] == "Công an Thành phố" and rows[0]["deadline"] == "2024-06-30"
    assert rows[1]["recurring"] == "quarterly"


def test_unreadable_file_is_a_clear_error(runner, tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"\x00\x01binary\x00" * 10)
    result = runner.invoke(args=["directives", "extract", str(path), "--json"])
    assert result.exit_code == 1 and "Error:" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("bad", ["2024-13-01", "hôm nay"])
def test_bad_date_is_refused(runner, bad):
    result = runner.invoke(args=["directives", "extract", str(SEEDS / "000_32e24289511699cc.txt"),
                                 "--date", bad, "--json"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
