"""Round 15 of the extraction rules (docs/extraction.md, "Round 15"): causes of the misses, extra proposals
and wrong leads of batches al/am and an/ao, checked against the other seen sets (the shared dev and holdout
texts, batches af/ag, ah/ai and aj/ak, the fixtures). Every sentence here is written for these tests (no
published sentence)."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2024, 6, 3)
EMPTY = UnitDirectory([])


def _rows(text: str, when: date = D) -> list[tuple[str, str | None]]:
    return [(p.text, p.lead) for p in extract(text, when, EMPTY)]


# --- "Sở X tham mưu ...; chủ trì .... Chỉ đạo lực lượng Y kiểm tra ...": the subject goes on ----------------

def test_a_sentence_opening_with_chi_dao_is_the_paragraph_subjects_next_duty():
    text = ("Chủ tịch UBND tỉnh yêu cầu Giám đốc các sở, Chủ tịch UBND các huyện tổ chức thực hiện các nội dung sau:\n"
            "Sở Xây dựng tham mưu giúp UBND tỉnh quản lý các dự án nhà ở xã hội; tổ chức kiểm tra chất lượng "
            "công trình. Chỉ đạo thanh tra xây dựng các cấp thường xuyên kiểm tra các công trình; xử lý nghiêm các "
            "chủ đầu tư vi phạm.\n"
            "Công an tỉnh phối hợp với thanh tra xây dựng giữ gìn trật tự đô thị. Chỉ đạo các đơn vị trực thuộc "
            "tuần tra ban đêm.\n")
    assert _rows(text) == [
        ("Tham mưu giúp UBND tỉnh quản lý các dự án nhà ở xã hội", "Sở Xây dựng"),
        ("Tổ chức kiểm tra chất lượng công trình", "Sở Xây dựng"),
        ("Chỉ đạo thanh tra xây dựng các cấp thường xuyên kiểm tra các công trình", "Sở Xây dựng"),
        ("Xử lý nghiêm các chủ đầu tư vi phạm", "Sở Xây dựng"),
        ("Phối hợp với thanh tra xây dựng giữ gìn trật tự đô thị", "Công an tỉnh"),
        ("Chỉ đạo các đơn vị trực thuộc tuần tra ban đêm", "Công an tỉnh")]


def test_guard_a_paragraph_opening_with_chi_dao_still_directs():
    text = ("Hội nghị đánh giá cao kết quả thu ngân sách của các xã trong năm qua.\n"
            "Chỉ đạo UBND các xã rà soát các nguồn thu trên địa bàn.\n")
    assert _rows(text) == [("Rà soát các nguồn thu trên địa bàn", "UBND các xã")]


# --- "<speaker> nhắc nhở <bodies> <verb> ...": a reminder directs, and the passage goes on after it ----------

def test_a_reminder_directs_and_the_passage_goes_on():
    text = ("Tại cuộc họp, Chủ tịch UBND tỉnh yêu cầu các sở xử lý nghiêm vi phạm đất đai.\n\n"
            "Chủ tịch nhắc nhở các sở, ngành khẩn trương hoàn thành các nhiệm vụ được giao trong quý.\n\n"
            "Các sở, ngành tiếp tục rà soát thủ tục hành chính; báo cáo kết quả về Văn phòng UBND tỉnh.\n")
    assert _rows(text) == [("Xử lý nghiêm vi phạm đất đai", "các sở"),
                           ("Khẩn trương hoàn thành các nhiệm vụ được giao trong quý", "các sở, ngành"),
                           ("Tiếp tục rà soát thủ tục hành chính", "Các sở, ngành"),
                           ("Báo cáo kết quả về Văn phòng UBND tỉnh", "Các sở, ngành")]


def test_guard_a_past_or_suffered_reminder_does_not_direct():
    text = ("Qua kiểm tra, một số xã bị nhắc nhở do chậm triển khai kế hoạch. "
            "UBND huyện đã nhắc nhở các xã khẩn trương hoàn thành kế hoạch.")
    assert _rows(text) == []


# --- "một số bộ, ngành": part of the bodies named by their head is an addressee ------------------------------

def test_some_bodies_are_an_addressee():
    text = "Thủ tướng nhắc nhở một số bộ, ngành khẩn trương hoàn thành việc sắp xếp lại đơn vị sự nghiệp."
    assert _rows(text) == [("Khẩn trương hoàn thành việc sắp xếp lại đơn vị sự nghiệp", "một số bộ, ngành")]


def test_guard_some_tasks_are_no_addressee():
    text = "Hội nghị yêu cầu một số nội dung cần được làm rõ trước khi trình kỳ họp."
    assert [lead for _, lead in _rows(text)] in ([], [None])


# --- a person's name ending in a syllable that folds to a blocking word ("Dũng" → "dung", as "nội dung") ----

def test_a_speakers_name_before_the_trigger_does_not_block_it():
    text = ("Tại cuộc họp, Chủ tịch UBND tỉnh Trần Quốc Dũng chỉ đạo Cục Thuế tỉnh tập trung thu nợ thuế; "
            "rà soát các khoản thu ngoài quốc doanh.")
    assert _rows(text) == [("Tập trung thu nợ thuế", "Cục Thuế tỉnh"),
                           ("Rà soát các khoản thu ngoài quốc doanh", "Cục Thuế tỉnh")]


def test_guard_the_noun_before_a_demand_still_blocks_it():
    text = "Nội dung yêu cầu của đề án được Hội đồng thẩm định xem xét kỹ."
    assert _rows(text) == []


# --- "đề nghị A giao B chủ trì ... <verb>": the body the task is handed to carries it out ----------------------

def test_the_body_a_task_is_handed_to_leads_it():
    text = ("Đồng thời, Bộ đề nghị UBND các tỉnh giao Sở Tài nguyên và Môi trường chủ trì kiểm tra đột xuất các cơ sở "
            "xả thải; xử lý nghiêm các vi phạm; tổng hợp kết quả và báo cáo về Bộ.")
    assert _rows(text) == [("Kiểm tra đột xuất các cơ sở xả thải", "Sở Tài nguyên và Môi trường"),
                           ("Xử lý nghiêm các vi phạm", "Sở Tài nguyên và Môi trường"),
                           ("Tổng hợp kết quả và báo cáo về Bộ", "Sở Tài nguyên và Môi trường")]


def test_guard_handing_over_land_is_no_assignee():
    text = "Đoàn đề nghị UBND huyện giao đất tái định cư cho các hộ dân trước ngày 30/6/2024."
    assert [lead for _, lead in _rows(text)] == ["UBND huyện"]


# --- "phối hợp với …, các sở, ngành và UBND cấp huyện có liên quan <verb>": the qualifier ends the list -------

def test_a_related_qualifier_closes_the_coordinating_list():
    text = ("Chủ tịch UBND tỉnh yêu cầu Sở Công Thương chủ trì, phối hợp với Công an tỉnh, các sở, ngành và UBND "
            "cấp huyện có liên quan kiểm tra các cửa hàng xăng dầu.")
    assert _rows(text) == [("Kiểm tra các cửa hàng xăng dầu", "Sở Công Thương")]


# --- a lead paragraph summing up the order the body states again, with more words ---------------------------

def test_the_lead_paragraphs_summary_gives_way_to_the_body():
    text = ("Cục Đường bộ yêu cầu các địa phương kiểm tra, rà soát các cầu yếu trên tuyến đường huyện, đường xã.\n\n"
            "Để bảo đảm an toàn mùa mưa lũ, Cục Đường bộ đề nghị Sở Xây dựng các tỉnh chỉ đạo các đơn vị liên quan "
            "theo dõi chặt chẽ mực nước trên các sông.\n\n"
            "Kiểm tra, rà soát các cầu yếu trên tuyến đường huyện, đường xã, các vị trí đã sạt lở nhưng chưa được "
            "khắc phục.\n")
    assert _rows(text) == [
        ("Chỉ đạo các đơn vị liên quan theo dõi chặt chẽ mực nước trên các sông", "Sở Xây dựng các tỉnh"),
        ("Kiểm tra, rà soát các cầu yếu trên tuyến đường huyện, đường xã, các vị trí đã sạt lở nhưng chưa được "
         "khắc phục", "Sở Xây dựng các tỉnh")]


def test_guard_a_first_task_named_again_inside_another_stays():
    text = ("UBND tỉnh giao UBND huyện Cẩm Thủy xây dựng đề án phát triển du lịch cộng đồng đến năm 2030; "
            "Sở Văn hóa tổng hợp nhiệm vụ xây dựng đề án phát triển du lịch cộng đồng đến năm 2030 vào kế hoạch năm.")
    assert len(_rows(text)) == 2


# --- an acronym in parentheses inside a name: "Ủy ban Kiểm tra (UBKT) Tỉnh ủy đã xem xét ..." ----------------

def test_an_acronym_inside_a_name_keeps_the_subjects_past_report():
    text = ("UBKT Tỉnh ủy yêu cầu Ban Thường vụ Huyện ủy X kiểm điểm, làm rõ trách nhiệm của tập thể.\n\n"
            "Tại kỳ họp thứ 9, Ủy ban Kiểm tra (UBKT) Tỉnh ủy đã xem xét kết quả giám sát đối với Đảng ủy xã Y.\n\n"
            "UBKT Tỉnh ủy yêu cầu Đảng ủy xã Y khắc phục ngay các hạn chế đã nêu.\n")
    assert _rows(text) == [("Kiểm điểm, làm rõ trách nhiệm của tập thể", "Ban Thường vụ Huyện ủy X"),
                           ("Khắc phục ngay các hạn chế đã nêu", "Đảng ủy xã Y")]


def test_guard_a_role_in_parentheses_after_the_addressee():
    text = "UBND tỉnh giao Sở Tài chính (chủ trì) phối hợp với Sở Nội vụ rà soát biên chế năm 2025."
    assert [lead for _, lead in _rows(text)] == ["Sở Tài chính"]


# --- "… đã tổng hợp, chuyển X để đề nghị Y xem xét": a trigger after "để" is a purpose, not a directive --------

def test_a_demand_after_de_is_a_purpose():
    text = ("Các ý kiến thuộc thẩm quyền Trung ương, Thường trực HĐND tỉnh đã tổng hợp, chuyển Đoàn ĐBQH tỉnh "
            "để đề nghị Bộ Tài chính xem xét, giải quyết; chuyển UBND tỉnh để chỉ đạo các huyện sớm trả lời cử tri.")
    assert _rows(text) == []
