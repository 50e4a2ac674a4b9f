"""Evaluate task extraction on a directory of conclusion texts with hand-made expected items.

    python bench/extraction_eval.py [FIXTURE_DIR] [--directory directory.json] [-v]

FIXTURE_DIR (default tests/fixtures/extraction) holds NNN_slug.txt with NNN_slug.json
({"doc_date": "YYYY-MM-DD", "items": [{"text", "lead", "coordinating", "deadline",
"recurring"}]}) and a directory.json (the unit directory). Predicted items are matched 1:1,
greedily, to expected ones when they cover at least 70% of the expected item's tokens.
tests/fixtures/extraction/holdout/ holds six texts written after the rules, as a rough check on
unseen text:  python bench/extraction_eval.py tests/fixtures/extraction/holdout \
                  --directory tests/fixtures/extraction/directory.json
holdout2/ holds seven more, written before the rules were generalised for real articles (committees
named in full, long names followed by the verb, speakers' "đồng chí ... đề nghị"). Without
--directory, the nearest directory.json in FIXTURE_DIR or a parent folder is used. --db-like
keeps, as tracker/services/extraction.directory_for() does, only one short name per unit
(its first alias) besides the name, so the rules cannot lean on hand-listed variants.
Prints the misses per file and ends with
    precision=0.xxx recall=0.xxx f1=0.xxx lead_acc=0.xxx deadline_acc=0.xxx

A folder in the shared corpus format (../shared/corpus/extraction: NN.txt whose first line is
`SOURCE: <url>`, and one expected.json) is scored as ../shared/corpus/score.py scores it, and
the last line carries the six figures (recurring_acc too):
    python bench/extraction_eval.py ../shared/corpus/extraction [--split dev|holdout]
Several such folders are scored pooled, as one set (the last line's figures are over all of them):
    python bench/extraction_eval.py ../newbatch9 ../newbatch11 --engine model
Each text is read as `flask directives extract NN.txt [--date D] --json` reads it without a
database (units as written): the date is the entry's "date", else the one found in the text.
--split picks the fixed development / held-out parts recorded in docs/extraction.md.
--engine model|rules picks the extraction engine (default: the product's, the EXTRACTION_ENGINE setting, model
unless set; model: tracker/domain/extraction/clause_model.py, the trained clause model over the rules' proposals).
--timing prints the extraction time per 10,000 characters on growing texts (linear-time check).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _load_extraction():
    try:
        import tracker.domain.extraction as mod   # noqa: PLC0415
        return mod
    except ImportError:   # the app's dependencies are missing: load the pure package alone
        pkg = ROOT / "tracker" / "domain" / "extraction"
        spec = importlib.util.spec_from_file_location("_extraction", pkg / "__init__.py",
                                                      submodule_search_locations=[str(pkg)])
        mod = importlib.util.module_from_spec(spec)
        sys.modules["_extraction"] = mod
        spec.loader.exec_module(mod)
        return mod


def fold(s: str) -> str:
    s = unicodedata.normalize("NFC", s or "").replace("đ", "d").replace("Đ", "D")
    s = "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
    return s.lower()


def tokens(s: str) -> list[str]:
    return re.findall(r"\w+", fold(s))


def overlap(pred: str, exp: str) -> float:
    e = Counter(tokens(exp))
    if not e:
        return 0.0
    p = Counter(tokens(pred))
    return sum((p & e).values()) / sum(e.values())


def norm_lead(s: str | None) -> str | None:
    return " ".join(tokens(s)) if s is not None else None


def match(preds: list[dict], exps: list[dict], threshold: float = 0.7) -> list[tuple[int, int]]:
    """Greedy 1:1 matching, best overlaps first."""
    pairs = []
    for i, p in enumerate(preds):
        for j, e in enumerate(exps):
            ov = overlap(p["text"], e["text"])
            if ov >= threshold:
                pairs.append((ov, -i, -j, i, j))
    pairs.sort(reverse=True)
    used_p, used_e, out = set(), set(), []
    for _, _, _, i, j in pairs:
        if i in used_p or j in used_e:
            continue
        used_p.add(i)
        used_e.add(j)
        out.append((i, j))
    return out


def find_directory(fixture_dir: Path) -> Path:
    """directory.json in fixture_dir or the nearest parent folder that has one."""
    for d in (fixture_dir, *fixture_dir.parents):
        if (d / "directory.json").exists():
            return d / "directory.json"
    raise FileNotFoundError(f"no directory.json in {fixture_dir} or above")


def load_directory(path: Path, db_like: bool = False):
    """The unit directory of a fixture file; with db_like, shaped like directory_for() builds it
    from the database: the unit's name, one short name (the first alias) and nothing else."""
    ext = _load_extraction()
    data = json.loads(path.read_text(encoding="utf-8"))
    if db_like:
        data = dict(data, units=[dict(u, aliases=list(u.get("aliases", ()))[:1]) for u in data["units"]])
    return ext.UnitDirectory.from_dict(data)


