import unicodedata
from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tracker.domain.docnumber import (
    TYPE_CODES,
    DocForm,
    DocNumber,
    DocNumberError,
    numbering_period,
    parse_doc_number,
    type_name,
)

P, S = DocForm.PARTY, DocForm.STATE


@pytest.mark.parametrize(
    "text, expected",
    [
        ("154-QĐ/BCĐ", DocNumber(154, "QĐ", "BCĐ", P, None)),
        ("39-CT/TU", DocNumber(39, "CT", "TU", P, None)),
        ("13-KH/TU", DocNumber(13, "KH", "TU", P, None)),
        ("09-CT/TW", DocNumber(9, "CT", "TW", P, None)),
        ("01-NQ/ĐU", DocNumber(1, "NQ", "ĐU", P, None)),
        ("05/QĐ-UBND", DocNumber(5, "QĐ", "UBND", S, None)),
        ("1270/BC-TCTTTg", DocNumber(1270, "BC", "TCTTTg", S, None)),
        ("123/UBND-VP", DocNumber(123, None, "UBND-VP", S, None)),
        ("15/2020/NĐ-CP", DocNumber(15, "NĐ", "CP", S, 2020)),
        ("30/2020/NĐ-CP", DocNumber(30, "NĐ", "CP", S, 2020)),
    ],
)
def test_real_examples_parse_and_round_trip(text, expected):
    doc = parse_doc_number(text)
    assert doc == expected
    assert doc.canonical == text
    assert str(doc) == text
    assert parse_doc_number(doc.canonical) == doc


@pytest.mark.parametrize(
    "text, canonical",
    [
        ("  154-QĐ/BCĐ  ", "154-QĐ/BCĐ"),
        ("Số 154-QĐ/BCĐ", "154-QĐ/BCĐ"),
        ("số: 154-QĐ/BCĐ", "154-QĐ/BCĐ"),
        ("Số:154-QĐ/BCĐ", "154-QĐ/BCĐ"),
        ("SỐ 05/QĐ-UBND", "05/QĐ-UBND"),
        ("so 05/QD-UBND", "05/QĐ-UBND"),
        ("154-qđ/bcđ", "154-QĐ/BCĐ"),
        ("154-QD/BCĐ", "154-QĐ/BCĐ"),
        ("154-qd/BCĐ", "154-QĐ/BCĐ"),
        ("154-Q\u00d0/BC\u00d0", "154-QĐ/BCĐ"),  # U+00D0 look-alike
        ("154 - QĐ / BCĐ", "154-QĐ/BCĐ"),
        ("154\u2013QĐ/BCĐ", "154-QĐ/BCĐ"),  # en dash from Word
        ("5/qđ-ubnd", "05/QĐ-UBND"),
        ("005/QĐ-UBND", "05/QĐ-UBND"),
        ("1270/bc-tctttg", "1270/BC-TCTTTg"),
        ("123/QĐ-TTg", "123/QĐ-TTg"),
        ("15/2020/nd-cp", "15/2020/NĐ-CP"),
        ("123/ubnd-vp", "123/UBND-VP"),
        ("59/2020/QH14", "59/2020/QH14"),  # a law: year, no type code
        ("12/2015/TTLT-BTC-BNV", "12/2015/TTLT-BTC-BNV"),
        ("10-ctr/tu", "10-CTr/TU"),
        ("10-TTR/TU", "10-TTr/TU"),
        ("10-QĐi/TW", "10-QĐi/TW"),
        ("10-QDI/TW", "10-QĐi/TW"),
        ("7/QyĐ-UBND", "07/QyĐ-UBND"),
        ("12-HD/BTGTW", "12-HD/BTGTW"),  # Hướng dẫn, not Hợp đồng
        ("12/HĐ-UBND", "12/HĐ-UBND"),
        ("3/GM-UBND", "03/GM-UBND"),
    ],
)
def test_lenient_input(text, canonical):
    assert parse_doc_number(text).canonical == canonical


def test_nfd_input_equals_nfc_input():
    nfd = unicodedata.normalize("NFD", "Số 154-QĐ/BCĐ")
    assert parse_doc_number(nfd) == parse_doc_number("154-QĐ/BCĐ")
    assert parse_doc_number(unicodedata.normalize("NFD", "số 1-KL/TƯ")).issuer == "TƯ"


def test_cong_van_has_no_type_code():
    doc = parse_doc_number("123/UBND-VP")
    assert doc.type_code is None
    assert doc.issuer == "UBND-VP"
    assert type_name(doc.type_code, doc.form) == "Công văn"


