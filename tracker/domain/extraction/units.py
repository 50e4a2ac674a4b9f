"""Matching unit names in a clause against the unit directory.

A clause is first turned into canonical tokens (normalize.canon_tokens, punctuation kept).
`parse_unit_list()` reads an addressee such as "thành viên BCĐ, các xã, phường",
"Phòng Nội vụ", "Điện lực thành phố Sơn La" (absent from the directory) or
"Ban Chỉ huy Quân sự thành phố, Công an Thành phố" starting at a given token.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import HARD, NARRATIVE_START, PLACE, PLACE_LEVEL, PLACE_LEVEL_WORDS, SOFT, UNIT_HEADS, VERBS, match_phrase
from .model import UnitDirectory
from .normalize import words_of, _SKIP_PUNCT, Canon, Tok, canon_key, canon_tokens, nfc, tokenize

_RAW_HEADS = {"doi": "đội", "to": "tổ", "dai": "đài", "so": "sở", "quy": "quỹ", "hat": "hạt", "cuc": "cục",
              "tram": "trạm", "truong": "trường", "hoi": "hội", "phong": "phòng", "ban": "ban", "cac": "các",
              "bo": "bộ", "bao": "báo", "vu": "vụ"}
# heads of bodies named after their subject: the subject's verb is part of the name
_TOPIC_HEADS = frozenset(tuple(p.split()) for p in (
    "bcd", "ban chi huy", "to cong tac", "hoi dong", "tieu ban", "doan cong tac", "to cong tac lien nganh"))
# one-syllable verbs, written in lower case, that end a name ("Sở Xây dựng lập ...", not "huyện Yên Lập")
_LOWER_VERBS = frozenset({"lập", "cấp", "tăng", "giảm", "có", "đưa", "giữ", "nắm", "rà"})
_NEVER_IN_NAME = frozenset({"đã", "được", "đạt", "vẫn", "đang", "sẽ", "cần", "phải", "tại", "để", "nhằm", "cũng", "theo"})
_PLACE_WORDS = {"tp", "tinh", "huyen", "quan", "thi"}
_INNER_SKIP = {"-", "&", "–", ",", "/"}
# words that end a generic plural addressee: "các cơ quan, đơn vị, địa phương trong thời gian tới ..."
# soft verbs that, after a name's own capitalised words, start its predicate
_ACTION_SOFT = [w.split() for w in ("kiem tra", "giam sat", "to chuc", "chi dao", "ho tro", "thu hoi")]
_NOUN_SOFT = [w.split() for w in ("van tai", "dao tao", "giao duc", "cuu nan", "thong ke", "quy hoach")]
_GROUP_END = {"trong", "theo", "tai", "de", "can", "nham", "khi", "bang"}
_WITHIN = (["tinh"], ["huyen"], ["tp"], ["quan"], ["xa"], ["phuong"], ["nganh"])     # "… trong ngành" (round 35)
_PLACE_ADDRESSEE = {"tinh", "huyen", "thi", "tp", "xa", "phuong", "quan"}
_TITLES = frozenset(tuple(p.split()) for p in (
    "giam doc", "chu tich", "thu truong", "pho chu tich", "chanh", "nguoi dung dau", "hieu truong", "truong phong", "truong ban", "cac dong chi"))
_NOT_BODIES = [w.split() for w in ("nhiem vu", "giai phap", "noi dung", "van de", "chi tieu", "tieu chi", "bien phap",
                                     "cong viec", "chuong trinh", "ke hoach", "du an", "cong trinh",
                                     "dia ban",      # "các địa bàn còn lại, hướng dẫn ...": areas, not bodies (round 24)
                                     # "…; các khó khăn, vướng mắc, trao đổi ý kiến …": what is dealt with (session 32)
                                     "kho khan", "vuong mac", "ton tai", "han che", "truong hop", "vu viec", "ho so",
                                     "thu tuc", "chinh sach", "quy dinh", "van ban", "san pham", "hang muc",
                                     # places: "Các địa điểm bỏ phiếu phải …", "Đối với các lối đi dân sinh …, …"
                                     "dia diem", "khu vuc", "loi di", "duong ngang", "tuyen duong", "doan duong")]
_OWNERS = frozenset(tuple(p.split()) for p in (
    "chu doanh nghiep", "chu dau tu", "chu co so", "chu ho", "chu rung", "chu tau", "nha thau", "chu nha",
    "chu phuong tien", "chu trang trai", "nha truong",
    # "yêu cầu chủ hồ chứa (nước) …": a reservoir's owner, not a household's head ("chủ hộ" folds alike; session 32)
    "chu ho chua", "chu ho chua nuoc",
    # a body named by its role in the matter (round 12): "yêu cầu cơ quan xây dựng báo cáo tiếp thu ..."
    *(f"{body} {role}" for body in ("co quan", "don vi") for role in (
        "soan thao", "chu tri", "tham muu", "thuong truc", "chu quan", "trinh", "xay dung bao cao",
        "xay dung du thao", "xay dung de an", "xay dung to trinh", "xay dung ke hoach"))))
# a body named in lower case by what it is, right after a demand (round 14): "đề nghị đơn vị nâng cao ...",
# "yêu cầu đơn vị thi công ...", "yêu cầu hằng tuần văn phòng đại diện công đoàn ... báo cáo ..." (not after
# "chỉ đạo", often an order inside a task: "đôn đốc chủ đầu tư chỉ đạo đơn vị thi công khắc phục ...")
_LOWER_BODIES = frozenset(tuple(p.split()) for p in (
    "don vi", *(f"don vi {role}" for role in ("thi cong", "tu van", "tu van giam sat", "giam sat", "chu dau tu",
                                              "su dung", "duoc giao")),
    "van phong dai dien", "van phong dai dien cong doan",
    # the police named in lower case (round 21): "đề nghị công an lập chốt ...", "yêu cầu công an huyện ..."
    "cong an", *(f"cong an {p}" for p in ("tinh", "huyen", "xa", "phuong", "quan", "thanh pho", "thi xa", "cac cap",
                                           "cac dia phuong", "cac xa", "cac huyen"))))
# staff named by their status right after a demand (round 34): "đề nghị cán bộ, công chức xã chấp hành ...",
# "giao các cán bộ chuyên môn rà soát ...", "giao công chức Văn hóa – Xã hội tham mưu ..."
_STAFF = frozenset(tuple(p.split()) for p in ("can bo", "cong chuc", "vien chuc", "dang vien", "nguoi lao dong",
                                               # "các đảng ủy viên", "từng ủy viên Ban Thường vụ" (session 33)
                                               "uy vien", "dang uy vien", "cap uy vien", "chi uy vien",
                                               # "Đề nghị đại biểu HĐND tỉnh thực hiện tiếp công dân …" (session 34)
                                               "dai bieu"))
# the level or field after them is part of the name: "cán bộ, công chức xã", "các cán bộ chuyên môn"
_STAFF_TAIL = frozenset(tuple(p.split()) for p in (
    "chuyen mon", "chuyen trach", "cap xa", "cap huyen", "xa", "phuong", "thi tran", "huyen", "tinh"))


def _staff(words: list[str], toks: list[Tok], cs: list[Canon], k: int) -> int:
    """Tokens of staff named at words[k] ("các cán bộ, công chức, viên chức xã", "công chức Tư pháp - Hộ tịch"), or 0."""
    e = k + (words[k:k + 1] in (["cac"], ["tung"])) + 2 * (words[k:k + 2] == ["doi", "ngu"])
    if words[e:e + 2] == ["lanh", "dao"] and words[e + 2:e + 3] in ([","], ["va"]) and match_phrase(words, e + 3, _STAFF):
        e += 3      # "yêu cầu lãnh đạo, công chức, viên chức và người lao động Văn phòng …" (session 33)
    n = match_phrase(words, e, _STAFF)
    if not n:
        return 0
    e += n
    while words[e:e + 1] in ([","], ["va"]) and match_phrase(words, e + 1, _STAFF):
        e += 1 + match_phrase(words, e + 1, _STAFF)
    t = match_phrase(words, e, _STAFF_TAIL)
    if t:
        return e + t - k
    # a field named with a capital: "Văn hóa – Xã hội", "Địa chính - Xây dựng"
    while e < len(cs) and toks[cs[e].i].cap and words[e][:1].isalpha():
        e += 1 + (e + 1 < len(cs) and not toks[cs[e + 1].i].cap and words[e + 1][:1].isalpha()
                  and not match_phrase(words, e + 1, VERBS))
        if words[e:e + 1] in (["-"], ["–"]) and e + 1 < len(cs) and toks[cs[e + 1].i].cap:
            e += 1
    return e - k


# the head of a body named by the body's kind or place, without "các" (round 35): "người đứng đầu cơ quan, đơn vị, địa
# phương", "thủ trưởng cơ quan, đơn vị", "lãnh đạo cơ sở", "lãnh đạo huyện Bình Chánh", "lãnh đạo xã này"
_NAMED_HEADS = frozenset({"so", "phong", "ban", "cuc"})   # the heads an office's own name follows: "Sở", "Phòng", "Ban", "Cục"
_HEADS_OF = (["nguoi", "dung", "dau"], ["thu", "truong"], ["lanh", "dao"])
_BARE_KINDS = frozenset(tuple(p.split()) for p in ("co quan", "don vi", "dia phuong", "co so"))
_BARE_PLACES = PLACE_LEVEL_WORDS | {("thi", "tran")}


def _bare_body(cs: list[Canon], toks: list[Tok], k: int) -> Mention | None:
    """The body after a head's title at cs[k]: kinds of body joined by "," / "và" ("cơ quan, đơn vị, địa phương"), or a
    place in lower case with its capitalised name or "này" ("huyện Bình Chánh", "xã này"); None otherwise."""
    words = words_of(cs)
    e = k
    while (n := match_phrase(words, e, _BARE_KINDS)) and (e == k or words[e - 1] in (",", "va")):
        e += n
        if words[e:e + 1] in ([","], ["va"]) and match_phrase(words, e + 1, _BARE_KINDS):
            e += 1
    if e == k and (n := match_phrase(words, k, _BARE_PLACES)) and not toks[cs[k].i].cap:
        e = k + n
        if words[e:e + 1] == ["nay"]:
            e += 1
        while e < len(cs) and toks[cs[e].i].cap and words[e][:1].isalpha() and not match_phrase(words, e, VERBS):
            e += 1
    return Mention(k, e, "unknown") if e > k else None


_CHECKS = (["thanh", "tra"], ["kiem", "tra"], ["giam", "sat"])
_DUTIES = frozenset(tuple(p.split()) for p in ("co trach nhiem", "chiu trach nhiem", "co nhiem vu", "phai", "can"))
_DEMANDS = frozenset(tuple(p.split()) for p in ("de nghi", "yeu cau", "giao", "giao cho", "kien nghi"))


def _after_demand(words: list[str], k: int) -> bool:
    """A demand ("đề nghị", "yêu cầu", "giao") ends right before words[k], or before a time phrase before it."""
    for j in range(max(0, k - 5), k):
        n = match_phrase(words, j, _DEMANDS)
        if n and j + n == k or (n and j + n < k and words[j + n] in ("hang", "truoc", "dinh")):
            return True
    return False
# committees a report names in lower case ("yêu cầu ban soạn thảo ...", "đề nghị ban thường vụ và ban
# chấp hành đảng bộ xã ..."): after a trigger they are the addressee, like a capitalised "Ban ..."
_LOWER_COMMITTEES = frozenset(tuple(p.split()) for p in (
    "ban soan thao", "btv", "ban chap hanh", "ban chi dao", "ban to chuc", "ban bien tap",
    "ban dieu hanh", "ban quan ly", "ban chi huy", "ban kiem tra", "ban tuyen giao", "ban dan van",
    "ban van dong", "ban giam hieu", "ban giam doc", "ban thanh tra nhan dan", "to cong tac", "hoi dong"))
_STOP_PUNCT = {";", ":", ".", "(", ")", "“", "”", '"', "!", "?", "…"}


@dataclass
class Mention:
    k0: int                      # first canonical token
    k1: int                      # one past the last canonical token
    kind: str                    # "unit" | "group" | "unknown"
    unit_id: int | None = None
    expansion: list[int] = field(default_factory=list)   # for groups
    restricted: bool = False     # "UBND các phường được kiểm tra": only part of the expansion is meant
    start: int = 0               # char offsets in the text
    end: int = 0


class Gazetteer:
    def __init__(self, directory: UnitDirectory):
        self.directory = directory
        self.units = directory.by_id()
        self.trie: dict = {}
        self.places: set[tuple[str, ...]] = set()   # proper place names in the directory: ("son", "la")
        # names first, then aliases: a name wins over another unit's alias
        exact: dict[tuple[str, ...], int] = {}
        for pass_ in ("name", "alias"):
            for u in directory.units:
                names = [u.name] if pass_ == "name" else list(u.aliases)
                for n in names:
                    key = canon_key(n)
                    if key and key not in exact:
                        exact[key] = u.id
        # looser forms of each name, kept when they point to one unit only: without "về",
        # without the place's proper name ("... thành phố Sơn La" -> "... thành phố"), without
        # the place at all for long names ("Ban Chỉ đạo thực hiện dân chủ ở cơ sở")
        loose: dict[tuple[str, ...], set[int]] = {}
        for u in directory.units:
            for n in (u.name, *u.aliases):
                for v in self._variants(n):
                    if v and v not in exact:
                        loose.setdefault(v, set()).add(u.id)
        for key, uid in list(exact.items()) + [(v, next(iter(ids))) for v, ids in loose.items() if len(ids) == 1]:
            node = self.trie
            for w in key:
                node = node.setdefault(w, {})
            node.setdefault("$", uid)
        scope = directory.descendants(directory.scope_root_id)
        self.scope = scope
        self.communes = [u.id for u in scope if u.kind == "commune"]
        self.wards = [u.id for u in scope if u.kind == "ward"]
        self.departments = [u.id for u in scope if u.kind == "department"]
        self.mass_orgs = [u.id for u in scope if u.kind == "mass_org"]
        cw = set(self.communes) | set(self.wards)
        self.party_of = {u.parent_id: u.id for u in scope if u.kind == "party_committee" and u.parent_id in cw}

    def _variants(self, name: str) -> list[tuple[str, ...]]:
        toks = tokenize(nfc(name))
        cs = [c for c in canon_tokens(toks) if c.c not in _SKIP_PUNCT]
        key = tuple(c.c for c in cs)
        out = []
        no_ve = tuple(w for n, w in enumerate(key) if not (n > 0 and w == "ve"))
        # the last place word, and the capitalised proper name after it; the place itself is
        # dropped only from long names and associations ("Hội Cựu chiến binh (thành phố)"), so
        # "Công an" alone is not taken for "Công an Thành phố"
        cut = None
        for n in range(len(cs) - 1, 0, -1):
            if cs[n].c in _PLACE_WORDS:
                rest = cs[n + 1:]
                if all(toks[c.i].cap for c in rest):
                    cut = n
                    if rest:
                        self.places.add(tuple(c.c for c in rest))
                break
        if key and key[0] in ("phuong", "xa", "thi") and len(key) > 1:
            out.append(("ubnd",) + key)           # "Phường Chiềng Lề" is named "UBND phường Chiềng Lề"
        elif key[:1] == ("ubnd",) and len(key) > 2 and key[1] in ("phuong", "xa"):
            out.append(key[1:])
        for base in (key, no_ve):
            out.append(base)
            if cut is not None:
                bcs = [w for w in base]
                # positions shift when "về" was dropped: recompute from the end
                tail = len(key) - cut
                out.append(tuple(bcs[:len(bcs) - tail + 1]))
                if len(bcs) - tail >= 4 or (bcs[0] == "hoi" and len(bcs) - tail >= 2):
                    out.append(tuple(bcs[:len(bcs) - tail]))
        return [v for v in dict.fromkeys(out) if v != key]

    # --- known units -----------------------------------------------------------------
    def match_known(self, cs: list[Canon], k: int, toks: list[Tok] | None = None) -> tuple[int, int] | None:
        """Longest directory name starting at cs[k]: (unit_id, end index) or None.

        "về" inside the text's name is skipped ("Ban Chỉ đạo về thực hiện ..."); a name ending
        in a place word takes the directory's own place name after it ("... thành phố Sơn La"),
        and is refused when another place is named there ("... thành phố Hạ Long")."""
        node = self.trie
        best = None
        i = k
        while i < len(cs):
            w = cs[i].c
            if w in _INNER_SKIP and i > k:
                i += 1
                continue
            if w not in node:
                if w == "ve" and i > k:
                    i += 1
                    continue
                break
            node = node[w]
            i += 1
            if "$" in node:
                best = (node["$"], i)
        if best is not None and toks is not None:
            uid, e = best
            if cs[e - 1].c in _PLACE_WORDS and e < len(cs) and toks[cs[e].i].cap:
                for place in sorted(self.places, key=len, reverse=True):
                    if tuple(c.c for c in cs[e:e + len(place)]) == place:
                        return uid, e + len(place)
                words = words_of(cs)
                if not match_phrase(words, e, VERBS) and not match_phrase(words, e, UNIT_HEADS) \
                        and words[e][:1].isalpha():
                    return None          # the same body of another place
        return best

    # --- groups ----------------------------------------------------------------------
    def group_expansion(self, pre: str, what: str) -> list[int]:
        if "xa" in what and "phuong" in what:
            base = self.communes + self.wards
            base = [u.id for u in self.scope if u.id in set(base)]
        elif what.startswith("phuong"):
            base = list(self.wards)
        elif what.startswith("xa"):
            base = list(self.communes)
        else:
            base = []
        pre = pre.strip()
        if pre == "dang uy":
            return [self.party_of[b] for b in base if b in self.party_of]
        if pre in ("", "ubnd", "chinh quyen"):
            return base
        return []


_W = r"[\w~]+"
# group patterns over the canonical string ("cac xa , phuong")
_GROUP_CW = re.compile(r"^(?P<pre>ubnd |dang uy |hdnd |uy ban mttq |uy ban bau cu |chinh quyen |cong an |(?:hoi|doan) [a-z]+ )?"
                       r"(?:cac |tat ca cac |\d+ / \d+ |\d+ |(?P<num>hai|ba|bon|sau|bay|tam|chin|muoi) )"
                       # "UBND các xã, phường, đặc khu": the special zones, commune-level since 07/2025 (session 34)
                       r"(?P<what>xa , phuong(?: , (?:thi tran|dac khu))?|phuong , xa(?: , dac khu)?|xa phuong|xa , thi tran|"
                       r"phuong|xa|"
                       r"quan (?:, |- )?huyen(?: , thi xa)?(?: , tp)?|huyen , thi xa(?: , tp)?|huyen , tp|huyen , (?:thanh|tp) , thi(?: xa)?|"
                       r"huyen , thi(?: xa)? , (?:thanh|tp)|quan|huyen|"
                       # "UBND các tỉnh, thành phố trực thuộc Trung ương": the provinces' level, one group (round 23)
                       r"tinh , tp(?: truc thuoc (?:trung uong|tw))?)"
                       r"(?= |$)(?! uy)")     # "các huyện ủy" are the districts' party committees
_GROUP_MEMBERS = re.compile(r"^(?:cac )?(?:dong chi )?(?:thanh vien|co quan , don vi thanh vien|nganh thanh vien|"
                            r"co quan thanh vien|don vi thanh vien)(?: bcd(?: tp)?)?(?= |$)")
_GROUP_DEPTS = re.compile(r"^cac (?:phong , ban(?: , nganh)?|phong (?:ban|nganh)|phong|co quan)(?:(?: chuyen mon| chuc nang)(?: (?:tinh|tp|huyen|quan|thi xa))?)?(?: (?:thuoc|truc thuoc) ubnd(?: (?:tp|tinh|huyen|quan|thi xa))?)?"
                          r"(?= |$)(?! ,? ?don vi| thong tin dai chung)")
_GROUP_MASS = re.compile(r"^(?:(?:uy ban )?mttq(?P<loc> tp| phuong| xa)? va )?cac "
                         r"(?:doan the(?: chinh tri - xa hoi)?|to chuc chinh tri - xa hoi|to chuc doan the)"
                         r"(?P<loc2> tp| phuong| xa)?(?= |$)")


# nouns that take a verb-like modifier inside a group's name: "khối dân vận", "ngành giáo dục"
_NOUN_BEFORE_SOFT = {"khoi", "nganh", "linh", "vuc", "tac", "ban", "phong", "to", "doan", "luc", "luong", "chu"}
_GENERIC_HEAD = re.compile(r"^(?:cap uy|chinh quyen|co quan , ban|co quan chuc nang(?= (?:cung )?(?:can|phai) )|cac cap|cac nganh|cac dia phuong|so , ban , nganh|"
                           r"ban , nganh|nganh|dia phuong|khoi|luc luong(?! , (?:vat tu|phuong tien))|cap (?:xa|huyen|tinh|co so))(?= |$)")
# ("Lực lượng, vật tư, phương tiện phải sẵn sàng ...": the resources of a response, not a body (round 21))
# restrictive modifiers kept in a group's phrase: "UBND các phường được kiểm tra"
_GROUP_MOD = re.compile(r"^(?:duoc (?:kiem tra|giam sat|giao|phan cong|khao sat|chon|thanh tra|kiem toan)|co lien quan|lien quan|"
                        r"truc thuoc|tren dia ban(?: tp)?|trong doan(?: giam sat| kiem tra| cong tac)?|cua (?:tinh|tp|huyen|quan|thi xa|xa|phuong))(?= |$)")


def _canon_string(cs: list[Canon], k: int, n: int = 16) -> tuple[str, list[int]]:
    """Canonical tokens cs[k:k+n] joined by spaces, and the char offset where each starts."""
    parts, offs, pos = [], [], 0
    for c in cs[k:k + n]:
        offs.append(pos)
        parts.append(c.c)
        pos += len(c.c) + 1
    return " ".join(parts), offs


def _tokens_in(match_len: int, offs: list[int]) -> int:
    return sum(1 for o in offs if o < match_len)


def _is_verb_at(cs: list[Canon], k: int, toks: list[Tok], hard_only: bool = False) -> int:
    words = words_of(cs)
    if k < len(cs) and toks[cs[k].i].raw.lower() in ("cần", "phải", "nên"):
        return 1
    n = match_phrase(words, k, HARD)
    if n and match_phrase(words, k, SOFT) > n:
        n = 0          # "giáo dục" (a field) is not "giao" (to assign)
    if n:
        return n
    if not hard_only:
        return match_phrase(words, k, SOFT)
    return 0


# Kept whole (complexity 23, 63 statements): a table of where an unknown unit's name ends, one
# stop rule per case, read in order over one token scan.
def _end_of_unknown(cs: list[Canon], toks: list[Tok], k: int, head_len: int) -> int:  # noqa: C901, PLR0915
    """End (exclusive canonical index) of the name of a unit that is not in the directory."""
    words = words_of(cs)
    i = k + head_len
    limit = min(len(cs), k + 18)
    window_end = i
    soft_first = None
    while i < limit:
        w = words[i]
        if w in _STOP_PUNCT:
            break
        if w == ",":
            nxt = i + 1
            if nxt < len(cs) and toks[cs[nxt].i].cap and not match_phrase(words, nxt, UNIT_HEADS) \
                    and words[nxt] not in PLACE:
                i += 1
                continue
            break
        if w == "va" and i + 1 < len(cs) and (match_phrase(words, i + 1, UNIT_HEADS) or words[i + 1] == "cac"):
            break
        if toks[cs[i].i].raw.lower() in _NEVER_IN_NAME or match_phrase(words, i, NARRATIVE_START) or \
                (toks[cs[i].i].raw in _LOWER_VERBS and toks[cs[i - 1].i].raw.lower() not in ("người", "các")) or \
                (words[i:i + 3] == ["tren", "co", "so"] and not toks[cs[i].i].cap) or \
                (toks[cs[i].i].raw.lower() == "vừa" and toks[cs[i - 1].i].raw.lower() != "và"):
            # "Ban Thường vụ Thành ủy đã ...", "... cơ bản thống nhất", "Sở X trên cơ sở …" (round 23); "UBND tỉnh vừa
            # công nhận xã X" (just did; not "Doanh nghiệp nhỏ và vừa": session 31)
            break
        if toks[cs[i].i].raw == "cấp" and toks[cs[i - 1].i].raw.lower() == "các":
            i += 1
            window_end = i
            break        # "Tòa án nhân dân các cấp", "Hội Nông dân các cấp": the name ends at its levels
        if w == "thu" and i + 1 < len(cs) and words[i + 1] in ("nhat", "hai", "ba", "tu", "nam", "sau"):
            break        # "yêu cầu Sở Xây dựng thứ nhất, ..."
        n_cap = match_phrase(words, i, VERBS) if toks[cs[i].i].cap and words[i - 1] != "," else 0
        if n_cap:
            i += n_cap   # "Ban Tuyên giáo", "Phòng Giáo dục và Đào tạo": a verb-like word of the name
            window_end = i
            continue
        if match_phrase(words, i, HARD) and not (toks[cs[i].i].cap and words[i - 1] not in (",",)):
            # a predicate starts here; a capitalised word goes on with the name ("Phòng Giáo dục")
            break
        if words[i] == "uy" and words[i - 1] in ("thanh", "tinh", "huyen", "quan", "dang") and i > k + head_len:
            i += 1
            # "Ban Thường vụ Tỉnh ủy Vĩnh Phúc": the place after the party committee is its name
            # (one to three capitalised words that do not start a predicate)
            j = i
            if j + 1 < len(cs) and words[j] in PLACE_LEVEL and toks[cs[j + 1].i].cap:
                j += 1    # "Đảng ủy xã Tân Lập"
            while j < min(len(cs), i + 4) and toks[cs[j].i].cap and words[j][:1].isalpha() \
                    and not match_phrase(words, j, VERBS) and not match_phrase(words, j, UNIT_HEADS) \
                    and toks[cs[j].i].raw.lower() not in _NEVER_IN_NAME:
                j += 1
            i = j
            window_end = i
            break        # "Ban Tuyên giáo Thành ủy", "Ban Thường vụ Tỉnh ủy" end there
        if soft_first is None and match_phrase(words, i, SOFT) and not toks[cs[i].i].cap and not (
                words[i:i + 2] in _NOUN_SOFT and toks[cs[k].i].cap):
            soft_first = i   # ("Sở Giao thông vận tải kiểm tra ...": "vận tải" in a capitalised name is the name's)
        i += 1
        window_end = i
    if soft_first is not None and words[soft_first:soft_first + 2] in _ACTION_SOFT and any(
            toks[cs[j].i].cap for j in range(k + head_len, soft_first)):
        return soft_first   # "Phòng Nội vụ kiểm tra chất lượng đường huyện": the name had its own words
    # prefer the end after a place word ("... thành phố", "... phường X", "... Sơn La")
    best = None
    j = k + head_len
    while j < window_end:
        w = words[j]
        if (w in PLACE_LEVEL and not match_phrase(words, j, VERBS) and words[j:j + 2] != ["xa", "hoi"]) or \
                (w == "son" and j + 1 < window_end and words[j + 1] == "la"):
            e = j + 1
            if w == "son":
                e = j + 2
            elif e < window_end and words[e] == "uy" and w in ("huyen", "tinh", "quan", "thanh", "tp"):
                e += 1     # "Ban Tổ chức Huyện ủy": the party committee, not the district
            elif w in ("quan", "phuong") and e < window_end and words[e].isdigit() and len(words[e]) <= 2:
                e += 1     # "UBND quận 5", "UBND phường 3": a numbered district or ward (round 24)
            elif w in ("phuong", "xa", "huyen", "tinh") :
                # a named place: "phường Chiềng Lề"
                while e < window_end and toks[cs[e].i].cap and words[e] not in _STOP_PUNCT:
                    e += 1
            # trailing capitalised words and hyphens: "Sơn La - Mường La"
            while e < window_end and (words[e] in ("-", "–") or toks[cs[e].i].cap) and not match_phrase(words, e, UNIT_HEADS):
                e += 1
            # "Ban Chỉ đạo diễn tập … huyện X năm 2024": a committee for a task is named with its year (round 26)
            if words[e:e + 1] == ["nam"] and e + 1 < len(cs) and re.fullmatch(r"(?:19|20)\d\d", words[e + 1]) \
                    and match_phrase(words, k, _TOPIC_HEADS):
                e += 2
                window_end = max(window_end, e)
            if soft_first is not None and e > soft_first and best is None:
                best = e
                break
            best = e
            if e >= window_end or match_phrase(words, e, VERBS) or words[e] in (",", "va"):
                break
            j = e
            continue
        j += 1
    if best is not None:
        return best
    if soft_first is not None and soft_first > k + head_len:
        return soft_first
    if soft_first == k + head_len and words[k + head_len - 1] == "uy" and match_phrase(
            words, soft_first + match_phrase(words, soft_first, SOFT), HARD):
        return soft_first   # "Huyện ủy lãnh đạo thực hiện ...": the committee, then its predicate
    return max(window_end, k + head_len)


# Kept whole (complexity 43, 109 statements): a table of mention kinds tried in priority order
# (person by office, owner, place, known unit, groups, generic plural, unknown unit); the first that
# matches wins, so the order is the rule.
_COUNTED_BODIES = (["don", "vi"], ["co", "quan"], ["doanh", "nghiep"], ["truong", "hoc"], ["to", "chuc"], ["dia", "phuong"],
                   ["co", "so"])
_KINDS_OF_PREMISES = [*_NOUN_SOFT, ["luu", "tru"], ["y", "te"]]
# a number in words before bodies counted (round 24): "Hai địa phương phải ...", "yêu cầu ba xã ..." ("năm", "tư" left out:
# also "year" and "fourth")
_NUMBER_WORDS = frozenset({"hai", "ba", "bon", "sau", "bay", "tam", "chin", "muoi"})
# the same numbers as written: "tầm" (scope), "bà" (Mrs), "sau" (after) fold to them
_NUMBERS_RAW = frozenset({"hai", "ba", "bốn", "sáu", "bảy", "tám", "chín", "mười"})


_FUNCTION_WORDS = frozenset({"đã", "đang", "sẽ", "được", "bị", "chưa", "vẫn", "còn", "cũng", "đều", "cần", "phải", "nên",
                             "không", "mới", "vừa", "thì", "là", "có", "của", "này", "đó", "trên", "nào"})


def _group_modifier(cs: list[Canon], toks: list[Tok], j: int) -> int:
    """End of up to three lower-case words after a group ("ven biển", "miền núi", "vùng cao") when a
    predicate follows them; j when none."""
    words = words_of(cs)
    e = j
    while e < len(cs) and e < j + 3 and words[e][:1].isalpha() and not toks[cs[e].i].cap \
            and words[e] not in _GROUP_END and words[e] != "va" and not _is_verb_at(cs, e, toks) \
            and toks[cs[e].i].raw.lower() not in _FUNCTION_WORDS:
        e += 1
    if e > j and e < len(cs) and (_is_verb_at(cs, e, toks) or toks[cs[e].i].raw.lower() in ("cần", "phải")):
        return e
    return j


def _central_tail(words: list[str], e: int) -> int:
    """Words at e that close a central body's standard name (round 19): "(cơ quan) ngang bộ", "(cơ quan)
    thuộc Chính phủ" after "cơ quan", "(các tỉnh, thành phố) trực thuộc Trung ương" after a place."""
    if words[e - 2:e] == ["co", "quan"]:
        if words[e:e + 2] == ["ngang", "bo"]:
            return 2
        if words[e:e + 3] == ["thuoc", "chinh", "phu"]:
            return 3
    if e and words[e - 1] in ("tinh", "pho", "tp") and words[e:e + 4] == ["truc", "thuoc", "trung", "uong"]:
        return 4
    return 0


