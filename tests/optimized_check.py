"""Run under ``python -O`` by test_optimized.py (RELIABILITY.md §6 item 20).

``-O`` strips assert statements.  Nothing in the readers may depend on one, and the
conformance kit must still fail a bad reader.  This script checks real files against
their truths with explicit comparisons (no assert), and prints ``optimized ok``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import gov_disclosure as gd
from gov_disclosure.testing import assert_reader_conforms, check_reader, value_differences

DATA = Path(__file__).parent / "data"


def truth(path: Path) -> gd.Report:
    data = json.loads(path.read_text(encoding="utf-8"))
    tables = {k: data[k] for k in ("active", "applications", "appeals")}
    return gd.Report.from_values(data["template"], tables)


def fail(message: str) -> None:
    print(message)
    sys.exit(1)


def main() -> None:
    if sys.flags.optimize < 1:
        fail("run me with python -O")
    samples = sorted((DATA / "samples").glob("*.txt"))
    cases = [(p, p.parent / "truth" / f"{p.stem}.json") for p in samples]
    cases.append((DATA / "real" / "huaian_2024.pdf", DATA / "real" / "huaian_2024.json"))
    for path, expected in cases:
        differences = value_differences(gd.read(path), truth(expected))
        if differences:
            fail(f"{path.name}: {differences[:5]}")
    sample_004 = next((DATA / "samples").glob("004_*.txt"))
    jinzhai = truth(sample_004.parent / "truth" / f"{sample_004.stem}.json")
    for name in ("r004.docx", "r004.gbk.html", "r004.utf8.html", "r004.pdf"):
        differences = value_differences(gd.read(DATA / "perf" / name), jinzhai)
        if differences:  # the perf fixtures are sample 004 in other formats
            fail(f"{name}: {differences[:5]}")
    check_reader("text-tab", writer="text-tab", max_examples=10, hostile=True)

    # The kit still fails a reader whose values are wrong, with asserts stripped.
    from gov_disclosure.document import Document
    from gov_disclosure.readers import Reader
    from gov_disclosure.readers.text import TabTextReader

    class OffByOne(Reader):
        name = "off-by-one"

        def read(self, source):  # type: ignore[no-untyped-def]
            text = source.text.replace("\t1\t", "\t2\t", 1)
            from gov_disclosure.source import Source

            document: Document = TabTextReader().read(Source(text.encode("utf-8")))
            return document

    gd.register_reader("off-by-one", OffByOne())
    report = gd.Report.from_values("2021", {"active": {"regulations": {"issued": 1}}}, year=2024)
    try:
        assert_reader_conforms("off-by-one", "text-tab", report)
    except AssertionError as exc:
        if "differ" not in str(exc):
            fail(f"the kit failed for another reason: {exc}")
    else:
        fail("the kit did not catch a wrong value under -O")
    print("optimized ok")


if __name__ == "__main__":
    main()