def evaluate(fixture_dir: Path, directory_path: Path | None = None, verbose: bool = False,
             out=sys.stdout, db_like: bool = False, engine: str | None = None) -> dict:
    ext = _load_extraction()
    directory = load_directory(directory_path or find_directory(fixture_dir), db_like)
    n_pred = n_exp = n_match = 0
    lead_n = lead_ok = dl_n = dl_ok = 0
    for txt in sorted(fixture_dir.glob("*.txt")):
        jpath = txt.with_suffix(".json")
        if not jpath.exists():
            continue
        spec = json.loads(jpath.read_text(encoding="utf-8"))
        doc_date = date.fromisoformat(spec["doc_date"])
        exps = spec["items"]
        props = ext.extract(txt.read_text(encoding="utf-8"), doc_date, directory, engine=engine or product_engine())
        preds = ext.proposals_to_json(props, directory)
        pairs = match(preds, exps)
        n_pred += len(preds)
        n_exp += len(exps)
        n_match += len(pairs)
        problems = []
        for i, j in pairs:
            p, e = preds[i], exps[j]
            if e.get("lead") is not None:
                lead_n += 1
                if norm_lead(p.get("lead")) == norm_lead(e["lead"]):
                    lead_ok += 1
                else:
                    problems.append(f"  lead     exp={e['lead']!r} got={p.get('lead')!r}  [{e['text'][:50]}]")
            if e.get("deadline") is not None or e.get("recurring") is not None:
                dl_n += 1
                if p.get("deadline") == e.get("deadline") and p.get("recurring") == e.get("recurring"):
                    dl_ok += 1
                else:
                    problems.append(f"  deadline exp={e.get('deadline')}/{e.get('recurring')} "
                                    f"got={p.get('deadline')}/{p.get('recurring')}  [{e['text'][:50]}]")
        matched_p = {i for i, _ in pairs}
        matched_e = {j for _, j in pairs}
        for j, e in enumerate(exps):
            if j not in matched_e:
                problems.append(f"  missed   {e['text'][:90]!r}")
        for i, p in enumerate(preds):
            if i not in matched_p:
                problems.append(f"  extra    {p['text'][:90]!r} (lead={p.get('lead')!r})")
        status = "ok" if not problems else f"{len(problems)} error(s)"
        print(f"{txt.name}: expected={len(exps)} predicted={len(preds)} matched={len(pairs)} {status}", file=out)
        for line in problems:
            print(line, file=out)
        if verbose:
            for p in preds:
                print(f"    -> {json.dumps(p, ensure_ascii=False)}", file=out)
    precision = n_match / n_pred if n_pred else 0.0
    recall = n_match / n_exp if n_exp else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    lead_acc = lead_ok / lead_n if lead_n else 1.0
    deadline_acc = dl_ok / dl_n if dl_n else 1.0
    print(f"precision={precision:.3f} recall={recall:.3f} f1={f1:.3f} "
          f"lead_acc={lead_acc:.3f} deadline_acc={deadline_acc:.3f}", file=out)
    return {"precision": precision, "recall": recall, "f1": f1, "lead_acc": lead_acc,
            "deadline_acc": deadline_acc}


