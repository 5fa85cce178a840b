"""Checks: pure functions of a Report that return findings and never raise for bad data.

Built-in checks:

* ``relations`` — every arithmetic relation of the report's template (勾稽关系 per column,
  row totals, （七）总计, appeal group totals), from :meth:`Template.equations`;
* ``values`` — counts are whole and non-negative, amounts non-negative, and blank or
  not-applicable cells are reported (info) rather than read as zero.

A relation with a blank, not-applicable, missing or unreadable cell is not evaluated; it
is reported as ``GD205`` (info).  ``blank_as_zero=True`` treats *blank* cells as 0.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

from .findings import Finding, Findings, make_finding
from .model import Cell, CellStatus, Report, Value
from .templates import CellRef, ColumnKind, Equation

__all__ = ["CheckFunction", "check_relations", "check_values", "run_checks"]

CheckFunction = Callable[..., Iterable[Finding]]

_TABLE_SECTION = {"active": 2, "applications": 3, "appeals": 4}


_Key = tuple[str, str, str]
#: An equation, its sides as positions among the report's cells (the three tables'
#: cells in template order, which the Report guarantees), and every cell's key.
_Plan = list[tuple[Equation, tuple[int, ...], tuple[int, ...], tuple[_Key, ...]]]
_PLANS: dict[str, _Plan] = {}


def _plan(report: Report) -> _Plan:
    """The template's equations with their cells' positions, computed once per template."""
    plan = _PLANS.get(report.meta.template)
    if plan is None:
        template = report.template
        position = {(r.table, r.row, r.column): i for i, r in enumerate(template.cell_refs())}

        def keys(refs: Iterable[CellRef]) -> tuple[_Key, ...]:
            return tuple((r.table, r.row, r.column) for r in refs)

        plan = [
            (
                eq,
                tuple(position[k] for k in keys(eq.lhs)),
                tuple(position[k] for k in keys(eq.rhs)),
                keys(eq.lhs) + keys(eq.rhs),
            )
            for eq in template.equations()
        ]
        _PLANS[report.meta.template] = plan
    return plan


def _fmt(refs: Iterable[CellRef]) -> str:
    return " + ".join(f"{r.row}/{r.column}" for r in refs)


def check_relations(report: Report, *, blank_as_zero: bool = False, **_: Any) -> Iterator[Finding]:
    """Evaluate every equation of the report's template."""
    cells = (*report.active.cells, *report.applications.cells, *report.appeals.cells)
    value, blank = CellStatus.VALUE, CellStatus.BLANK
    terms = [
        c.value if c.status is value else 0 if blank_as_zero and c.status is blank else None
        for c in cells
    ]
    for eq, lhs, rhs, everything in _plan(report):
        left_terms = [terms[i] for i in lhs]
        right_terms = [terms[i] for i in rhs]
        if None in left_terms or None in right_terms:
            yield _not_evaluable(
                eq, [cells[i] for i in (*lhs, *rhs) if terms[i] is None], everything
            )
            continue
        left = sum(left_terms, start=0)  # type: ignore[arg-type]
        right = sum(right_terms, start=0)  # type: ignore[arg-type]
        if left != right:
            yield _unbalanced(eq, left, right, everything, cells[lhs[0]])


def _not_evaluable(eq: Equation, unknown: list[Cell], everything: tuple[_Key, ...]) -> Finding:
    main = eq.lhs[0]
    statuses = "/".join(sorted({c.status.value for c in unknown}))
    return make_finding(
        "GD205",
        f"{eq.relation}（{eq.scope}）无法核对：{len(unknown)} 个单元格为 {statuses}",
        f"{eq.relation} ({eq.scope}) not evaluated: {len(unknown)} cell(s) {statuses}",
        origin="check",
        section=_TABLE_SECTION[main.table],
        table=main.table,
        row=main.row,
        column=main.column,
        cells=everything,
    )


