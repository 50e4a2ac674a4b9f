"""Round 17 of the extraction rules (docs/extraction.md, "Round 17"): causes of the misses, extra proposals
and wrong leads of batches ax/ay and az/ba, checked against the other seen sets (the shared dev and holdout
texts, batches af/ag, ah/ai, aj/ak, al/am, an/ao, at/au, av/aw, the fixtures). Every sentence here is written
for these tests (no published sentence)."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2024, 6, 3)
EMPTY = UnitDirectory([])


def _rows(text: str, when: date = D) -> list[tuple[str, str | None]]:
    return [(p.text, p.lead) for p in extract(text, when, EMPTY)]


# --- "UBBC" is the abbreviation of "Ủy ban bầu cử" (the election committee) ----------------------------------

def test_ubbc_is_an_election_committee():
    text = "Đề nghị UBBC huyện kiểm tra việc niêm yết danh sách cử tri tại các khu vực bỏ phiếu.\n"
    assert _rows(text) == [("Kiểm tra việc niêm yết danh sách cử tri tại các khu vực bỏ phiếu", "UBBC huyện")]


def test_ubbc_of_a_group_of_districts_keeps_the_whole_group():
    text = "Đề nghị UBBC các huyện, thị xã, thành phố bố trí đủ hòm phiếu cho các tổ bầu cử.\n"
    assert _rows(text) == [("Bố trí đủ hòm phiếu cho các tổ bầu cử", "UBBC các huyện, thị xã, thành phố")]


def test_the_long_name_of_the_election_committee_of_a_group_keeps_the_whole_group():
    text = "Đề nghị Ủy ban bầu cử các xã, phường tổ chức niêm yết danh sách cử tri.\n"
    assert _rows(text) == [("Tổ chức niêm yết danh sách cử tri", "Ủy ban bầu cử các xã, phường")]


# --- "Chỉ đạo phiên họp, bà X ... nhấn mạnh, ...": the verb names who chaired the meeting --------------------

def test_a_sentence_naming_who_chaired_the_meeting_is_no_duty_of_the_passage_addressee():
    text = ("Thường trực HĐND huyện chỉ đạo các ban HĐND huyện thực hiện hai cuộc khảo sát; chuẩn bị kỳ họp giữa năm.\n\n"
            "Chỉ đạo phiên họp, ông Nguyễn Văn Bình, Chủ tịch HĐND huyện, nhấn mạnh, sự cố gắng của các ban trong quý "
            "qua đã góp phần hoàn thành các chỉ tiêu đề ra.\n")
    assert _rows(text) == [("Thực hiện hai cuộc khảo sát", "các ban HĐND huyện"),
                           ("Chuẩn bị kỳ họp giữa năm", "các ban HĐND huyện")]


def test_guard_after_the_chairs_name_a_demand_still_directs():
    text = "Chủ trì cuộc họp, ông Trần Văn Hải, Phó Chủ tịch UBND huyện yêu cầu Phòng Tài chính rà soát các khoản chi.\n"
    assert _rows(text) == [("Rà soát các khoản chi", "Phòng Tài chính")]


# --- "…, trong đó có …" inside a duty stays in it --------------------------------------------

def test_guard_trong_do_inside_a_duty_stays_in_it():
    text = "Đề nghị Sở Y tế kiểm tra các cơ sở khám bệnh tư nhân, trong đó có các phòng khám nha khoa.\n"
    assert _rows(text) == [("Kiểm tra các cơ sở khám bệnh tư nhân, trong đó có các phòng khám nha khoa", "Sở Y tế")]


# --- "có giải pháp / chính sách / biện pháp …": "có" with a means is an action of a chain ----------------------

def test_co_giai_phap_opens_its_own_item_after_a_semicolon():
    text = ("Đề nghị UBND huyện kiến nghị với UBND tỉnh sớm phê duyệt phương án di dời các cơ sở chăn nuôi; có giải pháp bảo "
            "đảm nước tưới cho vụ đông; đẩy nhanh tiến độ nạo vét kênh chính.\n")
    assert _rows(text) == [("Kiến nghị với UBND tỉnh sớm phê duyệt phương án di dời các cơ sở chăn nuôi", "UBND huyện"),
                           ("Có giải pháp bảo đảm nước tưới cho vụ đông", "UBND huyện"),
                           ("Đẩy nhanh tiến độ nạo vét kênh chính", "UBND huyện")]


def test_co_chinh_sach_opens_its_own_item_after_a_semicolon():
    text = ("Kiến nghị UBND tỉnh kiến nghị với Bộ Tài chính phê duyệt phương án di dời các cơ sở giết mổ; có chính sách hỗ "
            "trợ giáo viên vùng cao.\n")
    assert _rows(text) == [("Kiến nghị với Bộ Tài chính phê duyệt phương án di dời các cơ sở giết mổ", "UBND tỉnh"),
                           ("Có chính sách hỗ trợ giáo viên vùng cao", "UBND tỉnh")]


# --- "các đại biểu đã thảo luận, phản ánh … như: đề nghị …": the opinions raised direct -------------------------

def test_demands_listed_after_phan_anh_are_the_opinions_raised():
    text = ("Tại kỳ họp, các đại biểu HĐND xã đã thảo luận, phản ánh nhiều vấn đề cử tri quan tâm như: đề nghị UBND xã "
            "sớm sửa chữa tuyến đường liên thôn bị sạt lở; đề nghị kiểm tra việc xả thải của các cơ sở chăn nuôi.\n")
    rows = _rows(text)
    assert [t for t, _lead in rows] == ["Sớm sửa chữa tuyến đường liên thôn bị sạt lở",
                                        "Kiểm tra việc xả thải của các cơ sở chăn nuôi"]
    assert rows[0][1] == "UBND xã"


def test_guard_results_listed_after_da_without_opinions_stay_results():
    text = ("Trong quý, UBND xã đã hoàn thành nhiều việc như: chỉ đạo sửa chữa tuyến đường liên thôn; tổ chức kiểm tra "
            "việc xả thải của các cơ sở chăn nuôi.\n")
    assert _rows(text) == []