# The fixed held-out part of ../shared/corpus/extraction (docs/extraction.md): the 9 files whose
# sha256("extraction-holdout:" + name) sort first. Not used for development.
HOLDOUT = ("a12.txt", "a13.txt", "a15.txt", "a25.txt", "a31.txt", "b01.txt", "b03.txt", "b10.txt", "b17.txt")


def holdout_split(names: list[str], k: int = 9) -> set[str]:
    import hashlib
    return set(sorted(names, key=lambda n: hashlib.sha256(("extraction-holdout:" + n).encode()).hexdigest())[:k])


# --- scoring of ../shared/corpus/score.py (kept identical; tests compare the two) -------------
def _sfold(s):
    s = unicodedata.normalize("NFD", (s or "").replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if unicodedata.category(c) != "Mn").lower()


def _stokens(s):
    return Counter(re.findall(r"\w+", unicodedata.normalize("NFC", (s or "").lower())))


def _lead_text(pred):
    lead = pred.get("lead")
    if isinstance(lead, dict):
        lead = lead.get("name") or lead.get("text")
    if isinstance(lead, list):
        lead = ", ".join(str(x) for x in lead)
    return lead or ""


def corpus_pairs(exp: list[dict], preds: list[dict]) -> list[tuple[int, int]]:
    """score.py's matching of one text: (expected index, prediction index) pairs whose shared tokens cover 70 % of
    the expected item and 40 % of the prediction, one to one, best overlap first."""
    pairs = []
    for i, e in enumerate(exp):
        te = _stokens(e["text"])
        for j, q in enumerate(preds):
            tq = _stokens(q.get("text", ""))
            inter = sum((te & tq).values())
            if te and tq and inter >= 0.7 * sum(te.values()) and inter >= 0.4 * sum(tq.values()):
                pairs.append((inter / sum((te | tq).values()), i, j))
    used_e, used_p, matched = set(), set(), []
    for _score, i, j in sorted(pairs, reverse=True):
        if i not in used_e and j not in used_p:
            used_e.add(i)
            used_p.add(j)
            matched.append((i, j))
    return matched


def score_corpus(expected: list[dict], predictions: dict[str, list[dict]], out=sys.stdout,
                 counts: bool = False) -> dict:
    """score.py's rule: predictions maps a file name ("a03.txt") to its extracted rows. ``counts``
    (``--counts``): also each wrongly dated item and, before the last line, the counts behind the
    deadline and recurrence accuracies (not in score.py's output)."""
    tp = n_pred = n_exp = 0
    lead_ok = lead_n = dl_ok = dl_n = rec_ok = rec_n = 0
    for entry in expected:
        name = entry["file"]
        preds = predictions.get(name, [])
        exp = entry["items"]
        n_pred += len(preds)
        n_exp += len(exp)
        wrong_deadlines = []
        matched = corpus_pairs(exp, preds)
        used_e, used_p = {i for i, _ in matched}, {j for _, j in matched}
        tp += len(matched)
        for i, j in matched:
            e, q = exp[i], preds[j]
            if e.get("lead"):
                lead_n += 1
                a, b = _sfold(e["lead"]).strip(), _sfold(_lead_text(q)).strip()
                lead_ok += bool(b) and (a in b or b in a)
            if e.get("deadline_date"):
                dl_n += 1
                right = str(q.get("deadline") or "")[:10] == e["deadline_date"]
                dl_ok += right
                if not right:
                    wrong_deadlines.append(f"{e['deadline_date']} got {str(q.get('deadline') or '')[:10] or 'none'}"
                                           f"  [{e['text'][:50]}]")
            if e.get("recurring"):
                rec_n += 1
                rec_ok += bool(q.get("recurring"))
        missed = [exp[i]["text"][:60] for i in range(len(exp)) if i not in used_e]
        extra = [str(preds[j].get("text", ""))[:60] for j in range(len(preds)) if j not in used_p]
        print(f"{name}: expected {len(exp)} predicted {len(preds)} matched {len(matched)}", file=out)
        for m in missed:
            print(f"   missed: {m}", file=out)
        for x in extra:
            print(f"   extra:  {x}", file=out)
        for w in wrong_deadlines if counts else ():
            print(f"   deadline: {w}", file=out)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_exp if n_exp else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    lead_acc = lead_ok / lead_n if lead_n else 0.0
    dl_acc = dl_ok / dl_n if dl_n else 0.0
    rec_acc = rec_ok / rec_n if rec_n else 0.0
    # The counts behind the two accuracies (a matched item with a dated deadline, a recurring one):
    # an engine that finds one more dated item and dates it wrong has the lower accuracy.
    if counts:
        print(f"dated items matched {dl_n}, dated right {dl_ok}; recurring matched {rec_n}, right {rec_ok}", file=out)
    print(f"precision={precision:.3f} recall={recall:.3f} f1={f1:.3f} lead_acc={lead_acc:.3f} "
          f"deadline_acc={dl_acc:.3f} recurring_acc={rec_acc:.3f}", file=out)
    return {"precision": precision, "recall": recall, "f1": f1, "lead_acc": lead_acc,
            "deadline_acc": dl_acc, "recurring_acc": rec_acc, "n_pred": n_pred, "n_exp": n_exp}


