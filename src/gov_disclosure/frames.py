"""pandas views (extra ``pandas``): long-format data frames of reports and findings.

One row per cell with the canonical keys and the official Chinese labels — the same
columns as the long CSV — so an agency × year panel is a pivot away.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .findings import FINDING_COLUMNS, Findings
from .model import Report
from .serializers.csv import LONG_COLUMNS

__all__ = ["findings_frame", "report_records", "to_frame"]


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:
        raise ImportError('data frames need pandas: pip install "gov-disclosure[pandas]"') from exc
    return pandas


def report_records(report: Report) -> list[dict[str, Any]]:
    """One dict per cell: source, agency, year, template, table, row, row_label, column,
    column_label, value, status, raw."""
    template = report.template
    records = []
    for table in report.tables.values():
        spec = template.table(table.key)
        for cell in table.cells:
            records.append(
                {
                    "source": report.source.name,
                    "agency": report.meta.agency,
                    "year": report.meta.year,
                    "template": report.meta.template,
                    "table": table.key,
                    "row": cell.row,
                    "row_label": spec.row(cell.row).path,
                    "column": cell.column,
                    "column_label": spec.column(cell.row, cell.column).path,
                    "value": cell.value,
                    "status": cell.status.value,
                    "raw": cell.raw,
                }
            )
    return records


def to_frame(items: Report | Iterable[Any]) -> Any:
    """A long data frame of one report, several reports, or ``read_many`` results
    (failed results are skipped).  Values keep their type (int, or Decimal for 万元)."""
    pandas = _pandas()
    reports = [items] if isinstance(items, Report) else [getattr(i, "report", i) for i in items]
    records: list[dict[str, Any]] = []
    for report in reports:
        if isinstance(report, Report):
            records.extend(report_records(report))
    columns = [c for c in LONG_COLUMNS if c != "location"]  # the long CSV's vocabulary
    # Types set, not inferred: a column of ints with one None became float64 (7.0, and
    # 2**53 + 1 rounded); a year column with one unknown year too (2024.0).
    dtypes = {"value": object, "year": "Int64"}
    return pandas.DataFrame(
        {c: pandas.Series([r[c] for r in records], dtype=dtypes.get(c)) for c in columns},
        columns=columns,
    )


def findings_frame(findings: Findings) -> Any:
    return _pandas().DataFrame.from_records(findings.to_records(), columns=FINDING_COLUMNS)
