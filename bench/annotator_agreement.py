"""How far two annotations of the same texts agree, by the corpus's own scoring rule.

    python bench/annotator_agreement.py FIRST SECOND [FIRST2 SECOND2 ...] [--extractor]

FIRST and SECOND are folders in the shared corpus format (NN.txt + expected.json) holding the same
texts annotated by two people who did not see each other's work. Each pair is scored both ways
with ../shared/corpus/score.py's rule (bench/extraction_eval.score_corpus): the second
annotation read as predictions against the first, then the first against the second. The rule
is not symmetric (a match needs 70 % of the expected item's tokens and 40 % of the
prediction's), so both lines are printed; the mean f1 of the two is the agreement figure.
Several pairs are pooled. --extractor also scores the rules engine against each annotation, so
the extractor's figure can be read beside the annotators' agreement.

A human agreement figure is the ceiling that a first-sight figure against one annotator can be
expected to reach: where two careful readers of the same conventions disagree, the extractor
cannot agree with both.
"""
from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.extraction_eval import predict_corpus, score_corpus  # noqa: E402


def as_predictions(entries: list[dict]) -> dict[str, list[dict]]:
    """An annotation read as extractor output: the fields score_corpus reads from a prediction."""
    return {e["file"]: [{"text": it["text"], "lead": it.get("lead"), "deadline": it.get("deadline_date"),
                         "recurring": bool(it.get("recurring"))} for it in e["items"]]
            for e in entries}


def load_pairs(folders: list[Path]) -> tuple[list[dict], list[dict]]:
    """The pooled entries of the first and of the second annotation, files named "<pair>/<file>";
    only files both annotated are kept."""
    first, second = [], []
    for k in range(0, len(folders), 2):
        a_dir, b_dir = folders[k], folders[k + 1]
        a = {e["file"]: e for e in json.loads((a_dir / "expected.json").read_text(encoding="utf-8"))}
        b = {e["file"]: e for e in json.loads((b_dir / "expected.json").read_text(encoding="utf-8"))}
        for name in sorted(a.keys() & b.keys()):
            first.append(dict(a[name], file=f"{b_dir.name}/{name}", _dir=str(a_dir)))
            second.append(dict(b[name], file=f"{b_dir.name}/{name}", _dir=str(b_dir)))
    return first, second


def last_line(figures: dict) -> str:
    return (f"precision={figures['precision']:.3f} recall={figures['recall']:.3f} f1={figures['f1']:.3f} "
            f"lead_acc={figures['lead_acc']:.3f} deadline_acc={figures['deadline_acc']:.3f} "
            f"items={figures['n_exp']}/{figures['n_pred']}")


def extractor_predictions(entries: list[dict]) -> dict[str, list[dict]]:
    out = {}
    for e in entries:
        folder, name = Path(e["_dir"]), e["file"].split("/", 1)[1]
        got = predict_corpus(folder, [name], {name: e.get("date")})
        out[e["file"]] = got[name]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folders", nargs="+", help="pairs of folders: FIRST SECOND [FIRST2 SECOND2 ...]")
    ap.add_argument("--extractor", action="store_true", help="also score the rules engine against each")
    ap.add_argument("-v", "--verbose", action="store_true", help="print the per-file disagreements")
    args = ap.parse_args(argv)
    folders = [Path(f) for f in args.folders]
    if len(folders) % 2:
        ap.error("folders come in pairs: FIRST SECOND")
    for f in folders:
        if not (f / "expected.json").exists():
            ap.error(f"{f}: no expected.json")
    first, second = load_pairs(folders)
    quiet = sys.stdout if args.verbose else io.StringIO()
    b_vs_a = score_corpus(first, as_predictions(second), out=quiet)
    a_vs_b = score_corpus(second, as_predictions(first), out=quiet)
    print(f"texts={len(first)}")
    print(f"second read against first:  {last_line(b_vs_a)}")
    print(f"first read against second:  {last_line(a_vs_b)}")
    if args.extractor:
        preds = extractor_predictions(first)
        print(f"extractor against first:    {last_line(score_corpus(first, preds, out=io.StringIO()))}")
        print(f"extractor against second:   {last_line(score_corpus(second, preds, out=io.StringIO()))}")
    print(f"agreement f1={(b_vs_a['f1'] + a_vs_b['f1']) / 2:.3f} "
          f"lead_acc={(b_vs_a['lead_acc'] + a_vs_b['lead_acc']) / 2:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