def _unbalanced(
    eq: Equation, left: Value, right: Value, everything: tuple[_Key, ...], first: Cell
) -> Finding:
    main = eq.lhs[0]
    return make_finding(
        eq.code,
        f"{eq.relation}（{eq.scope}）不成立：{_fmt(eq.lhs)} = {left}，而 {_fmt(eq.rhs)} = {right}",
        f"{eq.relation} ({eq.scope}) fails: {_fmt(eq.lhs)} = {left} but {_fmt(eq.rhs)} = {right}",
        origin="check",
        section=_TABLE_SECTION[main.table],
        table=main.table,
        row=main.row,
        column=main.column,
        cells=everything,
        source=first.location,
        expected=right,
        observed=left,
    )


def check_values(report: Report, **_: Any) -> Iterator[Finding]:
    """Counts whole and >= 0, amounts >= 0; blank and not-applicable cells noted."""
    template = report.template
    for table in report.tables.values():
        blanks: list[Cell] = []
        for cell in table.cells:
            if cell.status is CellStatus.BLANK:
                blanks.append(cell)
                continue
            if cell.status is CellStatus.NOT_APPLICABLE:
                yield _about(
                    "GD303",
                    cell,
                    table.key,
                    f"{cell.row}/{cell.column} 标为不适用（{cell.raw}），不按 0 计",
                    f"{cell.row}/{cell.column} is marked not applicable ({cell.raw!r}), not zero",
                )
                continue
            if cell.value is None or (type(cell.value) is int and cell.value >= 0):
                continue  # nothing below can apply to a whole number >= 0
            kind = template.table(table.key).column(cell.row, cell.column).kind
            if kind is not ColumnKind.SIGNED_COUNT and cell.value < 0:
                yield _about(
                    "GD301",
                    cell,
                    table.key,
                    f"{cell.row}/{cell.column} 为负数：{cell.value}",
                    f"{cell.row}/{cell.column} is negative: {cell.value}",
                )
            if (
                kind is not ColumnKind.AMOUNT
                and isinstance(cell.value, Decimal)
                and cell.value != cell.value.to_integral_value()
            ):
                yield _about(
                    "GD302",
                    cell,
                    table.key,
                    f"{cell.row}/{cell.column} 件数不是整数：{cell.value}",
                    f"{cell.row}/{cell.column} is a count but not whole: {cell.value}",
                )
        if blanks:
            yield make_finding(
                "GD110",
                f"表 {table.key} 有 {len(blanks)} 个空白单元格（按空白处理，不计为 0）："
                + "，".join(f"{c.row}/{c.column}" for c in blanks[:10]),
                f"table {table.key} has {len(blanks)} blank cell(s), kept blank, not zero: "
                + ", ".join(f"{c.row}/{c.column}" for c in blanks[:10]),
                origin="check",
                section=_TABLE_SECTION[table.key],
                table=table.key,
                row=blanks[0].row,
                column=blanks[0].column,
                cells=tuple((table.key, c.row, c.column) for c in blanks),
                source=blanks[0].location,
            )


def _about(code: str, cell: Cell, table: str, zh: str, en: str) -> Finding:
    return make_finding(
        code,
        zh,
        en,
        origin="check",
        section=_TABLE_SECTION[table],
        table=table,
        row=cell.row,
        column=cell.column,
        cells=((table, cell.row, cell.column),),
        source=cell.location,
        observed=cell.value,
        quote=cell.raw,
    )


def run_checks(
    report: Report,
    *,
    blank_as_zero: bool = False,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    checks: Iterable[str] | None = None,
) -> Findings:
    """Run checks (built-in and plugin) on a report.

    ``checks`` names the checks to run (default: all registered); ``select``/``ignore``
    keep or drop finding codes by prefix.  A check that raises is reported as GD901 and
    the others still run.
    """
    from .registry import check_functions

    findings: list[Finding] = []
    for name, function in check_functions(checks):
        try:
            findings.extend(function(report, blank_as_zero=blank_as_zero))
        except Exception as exc:  # a check must never take the others down
            findings.append(
                make_finding(
                    "GD901",
                    f"检查 {name} 出错：{type(exc).__name__}: {exc}",
                    f"check {name} crashed: {type(exc).__name__}: {exc}",
                    origin="check",
                )
            )
    result = Findings(tuple(findings))
    if select is not None:
        result = result.filter(code=tuple(select))
    if ignore is not None:
        result = result.exclude(tuple(ignore))
    return result
