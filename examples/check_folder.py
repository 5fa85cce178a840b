"""Check every report in a folder and write an Excel-friendly summary CSV.

python examples/check_folder.py FOLDER [summary.csv]

One row per file: whether it could be read, its agency, year and template, how many error
and warning findings it has, and the first error in words — the list a disclosure office
works through in January.  The CSV is UTF-8 with a byte-order mark (Excel opens it
correctly) and cells that look like formulas are neutralised.  Files are read in isolated
worker processes, so a broken or hostile file costs only its own row.
"""

from __future__ import annotations

import sys
from pathlib import Path

import gov_disclosure as gd
from gov_disclosure.cli import expand_inputs
from gov_disclosure.journal import atomic_write
from gov_disclosure.serializers.csv import csv_text

COLUMNS = ["file", "status", "agency", "year", "template", "errors", "warnings", "first_error"]


def main() -> int:
    folder = sys.argv[1] if len(sys.argv) > 1 else str(gd.sample_path().parent)
    target = Path(sys.argv[2] if len(sys.argv) > 2 else "summary.csv")
    paths, _ = expand_inputs([folder])
    rows = []
    for result in gd.read_many(paths, workers=2, timeout=60):
        if result.report is None:
            status = f"unreadable: {result.category}"
            rows.append([result.path, status, "", "", "", "", "", str(result.error)])
            continue
        findings = result.report.check()
        meta = result.report.meta
        first = findings.errors[0].message("zh") if findings.errors else ""
        status = "errors" if findings.errors else "ok"
        rows.append(
            [
                result.path,
                status,
                meta.agency,
                meta.year,
                meta.template,
                len(findings.errors),
                len(findings.warnings),
                first,
            ]
        )
    atomic_write(target, csv_text(COLUMNS, rows), encoding="utf-8-sig")
    bad = sum(1 for r in rows if r[1] != "ok")
    print(f"{len(rows)} files checked, {bad} with errors or unreadable → {target}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