@pytest.mark.parametrize(
    "text, code",
    [
        ("", "empty"),
        ("   ", "empty"),
        (None, "empty"),
        ("Số:", "empty"),
        ("abc", "malformed"),
        ("154", "malformed"),
        ("-QĐ/BCĐ", "malformed"),
        ("154-QĐ", "malformed"),
        ("154-QĐ/", "malformed"),
        ("154-/BCĐ", "malformed"),
        ("154-QĐ/BCĐ/TU", "malformed"),
        ("154-QĐ/BC Đ", "malformed"),
        ("05/QĐ-", "malformed"),
        ("05/QĐ", "malformed"),
        ("05/", "malformed"),
        ("/QĐ-UBND", "malformed"),
        ("15/2020", "malformed"),
        ("15/0020/NĐ-CP", "malformed"),
        ("05/QĐ--UBND", "malformed"),
        ("5a/QĐ-UBND", "malformed"),
        ("QĐ-UBND 05", "malformed"),
        ("0-QĐ/BCĐ", "bad_number"),
        ("00/QĐ-UBND", "bad_number"),
        ("154-XYZ/BCĐ", "unknown_type"),
        ("154-Q.Đ/BCĐ", "malformed"),
    ],
)
def test_rejects(text, code):
    with pytest.raises(DocNumberError) as exc:
        parse_doc_number(text)
    assert exc.value.code == code
    assert isinstance(exc.value, ValueError)


def test_type_codes():
    for code, name in {
        "NQ": "Nghị quyết",
        "QĐ": "Quyết định",
        "CT": "Chỉ thị",
        "KL": "Kết luận",
        "TB": "Thông báo",
        "KH": "Kế hoạch",
        "BC": "Báo cáo",
        "HD": "Hướng dẫn",
        "QC": "Quy chế",
        "CTr": "Chương trình",
        "TTr": "Tờ trình",
        "QĐi": "Quy định",
        "CV": "Công văn",
        "NĐ": "Nghị định",
        "TT": "Thông tư",
        "GM": "Giấy mời",
    }.items():
        assert TYPE_CODES[code] == name
    # Every code is stored NFC so comparisons with user input work.
    assert all(unicodedata.is_normalized("NFC", c) for c in TYPE_CODES)


def test_every_type_code_parses_to_itself():
    for code in TYPE_CODES:
        assert parse_doc_number(f"12-{code}/TU").type_code == code
        assert parse_doc_number(f"12/{code}-UBND").type_code == code


def test_type_name_by_form():
    assert type_name("TT", DocForm.STATE) == "Thông tư"
    assert type_name("TT", DocForm.PARTY) == "Thông tri"
    assert type_name("QĐ", DocForm.PARTY) == "Quyết định"


def test_doc_number_is_frozen_and_hashable():
    doc = parse_doc_number("154-QĐ/BCĐ")
    with pytest.raises(AttributeError):
        doc.number = 1  # type: ignore[misc]
    assert {doc, parse_doc_number("số 154-qd/bcđ")} == {doc}


def test_form_values_are_stable():
    assert DocForm("party") is DocForm.PARTY
    assert DocForm("state") is DocForm.STATE


# -- numbering_period --------------------------------------------------------------


def test_state_documents_number_per_calendar_year():
    doc = parse_doc_number("05/QĐ-UBND")
    assert numbering_period(doc, date(2026, 1, 5)) == "2026"
    assert numbering_period(doc, date(2025, 12, 31)) == "2025"


@pytest.mark.parametrize(
    "issued_on, period",
    [
        (date(2020, 1, 1), "2020-2025"),
        (date(2024, 3, 27), "2020-2025"),
        (date(2024, 12, 31), "2020-2025"),
        (date(2025, 1, 1), "2025-2030"),
        (date(2029, 12, 31), "2025-2030"),
        (date(2030, 6, 1), "2030-2035"),
        (date(2016, 5, 26), "2015-2020"),
    ],
)
def test_party_documents_number_per_term(issued_on, period):
    assert numbering_period(parse_doc_number("154-QĐ/BCĐ"), issued_on) == period


# -- properties ------------------------------------------------------------------------

# Upper-case issuers; "TTG" is excluded because its canonical spelling is "TTg".
issuers = (
    st.lists(st.text(alphabet="ABCDĐEGHKLMNPQRSTUVXY", min_size=1, max_size=6), min_size=1, max_size=2)
    .filter(lambda parts: not any(p.endswith("TTG") for p in parts))
    .map("-".join)
)
codes = st.sampled_from(sorted(TYPE_CODES))


def _looks_like_type(segment):
    # A công văn whose issuer starts with a type code (even without
    # diacritics, e.g. "QD") cannot be told apart from a typed document.
    return parse_doc_number(f"1/{segment}-X").type_code is not None


@given(number=st.integers(min_value=1, max_value=99999), code=codes, issuer=issuers)
def test_party_round_trip(number, code, issuer):
    doc = DocNumber(number, code, issuer, DocForm.PARTY, None)
    assert parse_doc_number(doc.canonical) == doc
    assert parse_doc_number(doc.canonical.lower()) == doc
    assert parse_doc_number(unicodedata.normalize("NFD", doc.canonical)) == doc


@given(
    number=st.integers(min_value=1, max_value=99999),
    code=st.one_of(st.none(), codes),
    issuer=issuers,
    year=st.one_of(st.none(), st.integers(min_value=1945, max_value=2100)),
)
def test_state_round_trip(number, code, issuer, year):
    assume(code is not None or not _looks_like_type(issuer.split("-")[0]))
    doc = DocNumber(number, code, issuer, DocForm.STATE, year)
    assert parse_doc_number(doc.canonical) == doc
    assert parse_doc_number(f"Số: {doc.canonical.lower()}") == doc
