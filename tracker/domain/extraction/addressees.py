"""Addressees: resolving unit mentions into an Addr, the roles after an addressee ("chủ trì",
"phối hợp với ..."), appositions, and whether a predicate follows a subject. Stage 3 of
pipeline.py's description."""
from __future__ import annotations

from .frames import Addr, _raw_lower
from .lexicon import ADVERBS, PLACE_LEVEL_WORDS, VERBS, match_phrase
from .normalize import words_of, Canon, Tok
from .units import Mention, parse_unit_list


def _acronym(raw: str) -> bool:
    """A word written all in capitals, two letters or more ("BĐBP", "BV", "TTYT")."""
    return len(raw) >= 2 and raw.isalpha() and raw.isupper()


class AddresseeRules:
    """Mixin of Extractor (assembly.py): needs self.doc, self.g and self.units."""

    def _addr(self, mentions: list[Mention]) -> Addr:
        a = Addr()
        if not mentions:
            return a
        if len(mentions) > 1 and any(m.kind == "group" for m in mentions):
            a.lead = self.doc[mentions[0].start:mentions[-1].end]
            ids: list[int] = []
            for m in mentions:
                ids.extend(m.expansion if m.kind == "group" else ([m.unit_id] if m.unit_id else []))
                if m.kind == "unknown":
                    a.flags.append("unknown_unit")
                if m.kind == "group" and not m.expansion:
                    a.flags.append("group_unresolved")
            a.lead_units = list(dict.fromkeys(ids))
            return a
        first = mentions[0]
        self._fill(a, first)
        for m in mentions[1:]:
            a.extra.append(self._name(m))
            if m.kind == "unknown":
                a.flags.append("unknown_unit")
        return a

    def _fill(self, a: Addr, m: Mention) -> None:
        if m.kind == "unit":
            a.lead, a.lead_unit_id = self.units[m.unit_id].name, m.unit_id
        elif m.kind == "group":
            a.lead = self._written(m)
            a.lead_units = list(dict.fromkeys(m.expansion))
            if not m.expansion:
                a.flags.append("group_unresolved")
            if m.restricted:
                a.flags.append("group_restricted")
        else:
            a.lead = self._written(m)
            a.flags.append("unknown_unit")

    def _written(self, m: Mention) -> str:
        # a name wrapped over two lines ("Tòa án nhân dân các" / "cấp") is one name
        return " ".join(self.doc[m.start:m.end].split())

    def _name(self, m: Mention) -> tuple[str, int | None]:
        if m.kind == "unit":
            return self.units[m.unit_id].name, m.unit_id
        return self._written(m), None

    def _predicate_follows(self, cs: list[Canon], toks: list[Tok], k: int) -> bool:
        words = words_of(cs)
        if k >= len(cs):
            return False
        if words[k] in (":", "("):
            return True
        if words[k] == ",":
            nxt = words[k + 1] if k + 1 < len(cs) else ""
            return nxt in ("co", "don", "la") or bool(match_phrase(words, k + 1, VERBS))
        if _raw_lower(toks, cs[k]) == "cũng" and k + 1 < len(cs) and _raw_lower(toks, cs[k + 1]) in ("cần", "phải"):
            return True   # "Sở Y tế cũng phải tăng cường ..."
        if words[k:k + 3] in (["theo", "chuc", "nang"], ["theo", "tham", "quyen"]):
            return True   # "Sở X, UBND các huyện theo chức năng, thẩm quyền chỉ đạo ...": the duty's frame (round 14)
        return self._verb_at(cs, toks, k) or _raw_lower(toks, cs[k]) in ("cần", "phải", "nên")

    def _bare_place_named(self, cs: list[Canon], toks: list[Tok], k: int) -> tuple[list[Mention], int, str]:
        """A place named bare right after a directing word, then its verb: "Phó Thủ tướng yêu cầu Quảng Trị tiếp
        tục theo dõi …" (the province or district addressed without "tỉnh" or "huyện"). Two to four capitalised
        words: one alone is too often a person or a document's name (round 28). (mentions, next index, frame)
        as the trigger's addressee; ([], k, "") if there is none."""
        words = words_of(cs)
        # "Buộc ông X phải trả lại …": a person named with "ông / bà" after the directing word (round 29)
        s = k + (_raw_lower(toks, cs[k]) in ("ông", "bà") if k < len(cs) else 0)
        p = s
        while p < len(cs) and p < s + 4 and words[p][:1].isalpha() and toks[cs[p].i].cap:
            p += 1
        if p - s == 1 and _acronym(toks[cs[s].i].raw):
            # "yêu cầu BĐBP tỉnh tập trung …", "yêu cầu BV quận 7 chấn chỉnh …", "đề nghị TTYT huyện Đak Pơ rà soát …": a
            # body by its acronym with its level, or its place's name or number (round 37); an acronym alone stays a
            # body only before "cần / phải" (round 20, units.parse_mention)
            q = p + match_phrase(words, p, PLACE_LEVEL_WORDS)
            if q > p:
                p = q
                while p < len(cs) and p < q + 3 and (words[p].isdigit() or (words[p][:1].isalpha() and toks[cs[p].i].cap)):
                    p += 1
        if p - s < 2 or not self._predicate_follows(cs, toks, p):
            return [], k, ""
        return [Mention(k, p, "unknown", start=toks[cs[k].i].start, end=toks[cs[p - 1].j].end)], p, "trigger"

    def _addressee_past_lead_in(self, cs: list[Canon], toks: list[Tok], k: int) -> tuple[list[Mention], int] | None:
        """"yêu cầu đối với khu vực bị lũ quét, chính quyền các địa phương huy động …", "lưu ý do mùa mưa còn diễn
        biến phức tạp, các địa phương rà soát …": a topic ("đối với …") or a reason ("do / vì …") at cs[k], between a
        directing word and its addressee, which follows a comma with its predicate (round 22). The addressee
        (mentions, next index), or None (a unit named right after "đối với" with its predicate is the addressee)."""
        words = words_of(cs)
        if words[k:k + 2] == ["doi", "voi"]:
            ms, nxt = parse_unit_list(self.g, cs, toks, k + 2, titles=True)
            if ms and self._predicate_follows(cs, toks, nxt):
                return None
        elif k + 1 >= len(cs) or _raw_lower(toks, cs[k]) not in ("do", "vì") or toks[cs[k + 1].i].cap:
            return None      # "yêu cầu do Sở X đưa ra": the body that made the demand, a noun
        for i in range(k + 2, min(len(cs), k + 30)):
            if words[i] in (".", ";", ":"):
                return None
            if words[i] == ",":
                ms, nxt = parse_unit_list(self.g, cs, toks, i + 1)
                if ms and self._predicate_follows(cs, toks, nxt):
                    return ms, nxt
        return None

    def _sent_to(self, cs: list[Canon], toks: list[Tok], k: int) -> list[Mention]:
        """"Sở Y tế có công văn gửi Công an TP, UBND phường X đề nghị phối hợp …": the bodies a document was sent
        to, named right before the trigger at cs[k] (round 24); [] if none."""
        words = words_of(cs)
        for i in range(k - 1, max(-1, k - 25), -1):
            if words[i] in (".", ";", ":"):
                return []
            if words[i] == "gui":
                j = i + 1 + (words[i + 1:i + 2] in (["den"], ["toi"], ["cho"]))
                ms, nxt = parse_unit_list(self.g, cs, toks, j, titles=True)
                # "… gửi các chủ đầu tư, yêu cầu …": a comma may close the bodies (round 27)
                return ms if ms and (nxt == k or (nxt == k - 1 and words[nxt] == ",")) else []
        return []

    def _task_named(self, cs: list[Canon], toks: list[Tok], k: int) -> tuple[list[Mention], int] | None:
        """"nhấn mạnh, nhiệm vụ quan trọng hàng đầu mà tỉnh X cần quan tâm là chỉ đạo …; …": the tasks named for a
        body; (the body, the first word of the tasks after "là") or None (round 31)."""
        words = words_of(cs)
        k += words[k:k + 1] in (["cac"], ["nhung"])
        if words[k:k + 2] != ["nhiem", "vu"]:
            return None
        i = next((i for i in range(k + 2, min(len(cs), k + 10)) if words[i] == "ma" or not words[i][:1].isalnum()), None)
        if i is None or words[i] != "ma":
            return None
        ms, nxt = parse_unit_list(self.g, cs, toks, i + 1)
        if not ms:     # a place: "tỉnh Lào Cai", "Hà Giang"
            nxt = i + 1 + (words[i + 1:i + 2] in (["tinh"], ["huyen"], ["xa"], ["phuong"], ["thanh", "pho"]))
            while nxt < len(cs) and nxt < i + 6 and words[nxt][:1].isalpha() and toks[cs[nxt].i].cap:
                nxt += 1
            ms = [Mention(i + 1, nxt, "unknown", start=toks[cs[i + 1].i].start, end=toks[cs[nxt - 1].j].end)] \
                if nxt > i + 1 and toks[cs[nxt - 1].i].cap else []
        if not ms or nxt >= len(cs) or _raw_lower(toks, cs[nxt]) not in ("cần", "phải"):
            return None
        j = next((j for j in range(nxt + 1, min(len(cs), nxt + 7)) if words[j] == "la" or not words[j][:1].isalnum()), None)
        if j is None or words[j] != "la" or not match_phrase(words, j + 1, VERBS):
            return None
        return ms, j + 1

    def _assignee(self, cs: list[Canon], toks: list[Tok], ms: list[Mention], nxt: int) -> tuple[list[Mention], int, str]:
        """"đề nghị UBND các tỉnh giao Sở X chủ trì, phối hợp ... kiểm tra ...": the body a task is handed to
        carries it out (round 15); the addressee after the trigger only assigns it. Else (ms, nxt) as found."""
        words = words_of(cs)
        if _raw_lower(toks, cs[nxt]) == "giao" if nxt < len(cs) else False:
            k = nxt + 2 if words[nxt + 1:nxt + 2] == ["cho"] else nxt + 1
            ms2, nxt2 = parse_unit_list(self.g, cs, toks, k, titles=True)
            if ms2 and (self._predicate_follows(cs, toks, nxt2) or words[nxt2:nxt2 + 1] in (["chu"], ["phoi"])):
                return ms2, nxt2, "trigger"
        return ms, nxt, "trigger"

    def _verb_at(self, cs: list[Canon], toks: list[Tok], k: int) -> bool:
        words = words_of(cs)
        if k >= len(cs):
            return False
        if match_phrase(words, k, VERBS) or match_phrase(words, k, ADVERBS):
            return True
        if _raw_lower(toks, cs[k]) == "chỉ" and match_phrase(words, k + 1, VERBS):
            return True   # "yêu cầu chỉ thực hiện ... khi ...": a restriction is an action too
        return _raw_lower(toks, cs[k]) in ("cần", "phải", "gắn", "lập", "đưa", "rà", "nắm", "giữ")

    def _skip_apposition(self, cs: list[Canon], toks: list[Tok], k: int) -> int:
        words = words_of(cs)
        if k < len(cs) and words[k] == "(":
            j = k
            while j < len(cs) and words[j] != ")":
                j += 1
            if j >= len(cs):
                return k
            j += 1
            # "Ủy ban Kiểm tra (UBKT) Tỉnh ủy đã xem xét ...": an acronym inside the name, the name goes on (round 15)
            ms, nxt = parse_unit_list(self.g, cs, toks, j) if j < len(cs) and toks[cs[j].i].cap else ([], j)
            return nxt if ms else j
        if k + 1 < len(cs) and words[k] == "," and words[k + 1] in ("co", "don", "la", "voi"):
            j = k + 1
            while j < len(cs) and words[j] not in (",", ";", ":"):
                j += 1
            if j < len(cs) and words[j] == ",":
                return j + 1
        return k

    def _roles(self, cs: list[Canon], toks: list[Tok], k: int) -> tuple[int, list[tuple[str, int | None]], bool]:
        """'chủ trì', 'phối hợp với Y, Z' after the addressee."""
        words = words_of(cs)
        coords: list[tuple[str, int | None]] = []
        had = False
        while k < len(cs):
            if words[k] in (",",) and k + 1 < len(cs) and words[k + 1] in ("chu", "phoi"):
                k += 1
                continue
            if words[k:k + 2] == ["chu", "tri"]:
                k += 2
                had = True
                if k < len(cs) and words[k] == ",":
                    k += 1
                continue
            if words[k:k + 2] == ["phoi", "hop"]:
                j = k + 2
                if words[j:j + 2] == ["chat", "che"]:
                    j += 2
                if j < len(cs) and words[j] == "voi":
                    j += 1
                ms, nxt = parse_unit_list(self.g, cs, toks, j)
                if ms:
                    for m in ms:
                        coords.append(self._name(m))
                    if not any(w[:1].isalnum() for w in words[nxt:]):
                        return k, coords, True   # "UB MTTQ huyện phối hợp với HĐND huyện.": the cooperation is the action (round 31)
                    k = nxt
                    k += 3 if words[k:k + 3] == ["co", "lien", "quan"] else 0    # "... và UBND cấp huyện có liên quan"
                    had = True
                    if k < len(cs) and words[k] == ",":
                        k += 1
                    continue
                break
            break
        return k, coords, had
