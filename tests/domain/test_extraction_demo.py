"""The extraction against the unit directory the application builds from the demo database
(services.extraction.directory_for): names as the database holds them, one short name each."""
from datetime import date
from pathlib import Path

from tracker.domain.extraction import extract, proposals_to_json
from tracker.services.extraction import directory_for

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
FIX = Path(__file__).resolve().parent.parent / "fixtures" / "extraction"


def test_committee_in_full_with_ve_is_the_city_committee(session):
    directory = directory_for(session)
    text = ("Phát biểu tại cuộc giám sát, đồng chí Trưởng đoàn yêu cầu Ban Chỉ đạo về thực hiện quy chế dân chủ "
            "ở cơ sở thành phố tiếp tục đẩy mạnh công tác tuyên truyền, vận động nhân dân chấp hành tốt Luật "
            "Thực hiện dân chủ ở cơ sở. Đồng thời, đề nghị BCĐ thành phố, các ngành thành viên chủ động phối hợp "
            "thực hiện các nội dung của quy chế dân chủ ở cơ sở.")
    rows = proposals_to_json(extract(text, date(2024, 5, 27), directory), directory)
    assert rows[0]["lead"] == "Ban Chỉ đạo thực hiện quy chế dân chủ ở cơ sở thành phố Sơn La"
    assert rows[0]["text"].startswith("Tiếp tục đẩy mạnh công tác tuyên truyền")
    assert rows[1]["lead"] == "BCĐ thành phố, các ngành thành viên"
    assert "Ban Dân vận Thành ủy" in rows[1]["lead_units"]


def test_holdout2_texts_read_with_the_demo_directory(session):
    """No lead is cut inside a name: every item has a lead and committees resolve."""
    directory = directory_for(session)
    for txt in sorted((FIX / "holdout2").glob("*.txt")):
        rows = proposals_to_json(extract(txt.read_text(encoding="utf-8"), date(2024, 10, 1), directory), directory)
        assert rows, txt.name
        for r in rows:
            assert r["lead"] and not r["lead"].endswith((" về", " thực hiện")), (txt.name, r)
            if r["lead"].startswith("Ban Chỉ đạo thực hiện"):
                assert "unknown_unit" not in r["flags"], (txt.name, r)
