import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.text import fold, normalize_spaces


@pytest.mark.parametrize(
    "text, key",
    [
        ("Quy chế Dân chủ", "quy che dan chu"),
        ("Ban Chỉ đạo", "ban chi dao"),
        ("ĐẢNG ỦY PHƯỜNG TÔ HIỆU", "dang uy phuong to hieu"),
        ("Chiềng Cọ", "chieng co"),
        ("Hua La", "hua la"),
        ("Nghị quyết 01-NQ/ĐU", "nghi quyet 01-nq/du"),
        ("  Tổ   7\tbản\nMé ", "to 7 ban me"),
        ("\u00d0oàn giám sát", "doan giam sat"),  # U+00D0 look-alike of Đ
        ("thường xuyên", "thuong xuyen"),  # ư, ơ carry a horn
        ("Ơn", "on"),
        ("", ""),
        ("   ", ""),
        (None, ""),
    ],
)
def test_fold(text, key):
    assert fold(text) == key


def test_fold_nfc_and_nfd_agree():
    text = "Tiếp tục quán triệt, triển khai thực hiện nghiêm túc"
    assert fold(unicodedata.normalize("NFD", text)) == fold(text)
    assert fold(text) == "tiep tuc quan triet, trien khai thuc hien nghiem tuc"


def test_fold_matches_unaccented_typing():
    assert fold("Phòng Nội vụ") == fold("phong noi vu") == fold("PHONG NOI VU")


@pytest.mark.parametrize(
    "text, clean",
    [
        ("  a  b ", "a b"),
        ("a\u00a0b", "a b"),  # NBSP from Word
        ("a\t\nb", "a b"),
        ("a\u200bb", "ab"),  # zero-width space is dropped, not turned into a space
        ("\ufeffSơn La", "Sơn La"),  # BOM
        ("Sơn  La", "Sơn La"),  # case and accents kept
        ("", ""),
        (None, ""),
    ],
)
def test_normalize_spaces(text, clean):
    assert normalize_spaces(text) == clean


@given(st.text())
def test_fold_is_idempotent_and_clean(text):
    key = fold(text)
    assert fold(key) == key
    assert key == key.strip()
    assert "  " not in key
    assert not any(unicodedata.combining(ch) for ch in key)
    assert "đ" not in key


@given(st.text())
def test_normalize_spaces_is_idempotent(text):
    clean = normalize_spaces(text)
    assert normalize_spaces(clean) == clean
    assert clean == clean.strip()
