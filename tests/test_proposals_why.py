"""The review screen says why each row was proposed, shows the words it came from, and marks
low-confidence rows; the deadline words go into the deadline (an opening phrase is left out of the content)."""
from tests.test_proposals import Review, _analyse, _directive

TEXT = ("Kết luận cuộc họp, đồng chí Chủ tịch UBND thành phố giao Phòng Nội vụ rà soát, chuẩn hóa dữ liệu "
        "cán bộ, công chức, hoàn thành trước ngày 30/11/2026.\n"
        "Bên cạnh đó, cần quan tâm hơn nữa đến công tác tuyên truyền trên địa bàn.")


def test_rows_show_the_frame_the_source_words_and_attention_marks(app, client, session, as_user):
    # the rules' frames and their "no addressee named" mark (the model engine's rows: test_proposals_model.py; it
    # leaves out the second sentence, a duty addressed to no one)
    app.config["EXTRACTION_ENGINE"] = "rules"
    as_user("thuky")
    did = _directive(client, session)
    review = _analyse(client, did, TEXT)
    assert review.rows == 2
    first = review.doc.get_element_by_id("row-0")
    # the deadline phrase is the deadline, not part of the content; the content starts with a
    # capital letter
    assert review.get("rows-0-content") == ["Rà soát, chuẩn hóa dữ liệu cán bộ, công chức"]
    assert review.get("rows-0-due_on") == ["30/11/2026"]
    why = first.xpath(".//*[contains(@class, 'proposal-why')]")[0].text_content()
    assert "Lý do đề xuất" in why and "yêu cầu / đề nghị / giao" in why
    source = first.xpath(".//*[contains(@class, 'proposal-source')]")[0].text_content()
    assert "hoàn thành trước ngày 30/11/2026" in source
    assert "low-confidence" not in first.get("class")
    # no addressee named: low confidence, marked for attention
    second = review.doc.get_element_by_id("row-1")
    assert "low-confidence" in second.get("class")
    assert second.xpath(".//*[contains(@class, 'needs-attention')]")
    assert "không nêu đơn vị" in second.xpath(".//*[contains(@class, 'proposal-why')]")[0].text_content()
    # the reason and the source words travel with the form: still there after deleting a row
    resp = review.post(client, f"/directives/{did}/propose", "delete", rows__1__selected="1")
    after = Review(resp)
    assert after.rows == 1
    assert "hoàn thành trước ngày 30/11/2026" in after.doc.get_element_by_id("row-0").xpath(
        ".//*[contains(@class, 'proposal-source')]")[0].text_content()


def test_directive_page_keeps_the_original_wording(client, session, as_user):
    as_user("thuky")
    did = _directive(client, session, body=TEXT)
    html = client.get(f"/directives/{did}").text
    assert "hoàn thành trước ngày 30/11/2026" in html


def test_a_deadline_taken_from_the_list_introduction_is_marked(client, session, as_user):
    as_user("thuky")
    did = _directive(client, session, symbol="41-TB/BCĐ")
    review = _analyse(client, did, "Kết luận cuộc họp, đồng chí Trưởng ban đề nghị tháng 12/2026 UBND các xã, "
                                   "phường tập trung thực hiện tốt một số nội dung sau:\n"
                                   "- Rà soát hộ nghèo, hộ cận nghèo trên địa bàn.\n")
    assert review.rows == 1
    assert review.get("rows-0-due_on") == ["31/12/2026"]
    assert "Thời hạn lấy từ câu dẫn của danh sách" in review.doc.get_element_by_id("row-0").text_content()
    assert "Mục của danh sách sau lời giao việc" in review.doc.get_element_by_id("row-0").text_content()


def test_a_deadline_from_the_sentence_after_the_task_is_marked(client, session, as_user):
    # "Việc … phải hoàn thành trước ngày D." says when the task before it is due: the task gets the date and says
    # where it came from; the note is no row of its own (session 31)
    as_user("thuky")
    did = _directive(client, session, symbol="43-TB/BCĐ")
    review = _analyse(client, did, "Kết luận cuộc họp, đồng chí Trưởng ban giao Phòng Tài chính - Kế hoạch rà soát "
                                   "nguồn vốn sửa chữa trường học.\n\n"
                                   "Việc rà soát phải hoàn thành trước ngày 15/12/2026.\n")
    assert review.rows == 1
    assert review.get("rows-0-content") == ["Rà soát nguồn vốn sửa chữa trường học"]
    assert review.get("rows-0-due_on") == ["15/12/2026"]
    assert "Thời hạn lấy từ câu nêu thời hạn hoàn thành ngay sau" in review.doc.get_element_by_id("row-0").text_content()


def test_a_deadline_already_past_on_the_documents_date_is_marked(client, session, as_user):
    # The directive is dated 23/11/2022: "trước ngày 31/10" is that year's October (a report of an
    # earlier order, or a slip), marked for checking; "trước ngày 10/1" is the coming January.
    as_user("thuky")
    did = _directive(client, session, symbol="42-TB/BCĐ")
    review = _analyse(client, did, "Kết luận cuộc họp, đồng chí Trưởng ban giao Phòng Nội vụ báo cáo kết quả rà soát "
                                   "biên chế trước ngày 31/10.\n"
                                   "Giao Phòng Tài chính - Kế hoạch tổng hợp dự toán ngân sách trước ngày 10/1.")
    assert review.rows == 2
    assert review.get("rows-0-due_on") == ["31/10/2022"]
    assert "Thời hạn trước ngày của văn bản" in review.doc.get_element_by_id("row-0").text_content()
    assert review.get("rows-1-due_on") == ["10/01/2023"]
    assert "Thời hạn trước ngày của văn bản" not in review.doc.get_element_by_id("row-1").text_content()
