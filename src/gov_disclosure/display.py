"""Plain-text rendering of a report's tables and findings, for terminals and logs."""

from __future__ import annotations

from collections.abc import Iterable

from .findings import Finding
from .model import Cell, CellStatus, Report
from .serializers.layout import cell_text

__all__ = ["findings_html", "format_findings", "format_report", "report_html"]

_MARK = {
    CellStatus.BLANK: "(空)",
    CellStatus.NOT_APPLICABLE: "(不适用)",
    CellStatus.MISSING: "(缺)",
    CellStatus.UNREADABLE: "(?)",
}


def _show(cell: Cell) -> str:
    return cell_text(cell) if cell.status is CellStatus.VALUE else _MARK[cell.status]


def format_report(report: Report, *, lang: str = "zh") -> str:
    """The report's metadata and its three tables: in Chinese (``zh``) each row under
    its official label, its cells by their column labels; in English (``en``) one line
    per row, rows and cells by their keys."""
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
            cells = [(c, table.cell(row.key, c.key)) for c in row.columns]
            if lang == "en":
                values = "  ".join(f"{cell.column}={_show(cell)}" for _, cell in cells)
                lines.append(f"  {row.key:<{width}}  {values}")
                continue
            lines.append(f"  {row.label}  [{row.key}]")
            lines.append("      " + "  ".join(f"{c.header}={_show(cell)}" for c, cell in cells))
    return "\n".join(lines)


def format_findings(findings: Iterable[Finding], *, lang: str = "zh") -> str:
    """One line per finding: severity, code, where, message."""
    lines = []
    for f in findings:
        where = "/".join(p for p in (f.table, f.row, f.column) if p)
        if f.source is not None:
            where = f"{where} @ {f.source.describe()}" if where else f.source.describe()
        at = f" {where}" if where else ""
        lines.append(f"{f.severity.value:<7} {f.code}{at}: {f.message(lang)}")
    return "\n".join(lines) if lines else "(no findings)"


_SEVERITY_STYLE = {"error": "#fdd", "warning": "#ffe9b3", "info": "#eef"}


def findings_html(findings: Iterable[Finding], *, lang: str = "zh", limit: int = 50) -> str:
    """A small HTML list of findings (escaped), for notebooks."""
    from html import escape

    items = list(findings)
    rows = []
    for f in items[:limit]:
        where = escape("/".join(p for p in (f.table, f.row, f.column) if p))
        rows.append(
            f'<tr style="background:{_SEVERITY_STYLE[f.severity.value]}">'
            f"<td>{f.severity.value}</td><td>{f.code}</td><td>{where}</td><td>{escape(f.message(lang))}</td></tr>"
        )
    more = f"<p>… {len(items) - limit} more</p>" if len(items) > limit else ""
    return (
        '<table class="gd-findings"><tr><th>severity</th><th>code</th><th>where</th>'
        f"<th>message</th></tr>{''.join(rows)}</table>{more}"
    )


def report_html(report: Report) -> str:
    """The report's three tables (cells in error highlighted) and its findings, escaped."""
    from html import escape

    findings = report.check()
    flagged = {cell for f in findings.errors for cell in f.cells}
    flagged |= {
        (f.table, f.row, f.column) for f in findings.errors if f.table and f.row and f.column
    }
    parts = [
        f'<div class="gd-report"><p><b>{escape(report.meta.title or "")}</b><br>'
        f"{escape(report.meta.agency or '?')} · {report.meta.year or '?'} · "
        f"template {escape(report.meta.template)}</p>"
    ]
    for spec in report.template.tables:
        table = report.table(spec.key)
        header = "".join(
            f"<th>{escape(c.key)}</th>" for c in max((r.columns for r in spec.rows), key=len)
        )
        parts.append(f"<p>{escape(spec.title)}</p><table><tr><th></th>{header}</tr>")
        for row in spec.rows:
            cells = []
            for column in row.columns:
                cell = table.cell(row.key, column.key)
                style = (
                    ' style="background:#fdd"' if (spec.key, row.key, column.key) in flagged else ""
                )
                cells.append(f"<td{style}>{escape(_show(cell))}</td>")
            parts.append(
                f'<tr><th title="{escape(row.path)}">{escape(row.key)}</th>{"".join(cells)}</tr>'
            )
        parts.append("</table>")
    parts.append(findings_html(findings.exclude("GD205")))
    parts.append("</div>")
    return "".join(parts)
