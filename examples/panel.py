"""Build an agency × year panel with pandas from a folder of reports.

python examples/panel.py FOLDER [panel.csv]

Reads every report (isolated workers), turns the results into one long data frame — one
row per cell, with the canonical keys and the Chinese labels — and pivots the figures a
researcher usually starts with: applications received (本年新收政府信息公开申请数量),
applications carried over, and administrative reconsiderations (行政复议) in total.
One row per report (agency, year, file): two reports of one agency and year (a copy,
a revision) are both shown, with a note, never mixed. Blank, missing and unreadable
cells stay empty, never zero.
"""

from __future__ import annotations

import os
import sys

import gov_disclosure as gd
from gov_disclosure.cli import expand_inputs

FIGURES = {
    ("applications", "received", "total"): "applications_received",
    ("applications", "carried_over", "total"): "applications_carried_over",
    ("appeals", "review", "total"): "reviews_total",
}


def main() -> int:
    folder = sys.argv[1] if len(sys.argv) > 1 else str(gd.sample_path().parent)
    target = sys.argv[2] if len(sys.argv) > 2 else None
    paths, _ = expand_inputs([folder])
    results = list(gd.read_many(paths, workers=2))
    for failed in (r for r in results if not r.ok):
        print(f"skipped {failed.path}: {failed.category}: {failed.error}", file=sys.stderr)
    frame = gd.to_frame(results)
    cells = zip(frame["table"], frame["row"], frame["column"], strict=True)
    frame["figure"] = [FIGURES.get(cell) for cell in cells]
    # the file's path under the folder: two reports never share it (index.html twice)
    frame["file"] = [os.path.relpath(source, folder) for source in frame["source"]]
    chosen = frame[frame["figure"].notna()]
    # One row per report, never a mix of two (grouping by agency and year merged reports
    # without an agency name, and .first() skips empty cells); a blank or unreadable
    # cell stays empty, never 0.
    panel = chosen.pivot(index=["agency", "year", "file"], columns="figure", values="value")
    agency_year = panel.index.droplevel("file")
    twice = agency_year[agency_year.duplicated()]
    for agency, year in sorted({key for key in twice if isinstance(key[0], str)}):
        print(f"note: several reports of {agency} for {year}; pick one", file=sys.stderr)
    print(panel.to_string())
    if target:
        panel.to_csv(target, encoding="utf-8-sig")
    return 0


if __name__ == "__main__":
    sys.exit(main())
