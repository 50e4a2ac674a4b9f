"""What the review screen shows of a text's actions: as proposals, or among the sentences it marks as
possibly missed (tracker/domain/extraction/missed.py).

    python bench/review_reach.py FOLDER [FOLDER ...] [--engine rules|model] [-v]

FOLDERs are in the shared corpus format (NN.txt + expected.json), pooled. An expected action is
*proposed* when a proposal matches it by score.py's rule, *shown* when it is proposed or its
words (70 % of its tokens, score.py's expected-side share) stand in one marked sentence. Prints
    recall=… reach=… marked=N (per text) useful=…
recall is score.py's; reach the share of actions the screen shows one way or the other; marked
the number of sentences marked (and per text: what the officer reads beyond the proposals);
useful the share of marked sentences that hold a missed action. -v lists each text's marked
sentences that hold nothing, and each action the screen does not show.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.extraction_eval import (  # noqa: E402
    _load_extraction, _stokens, corpus_date, corpus_pairs, corpus_text, product_engine)


def _inside(expected: dict, sentence: str) -> bool:
    """The action's words stand in the sentence: 70 % of its tokens (score.py's expected-side share)."""
    te, tq = _stokens(expected["text"]), _stokens(sentence)
    return bool(te and tq) and sum((te & tq).values()) >= 0.7 * sum(te.values())


def reach(folders: list[Path], engine: str | None = None, out=sys.stdout, verbose: bool = False) -> dict:
    ext = _load_extraction()
    from tracker.domain.extraction.missed import possibly_missed   # noqa: PLC0415
    from tracker.domain.extraction.pipeline import normalise       # noqa: PLC0415
    directory = ext.UnitDirectory(units=[])
    engine = engine or product_engine()      # what the review page proposes
    n_texts = n_items = n_proposed = n_shown = n_marked = n_useful = 0
    for folder in folders:
        for entry in json.loads((folder / "expected.json").read_text(encoding="utf-8")):
            path = folder / entry["file"]
            if not path.exists():
                continue
            text = corpus_text(path)
            props = ext.extract(text, corpus_date(text, entry.get("date")), directory, engine=engine)
            rows = ext.proposals_to_json(props, directory)
            marked = possibly_missed(normalise(text), props)
            items = entry["items"]
            proposed = {i for i, _ in corpus_pairs(items, rows)}
            useful = set()
            for i, item in enumerate(items):
                if i in proposed:
                    continue
                k = next((k for k, m in enumerate(marked) if _inside(item, m.text)), None)
                if k is None:
                    if verbose:
                        print(f"{folder.name}/{entry['file']}   not shown: {item['text'][:90]}", file=out)
                    continue
                useful.add(k)
                n_shown += 1
            if verbose:
                for k, m in enumerate(marked):
                    if k not in useful:
                        print(f"{folder.name}/{entry['file']}   marked, nothing missed ({m.cue}): {m.text[:90]}", file=out)
            n_texts += 1
            n_items += len(items)
            n_proposed += len(proposed)
            n_shown += len(proposed)
            n_marked += len(marked)
            n_useful += len(useful)
    figures = {"texts": n_texts, "items": n_items, "recall": n_proposed / n_items if n_items else 0.0,
               "reach": n_shown / n_items if n_items else 0.0, "marked": n_marked,
               "per_text": n_marked / n_texts if n_texts else 0.0,
               "useful": n_useful / n_marked if n_marked else 0.0}
    print(f"texts={n_texts} items={n_items} recall={figures['recall']:.3f} reach={figures['reach']:.3f} "
          f"marked={n_marked} ({figures['per_text']:.1f} per text) useful={figures['useful']:.3f}", file=out)
    return figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folders", nargs="+")
    ap.add_argument("--engine", choices=_load_extraction().ENGINES, default=product_engine())
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    folders = [Path(f) for f in args.folders]
    for f in folders:
        if not (f / "expected.json").exists():
            ap.error(f"{f}: no expected.json")
    reach(folders, engine=args.engine, verbose=args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
