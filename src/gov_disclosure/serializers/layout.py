"""The official table layout of each template, as a grid of merged cells.

Shared by every writer that renders the tables (text layouts now; HTML and DOCX next).
A :class:`GridTable` lists, row by row, the cells that start at that row — the way HTML
lists ``<td>``s — with their row and column spans.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..model import Cell, CellStatus, Report
from ..templates import APPLICATIONS_NOTE, CellRef, RowSpec, TableSpec

__all__ = ["GridCell", "GridTable", "cell_text", "expand", "official_tables"]


@attrs.frozen(slots=True)
class GridCell:
    text: str
    row_span: int = 1
    col_span: int = 1
    #: The report cell shown here (value cells only).
    ref: CellRef | None = None
    role: str = "label"  # "caption" | "header" | "label" | "value"


@attrs.frozen(slots=True)
class GridTable:
    key: str
    section: int
    title: str
    width: int
    rows: tuple[tuple[GridCell, ...], ...]


@attrs.frozen(slots=True)
class Covered:
    """A grid position covered by a merged cell that starts elsewhere."""

    origin: GridCell
    by_row: bool  # covered from a row above (rowspan)


def cell_text(cell: Cell) -> str:
    """How a cell is written in a document: a value, ``-`` (or the report's own mark) for
    not applicable, ``?`` for unreadable (read back as unreadable), empty otherwise."""
    if cell.status is CellStatus.VALUE:
        value = cell.value
        return format(value, "f") if isinstance(value, Decimal) else str(value)
    if cell.status is CellStatus.NOT_APPLICABLE:
        return cell.raw.strip() if cell.raw and cell.raw.strip() else "-"
    if cell.status is CellStatus.UNREADABLE:
        # not its raw text: "0" of two readings that disagree would read back as 0
        return "?"
    return ""


def _value(report: Report, table: str, row: str, column: str, span: int = 1) -> GridCell:
    cell = report.table(table).cell(row, column)
    return GridCell(cell_text(cell), col_span=span, ref=CellRef(table, row, column), role="value")


def _active(report: Report, spec: TableSpec) -> GridTable:
    rows: list[tuple[GridCell, ...]] = []
    items: dict[str, list[RowSpec]] = {}
    for row in spec.rows:
        items.setdefault(row.item or "", []).append(row)
    for item, item_rows in items.items():
        rows.append((GridCell(item, col_span=4, role="caption"),))
        columns = item_rows[0].columns
        header = [GridCell("信息内容", role="header")]
        for i, column in enumerate(columns):
            span = 3 - len(columns) + 1 if i == len(columns) - 1 else 1
            header.append(GridCell(column.header, col_span=span, role="header"))
        rows.append(tuple(header))
        for row in item_rows:
            cells = [GridCell(row.label)]
            for i, column in enumerate(row.columns):
                span = 3 - len(row.columns) + 1 if i == len(row.columns) - 1 else 1
                cells.append(_value(report, "active", row.key, column.key, span))
            rows.append(tuple(cells))
    return GridTable("active", 2, spec.title, 4, tuple(rows))


def _applications(report: Report, spec: TableSpec) -> GridTable:
    h = "header"
    rows: list[tuple[GridCell, ...]] = [
        (GridCell(APPLICATIONS_NOTE, 3, 3, role=h), GridCell("申请人情况", col_span=7, role=h)),
        (
            GridCell("自然人", row_span=2, role=h),
            GridCell("法人或其他组织", col_span=5, role=h),
            GridCell("总计", row_span=2, role=h),
        ),
        tuple(
            GridCell(label, role=h)
            for label in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
        ),
    ]
    started: set[str] = set()
    for row in spec.rows:
        values = tuple(_value(report, "applications", row.key, c.key) for c in row.columns)
        labels: list[GridCell] = []
        groups = row.groups
        if not groups:
            labels.append(GridCell(row.label, col_span=3))
        else:
            outer = groups[0]
            if outer not in started:
                started.add(outer)
                span = sum(1 for r in spec.rows if r.groups[:1] == (outer,))
                labels.append(GridCell(outer, row_span=span))
            if len(groups) == 1:
                labels.append(GridCell(row.label, col_span=2))
            else:
                inner = groups[1]
                if inner not in started:
                    started.add(inner)
                    span = sum(1 for r in spec.rows if r.groups[1:2] == (inner,))
                    labels.append(GridCell(inner, row_span=span))
                labels.append(GridCell(row.label))
        rows.append((*labels, *values))
    return GridTable("applications", 3, spec.title, 10, tuple(rows))


def _appeals(report: Report, spec: TableSpec) -> GridTable:
    h = "header"
    names = [c.label for c in spec.rows[0].columns]
    rows = (
        (GridCell("行政复议", col_span=5, role=h), GridCell("行政诉讼", col_span=10, role=h)),
        (
            *(GridCell(n, row_span=2, role=h) for n in names),
            GridCell("未经复议直接起诉", col_span=5, role=h),
            GridCell("复议后起诉", col_span=5, role=h),
        ),
        tuple(GridCell(n, role=h) for n in names * 2),
        tuple(_value(report, "appeals", row.key, c.key) for row in spec.rows for c in row.columns),
    )
    return GridTable("appeals", 4, spec.title, 15, rows)


def official_tables(report: Report) -> tuple[GridTable, GridTable, GridTable]:
    """The three tables of the report's template, laid out as in the official format."""
    template = report.template
    return (
        _active(report, template.table("active")),
        _applications(report, template.table("applications")),
        _appeals(report, template.table("appeals")),
    )


def expand(table: GridTable) -> list[list[GridCell | Covered]]:
    """The full rectangular grid: each position holds its cell or what covers it."""
    grid: list[list[GridCell | Covered | None]] = [[None] * table.width for _ in table.rows]
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while c < table.width and grid[r][c] is not None:
                c += 1
            for dr in range(cell.row_span):
                for dc in range(cell.col_span):
                    if r + dr < len(grid) and c + dc < table.width:
                        grid[r + dr][c + dc] = cell if (dr, dc) == (0, 0) else Covered(cell, dr > 0)
            c += cell.col_span
    return [[g if g is not None else GridCell("") for g in row] for row in grid]
