"""The time phrase a directing word may put before its addressee ("đề nghị tháng 12/2018 thường trực HĐND …",
"yêu cầu, 6 tháng cuối năm 2016, MTTQ các cấp …"), read over folded words."""
from __future__ import annotations

import re


def time_phrase(words: list[str], k: int) -> int:
    """Length of a time phrase between a trigger and its addressee (0 if none): "tháng 12/2018", "năm 2024", "trong
    thời gian tới"; "thời gian tới X …", "trước mắt tập trung …", "từ nay đến hết năm 2016, X phải …" (round 36), "6 tháng
    cuối năm 2016, X …" (session 33), "ngay sau kỳ họp, X …" (session 34)."""
    n = 0
    m = re.match(r"trong thoi gian toi |(?:trong )?thoi gian (?:sap )?toi (?:, )?|truoc mat (?:, )?|"
                 r"tu nay den (?:het |cuoi )?[^,.;:]{1,24} , |"
                 # "đề nghị, 6 tháng cuối năm 2016, MTTQ các cấp …" (session 33)
                 r"(?:trong |den het )?(?:6|sau) thang (?:dau|cuoi) nam(?: \d{4})? , |"
                 # "yêu cầu, ngay sau kỳ họp, UBND TP, các sở ngành … khẩn trương …" (session 34)
                 r"ngay sau (?:khi )?(?:ky hop|hoi nghi|cuoc hop|phien hop|buoi lam viec|dot kiem tra)(?: nay)? , ",
                 " ".join(words[k:k + 12]) + " ")
    if m:
        return m.group().count(" ")
    if k < len(words) and words[k] in ("thang", "quy", "nam") and k + 1 < len(words) and \
            (words[k + 1].isdigit() or words[k + 1] in ("i", "ii", "iii", "iv")):
        n = 2
        if words[k + n:k + n + 1] == ["/"] and k + n + 1 < len(words) and words[k + n + 1].isdigit():
            n += 2
        if k + n < len(words) and words[k + n] == ",":
            n += 1
    elif words[k:k + 1] == ["truoc"] or words[k:k + 2] == ["den", "ngay"]:
        # "yêu cầu trước ngày 10/3, UBND tỉnh X phải báo cáo ...": the deadline before the addressee (round 14);
        # "yêu cầu đến ngày 30/6/2019, các sở ngành phải giải quyết xong …" (session 34)
        j = k + 1 + (words[k + 1:k + 2] == ["ngay"])
        if j + 2 < len(words) and words[j].isdigit() and words[j + 1] == "/" and words[j + 2].isdigit():
            n = j + 3 - k
            if words[k + n:k + n + 1] == ["/"] and k + n + 1 < len(words) and words[k + n + 1].isdigit():
                n += 2
    elif words[k:k + 2] == ["cham", "nhat"]:     # "yêu cầu chậm nhất (là) (hết) ngày 30/6 / tháng 7-2010, X phải …"
        m = re.match(r"cham nhat (?:(?:la|den|vao) )?(?:het )?(?:thang \d+|(?:ngay )?\d+ / \d+)(?: [/-] \d+)? ,",
                     " ".join(words[k:k + 14]))
        n = m.group().count(" ") if m else 0      # the deadline before the addressee (round 32)
    elif words[k:k + 1] == ["hang"] and words[k + 1:k + 2] and words[k + 1] in ("ngay", "tuan", "thang", "quy", "nam"):
        n = 2      # "yêu cầu hằng tuần văn phòng X báo cáo ...": the recurrence before the addressee (round 14)
    if n and k + n < len(words) and words[k + n] == "," and words[k + n - 1] != ",":
        n += 1
    return n
