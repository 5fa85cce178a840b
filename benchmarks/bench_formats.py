"""HTML and DOCX: read + interpret + check per report, against floors in the same run.

Floors (PERFORMANCE.md): HTML — lxml.html parse of the same bytes plus a walk over every
``td``'s text and spans; DOCX — unzip ``word/document.xml``, lxml parse, every ``w:tc``'s
text.  Targets (issue #4): HTML at most 1.5x its floor, DOCX at most 2x; the DOCX line also
prints python-docx's ``row.cells`` walk against the same floor, for comparison.

    python benchmarks/bench_formats.py [--rounds 21] [--phases]
"""

from __future__ import annotations

import argparse
import io
import zipfile
from pathlib import Path

import lxml.etree
import lxml.html
from _harness import phases, print_phases, ratio

import gov_disclosure as gd

ROOT = Path(__file__).resolve().parent.parent
PERF = ROOT / "tests" / "data" / "perf"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def html_floor(data: bytes) -> int:
    root = lxml.html.document_fromstring(data)
    n = 0
    for td in root.iter("td"):
        n += len(td.text_content()) + int(td.get("rowspan", 1)) + int(td.get("colspan", 1))
    return n


def docx_floor(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        root = lxml.etree.fromstring(zf.read("word/document.xml"))
    return sum(len("".join(tc.itertext())) for tc in root.iter(f"{W}tc"))


def python_docx_walk(data: bytes) -> int:
    import docx

    document = docx.Document(io.BytesIO(data))
    n = sum(len(p.text) for p in document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                n += len(cell.text)
    return n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument(
        "--phases", action="store_true", help="also time reading, interpreting, checking"
    )
    args = parser.parse_args()
    print(f"{'path':<34} {'ms/report':>9} {'reports/s':>9} {'floor ms':>9} {'x floor':>8}  target")
    for name in ("r004.gbk.html", "r004.utf8.html"):
        data = (PERF / name).read_bytes()
        t, f, r = ratio(
            lambda d=data: gd.read(d, reader="html").check(),
            lambda d=data: html_floor(d),
            args.rounds,
        )
        line = f"{'html ' + name:<34} {t * 1000:>9.2f} {1 / t:>9.0f} {f * 1000:>9.2f}"
        print(f"{line} {r:>8.2f}  <= 1.5")
        if args.phases:
            print_phases(phases(data, "html", lambda d=data: html_floor(d), args.rounds))
    data = (PERF / "r004.docx").read_bytes()
    t, f, r = ratio(
        lambda: gd.read(data, reader="docx").check(), lambda: docx_floor(data), args.rounds
    )
    print(f"{'docx r004.docx':<34} {t * 1000:>9.2f} {1 / t:>9.0f} {f * 1000:>9.2f} {r:>8.2f}  <= 2")
    if args.phases:
        print_phases(phases(data, "docx", lambda: docx_floor(data), args.rounds))
    t2, f2, r2 = ratio(
        lambda: python_docx_walk(data), lambda: docx_floor(data), max(5, args.rounds // 3)
    )
    line = f"{'python-docx row.cells walk':<34} {t2 * 1000:>9.2f} {1 / t2:>9.0f}"
    print(f"{line} {f2 * 1000:>9.2f} {r2:>8.2f}")
    print(f"ours vs python-docx row.cells: {r2 / r:.1f}x faster (target >= 5x)")


if __name__ == "__main__":
    main()
