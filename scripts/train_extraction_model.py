"""Train the model engine's clause classifier (tracker/domain/extraction/clause_model.json).

    python scripts/train_extraction_model.py            # writes clause_model.json
    python scripts/train_extraction_model.py --check    # exit 1 unless it reproduces the committed file
    python scripts/train_extraction_model.py --loto     # leave-one-text-out figures on the dev split

Training data: the development split of ../shared/corpus/extraction (bench/extraction_eval.HOLDOUT
is never read). Each text goes through the rules engine and candidates.build_candidates; a
candidate is an action (label 1) when its proposed text matches an annotated item under the
scorer's rule (shared tokens >= 70% of the item's and >= 40% of the candidate's). Features are
the candidate's (candidates.py); word features ("w0=", "w01=") are kept only when they occur in
at least MIN_TEXTS texts. The model is scikit-learn's LogisticRegression (liblinear, L2, fixed
C), which is deterministic; its weights are rounded and written with sorted keys, so the same
corpus gives the same bytes. scikit-learn is a development dependency only (requirements-dev.txt).
"""
from __future__ import annotations

import argparse
import io
import json
import random
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.extraction_eval import HOLDOUT, _stokens, corpus_text, score_corpus  # noqa: E402
from tracker.domain.extraction import UnitDirectory, document_date  # noqa: E402
from tracker.domain.extraction.candidates import build_candidates  # noqa: E402
from tracker.domain.extraction.clause_model import WEIGHTS, candidate_text, decide  # noqa: E402
from tracker.domain.extraction.pipeline import extract_proposals, normalise  # noqa: E402

CORPUS = next((p for p in (ROOT.parent / "shared" / "corpus", ROOT.parent.parent / "shared" / "corpus")
               if (p / "extraction" / "expected.json").exists()), ROOT.parent / "shared" / "corpus")
MIN_TEXTS = 2
C = 0.5
THRESHOLD = 0.5
CHAIN_FLOOR = 0.3   # clause_model._chained: a ';' chain's element kept with two kept siblings
# extra copies of each training text, with this share of the rules' proposals hidden (seeds 1, 2, ...):
# a third as the rules miss on unseen text, and all of them, as on a text whose passage they do not see
DROPS = (0.35, 0.35, 1.0)
WITH_FIXTURES = True
VOCAB_PREFIXES = ("w0=", "w01=")


def matches(pred: str, exp: str) -> bool:
    te, tq = _stokens(exp), _stokens(pred)
    inter = sum((te & tq).values())
    return bool(te and tq) and inter >= 0.7 * sum(te.values()) and inter >= 0.4 * sum(tq.values())


def load_dev(corpus: Path) -> list[dict]:
    entries = json.loads((corpus / "extraction" / "expected.json").read_text(encoding="utf-8"))
    return [e for e in entries if e["file"] not in HOLDOUT]


def dropped(props: list, name: str, rate: float, seed: int) -> list:
    """The rules' proposals less a seeded share of them: the rules as they read unseen text, where they
    miss about a third of the actions (docs/extraction.md), so that the model learns to propose a
    clause from its own words and its neighbours when the rules did not."""
    if rate <= 0:
        return props
    rng = random.Random(f"{name}:{seed}")
    return [p for p in props if rng.random() >= rate]


FIXTURES = ROOT / "tests" / "fixtures" / "extraction"


def load_fixtures() -> list[dict]:
    """The repository's self-written fixtures (tests/fixtures/extraction, holdout/, holdout2/) as entries."""
    out = []
    for txt in sorted(FIXTURES.rglob("*.txt")):
        spec = txt.with_suffix(".json")
        if spec.exists():
            data = json.loads(spec.read_text(encoding="utf-8"))
            out.append({"file": "fixtures/" + txt.relative_to(FIXTURES).as_posix(), "path": str(txt),
                        "date": data["doc_date"], "items": data["items"]})
    return out


def read_text(corpus: Path, entry: dict, blind: bool = False, drop: float = 0.0, seed: int = 0) -> dict:
    """A text's candidates with their labels (and what decide() needs to score it)."""
    raw = corpus_text(Path(entry["path"]) if "path" in entry else corpus / "extraction" / entry["file"])
    when = date.fromisoformat(entry["date"]) if entry.get("date") else (document_date(raw) or date.today())
    text = normalise(raw)
    directory = UnitDirectory(units=[])
    props = [] if blind else dropped(extract_proposals(raw, when, directory), entry["file"], drop, seed)
    cands = build_candidates(text, when, directory, props)
    labels = []
    for c in cands:
        if c.rule is not None:
            ptext = c.rule.text
        else:
            s, e = candidate_text(text, c)
            ptext = text[s:e]
        labels.append(int(any(matches(ptext, it["text"]) for it in entry["items"])))
    return {"entry": entry, "text": text, "date": when, "cands": cands, "labels": labels}


