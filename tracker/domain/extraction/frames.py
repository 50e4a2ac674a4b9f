"""Directing frames: the shared vocabulary of the clause reader, the records it produces
(Addr, Action), and the trigger test ("yêu cầu", "đề nghị", "giao", "chỉ đạo" ... used as a
directive, not as a noun or a report). Stage 1 of pipeline.py's description."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .citations import document_cited, document_title
from .lexicon import ADVERBS, LEAD_IN_OPENERS, RETRIGGERS, TRIGGERS, VOTERS_ASK, match_phrase
from .normalize import words_of, Canon, Tok, canon_tokens, fold, person_name_before, tokenize
from .segment import Block
from .time_phrases import time_phrase
from .tense import _QUESTIONING, asks_to_explain, concluding_sentence as _concluding_sentence, past_demand as _past_demand, past_before, suffered
from .units import parse_unit_list

_TRIGGER_BLOCK_PREV = {"da", "duoc", "se", "theo", "su", "cua", "van", "nhung", "cac", "dap", "dung",
                       "tac", "ho", "trinh", "to", "y", "anh", "don", "nghe", "bao", "neu",
                       "truoc", "ung", "tung", "kip", "voi"}
# ("Trước yêu cầu đổi mới ...", "đáp ứng yêu cầu ...", "chưa theo kịp yêu cầu ..." (round 14): the noun)
_GIAO_NOT = {"ban", "dich", "thong", "duc", "luu", "nhan", "lien", "thoa", "tiep", "quan", "khoan", "dat", "von",
             "du", "chi", "nhiem", "ket"}



# who speaks in a conclusion: "Đồng chí ... đề nghị", "Đoàn giám sát yêu cầu"
_SPEAKERS = frozenset(tuple(p.split()) for p in (
    "dong chi", "doan", "ong", "ba", "chu tich", "pho chu tich", "truong ban", "pho truong ban", "bi thu",
    "pho bi thu", "truong doan", "lanh dao", "hoi nghi", "thuong truc", "btv", "thu truong", "giam doc",
    "thu tuong", "pho thu tuong", "bo truong"))
_REPORTING = frozenset(tuple(p.split()) for p in ("khang dinh", "cho biet", "trinh bay", "nhan dinh", "thong tin",
                                                    "phat bieu",
                                                    # round 11: findings ("Qua giám sát cho thấy, ...", "Đoàn nhận
                                                    # thấy ..."), appeals and wishes ("kêu gọi", "mong muốn") and a
                                                    # speaker's own commitment ("cam kết sẽ ...") are not directed
                                                    "cho thay", "nhan thay", "keu goi", "mong muon", "cam ket"))
_PLAN_PRAISE = frozenset(tuple(p.split()) for p in ("du kien", "ghi nhan", "danh gia cao", "bieu duong", "nhat tri", "dong y",
                                                      "hoan nghenh"))
_BARE_COMMITTEES = {p + w + " uy" for p in ("", "cac ") for w in ("huyen", "thi", "thanh", "quan", "tinh", "dang")}
_ORDINALS = {"mot", "hai", "ba", "bon", "nam", "sau", "bay", "tam", "chin", "muoi"}
_ORDINALS2 = {"nhat", "hai", "ba", "tu", "nam", "sau", "bay", "tam", "chin", "muoi"}


@dataclass
class Addr:
    """A resolved addressee."""
    lead: str | None = None
    lead_unit_id: int | None = None
    lead_units: list[int] = field(default_factory=list)
    extra: list[tuple[str, int | None]] = field(default_factory=list)   # other units of a list subject
    flags: list[str] = field(default_factory=list)


@dataclass
class Action:
    clause_start: int
    clause_end: int
    text_start: int
    text_end: int
    addr: Addr | None
    explicit: bool
    coords: list[tuple[str, int | None]]
    verb_start: bool
    frame: str = ""
    intro: list[tuple[int, int, bool]] = field(default_factory=list)   # the list introductions it belongs to (its deadline is inherited)      # why it was proposed: trigger | subject | heading | same_sentence | list | previous_item | none


@dataclass
class _Ctx:
    level: float
    addr: Addr | None
    muted: bool
    intro: tuple[int, int, bool] | None = None


def _is_caps_text(t: str) -> bool:
    letters = [c for c in t if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def _raw_lower(toks: list[Tok], c: Canon) -> str:
    return toks[c.i].raw.lower()


# what a body did in a questioning or supervision session: "HĐND xã đã chất vấn và yêu cầu UBND xã giải
# trình ...", "đã kịp thời chỉ ra những hạn chế và yêu cầu các ngành khắc phục": a report of the session


def _past_questioning(words: list[str], k: int) -> bool:
    """The trigger at words[k] is the second half of "đã <questioned / pointed out> ... và <trigger>"."""
    if k == 0 or words[k - 1] != "va":
        return False
    seen = False
    for i in range(k - 2, max(-1, k - 14), -1):
        w = words[i]
        if w in (".", ";", ":"):
            return False
        if match_phrase(words, i, _QUESTIONING):
            seen = True
        if w == "da":
            return seen
    return False


def _concessive(words: list[str], k: int) -> bool:
    """"Mặc dù UBND tỉnh đã tiếp thu và chỉ đạo ..., tuy nhiên ...": the trigger is inside a concession."""
    for i in range(k - 1, max(-1, k - 20), -1):
        if words[i] in (".", ";", ":"):
            return False
        if words[i:i + 2] == ["mac", "du"]:
            return True
    return False


# citizens' petitions are appeals, not directives: "cử tri kiến nghị tỉnh sớm đầu tư ...; đề nghị ngành điện ..."
# (the citizens are the subject: at most four words between them and the trigger, or the chain goes on after ';')
_PETITIONER = re.compile(r"\b(?:cu tri|nguoi dan|(?<!dong )(?<!ban )(?<!an )(?<!sat )(?<!doi )nhan dan|ba con|doanh nghiep|hoi vien)(?:(?:[^\S\n]+[^\s,.;:!?…]+){0,4}|"
                         r"(?:[^\S\n]+(?!nhu\b|sau\b|gom\b)[^\s,.;:!?…]+){1,5}:)[^\S\n]+"   # "Cử tri TP Huế: Kiến nghị …" (round 31)
                         r"(?:$|(?:kien nghi|de nghi|yeu cau)\b[^.!?:]*;\s*$)")

# "(đã) có 87 kiến nghị (của cử tri) ... đề nghị X ...": what was asked, counted; the request is the petitions' (round 12)
_COUNTED_PETITIONS = re.compile(r"\bco\s+(?:tong\s+(?:so\s+)?)?\d+\s+(?:y\s+kien\s*,\s*)?(?:kien\s+nghi|y\s+kien|don(?:\s+thu)?)\b"
                                r"[^.;:!?]{0,160}$")


def _amount_only(words: list[str]) -> bool:
    """"UBND 11 xã nộp lại hơn 554 triệu đồng; Phòng Tài chính 64,6 triệu đồng": a short clause ending with a sum
    of money is the breakdown of an order given before, not an action of its own."""
    ws = [w for w in words if w[:1].isalnum()]
    return 3 <= len(ws) <= 16 and ws[-1] == "dong" and ws[-2] in ("trieu", "ty", "ti", "nghin", "ngan") \
        and any(w[:1].isdigit() for w in ws[-5:])


# what an inspection or audit counts: "hơn 2,9 tỷ đồng", "3 tập thể và 68 cá nhân"
_FIGURE_UNITS = frozenset(tuple(p.split()) for p in (
    "ty dong", "ti dong", "trieu dong", "nghin dong", "ngan dong", "tap the", "ca nhan", "chuyen vien", "can bo", "truong hop",
    "to chuc", "don vi"))


def _result_figure(words: list[str], k: int) -> bool:
    """The clause from words[k] to its ';' or full stop holds a count or a sum ("kiến nghị thu hồi hơn 2,9 tỷ
    đồng", "kiến nghị kiểm điểm 3 tập thể và 68 cá nhân"): an inspection's or audit's figures, reported
    (round 9; shared b07, batch p/q q07)."""
    for i in range(k, min(len(words), k + 40)):
        w = words[i]
        if w == ";" or (w == "." and not (words[i - 1][:1].isdigit() and words[i + 1:i + 2]
                                          and words[i + 1][:1].isdigit())):
            return False
        if w[:1].isdigit() and (match_phrase(words, i + 1, _FIGURE_UNITS) or (
                words[i + 1:i + 2] in ([","], ["."]) and match_phrase(words, i + 3, _FIGURE_UNITS))):
            return True
    return False


def _under_addressee_heading(words: list[str], colon: int) -> bool:
    """The ':' at words[colon] closes "Đối với X" (or "Với X") opening its sentence."""
    i = colon
    while i > 0 and colon - i < 20 and words[i - 1] not in (".", ";", ":", "!", "?"):
        i -= 1
    while i < colon and not words[i][:1].isalnum():
        i += 1
    return words[i:i + 2] == ["doi", "voi"] or words[i:i + 1] == ["voi"]


def _scene(words: list[str], k: int) -> bool:
    """"Dự kiến, tại kỳ họp ..., UBND tỉnh sẽ trình ...": a plan; "Kiểm tra tại trường X, Chủ tịch UBND
    tỉnh nghe báo cáo ...": a visit told as news (the speaker is the subject after the opening phrase)."""
    if words[k:k + 3] == ["du", "kien", ","]:
        return True
    if not (words[k:k + 2] in (["kiem", "tra"], ["lam", "viec"], ["khao", "sat"], ["tham", "quan"])
            and words[k + 2:k + 3] == ["tai"]) and words[k:k + 2] != ["den", "tham"]:
        return False
    depth = 0
    for i in range(k, min(len(words), k + 30)):
        depth += (words[i] == "(") - (words[i] == ")")
        if depth == 0 and words[i] in (",", ";", ".", ":"):
            return words[i] == "," and bool(match_phrase(words, i + 1, _SPEAKERS))
    return False


def _more_to_add(words: list[str], j: int) -> bool:
    """"lưu ý thêm một số nội dung …", "đề nghị thêm: …": "thêm" goes with the directing word before it (round 26)."""
    return words[j:j + 1] == ["them"] and words[j + 1:j + 3] in (["mot", "so"], [":"], ["cac"])


def _past_over_comma(cs: list[Canon], toks: list[Tok], k: int) -> bool:
    """The trigger at cs[k] follows a comma and goes on a report in the past before it."""
    words = words_of(cs)
    # "đã chỉ đạo, giao nhiệm vụ cho X ...": a list of past acts shares its "đã" (round 10)
    j = k - 1
    while j > 0 and j > k - 4 and not match_phrase(words, j, TRIGGERS):
        j -= 1
    if match_phrase(words, j, TRIGGERS) and j + match_phrase(words, j, TRIGGERS) == k - 1 and j > 0 \
            and _raw_lower(toks, cs[j - 1]) == "đã":
        return True
    # "... đã được UBND tỉnh tiếp thu, chỉ đạo các sở ...": the passive past goes on over the comma (round 11)
    back: list[str] = []
    for c in reversed(cs[max(0, k - 10):k - 1]):
        r = _raw_lower(toks, c)
        if not r[:1].isalnum():
            break
        back.insert(0, r)
    return any(back[i:i + 2] == ["đã", "được"] for i in range(len(back) - 1))


class TriggerRules:
    """Mixin of Extractor (assembly.py): needs self.doc, self.g and _verb_at (addressees.py)."""

    def _chosen_or_passive(self, cs: list[Canon], toks: list[Tok], k: int) -> bool:
        """"Ban Thường vụ cũng chọn Chi bộ X chỉ đạo tổ chức đại hội điểm": a choice made, the chosen body's role, not a
        directive; "… đã được UBND tỉnh quan tâm chỉ đạo": a report in the passive (round 27; "cử tri" is no "cử")."""
        words = words_of(cs)
        for j in range(k - 1, max(-1, k - 13), -1):
            r = _raw_lower(toks, cs[j])
            if r in (".", ";", ":"):
                break
            if r == "chọn" or (r == "cử" and words[j + 1:j + 2] != ["tri"]) or (
                    r == "được" and self._passive_agent(cs, toks, j + 1, k)):
                return True
        return False

    def _passive_agent(self, cs: list[Canon], toks: list[Tok], j: int, k: int) -> bool:
        """Bodies from cs[j] up to the trigger at cs[k] (or "quan tâm" before it): the agent after "được"."""
        ms, nxt = parse_unit_list(self.g, cs, toks, j)
        return bool(ms) and (nxt == k or (nxt + 2 == k and words_of(cs)[nxt:k] == ["quan", "tam"]))

    def _petition(self, at: int) -> bool:
        """The trigger at offset `at` is said by citizens in the same sentence (looked back 200 characters), or
        by petitions counted before it ("đã có 87 kiến nghị của cử tri gửi đến ... đề nghị UBND tỉnh ...")."""
        before = fold(self.doc[max(0, at - 200):at])
        return bool(_PETITIONER.search(before) or _COUNTED_PETITIONS.search(before))

    def _doer_at(self, cs: list[Canon], toks: list[Tok], j: int, titles: bool = False) -> bool:
        """Bodies named at cs[j] and a predicate after them: the addressee of a trigger before a comma."""
        ms, after = parse_unit_list(self.g, cs, toks, j, titles=titles)
        return bool(ms) and self._predicate_follows(cs, toks, after)

    # Kept whole (complexity 28): a rule table, one exception per trigger word ("giao", "kết luận", "chỉ đạo",
    # "đề ra" ...); split up, the exceptions of one word would be spread over several functions.
    def _valid_trigger(self, cs: list[Canon], toks: list[Tok], k: int) -> int:  # noqa: C901
        """Length of a directing trigger at cs[k] (0 if the word is used otherwise)."""
        words = words_of(cs)
        n = match_phrase(words, k, TRIGGERS)
        if not n:
            return 0
        w = " ".join(words[k:k + n])
        prev = words[k - 1] if k > 0 else ""
        prev_raw = _raw_lower(toks, cs[k - 1]) if k > 0 else ""
        # "Đoàn công tác yêu cầu ...", "Sở Xây dựng yêu cầu ..." (a name, not "nội dung yêu cầu")
        named = person_name_before(toks, cs, k)    # "… Nguyễn Văn Được yêu cầu …": "Được" ends a name (session 34)
        speaker_team = (k >= 3 and words[k - 3:k] in (["doan", "cong", "tac"], ["to", "cong", "tac"])) or (
            k >= 2 and words[k - 2:k] == ["xay", "dung"] and toks[cs[k - 2].i].cap) or named or (
            k >= 1 and toks[cs[k - 1].i].raw == "Tổ")     # "…, Tổ đề nghị …": the delegates' group named by its head (round 30)
        concluding = prev_raw == "đã" and ((_concluding_sentence(words, k) and not asks_to_explain(words, k, n)) or (
            w in ("yeu cau", "giao", "chi dao", "de nghi", "kien nghi") and _past_demand(words, k, n) and (   # "đã giao /
                w != "kien nghi" or self._names_doer(cs, toks, k + n))))   # chỉ đạo" (32), "đề nghị" (34), "kiến nghị X <verb>" (36)
        if (prev_raw in ("đã", "được", "sẽ", "từng", "để") and not concluding and not named) or (
                prev in _TRIGGER_BLOCK_PREV and prev_raw not in ("và", "văn") and not speaker_team and not concluding):
            return 0
        if not concluding and (past_before(cs, toks, k) or suffered(cs, toks, k)):   # "đã tổ chức quán triệt ..."
            return 0
        if prev == "," and k >= 3 and _past_over_comma(cs, toks, k):
            return 0
        if _past_questioning(words, k) or _concessive(words, k) or document_cited(words, k) or document_title(words, k) or (
                w in ("kien nghi", "de nghi", "yeu cau") and self._petition(toks[cs[k].i].start)) or \
                VOTERS_ASK.search(fold(self.doc[max(0, toks[cs[k].i].start - 200):toks[cs[k].i].start])):
            return 0
        if k > 1 and (words[k - 2:k] == ["lanh", "dao"] or (words[k - 2:k] == ["tang", "cuong"] and match_phrase(words, k + n, ADVERBS))):
            return 0      # "lãnh đạo, chỉ đạo"; "tăng cường chỉ đạo quyết liệt …": directing as the work done (round 29)
        if w == "kien nghi" and (words[k + n:k + n + 2] == ["cu", "tri"] or (
                words[k + n:k + n + 1] == ["gui"] and words[k + n + 1:k + n + 2] in (["toi"], ["den"]))):
            return 0      # "kiến nghị cử tri", "kiến nghị gửi tới kỳ họp": voters' petitions, the noun
        if prev_raw == "số" or (w == "kien nghi" and (_result_figure(words, k + n) or words[k - 3:k] in (
                ["ket", "luan", ","], ["ket", "luan", "va"]))):   # "thực hiện kết luận, kiến nghị" (round 31)
            return 0      # "tổng số kiến nghị ...", "đã kiến nghị thu hồi hơn 2,9 tỷ đồng": figures, not a directive
        if w == "buoc" and (prev in ("rang", "bat", "bi", "phai", "viec") or _raw_lower(toks, cs[k]) != "buộc"):
            return 0      # "ràng buộc", "bắt buộc": "việc / phải buộc": only "buộc X phải ..." directs
        nxt = words[k + n] if k + n < len(words) else ""
        nxt_cap = k + n < len(cs) and toks[cs[k + n].i].cap
        if w == "giao" and words[k + 1:k + 3] == ["nhiem", "vu"] and (
                words[k + 3:k + 4] in (["cho"], [":"]) or words[k + 3:k + 5] == ["nhu", "sau"]):
            return n + 2      # "kết luận, giao nhiệm vụ như sau:"
        if w.startswith("giao") and ((nxt in _GIAO_NOT and not nxt_cap) or prev_raw in ("bàn", "tuyên")):
            return 0
        nxt_raw = _raw_lower(toks, cs[k + n]) if k + n < len(cs) else ""
        if nxt_raw in ("do", "vì") and self._addressee_past_lead_in(cs, toks, k + n):
            return n      # "lưu ý do mùa mưa …, các địa phương rà soát …": a reason before the addressee (round 22)
        if nxt_raw in ("của", "này", "trên", "do", "được", "về", "đã", "đang", "chung", "mới"):   # "kiến nghị mới phát sinh"
            return 0
        if w == "de ra":
            # "UBND huyện đề ra một số nhiệm vụ, giải pháp trọng tâm, như: ...": only a list's introduction
            if words[k + n:k + n + 3] in (["mot", "so", "nhiem"], ["mot", "so", "giai"], ["cac", "nhiem", "vu"]) \
                    and ":" in words[k + n:k + n + 20]:
                return n
            return 0
        if w == "ket luan":
            if nxt == ":" or (nxt == "nhu" and k + n + 1 < len(words) and words[k + n + 1] == "sau"):
                return n
            if words[k + n:k + n + 3] in (["mot", "so", "nhiem"], ["cac", "nhiem", "vu"]) or \
                    words[k + n:k + n + 2] == ["nhiem", "vu"]:
                return n      # "kết luận một số nhiệm vụ trọng tâm ..., bao gồm: ..."
            return 0
        if w == "chi dao" and prev in ("kien", "noi") and nxt == ":" and words[k - 2:k - 1] in (["y"], ["dung"]):
            return n      # "có ý kiến chỉ đạo: Sở X ...", "với nội dung chỉ đạo: ...": the directives follow
        if w == "chi dao" and prev_raw in ("bản", "văn") and words[k - 2:k - 1] in (["van"], ["cong"]):
            # "UBND TP vừa có văn bản / công văn chỉ đạo Sở X thực hiện …": the document directs the addressee that
            # follows; without one it is the noun ("các văn bản chỉ đạo của …", round 25)
            return n if parse_unit_list(self.g, cs, toks, k + n, titles=True)[0] else 0
        if w == "chi dao" and (prev in ("cong", "van", "su", "lanh", "dieu", "trong", "viec", "noi", "bieu", "kien")
                               or (prev == "," and k > 2 and words[k - 3:k - 1] == ["lanh", "dao"])):
            return 0
        if w == "chi dao" and prev == ":" and _under_addressee_heading(words, k - 1):
            return 0      # "Đối với UBND tỉnh: Chỉ đạo các sở, ngành rà soát ...": the heading's body directs (round 9)
        if w == "luu y" and prev_raw == "cần" and "ve" in words[max(0, k - 8):k - 1]:
            return 0      # "thông tin về các loại đất cần lưu ý …": the topic that needs attention, no one directed (round 30)
        if w == "chi dao" and words[k + n:k + n + 2] == ["dieu", "hanh"]:
            return 0      # "sự chỉ đạo điều hành và kết quả ...": direction and management, a noun
        if w == "chi dao" and self._chosen_or_passive(cs, toks, k):
            return 0
        # what follows a directing trigger: ":", an addressee, an action, or a list intro
        j = k + n + time_phrase(words, k + n)
        if nxt in (":", "cho"):
            return n
        if w in ("nhan manh", "luu y", "chi dao") and match_phrase(words, k + n, RETRIGGERS):
            return 0      # "nhấn mạnh yêu cầu Sở X phải ...": the demand that follows names the addressee (round 12)
        if nxt == "," and w in ("nhan manh", "luu y") and (parse_unit_list(self.g, cs, toks, k + n + 1)[0] or (
                k + n + 1 < len(cs) and _raw_lower(toks, cs[k + n + 1]) in ("cần", "phải")) or self._task_named(cs, toks, k + n + 1)):
            return n      # "nhấn mạnh, các ngành cần ...", "nhấn mạnh, cần chấn chỉnh …" (no addressee named, round 25)
        # ("nhấn mạnh để <purpose>, X cần …": the purpose before the addressee, like a time (round 24))
        if (nxt == "," and w in ("yeu cau", "de nghi", "chi dao")) or (nxt == "de" and w in ("nhan manh", "luu y")):
            # "Chủ tịch UBND tỉnh đề nghị, Sở X, các ngành cần tập trung ...", "đề nghị, 6 tháng cuối năm 2016, MTTQ các
            # cấp phối hợp …" (a time before the addressee, session 33)
            tp = time_phrase(words, k + n + 1) if nxt == "," else 0
            if self._doer_at(cs, toks, k + n + 1) or (tp and self._doer_at(cs, toks, k + n + 1 + tp, titles=True)):
                return n
            purpose = nxt == "," and words[k + n + 1:k + n + 2] == ["de"]
            if words[k + n + 1:k + n + 3] == ["truong", "hop"] or words[k + n + 1:k + n + 2] in LEAD_IN_OPENERS or \
                    nxt == "de" or purpose:
                # "Sở X yêu cầu, trường hợp phát hiện sai phạm, UBND các phường phải xử lý ...": a condition before
                # the addressee (round 9; batch k/l's "Z yêu cầu, trường hợp ..., Y phải"), or a time (round 23);
                # "yêu cầu, để bảo đảm thu, chi đạt kết quả, Sở X chủ trì …": a purpose, its commas passed over (round 25)
                for comma in range(k + n + 2, min(len(words), k + n + 25)):
                    if words[comma] in (".", ";"):
                        break
                    if words[comma] != ",":
                        continue
                    if self._doer_at(cs, toks, comma + 1, titles=True):
                        return n
                    if not purpose:
                        break
        if (nxt in ("doi", "trong", "thoi", "nhu", "mot", "nhung", "tat", "moi", "tiep", "ngay") or _more_to_add(words, k + n)) \
                and not w.startswith("giao"):
            return n + (nxt == "them")
        if parse_unit_list(self.g, cs, toks, j, titles=True)[0] or (w in ("yeu cau", "de nghi", "buoc") and self._bare_place_named(cs, toks, j)[0]):
            return n
        if w in ("yeu cau", "de nghi") and nxt.isalpha() and any(
                _raw_lower(toks, c) in ("phải", "cần") for c in cs[k + n + 1:k + n + 5]) and not any(
                not c.c[:1].isalnum() for c in cs[k + n:k + n + 5]):
            return n      # "yêu cầu nội dung phải thiết thực", "yêu cầu hồ sơ cần đầy đủ": a requirement on a thing
        if not w.startswith("giao") and (self._verb_at(cs, toks, j) or nxt_raw == "nên") and nxt != ",":
            return n
        return 0

    def _names_doer(self, cs: list[Canon], toks: list[Tok], k: int) -> bool:
        """An addressee at cs[k] with its predicate after it, in the same sentence (round 25)."""
        ms, after = parse_unit_list(self.g, cs, toks, k, titles=True)
        return bool(ms) and self._predicate_follows(cs, toks, after)

    def _first_trigger(self, b: Block) -> int | None:
        toks = tokenize(self.doc, b.start, b.end)
        cs = canon_tokens(toks, punct=True)
        for k in range(len(cs)):
            if self._valid_trigger(cs, toks, k):
                return toks[cs[k].i].start
        return None
