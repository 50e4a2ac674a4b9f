"""Round 19 of the extraction rules (docs/extraction.md, "Round 19"): causes of the misses, extra proposals,
wrong leads and wrong deadlines of batches bf/bg and bh/bi, checked against the other seen sets (the shared dev
and holdout texts, batches af/ag … bd/be, the fixtures). Every sentence here is written for these tests (no
published sentence)."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2025, 3, 1)
EMPTY = UnitDirectory([])


def _rows(text: str, when: date = D) -> list[tuple[str, str | None]]:
    return [(p.text, p.lead) for p in extract(text, when, EMPTY)]


# --- "nêu gương", "đề cao" open a duty as any action verb ------------------------------------------------------

def test_neu_guong_after_a_demand_is_a_duty():
    text = "Ban Thường vụ yêu cầu các chi bộ nêu gương trong việc thực hành tiết kiệm ở cơ quan.\n"
    assert _rows(text) == [("Nêu gương trong việc thực hành tiết kiệm ở cơ quan", "các chi bộ")]


def test_de_cao_opening_a_paragraph_after_a_demand_is_a_duty():
    text = ("UBND tỉnh yêu cầu các sở, ngành rà soát việc bảo quản đề thi tại các điểm thi.\n\n"
            "Đồng thời, đề cao trách nhiệm của người đứng đầu trong công tác coi thi; bố trí lực lượng bảo vệ "
            "tại các điểm thi.\n")
    texts = [t for t, _ in _rows(text)]
    assert texts == ["Rà soát việc bảo quản đề thi tại các điểm thi",
                     "Đề cao trách nhiệm của người đứng đầu trong công tác coi thi",
                     "Bố trí lực lượng bảo vệ tại các điểm thi"]


# --- a text cut after "<addressee> chủ động": the adverb alone is no action --------------------------------------

def test_a_cut_off_adverb_alone_is_no_action():
    text = ("UBND tỉnh yêu cầu các sở, ngành rà soát việc bảo quản đề thi tại các điểm thi.\n\n"
            "Ủy ban nhân dân các huyện chủ động ")
    assert _rows(text) == [("Rà soát việc bảo quản đề thi tại các điểm thi", "các sở, ngành")]


# --- an addressee heading of offices, lists joined by ";", the central bodies' standard names --------------------

HEADING = ("Thủ tướng thống nhất các nhiệm vụ của năm 2025 như sau:\n"
           "Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ; Chủ tịch Ủy ban nhân dân các tỉnh, "
           "thành phố trực thuộc Trung ương:\n"
           "Rà soát các thủ tục hành chính còn chồng chéo trong quý II năm 2025.\n")


def test_a_heading_of_offices_joined_by_a_semicolon_is_the_lead():
    [(text, lead)] = _rows(HEADING)
    assert text.startswith("Rà soát các thủ tục hành chính")
    assert lead == ("Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ; Chủ tịch Ủy ban nhân dân "
                    "các tỉnh, thành phố trực thuộc Trung ương")


def test_a_heading_of_one_office_is_the_lead():
    text = ("Phó Thủ tướng kết luận như sau:\nChủ tịch Ủy ban nhân dân các tỉnh, thành phố:\n"
            "Kiểm tra việc neo đậu tàu thuyền trước mùa mưa bão.\n")
    assert _rows(text) == [("Kiểm tra việc neo đậu tàu thuyền trước mùa mưa bão", "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố")]


def test_the_central_bodies_after_a_demand_are_one_addressee():
    text = ("Thủ tướng yêu cầu Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ khẩn trương "
            "công bố danh mục dữ liệu dùng chung.\n")
    assert _rows(text) == [("Khẩn trương công bố danh mục dữ liệu dùng chung",
                            "Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ")]


def test_guard_a_heading_of_a_named_body_stays():
    text = "Bộ trưởng kết luận như sau:\nSở Tài chính:\nKiểm tra việc neo đậu tàu thuyền trước mùa mưa bão.\n"
    assert _rows(text) == [("Kiểm tra việc neo đậu tàu thuyền trước mùa mưa bão", "Sở Tài chính")]


# --- "Đồng thời, <verb> …" opening the paragraph after a demand keeps its addressee ------------------------------

def test_a_paragraph_opening_with_dong_thoi_keeps_the_addressee():
    text = ("Sở Y tế yêu cầu các bệnh viện rà soát danh mục thuốc còn thiếu.\n\n"
            "Đồng thời, bổ sung kịp thời vật tư cho khoa cấp cứu; bố trí đủ nhân lực trực Tết.\n")
    assert [lead for _, lead in _rows(text)] == ["các bệnh viện"] * 3


def test_guard_a_paragraph_opening_with_dong_thoi_and_its_own_subject():
    text = ("Sở Y tế yêu cầu các bệnh viện rà soát danh mục thuốc còn thiếu.\n\n"
            "Đồng thời, Trung tâm Y tế huyện phải bố trí đủ nhân lực trực Tết.\n")
    assert [lead for _, lead in _rows(text)] == ["các bệnh viện", "Trung tâm Y tế huyện"]


# --- "X được yêu cầu / được đề nghị <verb> …" inside a directing passage: X's duty, as "X được giao …" ------------

def test_a_passive_demand_in_a_directing_passage_is_the_subjects_duty():
    text = ("Sở Tài chính yêu cầu các phòng chuyên môn niêm yết công khai thủ tục.\n\n"
            "Cùng với đó, Chi cục Thuế được yêu cầu rà soát các khoản nợ đọng của doanh nghiệp.\n")
    assert _rows(text)[1:] == [("Rà soát các khoản nợ đọng của doanh nghiệp", "Chi cục Thuế")]


def test_a_passive_request_in_a_directing_passage_is_the_subjects_duty():
    text = ("Sở Tài chính yêu cầu các phòng chuyên môn niêm yết công khai thủ tục.\n\n"
            "Đồng thời, Kho bạc Nhà nước huyện được đề nghị đối chiếu số liệu chi ngân sách hằng tháng.\n")
    assert [lead for _, lead in _rows(text)][1:] == ["Kho bạc Nhà nước huyện"]


def test_guard_the_passive_assignment_stays():
    text = ("Sở Tài chính yêu cầu các phòng chuyên môn niêm yết công khai thủ tục.\n\n"
            "Cùng với đó, Chi cục Thuế được giao nhiệm vụ rà soát các khoản nợ đọng của doanh nghiệp.\n")
    assert _rows(text)[1:] == [("Rà soát các khoản nợ đọng của doanh nghiệp", "Chi cục Thuế")]
