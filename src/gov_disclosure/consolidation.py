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
from .series import agency_key

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
    allow_overlap: bool = False,
) -> Report:
    """Sum the tables of reports of one template and year into a consolidated Report.

    A cell whose inputs all have values is their sum.  A cell with an input that is
    blank, not applicable, missing or unreadable gets no value (unless
    ``blank_as_zero=True`` and the gaps are only blanks) and a GD401 note names the
    inputs, so a gap is never summed silently as zero.

    Inputs that would be counted twice are refused (:class:`ConsolidationError`): the
    same file twice, and two reports of one agency under one title (a copy, a revision,
    the HTML page and its PDF) unless ``allow_overlap=True``, which sums them with a
    GD407 warning.  These are summed with a GD407 warning, since they can also be so by
    chance: one agency name under different titles (townships of one name in two
    counties), two inputs whose values agree wherever both have one, a consolidated
    report summed with agencies' own reports, and an input whose tables are the sum of
    all the others'.
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
    refused, noted = _overlaps(items, names, tables)
    if refused and not allow_overlap:
        raise ConsolidationError(
            "; ".join(refused) + " — they would be counted twice; leave one out, or pass "
            "allow_overlap=True (--allow-overlap) if they are distinct"
        )
    for overlap in (*refused, *noted):
        notes.append(
            make_finding(
                "GD407",
                f"汇总的输入可能重复计算：{overlap}",
                f"the consolidated inputs may count the same applications twice: {overlap}",
            )
        )
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


def _overlaps(
    items: list[Report], names: list[str], totals: dict[str, Table]
) -> tuple[list[str], list[str]]:
    """Inputs that look like the same report twice, or like an aggregate of others —
    (refused: one agency twice under the same title; noted: the rest, which can also
    be by chance — townships of one name in two counties, small agencies' mostly-zero
    tables, a region's sum of other regions' sums)."""
    refused: list[str] = []
    noted: list[str] = []
    agencies: dict[str, int] = {}
    for i, report in enumerate(items):
        if not report.meta.agency:
            continue
        first = agencies.setdefault(agency_key(report.meta.agency), i)
        if first == i:
            continue
        titles = {agency_key(items[j].meta.title or "") for j in (first, i)}
        same = f"{names[first]} and {names[i]} are both reports of {report.meta.agency}"
        if len(titles) == 1 or "" in titles:
            refused.append(same)
        else:
            noted.append(same + " (under different titles)")
    for j, i in _same_values(items):
        noted.append(f"{names[j]} and {names[i]} have the same values")
    aggregates = [i for i, r in enumerate(items) if r.meta.scope == "consolidated"]
    if aggregates and len(aggregates) < len(items):
        shown = ", ".join(names[i] for i in aggregates[:5])
        noted.append(f"{shown}: a consolidated report summed with agencies' own reports")
    if len(items) >= 3:
        total = [c.value if c.status is CellStatus.VALUE else None for c in _cells(totals)]
        for i, report in enumerate(items):
            # this input is the sum of all the others: total == 2 x input, cell by cell
            pairs = [
                (t, c.value)
                for t, c in zip(total, report.cells(), strict=True)
                if t is not None and c.value is not None
            ]
            if _telling({v for _, v in pairs}) and all(t == 2 * v for t, v in pairs):
                noted.append(f"the tables of {names[i]} are the sum of the others'")
    return refused, noted


def _same_values(items: list[Report]) -> list[tuple[int, int]]:
    """Pairs of inputs whose values agree wherever both have one (four different
    non-zero among them): the same report read twice, gaps aside (the HTML page and its
    PDF).  Candidates share one of each input's three rarest non-zero values, so the
    work grows with the number of inputs, not its square."""
    values: list[dict[tuple[str, str, str], Value]] = [
        {
            (t.key, c.row, c.column): c.value
            for t in r.tables.values()
            for c in t.cells
            if c.value is not None
        }
        for r in items
    ]
    holders: dict[tuple[tuple[str, str, str], Value], list[int]] = {}
    for i, cells in enumerate(values):
        for item in cells.items():
            if item[1]:
                holders.setdefault(item, []).append(i)
    pairs = []
    for i, cells in enumerate(values):
        rarest = sorted((len(holders[item]), item) for item in cells.items() if item[1])[:3]
        candidates = {j for _, item in rarest for j in holders[item][:200] if j < i}
        for j in sorted(candidates):
            common = cells.keys() & values[j].keys()
            if _telling({cells[k] for k in common}) and all(
                cells[k] == values[j][k] for k in common
            ):
                pairs.append((j, i))
                break
    return pairs


def _telling(values: set[Value]) -> bool:
    """Enough to tell two reports apart: four different non-zero values.  Small
    agencies' tables (one application: 1 in six cells, zeros elsewhere) are alike."""
    return len(values - {0}) >= 4


def _cells(tables: dict[str, Table]) -> list[Cell]:
    return [c for key in ("active", "applications", "appeals") for c in tables[key].cells]


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
