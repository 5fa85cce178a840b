"""Plain-text rendering of a report's tables and findings, for terminals and logs."""

from __future__ import annotations

from collections.abc import Iterable

from .findings import Finding
from .model import Cell, CellStatus, Report
from .serializers.layout import cell_text

__all__ = ["format_findings", "format_report"]

_MARK = {
    CellStatus.BLANK: "(空)",
    CellStatus.NOT_APPLICABLE: "(不适用)",
    CellStatus.MISSING: "(缺)",
    CellStatus.UNREADABLE: "(?)",
}


def _show(cell: Cell) -> str:
    return cell_text(cell) if cell.status is CellStatus.VALUE else _MARK[cell.status]


def format_report(report: Report) -> str:
    """The report's metadata and its three tables, one table row per line."""
    meta = report.meta
    lines = [
        f"{meta.title or '(无标题)'}",
        f"机关 agency: {meta.agency or '?'}   年度 year: {meta.year or '?'}   "
        f"模板 template: {meta.template}   来源 source: {report.source.name or '-'}",
    ]
    template = report.template
    for spec in template.tables:
        table = report.table(spec.key)
        lines.append("")
        lines.append(f"{spec.title}  [{spec.key}]")
        width = max(len(row.key) for row in spec.rows)
        for row in spec.rows:
            cells = [table.cell(row.key, c.key) for c in row.columns]
            values = "  ".join(f"{c.column}={_show(c)}" for c in cells)
            lines.append(f"  {row.key:<{width}}  {values}")
    return "\n".join(lines)


def format_findings(findings: Iterable[Finding], *, lang: str = "zh") -> str:
    """One line per finding: severity, code, where, message."""
    lines = []
    for f in findings:
        where = "/".join(p for p in (f.table, f.row, f.column) if p)
        if f.source is not None:
            where = f"{where} @ {f.source.describe()}" if where else f.source.describe()
        lines.append(f"{f.severity.value:<7} {f.code} {where}: {f.message(lang)}")
    return "\n".join(lines) if lines else "(no findings)"