def parse_mention(g: Gazetteer, cs: list[Canon], toks: list[Tok], k: int, titles: bool = False) -> Mention | None:  # noqa: C901, PLR0915
    """One unit, group or unknown unit named at cs[k]; with titles (right after "yêu cầu",
    "đề nghị", "giao"), also a person by office written with a capital ("Thủ trưởng cơ quan ...")."""
    if k >= len(cs):
        return None
    s, offs = _canon_string(cs, k)
    words = words_of(cs)

    def span(m: Mention) -> Mention:
        if m.kind != "group" and words[m.k1:m.k1 + 2] in (["cap", "xa"], ["cap", "huyen"], ["cap", "tinh"]):
            m.k1 += 2     # "Thường trực HĐND cấp xã", "các Ban HĐND cấp huyện": the level is part of the name
        m.k1 += _central_tail(words, m.k1)
        while words[m.k1:m.k1 + 1] == ["/"]:     # "các huyện/thành phố", "UBND các xã/phường" (round 22)
            n = 2 if words[m.k1 + 1:m.k1 + 3] in (["thi", "xa"], ["thi", "tran"], ["thanh", "pho"]) else \
                int(words[m.k1 + 1:m.k1 + 2] in (["tp"], ["xa"], ["phuong"], ["huyen"], ["quan"], ["tinh"]))
            if not n:
                break
            m.k1 += 1 + n
        if words[m.k1 - 2:m.k1] == ["cac", "tinh"] and words[m.k1:m.k1 + 2] == [",", "tp"]:
            m.k1 += 2     # "Sở Công Thương các tỉnh, thành phố (trực thuộc Trung ương)": one group (round 23)
            m.k1 += 4 * (words[m.k1:m.k1 + 4] == ["truc", "thuoc", "trung", "uong"]) or \
                3 * (words[m.k1:m.k1 + 3] == ["truc", "thuoc", "tw"])
        if words[m.k1 - 2:m.k1] in _CHECKS and words[m.k1:m.k1 + 1] == [","] and words[m.k1 + 1:m.k1 + 3] in _CHECKS \
                and match_phrase(words, m.k1 + 3, _DUTIES):
            m.k1 += 3     # "Các đoàn thanh tra, kiểm tra có trách nhiệm …": one kind of team (session 33)
        m.start = toks[cs[m.k0].i].start
        m.end = toks[cs[m.k1 - 1].j].end
        return m

    if words[k:k + 2] in (["hoi", "nghi"], ["hoi", "thao"]):
        return None     # "Hội nghị giao ban … được xác định là …": a meeting, not a body (round 29)
    if words[k:k + 2] == ["co", "quan"] and _central_tail(words, k + 2):
        return span(Mention(k, k + 2, "group"))      # "cơ quan thuộc Chính phủ" (round 19)
    if words[k:k + 2] == ["co", "quan"] and k + 2 < len(cs) and toks[cs[k + 2].i].cap and match_phrase(words, k + 2, UNIT_HEADS):
        inner = parse_mention(g, cs, toks, k + 2)     # "(yêu cầu) cơ quan Văn phòng HĐND tiếp thu …": the body's own name
        if inner is not None and inner.kind != "group":   # follows "cơ quan" (round 29)
            inner.k0 = k
            return span(inner)
    t = match_phrase(words, k, _TITLES)
    if not t and words[k:k + 3] in (["tong", "thanh", "tra"], ["tong", "kiem", "toan"]):
        t = 1      # "giao Tổng Thanh tra Chính phủ xác minh …": the head of the body named after "Tổng" (round 37)
    if not t and titles and words[k:k + 2] in (["lanh", "dao"], ["chi", "huy"]):
        t = 2      # right after a trigger, "lãnh đạo các huyện, thành, thị", "chỉ huy các đơn vị" are persons by office
    if t and (titles or toks[cs[k].i].raw[:1].islower()):
        # a person by office, written in lower case: "giám đốc các sở, ban, ngành",
        # "chủ tịch UBND các huyện, thị xã, thành phố"
        inner = parse_mention(g, cs, toks, k + t)
        if inner is None and words[k + t - 1] in ("phong", "ban") and k + t < len(cs) and toks[cs[k + t].i].cap:
            inner = parse_mention(g, cs, toks, k + t - 1, titles=True)   # "trưởng phòng Giáo dục …" (round 22)
        if inner is None and words[k + t:k + t + 1] == [","] and (match_phrase(words, k + t + 1, _TITLES) or (
                titles and words[k:k + t + 3] == ["lanh", "dao", ",", "chi", "huy"])) \
                and toks[cs[k].i].cap == toks[cs[k + t + 1].i].cap and (titles or toks[cs[k].i].cap):
            # ("yêu cầu lãnh đạo, chỉ huy các đơn vị …": the army's heads, session 34)
            # "Giám đốc, Thủ trưởng các Sở …": two titles of one body list, written as titles (round 23); after
            # a trigger also in lower case: "yêu cầu giám đốc, thủ trưởng các sở, ban, ngành …" (session 32)
            inner = parse_mention(g, cs, toks, k + t + 1, titles=True)
        if inner is None and k + t < len(cs) and not toks[cs[k + t].i].cap:
            # "thủ trưởng công an các đơn vị, địa phương", "chánh thanh tra các sở": the office of a body named in
            # lower case, then the bodies it stands in (round 33)
            o = match_phrase(words, k + t, _LOWER_BODIES) or 2 * (words[k + t:k + t + 2] == ["thanh", "tra"])
            rest = parse_mention(g, cs, toks, k + t + o) if o and words[k + t + o:k + t + o + 1] == ["cac"] else None
            inner = Mention(k + t, rest.k1, "group") if rest is not None else None
        if inner is None and words[k:k + t] in _HEADS_OF:
            inner = _bare_body(cs, toks, k + t)
        if inner is not None:
            return span(Mention(k, inner.k1, "group" if inner.kind == "group" else "unknown"))
    if titles and words[k:k + 3] == ["thanh", "tra", "cac"] and not toks[cs[k].i].cap \
            and words[k + 3:k + 4] in (["nganh"], ["cap"], ["bo"]):
        # "yêu cầu thanh tra các ngành, các cấp tiếp tục …": the inspectorates, not the act of inspecting (session 32)
        rest = parse_mention(g, cs, toks, k + 2)
        if rest is not None:
            return span(Mention(k, rest.k1, "group"))
    o = match_phrase(words, k, _OWNERS) if titles else 0
    if titles and not o and not toks[cs[k].i].cap and _after_demand(words, k):
        o = match_phrase(words, k, _LOWER_BODIES)
        o = o or _staff(words, toks, cs, k)
        if not o and toks[cs[k].i].raw == "trường" and words[k + 1:k + 2] != ["hop"]:
            o = 1 + (words[k + 1:k + 2] == ["hoc"])     # "yêu cầu trường (học) lấy ý kiến …": the school (round 26)
        if o and words[k + o:k + o + 2] == ["tai", "cac"] and k + o + 3 < len(cs) and \
                not _is_verb_at(cs, k + o + 2, toks) and _is_verb_at(cs, k + o + 3, toks):
            o += 3     # "văn phòng đại diện tại các khu báo cáo ...": the body at each place
    if o:
        # after a trigger, the party an inspection orders: "buộc chủ doanh nghiệp phải ...",
        # "yêu cầu chủ đầu tư ...", "đề nghị nhà thầu Công ty X ..."
        e = k + o
        while e < len(cs) and toks[cs[e].i].cap and words[e][:1].isalnum() and not match_phrase(words, e, VERBS):
            e += 1
        return span(Mention(k, e, "unknown"))
    if titles and toks[cs[k].i].cap:
        # right after a trigger, a place named bare before a modal stands for its authority: "yêu cầu Hải Phòng
        # phải ...", "đề nghị Bắc Ninh cần ..." (two or three capitalised words that are no unit head, round 12)
        def bare(a: int) -> int:
            e = a
            while e < min(len(cs), a + 3) and toks[cs[e].i].cap and words[e][:1].isalpha() \
                    and not (e == a and (match_phrase(words, e, UNIT_HEADS) or words[e] in PLACE)) \
                    and toks[cs[e].i].raw.lower() not in _NEVER_IN_NAME:
                e += 1
            return e if e - a >= 2 else a
        e = nxt = bare(k)
        while k < nxt < len(cs) and words[nxt] in (",", "va"):     # "yêu cầu Nghệ An, Hà Tĩnh phải ..."
            nxt = bare(nxt + 1 + (words[nxt + 1:nxt + 2] == ["va"]))
            if nxt < len(cs) and not toks[cs[nxt - 1].i].cap:
                break
        if e > k and nxt < len(cs) and toks[cs[nxt].i].raw.lower() in ("phải", "cần"):
            return span(Mention(k, e, "unknown"))
        raw = toks[cs[k].i].raw
        modal = k + 1 < len(cs) and toks[cs[k + 1].i].raw.lower() in ("phải", "cần")
        if e == k and 2 <= len(raw) <= 6 and raw.isalpha() and raw.isupper() and k + 1 < len(cs) \
                and not match_phrase(words, k, UNIT_HEADS) and (modal or _is_verb_at(cs, k + 1, toks, hard_only=True)):
            # an acronym alone right after a trigger, before a modal, is a body: "đề nghị CIC cần ..." (round 20);
            # before a verb too: "Bộ yêu cầu VNR tập trung triển khai …" (session 32)
            return span(Mention(k, k + 1, "unknown"))
        if e == k and modal and len(raw) >= 3 and raw.isalpha() and toks[cs[k].i].cap \
                and not match_phrase(words, k, UNIT_HEADS) and words[k] not in PLACE and raw.lower() not in _NEVER_IN_NAME:
            # a company named by one word, before a modal: "Thứ trưởng yêu cầu Vidifi cần tăng cường …" (session 32)
            return span(Mention(k, k + 1, "unknown"))
    if titles and words[k] in _PLACE_ADDRESSEE and not (k + 1 < len(cs) and words[k + 1] in ("hoi", "vien", "doan", "uy")):
        # right after a trigger, a place stands for its authority: "đề nghị thị xã Sa Pa ...",
        # "đề nghị huyện cần tiếp tục ..."
        n = 2 if words[k] == "thi" else 1
        if words[k] == "thi" and (k + 1 >= len(cs) or words[k + 1] not in ("xa", "tran")):
            n = 0
        if n:
            e = k + n
            while e < len(cs) and toks[cs[e].i].cap and words[e][:1].isalnum() and not match_phrase(words, e, VERBS):
                e += 1
            kn = g.match_known(cs, k, toks)
            if kn and kn[1] >= e:
                return span(Mention(k, kn[1], "unit", unit_id=kn[0]))
            return span(Mention(k, e, "unknown"))
    m = _GROUP_CW.match(s)
    if m and m.group("num") and toks[cs[k + _tokens_in(m.start("num"), offs)].i].raw.lower() not in _NUMBERS_RAW:
        m = None     # "nhấn mạnh tầm quan trọng …" is no "tám quận" (session 32)
    if m:
        n = _tokens_in(m.end(), offs)
        exp = g.group_expansion(m.group("pre") or "", m.group("what"))
        rest, roffs = _canon_string(cs, k + n)
        mm = _GROUP_MOD.match(rest)
        if mm:
            n += _tokens_in(mm.end(), roffs)
            return span(Mention(k, k + n, "group", expansion=exp, restricted=True))
        q = _group_modifier(cs, toks, k + n)
        if q > k + n:     # "các xã ven biển rà soát ...", "các huyện miền núi cần ...": a restricted group
            return span(Mention(k, q, "group", restricted=True))
        return span(Mention(k, k + n, "group", expansion=exp))
    m = _GROUP_MEMBERS.match(s)
    if m and (words[k] in ("cac", "thanh") or words[k] == "dong"):
        n = _tokens_in(m.end(), offs)
        mm = _GROUP_MOD.match(_canon_string(cs, k + n)[0])     # "các thành viên trong đoàn"
        if mm:
            n += _tokens_in(mm.end(), _canon_string(cs, k + n)[1])
        return span(Mention(k, k + n, "group", expansion=sorted(g.directory.member_ids)))
    m = _GROUP_MASS.match(s)
    if m:
        n = _tokens_in(m.end(), offs)
        loc = (m.group("loc") or "") + (m.group("loc2") or "")
        exp = list(g.mass_orgs) if "phuong" not in loc and "xa" not in loc else []
        return span(Mention(k, k + n, "group", expansion=exp))
    m = _GROUP_DEPTS.match(s)
    if m and not (k + _tokens_in(m.end(), offs) < len(cs) and toks[cs[k + _tokens_in(m.end(), offs)].i].cap):
        # "các phòng GD&ĐT", "các phòng Tài chính - Kế hoạch": a named kind of office at each place,
        # read on as a generic plural below, not the departments group
        n = _tokens_in(m.end(), offs)
        mm = _GROUP_MOD.match(_canon_string(cs, k + n)[0])     # "các cơ quan liên quan"
        if mm:
            n += _tokens_in(mm.end(), _canon_string(cs, k + n)[1])
        return span(Mention(k, k + n, "group", expansion=list(g.departments)))

    known = g.match_known(cs, k, toks)
    if known:
        uid, e = known
        # a longer name than the directory knows: "Hội Nông dân phường", "Ủy ban MTTQ xã Hua La"
        if e < len(cs) and words[e] in ("phuong", "xa", "huyen", "quan", "tinh", "thi") \
                and not match_phrase(words, e, VERBS) and words[e:e + 2] != ["xa", "hoi"]:
            e2 = _end_of_unknown(cs, toks, k, e - k)
            return span(Mention(k, e2, "unknown"))
        if e < len(cs) and words[e] == "cac":
            # "Hội Nông dân các xã": the body at each commune, not the city's
            rest, roffs = _canon_string(cs, e)
            m2 = _GROUP_CW.match(rest)
            if m2 and not m2.group("pre"):
                return span(Mention(k, e + _tokens_in(m2.end(), roffs), "group"))
        return span(Mention(k, e, "unit", unit_id=uid))

    if words[k] == "cac" and words[k + 1:k + 3] in _NOT_BODIES:
        return None    # "các nhiệm vụ, giải pháp ...": the topic of a list, not its addressee
    # "yêu cầu 6 chủ đầu tư …", "03 nhà thầu": owners counted too (round 27)
    counted = titles and (words[k].isdigit() or words[k] in _NUMBER_WORDS) and (words[k + 1:k + 3] in _COUNTED_BODIES or any(
        tuple(words[k + 1:k + 1 + n]) in _OWNERS for n in (2, 3)))
    # "tất cả / toàn thể (các) thuyền trưởng, ...": a quantified plural is a generic addressee too (round 13)
    quantified = words[k:k + 2] in (["tat", "ca"], ["toan", "the"], ["toan", "bo"]) and k + 2 < len(cs) and not toks[cs[k + 2].i].cap \
        and not _is_verb_at(cs, k + 2, toks)
    # "(Thủ tướng nhắc nhở) một số bộ, ngành khẩn trương ...": a part of the bodies named by their head (round 15)
    quantified = quantified or (words[k:k + 2] == ["mot", "so"] and k + 2 < len(cs) and (
        match_phrase(words, k + 2, UNIT_HEADS) or words[k + 2] == "cac" or words[k + 2:k + 4] in _COUNTED_BODIES
        or _GENERIC_HEAD.match(_canon_string(cs, k + 2)[0])) and not toks[cs[k + 2].i].cap)
    if words[k] == "cac" or counted or quantified or _GENERIC_HEAD.match(s) or (titles and s.startswith("co quan chuc nang ")):
        # ("chỉ đạo cơ quan chức năng và địa phương tập trung …": right after a trigger, the bodies charged (round 32))
        # a generic plural addressee: "các cơ quan, đơn vị", "các chi bộ trực thuộc"
        i = first = k + 3 if quantified and words[k + 2] == "cac" else k + 2 if quantified else k + 1
        while i < len(cs) and i < k + 16:
            w = words[i]
            if w == "trong" and words[i + 1:i + 2] in _WITHIN and not toks[cs[i].i].cap:
                i += 2    # "các cơ quan, ban, ngành liên quan trong tỉnh": the group's scope (round 30)
                continue
            if w in _STOP_PUNCT or (w in _GROUP_END and not toks[cs[i].i].cap) or words[i:i + 3] == ["tren", "co", "so"] \
                    or w == "duoc" or toks[cs[i].i].raw.lower() in ("không", "đã", "cũng", "đang", "vẫn", "chưa"):
                break     # ("các phòng Tài nguyên và Môi trường": "Tài" is no "tại"; "các địa phương không ...": a ban)
            if w == "va" and words[i + 1:i + 3] in (["phong", "ban"], ["ban", "nganh"]) and \
                    not toks[cs[i + 1].i].cap:
                i += 3    # "các đơn vị và phòng ban (được phân công)": one generic group
                continue
            if w == "va" and (match_phrase(words, i + 1, _TITLES) or match_phrase(words, i + 1, UNIT_HEADS)):
                break     # "giám đốc các sở, ban, ngành và chủ tịch UBND các huyện": two addressees
            if w == ",":
                # "các Sở Xây dựng, Tài chính, Công Thương": the offices named one after another (session 34)
                names = words[first] in _NAMED_HEADS and i + 1 < len(cs) and toks[cs[i + 1].i].cap and \
                    not match_phrase(words, i + 1, UNIT_HEADS)
                if i + 1 < len(cs) and (not _is_verb_at(cs, i + 1, toks) or names) and words[i + 1] not in ("cac",) \
                        and not g.match_known(cs, i + 1) and (not toks[cs[i + 1].i].cap or names):
                    i += 1
                    continue
                if i + 1 < len(cs) and words[i + 1] == "to" and i + 2 < len(cs) and words[i + 2] == "chuc":
                    i += 1
                    continue
                break
            soft_ok = words[i - 1] in _NOUN_BEFORE_SOFT and not _is_verb_at(cs, i, toks, hard_only=True)
            soft_ok = soft_ok or words[i:i + 4] == ["thong", "tin", "dai", "chung"]   # "các cơ quan thông tin đại chúng" (round 24)
            # "các cơ sở lưu trú du lịch", "các cơ sở giáo dục": the kind of establishment, a noun (round 26)
            soft_ok = soft_ok or (words[i - 2:i] == ["co", "so"] and words[i:i + 2] in _KINDS_OF_PREMISES)
            # "các phòng Giáo dục và Đào tạo các huyện": a capitalised verb-like word after "<Capital> và" is the
            # office's name (round 14)
            soft_ok = soft_ok or (words[i - 1] == "va" and i >= 3 and toks[cs[i].i].cap
                                  and (toks[cs[i - 2].i].cap or toks[cs[i - 3].i].cap))
            # "các Sở Giáo dục và Đào tạo", "các Sở Xây dựng, Tài chính": a capitalised verb-like word right after a
            # capitalised head is the offices' name (session 34)
            soft_ok = soft_ok or (toks[cs[i].i].cap and (words[i - 1] in _NAMED_HEADS or (
                words[first] in _NAMED_HEADS and words[i - 1] == ",")))
            if _is_verb_at(cs, i, toks) and not soft_ok and not (
                    w == "to" and i + 1 < len(cs) and words[i + 1] == "chuc" and words[i - 1] in ("cac", ",", "va")):
                break
            i += 1
        if i > first:
            rest, roffs = _canon_string(cs, i)
            mm = _GROUP_MOD.match(rest) if rest.startswith("duoc ") else None
            if mm:        # "các đơn vị được phân công": the restriction belongs to the group
                return span(Mention(k, i + _tokens_in(mm.end(), roffs), "group", restricted=True))
            return span(Mention(k, i, "group"))
        return None

    h = match_phrase(words, k, UNIT_HEADS)
    if words[k:k + 2] == ["truong", "hop"]:
        h = 0          # "Trường hợp cần thiết phải ..." is a condition, not a school ("Trường")
    if h and h == 1 and words[k] in _RAW_HEADS and toks[cs[k].i].raw.lower() != _RAW_HEADS[words[k]]:
        h = 0          # "Đối với" is not "Đội", "Tổ chức" is not "Tổ"
    if h and match_phrase(words, k, VERBS) > h:
        h = 0          # "Tổ chức hội nghị ...", "Ban hành ..." are actions
    acronym_next = h and k + h < len(cs) and len(toks[cs[k + h].i].raw) >= 2 and toks[cs[k + h].i].raw.isupper()
    lower_committee = titles and not toks[cs[k].i].cap and match_phrase(words, k, _LOWER_COMMITTEES)
    # "yêu cầu sở Nông nghiệp và Phát triển nông thôn …": a head in lower case before a capitalised name (round 22)
    lower_head = titles and h == 1 and words[k] in ("so", "phong", "cuc") and k + 1 < len(cs) and \
        toks[cs[k + 1].i].cap and words[k + 1][:1].isalpha()
    special_zone = words[k:k + 2] == ["dac", "khu"]     # "UBND phường, xã, đặc khu": a level, in lower case (session 34)
    if h and (toks[cs[k].i].cap or (acronym_next and words[k] != "cac") or lower_committee or lower_head or special_zone):
        hh = h
        if match_phrase(words, k, _TOPIC_HEADS):
            # "Ban Chỉ đạo (về) thực hiện dân chủ ở cơ sở ...", "Tổ công tác giải phóng mặt bằng":
            # the committee's subject, verb included, belongs to its name
            hh = match_phrase(words, k, _TOPIC_HEADS)
            if k + hh < len(cs) and words[k + hh] == "ve":
                hh += 1
            if words[k + hh:k + hh + 3] == ["phong", ",", "chong"]:
                hh += 3   # "Ban Chỉ đạo phòng, chống dịch bệnh tỉnh …": the comma is inside the name (session 32)
            hh += match_phrase(words, k + hh, VERBS)
        hh = max(hh, lower_committee)     # "ban soạn thảo": the kind of committee, not a verb
        e = _end_of_unknown(cs, toks, k, hh)
        # a bare two-word head before a modal, a predicate or "và": "Thường trực cần ...", "yêu cầu
        # Thường trực và các Ban tập trung ...", "Đồng thời Thường trực hướng dẫn ..."
        bare_subject = h >= 2 and e == k + h and e < len(cs) and (
            toks[cs[e].i].raw.lower() in ("cần", "phải") or (toks[cs[k].i].cap and (
                (titles and words[e] == "va") or _is_verb_at(cs, e, toks, hard_only=True))))
        whole = h >= 2 and words[k] in ("chinh", "quoc", "tinh", "huyen", "thanh")   # "Chính phủ", "Tỉnh đoàn"
        if words[k:k + 2] == ["thanh", "tra"] and e == k + 2 and words[e:e + 1] == [","] and _is_verb_at(cs, e + 1, toks):
            return None   # "Thanh tra, kiểm tra việc …": to inspect, a verb pair, not the inspectorate (session 33)
        if e > k + h or words[k] in ("ubnd", "hdnd", "ldld", "ubkt", "thanh", "bhxh", "mttq") or bare_subject or whole or lower_committee or special_zone or (
                h >= 3 and words[k] in ("doan", "ban")):
            return span(Mention(k, e, "unknown"))
    return None


def parse_unit_list(g: Gazetteer, cs: list[Canon], toks: list[Tok], k: int,
                    titles: bool = False) -> tuple[list[Mention], int]:
    """Mentions joined by ',' / 'và' starting at cs[k]; returns (mentions, next index)."""
    out: list[Mention] = []
    m = parse_mention(g, cs, toks, k, titles)
    if not m:
        return out, k
    out.append(m)
    i = m.k1
    words = words_of(cs)
    while i < len(cs):
        j = i
        if words[j] == ",":
            j += 1
        if j < len(cs) and words[j] == "va":
            j += 1
        if j == i:
            break
        m = parse_mention(g, cs, toks, j, titles)
        if not m:
            break
        out.append(m)
        i = m.k1
    if words[i:i + 2] == ["con", "lai"] and i + 2 < len(cs) and toks[cs[i].i].raw.lower() == "còn":
        # "UBND các huyện, thành phố còn lại tập trung ...": the remaining ones of the list (round 21)
        out[-1].k1, out[-1].end = i + 2, toks[cs[i + 1].j].end
        i += 2
    return out, i