def corpus_text(path: Path) -> str:
    """A corpus text without its `SOURCE:` line."""
    text = path.read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    return rest if first.startswith("SOURCE:") else text


def corpus_date(text: str, stated: str | None) -> date:
    """A corpus text's date as `flask directives extract` takes it: the entry's "date", else the date found in
    the text, else today."""
    if stated:
        return date.fromisoformat(stated)
    finder = getattr(_load_extraction(), "document_date", None)
    return (finder(text) if finder else None) or date.today()


def hard_wrap(text: str, width: int) -> str:
    """``text`` as a PDF copy or a hard-wrapped page gives it: every paragraph after the first line (SOURCE) broken
    into lines of at most ``width`` characters, at spaces."""
    import textwrap   # noqa: PLC0415 (the --wrap figure only)
    first, _, rest = text.partition("\n")
    return first + "\n" + "\n".join(textwrap.fill(ln, width, break_long_words=False, break_on_hyphens=False)
                                     if ln.strip() else ln for ln in rest.split("\n"))


def predict_corpus(corpus_dir: Path, names: list[str], dates: dict[str, str | None],
                   engine: str | None = None, wrap: int | None = None) -> dict[str, list[dict]]:
    """What `flask directives extract NN.txt [--date D] --json` prints for each text, without a
    database: an empty unit directory, so units come back as written; ``engine``: the product's unless named;
    ``wrap``: each text hard-wrapped at that width first (hard_wrap)."""
    ext = _load_extraction()
    directory = ext.UnitDirectory(units=[])
    engine = engine or product_engine()
    out = {}
    for name in names:
        text = corpus_text(corpus_dir / name)
        text = hard_wrap(text, wrap) if wrap else text
        props = ext.extract(text, corpus_date(text, dates.get(name)), directory, engine=engine)
        out[name] = ext.proposals_to_json(props, directory)
    return out


def evaluate_corpus(corpus_dir: Path, split: str = "all", out=sys.stdout, files: list[str] | None = None,
                    engine: str | None = None, counts: bool = False, wrap: int | None = None) -> dict:
    expected = json.loads((corpus_dir / "expected.json").read_text(encoding="utf-8"))
    if files is not None:
        expected = [e for e in expected if e["file"] in files]
    elif split != "all":
        hold = set(HOLDOUT) if corpus_dir.resolve().name == "extraction" else holdout_split(
            [e["file"] for e in expected])
        expected = [e for e in expected if (e["file"] in hold) == (split == "holdout")]
    names = [e["file"] for e in expected if (corpus_dir / e["file"]).exists()]
    preds = predict_corpus(corpus_dir, names, {e["file"]: e.get("date") for e in expected}, engine, wrap)
    return score_corpus(expected, preds, out=out, counts=counts)


