"""Layout of a conclusion: blocks (paragraphs, list items, headings) and clauses.

A block is a paragraph or a list item ("1.", "a)", "-", "+", "Thứ nhất,", "Một là,", "I.").
Its level orders nesting; an unmarked paragraph right under a heading is its child.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import GIAO_NOUN, HARD, SOFT, match_phrase
from .normalize import fold

_MARKERS = [
    (re.compile(r"(?:[IVX]{1,4})[.)/]\s+(?=\S)"), 0.0),
    (re.compile(r"\d{1,2}\.\d{1,2}\.?\s+(?=\S)"), 1.5),
    (re.compile(r"\d{1,2}[.)/]\s+(?=\D)"), 1.0),      # "1.", "1)", "1/" (not a date: "12/5/2024")
    (re.compile(r"\(\d{1,2}\)\s+"), 1.0),
    (re.compile(r"[a-zđ][)/]\s+"), 2.0),
    (re.compile(r"[a-zđ]\.\s+(?=[A-ZĐÀ-Ỹ])"), 2.0),
    (re.compile(r"[-–+•*▪◦]\s*(?=\S)"), 3.0),
    (re.compile(r"(?:Thứ\s+(?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)|"
                r"(?:Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười)\s+là)\s*[,:]\s*"), 1.0),
]
_TERMINAL = tuple(".:;!?…\"”)")
_CUT_CHARS = frozenset(";,:\"”.!?…")   # the only characters a clause may be cut at


@dataclass
class Block:
    start: int          # content start (after the list marker)
    end: int
    level: float        # -1 for a plain paragraph
    marked: bool

    def text(self, doc: str) -> str:
        return doc[self.start:self.end]


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8


# a line cut after a directing word or a comma (text copied from a PDF with hard line breaks: "Đề nghị" /
# "Viện kiểm sát nhân dân tỉnh tăng cường ..."; "giao Thanh tra tỉnh tổng hợp," / "Báo cáo kết quả ...")
# has not ended: the next line, even capitalised or after a blank line, continues it
# (not "chỉ đạo" nor "được giao", which end headings: "Công tác lãnh đạo, chỉ đạo", "Kết quả nhiệm vụ được giao";
# nor a numbered heading "III. Kiến nghị")
_OPEN_END = re.compile(r"(?:,|(?<!được )\b(?:[Đđ]ề nghị|[Yy]êu cầu|[Kk]iến nghị|[Gg]iao(?: cho)?))\s*$")


# "A. NHIỆM VỤ CHUNG", "B. NHIỆM VỤ CỤ THỂ": a capital letter marks a part of an official letter, above its
# "I." sections, when the line after it is in capitals (not an initial: "A. Nguyễn Văn B")
_PART_MARKER = re.compile(r"[A-ZĐ]\.\s+(?=\S)")


# what is left of a picture ("![]() |", "| Đồng chí ... kiểm tra dự án. |", "tru-so-ubnd.jpg") or its credit ("Ảnh: Báo X",
# "... tháo dỡ công trình. (Ảnh: Công an TP)", "... hiện nay (ảnh minh họa)"): no part of the text, and no break in a
# directing passage around it (round 24)
_CAPTION = re.compile(r"^\s*(?:!\[|\|)|^\s*\S+\.(?:png|jpe?g|gif|webp)\s*$|^\s*\(?(?:trong\s+)?anh\s*:|^\s*anh\s+minh\s+hoa\b|"
                      r"[.(]\s*\(?anh(?:\s+minh\s+hoa)?\s*(?::[^.;:()]{1,40})?\)?\s*\.?\s*\|?\s*$|"
                      # "… giám sát việc thực hiện chính sách - Ảnh 1.": a numbered picture's caption (round 36)
                      r"\s[-–]\s*anh\s+\d{1,2}\s*\.?\s*$")
# a credit closing a caption line without a stop before it: "… chủ trì phiên họp ẢNH: TTXVN", "… phát biểu. Ảnh: X. |";
# "(Trong ảnh: …)", "Ảnh minh họa. Nguồn Internet" (round 35)
_CREDIT = re.compile(r"\s(?:Ảnh|ẢNH)\s*:\s*[^.;:()]{1,40}\.?\s*\|?\s*$")


def caption(text: str) -> bool:
    return bool(_CAPTION.search(fold(text)) or _CREDIT.search(text))


# the words a wrapped line cannot end a sentence with: a conjunction, a preposition, a word before a number
_CUT_AFTER = re.compile(r"(?<!\w)(?:và|hoặc|với|của|các|những|tháng|ngày|năm|quý|đến|từ|số|là|tại|cho|trong|về|khoảng)\s*$")


# a wrapped line may start with the rest of a document number ("... Quy chế phối hợp số" / "01-QCPH/...")
_NUMBER_GOES_ON = re.compile(r"\d+[-/]\w")


def join_wrapped_lines(text: str) -> str:
    """A text copied from a PDF or a hard-wrapped page breaks its lines at one width, inside sentences ("… chỉ đạo UBND
    các huyện,\nthành phố trong tỉnh triển khai …"): a line as long as the widest ones (0.7 of the 90th percentile, in a
    text where 40 % of the lines are that long) that ends on no stop goes on in the next, unless that one opens a list
    item after a word a sentence can end with ("… tháng 9 và" / "10. Để …" goes on). One character for one (session 34)."""
    lines = text.split("\n")
    sizes = sorted(len(ln.strip()) for ln in lines if ln.strip())
    if len(sizes) < 6:
        return text
    width = sizes[int(len(sizes) * 0.9)]
    if width < 40 or sum(1 for n in sizes if width * 0.75 <= n <= width) < 0.4 * len(sizes):
        return text       # not a wrapped text: paragraphs of all lengths, one per line
    out = []
    for i, ln in enumerate(lines):
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        item = any(rx.match(nxt) for rx, _ in _MARKERS)
        goes_on = len(ln.strip()) >= 0.7 * width and not ln.rstrip().endswith(_TERMINAL) and nxt \
            and not (item and not _CUT_AFTER.search(ln))
        out.append(ln + (" " if goes_on else "\n"))
    return "".join(out)[:len(text)]


def split_blocks(doc: str) -> list[Block]:
    blocks: list[Block] = []
    pos = 0
    prev_line = ""
    open_end = False
    lines = doc.splitlines(keepends=True)
    # a text with hard line breaks inside its sentences (copied from a PDF): three or more lines go on in
    # lower case; there, a line inside a wrapped paragraph that ends without punctuation goes on even when
    # the next line starts with a capital ("... giữa Ban Cán sự" / "Đảng UBND tỉnh ...")
    wrapped = sum(1 for a, b in zip(lines, lines[1:]) if a.strip() and b.strip()[:1].islower()
                  and not a.rstrip().endswith(_TERMINAL)) >= 3
    multi_line = False
    for raw in lines:
        line_start = pos
        pos += len(raw)
        line = raw.rstrip("\r\n")
        stripped = line.strip()
        if not stripped:
            prev_line = ""
            continue
        s = line_start + (len(line) - len(line.lstrip()))
        e = line_start + len(line.rstrip())
        level, marked = -1.0, False
        for rx, lv in _MARKERS:
            m = rx.match(doc, s, e)
            if m:
                level, marked, s = lv, True, m.end()
                break
        # "… tập trung vào tháng 10 và" / "11. Để chủ động …": in a wrapped text, a line that starts with a number
        # right after a word no sentence ends with is the sentence going on, not a list item (round 31)
        goes_on = bool(marked and wrapped and blocks and prev_line and _CUT_AFTER.search(prev_line)
                       and re.match(r"\d{1,2}[.)]\s", stripped))
        m = None if marked else _PART_MARKER.match(doc, s, e)
        if m is not None and _is_caps(doc[m.end():e]):
            level, marked, s = -0.5, True, m.end()   # "A. NHIỆM VỤ CHUNG": a part above "I." (round 14)
        # a line wrapped inside a paragraph continues it
        if (not marked and blocks and prev_line and not prev_line.rstrip().endswith(_TERMINAL)
                and not _is_caps(prev_line) and not _is_caps(stripped)
                and (stripped[:1].islower() or _NUMBER_GOES_ON.match(stripped))):
            blocks[-1].end = e
            multi_line = True
        elif goes_on or (not marked and open_end and not _is_caps(stripped)):
            blocks[-1].end = e
        elif (wrapped and multi_line and not marked and prev_line and not prev_line.rstrip().endswith(_TERMINAL)
              and not _is_caps(stripped)):
            blocks[-1].end = e
        else:
            blocks.append(Block(s, e, level, marked))
            multi_line = False
        prev_line = line
        open_end = bool(_OPEN_END.search(stripped)) and not _is_caps(stripped) and not marked
    return blocks


def _abbrev_before(doc: str, i: int) -> bool:
    j = i
    while j > 0 and doc[j - 1].isalpha():
        j -= 1
    word = fold(doc[j:i])
    if len(word) == 1 and word not in ("q", "p") and j >= 2 and doc[j - 1] == " ":
        # an initial follows a capitalised word ("Nguyễn V. An"); "dưới 7 độ C. Sở ..." ends a sentence
        k = j - 1
        while k > 0 and doc[k - 1].isalpha():
            k -= 1
        return k < j - 1 and doc[k].isupper()
    return word in {"tp", "tx", "tt", "ths", "ts", "pgs", "gs", "q", "p", "ong", "ba", "st", "v.v"} or len(word) == 1


def _glued_sentence(doc: str, i: int, end: int) -> bool:
    """A full stop with no space after it that still ends a sentence: a lower-case word of at least
    two letters before it, a capitalised word after it ("tình hình.Đồng thời", not "TP.HCM",
    "Tp.Hà Nội", "baochinhphu.vn" or "3.5")."""
    if i < 2 or i + 2 >= end or not (doc[i - 1].islower() and doc[i - 2].isalpha()):
        return False
    if not (doc[i + 1].isupper() and doc[i + 2].islower()) or _abbrev_before(doc, i):
        return False
    return True


_ORDINAL_AHEAD = re.compile(r"\s*(?:(?:mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi)\s+la|"
                            r"thu\s+(?:nhat|hai|ba|tu|nam|sau|bay|tam|chin|muoi)|\(?\d{1,2}\)|[a-z]\))\s*[,:]?\s")
_WHILE = re.compile(r"\s*[Tt]rong khi\s+")
# ", do đó / vì vậy <subject> cần / phải ...": a duty drawn from what was said before it (round 24)
_DIRECTED = re.compile(r"\b(?:yeu cau|de nghi|kien nghi|giao|chi dao|luu y)\b")
_THEREFORE = re.compile(r"\s*(?:do đó|do vậy|vì vậy|vì thế|bởi vậy|cho nên)\s*,?\s+(?!cần\b|phải\b)"
                        r"(?=(?:[^\s,;.:]+,?\s+){1,10}?(?:cần|phải|tuyệt đối)\s)")
_RETRIGGER_AHEAD = re.compile(r"\s*(?:[Đđ]ề nghị|[Kk]iến nghị|[Yy]êu cầu|[Gg]iao)\s+(?:các\s|[A-ZĐ])")
# ", trong đó <subject> có nhiệm vụ / có trách nhiệm / phải / cần ...": a duty named inside a plan's summary (round 9)
_AMONG_DUTY = re.compile(r"\s*trong\s+do,?\s+(?:[^\s,.;:]+\s+){1,8}?(?:co\s+nhiem\s+vu|co\s+trach\s+nhiem|phai|can)\s")
_GROUP_DUTY_AHEAD = re.compile(r"\s*các\s+(?:[^\s;.:]+\s+){1,16}?(?:cần|phải|tuyệt đối)\s")
_MODAL_AHEAD = re.compile(r"\s*(?:cần|phải)\s+\w")
# an opening adverbial before a comma ("Đối với các dự án chậm, cần ..."): the modal is the clause's own
_ADVERBIAL = re.compile(r"\s*(?:đối với|về|trong|để|khi|nếu|trường hợp|riêng|với|ngoài ra|qua|tại|sau|trước|theo|do|vì|việc)\b")


def _modal_duty(doc: str, s: int, i: int) -> bool:
    """The words before ", cần / phải ..." are an action of their own (at least six words since the clause or
    its ':'), not an opening topic ("Đối với các hộ ..., cần ...", "Việc tiếp nhận hồ sơ, cần ...")."""
    colon = doc.rfind(":", s, i)
    s = colon + 1 if colon >= 0 else s
    return len(doc[s:i].split()) >= 6 and not _ADVERBIAL.match(doc[s:min(i, s + 12)].lower()) \
        and not _DESCRIBED.search(doc[s:i]) and not _ADDRESSEE_ONLY.search(doc[s:i]) and not _DEADLINE_ONLY.search(doc[s:i])


# "UBND tỉnh yêu cầu chậm nhất là ngày 30/6, các huyện phải …": before the comma only the trigger and a deadline (round 32)
_DEADLINE_ONLY = re.compile(r"(?i:\b(?:yêu cầu|đề nghị|giao|chỉ đạo))\s+(?i:chậm nhất|trước)\b[^,;:]{0,30}$")


# "... đề nghị, Sở Kế hoạch và Đầu tư, các ngành, địa phương cần ...": before the comma only the trigger and the
# first addressee (a capitalised name), no action of its own (round 11)
_ADDRESSEE_ONLY = re.compile(r"(?i:\b(?:yêu cầu|đề nghị|kiến nghị|giao))\s*,\s*[A-ZĐ]\S*(?:\s+\S+){0,8}\s*$")


# "Các cuộc thanh tra đang được triển khai, cần ...": a described topic (a state, not an action) before the modal
_DESCRIBED = re.compile(r"\b(?:đang|đã|được)\b")


_SECOND_ACTION = re.compile(r"\s*(?:thuong\s+xuyen|dinh\s+ky|co\s+phuong\s+an|co\s+ke\s+hoach)\s+\w")
# "... các nhiệm vụ trong tháng 9/2024: yêu cầu UBND huyện ...": a directing clause after the colon
# after an elision "…" inside a quoted directive, a lower-case trigger and its addressee start the next order:
# "… gói thầu số 7… giao cho Sở X chủ trì …" (round 12)
_ELIDED_NEXT = re.compile(r"(?:giao(?:\s+cho)?|yêu\s+cầu|đề\s+nghị|kiến\s+nghị)\s+(?:các\s|[A-ZĐ])")
# ("giao thông", "giáo dục" … fold to the directing "giao": a field named, not a demand; session 32)
_TRIGGER_AHEAD = re.compile(r"\s*(?:yeu\s+cau|de\s+nghi|giao(?:\s+cho)?(?!\s+(?:" + "|".join(sorted(GIAO_NOUN)) + r")\b))"
                            r"\s+(?=\S)")
_INTRO_WORDS = ("sau", ", nhu", "nhu sau", "sau day", "nhiem vu", "noi dung", "giai phap", "cu the", "trong tam", "van de", "bao gom", "gom", "chu yeu nhu", "nhiem vu nhu", "giai phap nhu")


def _intro_colon(doc: str, cs: int, i: int, end: int) -> bool:
    """A ':' inside a paragraph that introduces a run of actions ("... một số nhiệm vụ: Một là, ...")."""
    ahead = fold(doc[i + 1:min(end, i + 30)]).lstrip().lstrip("“\"")    # 'chỉ đạo: “Giao Sở X ...' (round 12)
    if _ORDINAL_AHEAD.match(ahead) or _TRIGGER_AHEAD.match(ahead):
        return True
    left = fold(doc[max(cs, i - 40):i]).rstrip()
    if not (left.endswith(_INTRO_WORDS) and i + 1 < end):
        return False
    if left.endswith(("gom", "nhu")):
        # "rà soát các công trình gồm: trường học, trạm y tế ...": a lower-case enumeration with no ';'
        # before the sentence ends names the action's object, it does not introduce actions
        stop = min((j for j in (doc.find("\n", i, end), doc.find(". ", i, end)) if j >= 0), default=end)
        first = doc[i + 1:stop].lstrip()[:1]
        if ";" not in doc[i + 1:stop] and (first.islower() or not _verb_first(fold(doc[i + 1:stop]).split())):
            return False     # ("kiểm tra các lĩnh vực như: Giao thông Vận tải, Công thương, Y tế…": names, session 32)
    return True


def _second_subject(doc: str, cs: int, i: int, end: int) -> int:
    """Where the subject of a second clause starts after the comma at i, or 0: "Công an tỉnh bảo đảm an ninh mạng,
    trong khi Sở X chủ trì ...": a second body's task; "... là chủ trương lớn, do đó các huyện cần tập trung ...": the
    duty after the reason, in a sentence that directs no one before it ("lưu ý, …, vì vậy huyện cần …" is one
    directive) (round 24)."""
    m = _WHILE.match(doc, i + 1, min(end, i + 14)) or _THEREFORE.match(doc, i + 1, min(end, i + 120))
    if m is None or (m.re is _THEREFORE and _DIRECTED.search(fold(doc[max(cs, i - 400):i]))):
        return 0
    return m.end()


# Kept whole (complexity 17): one left-to-right scan whose cut rules share the bracket depth and the
# clause start; split into helpers each would need that state passed back and forth.
# "xây dựng các cơ sở dữ liệu về nông nghiệp; giáo dục; y tế; …": short noun items after "về / gồm / như" parted by
# ";" are one enumeration, not steps (round 30)
_OWN_MODAL_AHEAD = re.compile(r"\s*(?:dong\s+thoi|hang\s+(?:ngay|tuan|thang|quy))\s+(?:cung\s+)?(?:phai|can)\s+\w")
_ITEMS_OPEN = re.compile(r"\b(?:ve|gom|nhu|cac linh vuc)\s+[^;.:,]*$")
_ITEM_WORDS = 6


def _noun_items(doc: str, cs: int, i: int, end: int) -> bool:
    """The ";" at doc[i] parts short noun items of one enumeration opened after "về / gồm / như" in the clause."""
    parts = fold(doc[cs:i]).split(";")
    m = _ITEMS_OPEN.search(parts[0])
    if m is None:
        return False
    item = parts[0][m.start():].split()[1:] if len(parts) == 1 else parts[-1].split()
    nxt = re.split(r"[;.:]", fold(doc[i + 1:min(end, i + 120)]), maxsplit=1)[0].split()
    return 0 < len(item) <= _ITEM_WORDS and 0 < len(nxt) <= _ITEM_WORDS and \
        doc[i + 1:i + 3].strip()[:1].islower() and not _verb_first(nxt)   # "…; xử lý …": a step


def _verb_first(words: list[str]) -> bool:
    n = match_phrase(words, 0, HARD)     # "giáo dục" (a field) is no "giao" (to assign)
    return bool(n) and match_phrase(words, 0, SOFT) <= n


def split_clauses(doc: str, start: int, end: int) -> list[tuple[int, int, bool]]:  # noqa: C901, PLR0915
    """(start, end, new_sentence) of the clauses: split at ';' and at sentence ends."""
    out: list[tuple[int, int, bool]] = []
    cs = start
    new_sent = True
    i = start
    depth = 0
    skip = 0
    while i < end:
        ch = doc[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch not in _CUT_CHARS:
            i += 1
            continue
        cut = False
        sent = False
        if ch == ";" and depth == 0:
            cut = not _noun_items(doc, cs, i, end)
        elif ch == "," and depth == 0 and _OWN_MODAL_AHEAD.match(fold(doc[i + 1:min(end, i + 24)])):
            # "Vidifi cần tăng cường …, đồng thời phải tạo điều kiện …, hàng ngày phải giao ban …": each step with its
            # own modal is its own item (session 32)
            cut = True
        elif ch == "," and depth == 0 and fold(doc[i + 1:min(end, i + 14)]).lstrip().startswith("dong thoi ") \
                and (len(doc[max(cs, i - 400):i].split()) >= 35
                     or _TRIGGER_AHEAD.match(fold(doc[i + 1:min(end, i + 40)]).lstrip()[10:])):
            # "... (a long action), đồng thời gửi kết quả về Sở ...": a second action; after a short one
            # ("khắc phục những tồn tại, đồng thời nâng cao ...") the two are one directive; ", đồng thời yêu
            # cầu Y ..." is a second demand (round 9)
            cut = True
        elif ch == "," and depth == 0 and (_MODAL_AHEAD.match(doc[i + 1:min(end, i + 8)].lower())
                                           or _GROUP_DUTY_AHEAD.match(doc[i + 1:min(end, i + 140)].lower())) \
                and _modal_duty(doc, max(cs, i - 300), i):
            # "... tập trung chỉ đạo đẩy nhanh việc giải quyết, cần chỉ đạo rà soát ...": a second duty; "... triển
            # khai ngay các biện pháp ..., các bến đò tuyệt đối không hoạt động ...": a second body's (round 10)
            cut = True
        elif ch == "," and depth == 0 and ((_RETRIGGER_AHEAD.match(doc[i + 1:min(end, i + 16)])
                                            and _TRIGGER_AHEAD.match(fold(doc[cs:min(end, cs + 16)])))
                                           or _AMONG_DUTY.match(fold(doc[i + 1:min(end, i + 90)]))):
            # "đề nghị UBND xã hoàn chỉnh các báo cáo, kiến nghị UBND xã tiếp tục ...": a second request;
            # "Kế hoạch xác định 9 nhiệm vụ, trong đó các nhà trường có nhiệm vụ duy trì ...": a body's duty
            cut = True
        elif ch == "," and depth == 0 and (subj := _second_subject(doc, cs, i, end)):
            cut, skip = True, subj - i - 1
        elif ch == "," and depth == 0 and _SECOND_ACTION.match(fold(doc[i + 1:min(end, i + 20)])) \
                and len(doc[cs:i].split()) >= 8 and len(doc[cs:i].rsplit(",", 1)[-1].split()) >= 7 \
                and " de " not in fold(doc[cs:i]):   # "... để các Ban bố trí thời gian, có kế hoạch ...": one purpose
            cut = True     # "tổ chức trực trong các ngày nghỉ Tết, thường xuyên nắm tình hình ...": a second duty
        elif ch in "\"”" and depth == 0 and i > cs and re.match(r"\s*[-–]\s", doc[i + 1:min(end, i + 5)]):
            cut = True     # '"Các xã phải ... tình hình" - đó là chỉ đạo của ...': the quotation ends, its source follows
        elif ch == ":" and depth == 0 and _intro_colon(doc, cs, i, end):
            cut = True
        elif ch in ".!?…" and depth == 0:
            j = i + 1
            while j < end and doc[j] in ".…/\"”":
                j += 1
            k = j
            while k < end and doc[k] in " \t":
                k += 1
            if k >= end:
                pass
            elif k > j and (doc[k].isupper() or (doc[k] in "“\"" and k + 1 < end and doc[k + 1].isupper())
                            or (ch == "…" and _ELIDED_NEXT.match(doc, k, min(end, k + 30)))) \
                    and not (ch == "." and _abbrev_before(doc, i)) \
                    and (not doc[i - 1:i].isdigit() or (ch == "…" and doc[k].islower())):
                cut, sent = True, doc[k].isupper() or doc[k] in "“\""     # an elided order goes on in its sentence
                i = j - 1
            elif k > j and ch == "." and doc[i - 1:i].isdigit() and doc[k].isupper():
                cut, sent = True, True
                i = j - 1
            elif k == j and ch == "." and _glued_sentence(doc, i, end):
                cut, sent = True, True     # "... sau bão.Đồng thời theo dõi ...": a space lost in publishing
        if cut:
            if i > cs:
                out.append((cs, i, new_sent))
            new_sent = sent
            cs, i, skip = i + 1 + skip, i + skip, 0
        i += 1
    if end > cs:
        out.append((cs, end, new_sent))
    return [(a, b, n) for a, b, n in out if doc[a:b].strip()]
