"""Write a starting corpus for fuzz_reader.py: generated reports rendered by our writers.

    python fuzz/make_seeds.py fuzz/corpus      # → fuzz/corpus/<reader>/seed-NN

For the PDF reader the committed test PDFs are copied in (rendering PDFs needs LibreOffice).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings

import gov_disclosure as gd
from gov_disclosure.testing import reports

#: Readers that have a writer of the same name (every built-in layout but PDF).
WRITERS = {name: name for name in gd.list_readers() if name in gd.list_serializers()}
ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "fuzz/corpus")
    made: list[gd.Report] = []

    @settings(max_examples=8, database=None, suppress_health_check=list(HealthCheck))
    @given(reports())
    def collect(report: gd.Report) -> None:
        made.append(report)

    collect()
    for reader, writer in WRITERS.items():
        folder = target / reader
        folder.mkdir(parents=True, exist_ok=True)
        for number, report in enumerate(made):
            data = gd.dumps(report, writer)
            raw = data.encode("utf-8") if isinstance(data, str) else data
            (folder / f"seed-{number:02d}").write_bytes(raw)
    pdfs = target / "pdf"
    pdfs.mkdir(parents=True, exist_ok=True)
    for number, pdf in enumerate(sorted((ROOT / "tests" / "data").rglob("*.pdf"))):
        shutil.copy(pdf, pdfs / f"seed-{number:02d}.pdf")
    print(f"seeds written under {target}")


if __name__ == "__main__":
    main()
