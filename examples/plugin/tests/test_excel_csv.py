"""The plugin's own tests: gov_disclosure's conformance kit does the heavy lifting."""

from __future__ import annotations

import csv
import io

import gov_disclosure as gd
from gov_disclosure.testing import check_reader


def as_csv(report: gd.Report) -> str:
    """Our writer for the round trip: the official tables as text-tab, saved as CSV."""
    text = str(gd.dumps(report, "text-tab"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for line in text.splitlines():
        writer.writerow(line.split("\t"))
    return out.getvalue()


def test_conforms() -> None:
    check_reader("excel-csv", writer=as_csv, max_examples=20)
