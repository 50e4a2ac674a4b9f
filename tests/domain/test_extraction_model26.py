"""The model engine's addressees (session 25): a clause the rules did not propose takes the addressee it
names itself (own_addressee.py) before one carried from an earlier clause. The decisions are read with fixed
probabilities (a constant model), so each test states the rule, not the trained weights. Sentences written
for these tests."""
import math
from datetime import date

from tracker.domain.extraction import UnitDirectory
from tracker.domain.extraction.candidates import build_candidates
from tracker.domain.extraction.clause_model import decide
from tracker.domain.extraction.pipeline import normalise

NO_UNITS = UnitDirectory(units=[])
WHEN = date(2026, 3, 1)
FIRST = "Giao Phòng Nội vụ rà soát hồ sơ cán bộ, công chức của huyện.\n"


def _constant(p: float) -> dict:
    return {"intercept": math.log(p / (1 - p)), "weights": {}, "threshold": 0.5, "threshold_no_lead": 0.7}


def _decide(text: str, p: float = 0.65) -> list[tuple[str | None, str]]:
    """(lead, text) of what a model giving every clause ``p`` keeps when the rules propose nothing."""
    text = normalise(text)
    return [(q.lead, q.text) for q in decide(text, WHEN, build_candidates(text, WHEN, NO_UNITS, []), _constant(p))]


def _leads(text: str, p: float = 0.65) -> list[str | None]:
    return [lead for lead, _ in _decide(text, p)]


def test_the_unit_after_a_directing_word_in_the_clause_is_its_addressee():
    # not the speaker before "chỉ đạo", not the unit of the paragraph before
    text = FIRST + ("Tiếp thu ý kiến của cử tri, Sở Xây dựng chỉ đạo Ban Quản lý dự án huyện sửa chữa tuyến "
                    "đường qua thôn Nà Hin trong tháng 5.")
    assert _leads(text, 0.75) == ["Phòng Nội vụ", "Ban Quản lý dự án huyện"]


def test_words_between_a_directing_word_and_the_verb_name_the_addressee():
    text = FIRST + "Qua kiểm tra, Đoàn yêu cầu nhà trường hoàn trả cho phụ huynh các khoản thu vượt quy định."
    assert _leads(text, 0.75) == ["Phòng Nội vụ", "nhà trường"]


def test_a_subject_with_a_word_of_duty_is_the_addressee():
    text = FIRST + "Về phía cơ sở, UBND các xã được đề nghị lập danh sách hộ nghèo phát sinh trong năm."
    assert _leads(text, 0.75) == ["Phòng Nội vụ", "UBND các xã"]
    text = FIRST + "Đồng thời, mỗi tổ công tác cần bám sát địa bàn, kịp thời báo cáo những vướng mắc phát sinh."
    assert _leads(text, 0.75) == ["Phòng Nội vụ", "mỗi tổ công tác"]


def test_a_clause_naming_its_addressee_keeps_the_ordinary_threshold():
    # its own addressee, so not the stricter threshold of a clause whose addressee is carried from afar
    text = FIRST + "Về phía cơ sở, UBND các xã được đề nghị lập danh sách hộ nghèo phát sinh trong năm."
    assert _leads(text, 0.65) == ["Phòng Nội vụ", "UBND các xã"]


def test_a_wider_reading_gives_the_lead_not_the_ordinary_threshold():
    # "Đối với X, <speaker> giao ...": the threshold stays that of an addressee carried from afar (0.7)
    text = FIRST + "Đối với Sở Tài chính, tỉnh giao nhiệm vụ rà soát các khoản chi thường xuyên của năm."
    assert _leads(text, 0.65) == ["Phòng Nội vụ"]
    assert _leads(text, 0.75) == ["Phòng Nội vụ", "Sở Tài chính"]


def test_a_thing_with_a_word_of_duty_is_no_addressee():
    text = FIRST + "Công tác tuyên truyền cần được đẩy mạnh hơn nữa trong thời gian tới."
    assert _leads(text, 0.75) == ["Phòng Nội vụ", "Phòng Nội vụ"]


def test_an_opening_for_a_unit_names_the_addressee_not_the_speaker_after_it():
    text = FIRST + "Đối với Sở Tài chính, tỉnh giao nhiệm vụ rà soát các khoản chi thường xuyên của năm."
    assert _leads(text, 0.75) == ["Phòng Nội vụ", "Sở Tài chính"]


def test_a_comma_after_the_directing_word_does_not_hide_the_addressee():
    text = FIRST + "Qua kiểm tra, Chủ tịch UBND huyện yêu cầu, Ban Quản lý dự án huyện bố trí thêm nhân lực."
    assert _leads(text, 0.75) == ["Phòng Nội vụ", "Ban Quản lý dự án huyện"]


def test_a_subject_and_its_duty_a_few_words_apart():
    text = FIRST + "UBND các xã được hỗ trợ kinh phí chịu trách nhiệm sử dụng đúng mục đích."
    assert _leads(text, 0.75) == ["Phòng Nội vụ", "UBND các xã"]


def test_a_subject_before_its_verb_is_the_addressee_a_speaker_is_not():
    text = FIRST + "Theo đó, dự kiến trong quý III, Thường trực HĐND xã giám sát việc thu chi ngân sách tại các thôn."
    assert _leads(text, 0.75) == ["Phòng Nội vụ", "Thường trực HĐND xã"]
    # "<speaker> nhấn mạnh ...": a directing word after the subject, the subject is not the addressee
    text = FIRST + "Trong quý III, Chủ tịch UBND huyện nhấn mạnh tiếp tục kiểm tra an toàn thực phẩm."
    assert _leads(text, 0.75) == ["Phòng Nội vụ", "Phòng Nội vụ"]


def test_partners_after_a_coordinating_opening_are_not_its_subject():
    # "Phối hợp với các sở, ngành chức năng tổng hợp ...": the bodies after the comma are more partners, so the
    # clause keeps the addressee before it (session 30)
    text = FIRST + "Phối hợp với các sở, ngành chức năng tổng hợp kết quả rà soát, báo cáo UBND huyện."
    assert _leads(text, 0.75) == ["Phòng Nội vụ", "Phòng Nội vụ"]
