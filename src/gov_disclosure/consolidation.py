"""Consolidation: a region's report as the cell-wise sum of its agencies' reports.

>>> import gov_disclosure as gd
>>> a = gd.Report.from_values("2021", {"appeals": {"review": {"upheld": 1}}}, year=2024)
>>> b = gd.Report.from_values("2021", {"appeals": {"review": {"upheld": 2}}}, year=2024)
>>> gd.consolidate([a, b], agency="某县人民政府").appeals["review", "upheld"]
3
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, localcontext

from .errors import ValidationError
from .findings import Finding, make_finding
from .model import Cell, CellStatus, Meta, Report, SourceInfo, Table, Value

__all__ = ["ConsolidationError", "consolidate"]

_SECTION = {"active": 2, "applications": 3, "appeals": 4}


class ConsolidationError(ValidationError):
    """The reports cannot be summed (mixed templates or years, or none at all)."""


def _name(report: Report, index: int) -> str:
    return report.source.name or report.meta.agency or f"#{index + 1}"


def consolidate(
    reports: Iterable[Report],
    *,
    agency: str | None = None,
    year: int | None = None,
    blank_as_zero: bool = False,
) -> Report:
    """Sum the tables of reports of one template and year into a consolidated Report.

    A cell whose inputs all have values is their sum.  A cell with an input that is
    blank, not applicable, missing or unreadable gets no value (unless
    ``blank_as_zero=True`` and the gaps are only blanks) and a GD401 note names the
    inputs, so a gap is never summed silently as zero.
    """
    items = list(reports)
    if not items:
        raise ConsolidationError("nothing to consolidate")
    templates = sorted({r.meta.template for r in items})
    if len(templates) > 1:
        raise ConsolidationError(
            f"cannot sum reports of different templates ({', '.join(templates)})"
        )
    years = sorted({r.meta.year for r in items}, key=lambda y: (y is None, y or 0))
    if year is None:
        if len(years) > 1 or years[0] is None:
            raise ConsolidationError(
                f"the reports are for different or unknown years ({years}); pass year=..."
            )
        year = years[0]
    elif any(r.meta.year not in (year, None) for r in items):
        raise ConsolidationError(f"some reports are not for {year}: {years}")
    seen: dict[str, int] = {}
    for i, report in enumerate(items):
        digest = report.source.sha256 if report.source is not None else None
        if digest is not None and seen.setdefault(digest, i) != i:
            raise ConsolidationError(
                f"reports {seen[digest] + 1} and {i + 1} are the same file "
                f"({_name(report, i)}); it would be counted twice"
            )
    names = [_name(r, i) for i, r in enumerate(items)]
    notes: list[Finding] = []
    tables: dict[str, Table] = {}
    for key in ("active", "applications", "appeals"):
        cells = []
        for position, first in enumerate(items[0].table(key).cells):
            inputs = [r.table(key).cells[position] for r in items]
            cells.append(_sum(key, first.row, first.column, inputs, names, blank_as_zero, notes))
        tables[key] = Table(key, tuple(cells))
    meta = Meta(
        template=templates[0],
        agency=agency,
        year=year,
        title=f"{agency or ''}{year}年政府信息公开工作年度报告（汇总）",
        scope="consolidated",
        template_evidence=("consolidated from inputs of this template",),
        inputs=tuple(names),
    )
    return Report(
        meta=meta,
        active=tables["active"],
        applications=tables["applications"],
        appeals=tables["appeals"],
        source=SourceInfo(name=f"consolidated from {len(items)} reports", reader="consolidate"),
        notes=tuple(notes),
    )


def _sum(
    table: str,
    row: str,
    column: str,
    inputs: list[Cell],
    names: list[str],
    blank_as_zero: bool,
    notes: list[Finding],
) -> Cell:
    gaps = [
        (name, cell)
        for name, cell in zip(names, inputs, strict=True)
        if cell.status is not CellStatus.VALUE
        and not (blank_as_zero and cell.status is CellStatus.BLANK)
    ]
    if gaps:
        if len(gaps) == len(inputs) and all(c.status is CellStatus.BLANK for _, c in gaps):
            return Cell(row, column, CellStatus.BLANK, raw="")
        listed = "、".join(f"{n}（{c.status.value}）" for n, c in gaps[:5])
        notes.append(
            make_finding(
                "GD401",
                f"{table}/{row}/{column}：{len(gaps)} 份输入无数值，未汇总：{listed}",
                f"{table}/{row}/{column}: {len(gaps)} input(s) without a value, not summed: "
                + ", ".join(f"{n} ({c.status.value})" for n, c in gaps[:5]),
                section=_SECTION[table],
                table=table,
                row=row,
                column=column,
                cells=((table, row, column),),
            )
        )
        return Cell(row, column, CellStatus.UNREADABLE, raw=f"{len(gaps)} input(s) without a value")
    total: Value = 0
    with localcontext() as exact:
        exact.prec = 200  # amounts hold up to 42 digits: never round a sum
        for cell in inputs:
            if cell.value is not None:
                total = total + cell.value
        if any(isinstance(c.value, Decimal) for c in inputs):
            total = Decimal(total)
    return Cell(row, column, CellStatus.VALUE, total, str(total))
