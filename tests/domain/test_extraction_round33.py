"""Round 33 of the extraction rules (docs/extraction.md, "Round 33"): causes of the misses, extra proposals and wrong
leads of batches dz/ea and eb/ec. Every sentence here is written for these tests (no published sentence)."""
from datetime import date

from tracker.domain.extraction import UnitDirectory, extract

D = date(2025, 3, 1)
EMPTY = UnitDirectory([])


def _rows(text: str, when: date = D) -> list[tuple[str, str | None]]:
    return [(p.text, p.lead) for p in extract(text, when, EMPTY)]


# --- A. "<title> <a body named in lower case> các …": an office of the police or the inspectorates of many bodies,
# written in lower case after a demand ("thủ trưởng công an các đơn vị", "chánh thanh tra các sở") ---------------------

def test_a_head_of_the_police_of_many_units():
    text = "Thứ trưởng yêu cầu thủ trưởng công an các đơn vị, địa phương siết chặt công tác tuần tra ban đêm.\n"
    assert _rows(text) == [("Siết chặt công tác tuần tra ban đêm", "thủ trưởng công an các đơn vị, địa phương")]


def test_a_chief_inspectors_of_the_departments():
    text = "Thanh tra Bộ Y tế vừa có văn bản yêu cầu chánh thanh tra các sở y tế kiểm tra lại các phòng khám tư nhân.\n"
    assert _rows(text) == [("Kiểm tra lại các phòng khám tư nhân", "chánh thanh tra các sở y tế")]


def test_a_title_before_a_capitalised_body_is_unchanged():
    text = "Chủ tịch UBND tỉnh yêu cầu giám đốc các bệnh viện tăng cường kiểm soát nhiễm khuẩn.\n"
    assert _rows(text) == [("Tăng cường kiểm soát nhiễm khuẩn", "giám đốc các bệnh viện")]


# --- B. a list under a directing heading ("… yêu cầu:" then one paragraph per body): one item the rules cannot read (a
# typo for its verb) no longer ends the list; the items after it still read under the heading. A second unread
# paragraph in a row, or one telling news ("đã"), ends it as before ------------------------------------------------------

_HEAD = "Để phòng dịch tay chân miệng, UBND huyện đã có văn bản yêu cầu:\n"


def test_b_an_unread_item_does_not_end_the_list():
    text = (_HEAD + "Phòng Y tế theo dõi sát tình hình dịch bệnh trên địa bàn huyện.\n"
            "Trung tâm y tế huyện tổ khử khuẩn các trường mầm non khi có ca bệnh.\n"
            "Phòng Giáo dục và Đào tạo hướng dẫn các trường mầm non rửa tay cho trẻ hằng ngày.\n")
    assert _rows(text) == [("Theo dõi sát tình hình dịch bệnh trên địa bàn huyện", "Phòng Y tế"),
                           ("Hướng dẫn các trường mầm non rửa tay cho trẻ hằng ngày", "Phòng Giáo dục và Đào tạo")]


def test_b_news_after_an_unread_item_stays_news():
    text = (_HEAD + "Phòng Y tế theo dõi sát tình hình dịch bệnh trên địa bàn huyện.\n"
            "Trung tâm y tế huyện tổ khử khuẩn các trường mầm non khi có ca bệnh.\n"
            "Tuần trước, Phòng Giáo dục và Đào tạo đã hướng dẫn các trường mầm non rửa tay cho trẻ.\n")
    assert _rows(text) == [("Theo dõi sát tình hình dịch bệnh trên địa bàn huyện", "Phòng Y tế")]


# --- C. an article's lede on a document ("… vừa có văn bản đề nghị các đơn vị Y …") whose details below demand of the
# same addressee again is a summary, not an order of its own; a lede whose addressee is not named again stays ----------

def test_c_a_lede_repeated_below_is_a_summary():
    text = ("Sở Giáo dục vừa có văn bản đề nghị hiệu trưởng các trường rà soát việc thu các khoản phí đầu năm học.\n\n"
            "Văn bản yêu cầu hiệu trưởng các trường công khai các khoản thu trước ngày 15/9/2025.\n")
    assert _rows(text) == [("Công khai các khoản thu trước ngày 15/9/2025", "hiệu trưởng các trường")]


def test_c_a_lede_with_another_addressee_below_stays():
    text = ("Sở Giáo dục vừa có văn bản đề nghị hiệu trưởng các trường rà soát việc thu các khoản phí đầu năm học.\n\n"
            "Văn bản cũng yêu cầu Phòng Kế hoạch - Tài chính tổng hợp kết quả trước ngày 15/9/2025.\n")
    assert [r[1] for r in _rows(text)] == ["hiệu trưởng các trường", "Phòng Kế hoạch - Tài chính"]
