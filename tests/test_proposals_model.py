"""With the model engine (EXTRACTION_ENGINE = "model", the default since session 30) the review screen proposes the
steps of a chain written without a directing word, says that the statistical model chose each row (with the rules'
frame it weighed and its confidence), and marks for attention the rows the rules did not read as tasks; the rules
alone are one setting away."""
from pathlib import Path

from tests.test_proposals import _analyse, _directive

TEXT = (Path(__file__).resolve().parent / "fixtures" / "extraction_model" /
        "chain_without_directing_words.txt").read_text(encoding="utf-8")


def test_the_model_engine_proposes_the_chain_and_says_why(app, client, session, as_user):
    app.config["EXTRACTION_ENGINE"] = "model"
    as_user("thuky")
    did = _directive(client, session)
    review = _analyse(client, did, TEXT)
    assert review.rows == 4
    assert review.get("rows-0-content") == ["Rà soát các khu dân cư có nguy cơ sạt lở"]
    assert review.get("rows-0-due_on") == ["30/05/2026"]
    rows = [review.doc.get_element_by_id(f"row-{i}") for i in range(4)]
    for row in rows:
        why = row.xpath(".//*[contains(@class, 'proposal-why')]")[0].text_content()
        assert "mô hình thống kê chọn câu này" in why and "độ tin cậy" in why
    # the rules read no task here: every row is the model's alone, named for no unit, and marked for attention
    # with its reasons
    assert all("low-confidence" in row.get("class") for row in rows)
    assert all(row.xpath(".//*[contains(@class, 'needs-attention')]") for row in rows)
    assert all("chỉ mô hình đề xuất" in row.text_content() and "Chưa rõ đơn vị chủ trì" in row.text_content()
               for row in rows)


def test_the_model_engine_is_the_default_and_the_rules_one_setting_away(app, client, session, as_user):
    as_user("thuky")
    did = _directive(client, session)
    review = _analyse(client, did, TEXT)
    assert review.rows == 4 and "mô hình thống kê" in review.resp.text
    app.config["EXTRACTION_ENGINE"] = "rules"
    review = _analyse(client, did, TEXT)
    # the rules see no directing word: one empty row to fill in by hand
    assert review.rows == 1 and review.get("rows-0-content") == [""]
    assert "mô hình thống kê" not in review.resp.text