def evaluate_pooled(folders: list[Path], out=sys.stdout, engine: str | None = None, counts: bool = False,
                    wrap: int | None = None) -> dict:
    """Several corpus-format folders scored as one set (files named "<folder>/<file>")."""
    expected, preds = [], {}
    for folder in folders:
        entries = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        names = [e["file"] for e in entries if (folder / e["file"]).exists()]
        got = predict_corpus(folder, names, {e["file"]: e.get("date") for e in entries}, engine, wrap)
        expected += [dict(e, file=f"{folder.name}/{e['file']}") for e in entries]
        preds.update({f"{folder.name}/{k}": v for k, v in got.items()})
    return score_corpus(expected, preds, out=out, counts=counts)


def timing(out=sys.stdout, engine: str | None = None) -> None:
    """Extraction time per 10,000 characters on texts of growing size (a linear extractor keeps it flat), with
    ``engine`` (the product's unless named)."""
    import time
    ext = _load_extraction()
    directory = ext.UnitDirectory(units=[])
    engine = engine or product_engine()
    para = ("Đồng chí Chủ tịch UBND yêu cầu các phòng, ban chuyên môn tiếp tục rà soát hồ sơ, "
            "hoàn thành trước ngày 30/12/2026; UBND các xã tăng cường kiểm tra ( theo Kế hoạch số 12 ).\n")
    for label, make in (("prose", lambda n: (para * (n // len(para) + 1))[:n]),
                        ("parens", lambda n: "(" * (n // 2) + "Giao UBND" + ")" * (n // 2))):
        for n in (10_000, 20_000, 40_000, 100_000):
            text = make(n)
            t0 = time.perf_counter()
            ext.extract(text, date(2026, 1, 1), directory, engine=engine)
            dt = time.perf_counter() - t0
            print(f"timing {engine} {label:6s} chars={len(text):7d} seconds={dt:.3f} per_10k={dt / len(text) * 1e4:.3f}",
                  file=out)


def product_engine() -> str:
    """The engine `flask directives extract` and the review page use: the EXTRACTION_ENGINE setting (its default in
    config/__init__.py, or the environment variable), so that the bench measures what the product proposes."""
    from config import load_config   # noqa: PLC0415 (the standard library only: no app dependency)
    return load_config(None)["EXTRACTION_ENGINE"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("fixtures", nargs="*", default=[str(ROOT / "tests" / "fixtures" / "extraction")],
                    help="a fixture folder, or one or more folders in the shared corpus format (pooled)")
    ap.add_argument("--directory", help="unit directory JSON (default: FIXTURES/directory.json)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every prediction")
    ap.add_argument("--db-like", action="store_true", help="one short name per unit, as from the database")
    ap.add_argument("--split", choices=("all", "dev", "holdout"), default="all",
                    help="shared corpus format only: the development or the held-out part")
    ap.add_argument("--timing", action="store_true", help="print extraction time per 10k characters")
    ap.add_argument("--engine", choices=_load_extraction().ENGINES, default=product_engine(),
                    help="model (every clause a candidate, kept by clause_model.json) or rules; default: the "
                         "product's (the EXTRACTION_ENGINE setting, config/__init__.py)")
    ap.add_argument("--counts", action="store_true",
                    help="corpus folders: also print each wrongly dated item and the counts behind deadline_acc")
    ap.add_argument("--wrap", type=int, metavar="WIDTH",
                    help="corpus folders: hard-wrap each text at WIDTH characters first, as a PDF copy has it")
    args = ap.parse_args(argv)
    if args.timing:
        timing(engine=args.engine)
        return 0
    folders = [Path(f) for f in args.fixtures]
    if len(folders) > 1:
        if not all((f / "expected.json").exists() for f in folders):
            ap.error("several folders: each must be in the shared corpus format (expected.json)")
        evaluate_pooled(folders, engine=args.engine, counts=args.counts, wrap=args.wrap)
        return 0
    folder = folders[0]
    if (folder / "expected.json").exists():
        evaluate_corpus(folder, args.split, engine=args.engine, counts=args.counts, wrap=args.wrap)
        return 0
    evaluate(folder, Path(args.directory) if args.directory else None, args.verbose,
             db_like=args.db_like, engine=args.engine)
    return 0


if __name__ == "__main__":
    sys.exit(main())
