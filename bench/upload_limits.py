"""Cost of refusing the hostile uploads of the hardening issue, each in a fresh process.

    python bench/upload_limits.py

For every file: its size, the wall time and the peak RSS growth of the check that refuses
it (the same functions the pages call), and the message. The files are those of
tests/test_upload_limits.py. Ends with one line: max_refuse_s=… max_rss_growth_mb=…
"""
import multiprocessing as mp
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _case(name):
    from tests import test_upload_limits as t
    from tracker.services.extraction import text_from_bytes
    from tracker.services.imports import read_bytes
    from tracker.services.uploads import sniff

    cases = {
        "odt_bomb_1GiB_mimetype (evidence)": (t.odt_bomb, lambda d: sniff(d[:16], d, "a.odt")),
        "docx_bomb_370MB (proposals)": (t.docx_bomb, lambda d: text_from_bytes(d, "a.docx")),
        "xlsx_shared_strings_380MB (import)": (t.xlsx_shared_strings_bomb, lambda d: read_bytes(d, "a.xlsx")),
        "pdf_64000_pages (proposals)": (t.pdf_64000_pages, lambda d: text_from_bytes(d, "a.pdf")),
        "text_300k_parens (proposals)": (lambda: ("(" * 150_000 + "Giao UBND" + ")" * 150_000).encode(),
                                         lambda d: text_from_bytes(d, "a.txt")),
        "xlsx_20x2000_cells (import)": (lambda: t.xlsx_bytes([["x"] * 2000 for _ in range(20)]),
                                        lambda d: read_bytes(d, "a.xlsx")),
    }
    return cases[name]


def run(name, queue):
    from tracker.services import ServiceError

    make, check = _case(name)
    data = make()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    try:
        check(data)
        message = "ACCEPTED"
    except ServiceError as e:
        message = f"{e.status} " + "; ".join(e.errors.values())
    elapsed = time.perf_counter() - start
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    queue.put((name, len(data), elapsed, grown, message))


def main():
    names = ["odt_bomb_1GiB_mimetype (evidence)", "docx_bomb_370MB (proposals)",
             "xlsx_shared_strings_380MB (import)", "pdf_64000_pages (proposals)",
             "text_300k_parens (proposals)", "xlsx_20x2000_cells (import)"]
    worst_s = worst_mb = 0.0
    for name in names:
        q = mp.Queue()
        p = mp.Process(target=run, args=(name, q))
        p.start()
        result = q.get()
        p.join()
        name, size, elapsed, grown, message = result
        worst_s, worst_mb = max(worst_s, elapsed), max(worst_mb, grown)
        print(f"{name:40s} {size / 1024:9.1f} KB  {elapsed * 1000:8.1f} ms  +{grown:7.1f} MB  {message[:90]}")
    print(f"max_refuse_s={worst_s:.3f} max_rss_growth_mb={worst_mb:.1f}")


if __name__ == "__main__":
    main()
