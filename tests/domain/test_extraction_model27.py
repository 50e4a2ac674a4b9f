"""The model engine's precision (session 25, second round): a clause the rules did not propose that tells what
happened (a past result, a meeting's account, background: narrative.py) is not kept, whatever the model gives
it. The decisions are read with fixed probabilities (a constant model), so each test states the rule, not the
trained weights. Sentences written for these tests."""
from tests.domain.constant_model import FIRST, kept_texts as _texts


def test_a_past_result_told_of_a_subject_is_not_kept():
    text = FIRST + "UBND xã Tân Lập đã chủ động sửa chữa hai phòng học bị hư hỏng sau đợt mưa lớn."
    assert len(_texts(text)) == 1


def test_a_step_without_a_subject_naming_a_past_matter_is_kept():
    text = FIRST + "Đồng thời, chuyển hồ sơ các trường hợp đã vi phạm sang cơ quan điều tra để xử lý."
    assert len(_texts(text)) == 2


def test_background_after_a_lead_in_is_not_kept():
    for opening in ("Trước đó, ", "Tuy nhiên, ", "Trong 6 tháng đầu năm, "):
        text = FIRST + opening + "Phòng Kinh tế tổ chức kiểm tra 14 cơ sở kinh doanh xăng dầu trên địa bàn."
        assert len(_texts(text)) == 1, opening


def test_a_meetings_account_is_not_kept():
    text = FIRST + "Thường trực HĐND huyện ghi nhận những ý kiến của cử tri về tuyến đường liên xã."
    assert len(_texts(text)) == 1
    text = FIRST + "Các đại biểu tham gia thảo luận, góp ý vào dự thảo báo cáo của Ban Kinh tế."
    assert len(_texts(text)) == 1


def test_a_directing_word_keeps_the_clause_after_a_lead_in():
    text = FIRST + "Qua giám sát, Đoàn đề nghị Phòng Kinh tế ghi nhận và tổng hợp các kiến nghị của cử tri."
    assert len(_texts(text)) == 2


def test_a_directing_word_used_as_a_noun_does_not_keep_the_clause():
    text = FIRST + "Qua giám sát, nhìn chung các kiến nghị của cử tri đều được các xã tiếp nhận kịp thời."
    assert len(_texts(text)) == 1


def test_what_someone_will_do_is_not_kept():
    text = FIRST + "Danh sách các hộ được hỗ trợ sẽ được niêm yết công khai tại nhà văn hóa các thôn."
    assert len(_texts(text)) == 1


def test_the_action_after_a_directing_word_and_its_addressee_is_the_proposal():
    text = FIRST + ("Tiếp thu ý kiến của cử tri, UBND huyện chỉ đạo Phòng Kinh tế và Hạ tầng khảo sát, sửa chữa cầu "
                    "treo thôn Nà Lừa trước mùa mưa.")
    assert _texts(text)[1].startswith("Khảo sát, sửa chữa cầu treo")


def test_a_directing_word_joined_to_another_action_is_part_of_it():
    text = FIRST + "Đồng thời, xử lý nghiêm các sai phạm hoặc kiến nghị cơ quan có thẩm quyền xử lý theo quy định."
    assert "xử lý nghiêm các sai phạm" in _texts(text)[1]
