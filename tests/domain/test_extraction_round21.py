"""Round 21 of the extraction rules (docs/extraction.md, "Round 21"): causes of the misses, extra proposals,
wrong leads and wrong deadlines of batches bn/bo and bp/bq, checked against the other seen sets. Every sentence
here is written for these tests (no published sentence)."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2025, 3, 1)
EMPTY = UnitDirectory([])


def _rows(text: str, when: date = D) -> list[tuple[str, str | None]]:
    return [(p.text, p.lead) for p in extract(text, when, EMPTY)]


# --- a ban after a generic plural addressee: "các địa phương không ..." ----------------------------------------

def test_a_ban_after_a_generic_plural_keeps_its_negation():
    text = "UBND huyện vừa chỉ đạo các địa phương không gieo sạ vụ thu đông trên diện tích đất trũng.\n"
    assert _rows(text) == [("Không gieo sạ vụ thu đông trên diện tích đất trũng", "các địa phương")]


def test_a_ban_with_duoc_after_a_generic_plural():
    text = "Sở yêu cầu các đơn vị không được thu thêm bất kỳ khoản phí nào ngoài quy định.\n"
    assert _rows(text) == [("Không được thu thêm bất kỳ khoản phí nào ngoài quy định", "các đơn vị")]


def test_a_generic_plural_without_a_ban_is_unchanged():
    text = "Sở yêu cầu các đơn vị có liên quan rà soát lại danh sách hộ nghèo.\n"
    assert _rows(text) == [("Rà soát lại danh sách hộ nghèo", "các đơn vị có liên quan")]


# --- a warning after an opening phrase of time ------------------------------------------------------------------

def test_a_warning_after_a_phrase_of_time_is_no_task():
    text = ("UBND huyện yêu cầu các xã hoàn thành việc cắm mốc trước ngày 30/6/2025. Quá thời hạn này, "
            "địa phương nào không hoàn thành, Chủ tịch UBND xã phải chịu trách nhiệm trước Chủ tịch UBND huyện.\n")
    assert [t for t, _ in _rows(text)] == ["Hoàn thành việc cắm mốc trước ngày 30/6/2025"]


def test_a_warning_after_hết_thời_hạn_is_no_task():
    text = ("UBND huyện yêu cầu các xã hoàn thành việc cắm mốc trước ngày 30/6/2025. Hết thời hạn trên, "
            "đơn vị nào chậm trễ, thủ trưởng đơn vị sẽ phải chịu trách nhiệm.\n")
    assert [t for t, _ in _rows(text)] == ["Hoàn thành việc cắm mốc trước ngày 30/6/2025"]


# --- "đã" further back than three words: what a body did last month ----------------------------------------------

def test_a_past_verb_phrase_before_chi_dao_is_a_report():
    text = ("Trong quý III, Thường trực HĐND huyện đã chủ động phối hợp với UBND huyện chỉ đạo tổ chức tốt kỳ họp "
            "chuyên đề; hoàn thiện các báo cáo thẩm tra; nâng cao chất lượng tiếp xúc cử tri.\n")
    assert _rows(text) == []


def test_a_document_between_da_and_the_demand_still_directs():
    text = "Chủ tịch UBND tỉnh đã ký ban hành công văn yêu cầu Sở Công Thương kiểm tra giá phân bón.\n"
    assert _rows(text) == [("Kiểm tra giá phân bón", "Sở Công Thương")]


def test_a_nested_demand_after_da_still_directs():
    text = "Đoàn thanh tra đã kiến nghị Chủ tịch UBND tỉnh chỉ đạo Sở Nội vụ rà soát lại quy trình tuyển dụng.\n"
    assert [t for t, _ in _rows(text)] != []


# --- "các huyện ... còn lại": the remaining ones of the list belong to the addressee ---------------------------

def test_the_remaining_ones_are_the_addressee():
    text = ("Chủ tịch UBND tỉnh yêu cầu UBND các huyện, thị xã còn lại khẩn trương hoàn thành việc chi trả "
            "tiền hỗ trợ trước ngày 15/8/2025.\n")
    rows = [(p.text, p.lead, p.deadline) for p in extract(text, D, EMPTY)]
    assert rows == [("Khẩn trương hoàn thành việc chi trả tiền hỗ trợ trước ngày 15/8/2025",
                     "UBND các huyện, thị xã còn lại", date(2025, 8, 15))]


# --- the police named in lower case right after a demand ---------------------------------------------------------

def test_the_police_in_lower_case_after_a_demand():
    text = "UBND huyện yêu cầu công an xã tăng cường tuần tra tại các bến bãi ven sông.\n"
    assert _rows(text) == [("Tăng cường tuần tra tại các bến bãi ven sông", "công an xã")]


# --- nouns and passives that look like directing words ------------------------------------------------------------

def test_new_petitions_are_a_noun():
    text = ("Trong năm tới, Thanh tra huyện tập trung giải quyết dứt điểm các đơn thư khiếu nại, tố cáo, kiến nghị "
            "mới phát sinh.\n")
    assert all(t != "Mới phát sinh" for t, _ in _rows(text))


def test_what_a_thing_suffered_with_bi_is_no_directive():
    text = "Một số dự án treo bị cơ quan thanh tra đề nghị thu hồi đất, chủ đầu tư không phản hồi.\n"
    assert _rows(text) == []



# --- "trong / tại kỳ họp tháng N": the session's month is the deadline -------------------------------------------

def test_a_session_month_is_the_deadline():
    text = ("Chủ tịch UBND tỉnh yêu cầu Sở Nội vụ hoàn thiện đề án sắp xếp đơn vị hành chính, trình HĐND tỉnh "
            "tại kỳ họp tháng 9 tới.\n")
    assert [p.deadline for p in extract(text, D, EMPTY)] == [date(2025, 9, 30)]


# --- resources and readiness: "lực lượng, vật tư, phương tiện", "sẵn sàng" -----------------------------------------

def test_forces_and_supplies_are_no_addressee():
    text = ("UBND huyện yêu cầu các xã ven sông rà soát phương án di dời dân. Lực lượng, phương tiện, vật tư "
            "phải luôn trong tư thế sẵn sàng.\n")
    assert all(lead != "Lực lượng, phương tiện, vật tư" for _, lead in _rows(text))


def test_readiness_is_an_action_verb():
    text = "Ban Chỉ huy yêu cầu các địa phương sẵn sàng phương án ứng cứu khi xảy ra sạt lở.\n"
    assert _rows(text) == [("Sẵn sàng phương án ứng cứu khi xảy ra sạt lở", "các địa phương")]