def vocabulary(docs: list[dict]) -> set[str]:
    seen: dict[str, set[str]] = {}
    for d in docs:   # (a text's copies count once: the set is of file names)
        for c in d["cands"]:
            for k in c.feats:
                if k.startswith(VOCAB_PREFIXES):
                    seen.setdefault(k, set()).add(d["entry"]["file"])
    return {k for k, files in seen.items() if len(files) >= MIN_TEXTS}


def fit(docs: list[dict]) -> dict:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    vocab = vocabulary(docs)
    keep = (lambda k: not k.startswith(VOCAB_PREFIXES) or k in vocab)
    X, y = [], []
    for d in docs:
        for c, lab in zip(d["cands"], d["labels"]):
            row = {k: v for k, v in c.feats.items() if keep(k) and k != "bias"}
            X.append(row)
            y.append(lab)
    vec = DictVectorizer(sort=True, sparse=False)
    M = vec.fit_transform(X)
    clf = LogisticRegression(C=C, solver="liblinear", random_state=0, max_iter=1000)
    clf.fit(M, y)
    weights = {name: round(float(w), 6) for name, w in zip(vec.get_feature_names_out(), clf.coef_[0])
               if round(float(w), 6) != 0.0}
    return {"about": "scripts/train_extraction_model.py; features: tracker/domain/extraction/candidates.py",
            "trained_on": sorted({d["entry"]["file"] for d in docs}), "C": C, "threshold": THRESHOLD, "chain_floor": CHAIN_FLOOR,
            "intercept": round(float(clf.intercept_[0]), 6), "weights": dict(sorted(weights.items()))}


def six(fig: dict) -> str:
    return " ".join(f"{k}={fig[k]:.3f}" for k in ("precision", "recall", "f1", "lead_acc", "deadline_acc",
                                                   "recurring_acc"))


def dump(model: dict) -> str:
    return json.dumps(model, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def predictions(docs: list[dict], model: dict) -> dict[str, list[dict]]:
    from tracker.domain.extraction import proposals_to_json
    out = {}
    for d in docs:
        for c in d["cands"]:      # decide() marks the rules' proposals it keeps: start from a fresh copy
            if c.rule is not None:
                c.rule = _copy(c.rule)
        props = decide(d["text"], d["date"], d["cands"], model)
        out[d["entry"]["file"]] = proposals_to_json(props, UnitDirectory(units=[]))
    return out


def _copy(p):
    import copy
    q = copy.copy(p)
    q.flags = list(p.flags)
    if q.frame.startswith("model:"):
        q.frame = q.frame[len("model:"):]
    return q


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=str(CORPUS))
    ap.add_argument("--out", default=str(WEIGHTS))
    ap.add_argument("--check", action="store_true", help="compare with the committed weights, write nothing")
    ap.add_argument("--loto", action="store_true", help="leave-one-text-out figures on the dev split")
    ap.add_argument("--blind", action="store_true",
                    help="with --loto: score the held-out text without the rules' proposals (the model alone)")
    ap.add_argument("-v", "--verbose", action="store_true", help="with --loto: print each text's misses and extras")
    ap.add_argument("--drop", type=float, default=0.0,
                    help="with --loto: hide this share of the rules' proposals on the held-out text (a simulated "
                         "first sight); prints the rules' figures on the same texts first")
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    entries = load_dev(corpus)
    train = entries + (load_fixtures() if WITH_FIXTURES else [])
    docs = [read_text(corpus, e, drop=rate, seed=k) for e in train for k, rate in enumerate((0.0, *DROPS))]
    if args.loto:
        preds, rules = {}, {}
        for e in entries:
            test = read_text(corpus, e, blind=args.blind, drop=args.drop, seed=99)
            rules[e["file"]] = predictions([test], {"intercept": 0.0, "weights": {"rule": 1.0}, "threshold": 0.6})[
                e["file"]]
            model = fit([d for d in docs if d["entry"]["file"] != e["file"]])
            preds.update(predictions([test], model))
        if args.drop or args.blind:
            print("rules:", six(score_corpus(entries, rules, out=io.StringIO())))
        print("model:", six(score_corpus(entries, preds, out=sys.stderr if args.verbose else io.StringIO())))
        return 0
    text = dump(fit(docs))
    if args.check:
        same = Path(args.out).read_text(encoding="utf-8") == text
        print("clause_model.json reproduced byte for byte" if same else "clause_model.json differs")
        return 0 if same else 1
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
