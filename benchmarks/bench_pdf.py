"""PDF: read + interpret + check per report, against floors measured in the same run.

Floor (PERFORMANCE.md): pypdfium2 opening the file and extracting the plain text of every
page.  Targets (issue #5): at most 4x the floor, and at least 8x faster than pdfplumber's
``extract_tables()`` on every page (printed when pdfplumber is installed).  Then, for
information, the LibreOffice PDFs whose wrapped numbers need the ``pdf-grid`` fallback
(text-first reading, then the ruling-line reading): the cost of a fallback read.

    python benchmarks/bench_pdf.py [--rounds 21]
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pypdfium2 as pdfium
from _harness import ratio

import gov_disclosure as gd

ROOT = Path(__file__).resolve().parent.parent
FILES = [
    ROOT / "tests" / "data" / "perf" / "r004.pdf",
    ROOT / "tests" / "data" / "real" / "huaian_2024.pdf",
]


def floor(data: bytes) -> int:
    document = pdfium.PdfDocument(data)
    n = 0
    for index in range(len(document)):
        n += len(document[index].get_textpage().get_text_range())
    document.close()
    return n


def pdfplumber_tables(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return sum(len(page.extract_tables()) for page in pdf.pages)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=21)
    args = parser.parse_args()
    try:
        import pdfplumber  # noqa: F401

        have_plumber = True
    except ImportError:
        have_plumber = False
    for path in FILES:
        data = path.read_bytes()
        t, f, r = ratio(
            lambda d=data: gd.read(d, reader="pdf").check(), lambda d=data: floor(d), args.rounds
        )
        print(
            f"{path.name}: {t * 1000:.2f} ms/report ({1 / t:.0f}/s), "
            f"floor {f * 1000:.2f} ms, {r:.2f}x floor (target <= 4)"
        )
        if have_plumber:
            tp, _fp, rp = ratio(
                lambda d=data: pdfplumber_tables(d),
                lambda d=data: floor(d),
                max(3, args.rounds // 5),
            )
            print(
                f"  pdfplumber extract_tables: {tp * 1000:.1f} ms, {rp:.1f}x floor; "
                f"ours is {rp / r:.1f}x faster (target >= 8)"
            )
    for path in sorted((ROOT / "tests" / "data" / "pdf").glob("gen*.pdf")):
        data = path.read_bytes()
        assert gd.read(data).source.reader == "pdf-grid"
        t, f, r = ratio(lambda d=data: gd.read(d).check(), lambda d=data: floor(d), 5)
        print(
            f"{path.name} (fallback to pdf-grid): {t * 1000:.1f} ms/report, "
            f"{r:.1f}x the floor (no target: only reports the text-first reading fails)"
        )


if __name__ == "__main__":
    main()
