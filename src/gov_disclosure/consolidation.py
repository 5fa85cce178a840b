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
from .templates import ColumnKind, get_template

__all__ = ["ConsolidationError", "consolidate"]

_SECTION = {"active": 2, "applications": 3, "appeals": 4}


class ConsolidationError(ValidationError):
    """The reports cannot be summed (mixed templates or years, or none at all)."""


def _name(report: Report, index: int) -> str:
    name = report.source.name or report.meta.agency or f"#{index + 1}"
    return f"{name}#{report.source.part}" if report.source.part else name


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
    same file twice, and two reports of one agency (a copy, a revision, the HTML page
    and its PDF — or townships of one name in two counties) unless
    ``allow_overlap=True``, which sums them with a GD407 warning.  These are summed with
    a GD407 warning, since they can also be so by chance: an agency name that ends
    another's (某县财政局, 某市某县财政局), two inputs whose values agree wherever both
    have one, a consolidated report summed with agencies' own reports, and an input
    whose tables are the sum of all the others'.  An input that states no year is
    summed as ``year`` with a GD409 warning.
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
                f"the reports are for different or unknown years ({years}); pass "
                "year=... (--year) to sum those of one year"
            )
        year = years[0]
    else:
        others = [r for r in items if r.meta.year not in (year, None)]
        if others:
            named = ", ".join(
                f"{r.source.name or r.meta.agency or '?'} ({r.meta.year})" for r in others[:5]
            )
            more = f" and {len(others) - 5} more" if len(others) > 5 else ""
            raise ConsolidationError(f"some reports are not for {year}: {named}{more}")
    seen: dict[tuple[str, int | None], int] = {}
    for i, report in enumerate(items):
        digest = report.source.sha256 if report.source is not None else None
        # the reports of a file holding several (gd.read_all) are told apart by part;
        # gd.read's report of such a file (part None) is its first
        part = report.source.part or 1
        if digest is not None and seen.setdefault((digest, part), i) != i:
            raise ConsolidationError(
                f"reports {seen[digest, part] + 1} and {i + 1} are the same file "
                f"({_name(report, i)}); it would be counted twice"
            )
    names = [_name(r, i) for i, r in enumerate(items)]
    notes: list[Finding] = []
    tables: dict[str, Table] = {}
    template = get_template(templates[0])
    for key in ("active", "applications", "appeals"):
        spec = template.table(key)
        cells = []
        for position, first in enumerate(items[0].table(key).cells):
            inputs = [r.table(key).cells[position] for r in items]
            amount = spec.column(first.row, first.column).kind is ColumnKind.AMOUNT
            cells.append(
                _sum(key, first.row, first.column, inputs, names, blank_as_zero, amount, notes)
            )
        tables[key] = Table(key, tuple(cells))
    refused, noted = _overlaps(items, names, tables)
    if refused and not allow_overlap:
        raise ConsolidationError(
            "; ".join(refused) + " — they would be counted twice; leave one out, or pass "
            "allow_overlap=True (--allow-overlap) if they are distinct"
        )
    undated = [names[i] for i, r in enumerate(items) if r.meta.year is None]
    if undated:
        listed = "、".join(undated[:5]) + (" …" if len(undated) > 5 else "")
        notes.append(
            make_finding(
                "GD409",
                f"{len(undated)} 份输入未写明年度，按 {year} 年汇总：{listed}",
                f"{len(undated)} input(s) state no year; summed as {year}: "
                + ", ".join(undated[:5])
                + (" …" if len(undated) > 5 else ""),
            )
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
    (refused: one agency twice; noted: the rest, which can also be so by chance — a
    name that ends another's, small agencies' alike tables, a region's sum of sums)."""
    refused: list[str] = []
    noted: list[str] = []
    keys = [
        agency_key(r.meta.agency) if r.meta.agency and "?" not in r.meta.agency else ""
        for r in items
    ]
    first_of: dict[str, int] = {}
    for i, key in enumerate(keys):
        if key and first_of.setdefault(key, i) != i:
            j = first_of[key]
            refused.append(f"{names[j]} and {names[i]} are both reports of {items[i].meta.agency}")
    for i, key in enumerate(keys):
        # 某县财政局 and 某市某县财政局: one agency named more or less fully — a place
        # before it (平城区 and 城区, 永丰县 and 丰县 are other places)
        for start in range(1, len(key) - 3):
            if key[start - 1] not in _PLACE_ENDS:
                continue
            other = first_of.get(key[start:])
            if other is not None and other != i:
                noted.append(
                    f"{names[other]} ({items[other].meta.agency}) and {names[i]} "
                    f"({items[i].meta.agency}) may be reports of one agency"
                )
                break
    unnamed = [names[i] for i, key in enumerate(keys) if not key]
    if unnamed and len(items) > 1:
        shown = ", ".join(unnamed[:5]) + (" …" if len(unnamed) > 5 else "")
        noted.append(f"{shown}: no agency name, so a second report of the same agency is not seen")
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
            if _different({v for _, v in pairs}) >= 2 and all(t == 2 * v for t, v in pairs):
                noted.append(f"the tables of {names[i]} are the sum of the others'")
    return refused, noted


#: The last character of what may stand before an agency's shorter name: a place name
#: (省, 市, 县 …), or a superior body (国家税务总局米易县税务局).
_PLACE_ENDS = frozenset("省市县区州旗盟镇乡局")

#: A value held by more inputs than this is not rare enough to look for copies by.
_RARE = 50


def _same_values(items: list[Report]) -> list[tuple[int, int]]:
    """Pairs of inputs whose values agree wherever both have one, with four different
    non-zero values among them: the same report read twice, gaps aside (the HTML page
    and its PDF).  Identical tables are found by hashing them; tables with gaps through
    each input's three rarest non-zero values — the copy with gaps finds the whole one
    through its own — so the work grows with the number of inputs, not its square."""
    values: list[dict[tuple[str, str, str], Value]] = [
        {
            (t.key, c.row, c.column): c.value
            for t in r.tables.values()
            for c in t.cells
            if c.value is not None
        }
        for r in items
    ]
    found: dict[tuple[int, int], None] = {}
    alike: dict[tuple[tuple[CellStatus, Value | None], ...], int] = {}
    for i, report in enumerate(items):
        if _different(set(values[i].values())) >= 4:
            first = alike.setdefault(tuple((c.status, c.value) for c in report.cells()), i)
            if first != i:
                found[(first, i)] = None
    holders: dict[tuple[tuple[str, str, str], Value], list[int]] = {}
    for i, cells in enumerate(values):
        for item in cells.items():
            if item[1]:
                holders.setdefault(item, []).append(i)
    for i, cells in enumerate(values):
        rare = [item for item in cells.items() if item[1] and len(holders[item]) <= _RARE]
        rarest = sorted(rare, key=lambda item: len(holders[item]))[:3]
        for j in sorted({j for item in rarest for j in holders[item] if j != i}):
            pair = (min(i, j), max(i, j))
            if pair in found:
                continue
            common = cells.keys() & values[j].keys()
            if _different({cells[k] for k in common}) >= 4 and all(
                cells[k] == values[j][k] for k in common
            ):
                found[pair] = None
    return sorted(found)


def _different(values: set[Value]) -> int:
    """How many different non-zero values: enough of them tell two reports apart, and
    small agencies' tables (one application: 1 in six cells, zeros elsewhere) are alike."""
    return len(values - {0})


def _cells(tables: dict[str, Table]) -> list[Cell]:
    return [c for key in ("active", "applications", "appeals") for c in tables[key].cells]


def _sum(
    table: str,
    row: str,
    column: str,
    inputs: list[Cell],
    names: list[str],
    blank_as_zero: bool,
    amount: bool,
    notes: list[Finding],
) -> Cell:
    gaps = [
        (name, cell)
        for name, cell in zip(names, inputs, strict=True)
        if cell.status is not CellStatus.VALUE
        and not (blank_as_zero and cell.status is CellStatus.BLANK)
    ]
    if gaps:
        if len(gaps) == len(inputs):
            statuses = {c.status for _, c in gaps}
            if statuses == {CellStatus.BLANK}:
                return Cell(row, column, CellStatus.BLANK, raw="")
            if statuses == {CellStatus.NOT_APPLICABLE}:  # not applicable to anyone
                return Cell(row, column, CellStatus.NOT_APPLICABLE, raw=gaps[0][1].raw)
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
    total: Value = Decimal(0) if amount else 0
    with localcontext() as exact:
        exact.prec = 200  # amounts hold up to 42 digits: never round a sum
        for cell in inputs:
            if cell.value is not None:
                total = total + cell.value
        if any(isinstance(c.value, Decimal) for c in inputs):
            total = Decimal(total)
    return Cell(row, column, CellStatus.VALUE, total, str(total))
