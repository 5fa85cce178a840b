"""Segments (label cells, then value cells) and the rule that places values; the
reading state a table fills."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import attrs

from ..document import DocCell
from ..errors import quote
from ..findings import Finding, make_finding
from ..labels import normalize_label
from ..location import SourceLocation
from ..model import Cell, CellStatus, Table
from ..numbers import ParsedCell, looks_like_value, parse_cell, shift
from ..templates import ColumnKind, ColumnSpec, RowSpec, TableSpec, Template

# --------------------------------------------------------------------------- segments


@attrs.frozen(slots=True)
class Segment:
    """Label cells followed by value cells: one table row, as far as the layout tells."""

    labels: tuple[DocCell, ...]
    values: tuple[DocCell, ...]
    #: True when the layout kept row boundaries (values are the rest of a real row).
    bounded: bool
    #: True when the cells are the table's real cells (no padding for merged cells).
    exact: bool = False
    #: Some value cell holds text (looked at often: computed once).
    has_values: bool = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "has_values", any(v.text.strip() for v in self.values))

    @property
    def raw(self) -> str:
        return " | ".join(c.text.strip() for c in (*self.labels, *self.values))

    @property
    def location(self) -> SourceLocation | None:
        first = (self.labels or self.values or (None,))[0]
        return first.location if first is not None else None


def _is_label(cell: DocCell) -> bool:
    return not looks_like_value(cell.text)


def segments_from_row(cells: Sequence[DocCell], exact: bool = False) -> Segment:
    """A bounded row: every label cell, then the cells after the last label."""
    labels = []
    last_label = -1
    for index, cell in enumerate(cells):
        if not looks_like_value(cell.text):
            labels.append(cell)
            last_label = index
    return Segment(tuple(labels), tuple(cells[last_label + 1 :]), bounded=True, exact=exact)


def segments_from_stream(cells: Iterable[DocCell]) -> Iterator[Segment]:
    """An unbounded stream: a new segment starts at each label after some values."""
    labels: list[DocCell] = []
    values: list[DocCell] = []
    for cell in cells:
        if _is_label(cell):
            if values:
                yield Segment(tuple(labels), tuple(values), bounded=False)
                labels, values = [], []
            labels.append(cell)
        else:
            values.append(cell)
    if labels or values:
        yield Segment(tuple(labels), tuple(values), bounded=False)


# --------------------------------------------------------------------------- placing values


@attrs.frozen(slots=True)
class Placement:
    """Which cells hold a row's N values, or why they cannot be placed.

    An empty cell is a blank value; ``None`` stands for a blank that has no cell of its
    own (a row whose cells are all empty, padding included)."""

    cells: tuple[DocCell | None, ...] | None
    problem: str | None = None
    guessed: bool = False
    #: blanks the reader inferred from the positions of other rows' values were used
    inferred: bool = False


def place_values(
    values: Sequence[DocCell],
    width: int,
    *,
    bounded: bool,
    labelled: bool = True,
    exact: bool = False,
) -> Placement:
    """Assign a row's value cells to its ``width`` columns, or refuse.

    Text exports pad merged cells with empty cells, so an empty cell may be a blank
    value or padding.  The rules, in order:

    * the input ends inside the row with values still to come: refuse;
    * exactly ``width`` non-empty cells: they are the values (empties were padding);
    * every cell empty: all blank, whatever the padding;
    * exactly ``width`` cells: positional (empties are blanks) — flagged as a guess when
      the row has a label, since an empty cell next to a merged label may be padding;
    * otherwise, if exactly one window of ``width`` consecutive cells holds every
      non-empty cell, use it, flagged as a guess;
    * otherwise refuse: too many values, too few, or ambiguous blanks.

    In an unbounded stream, or a table whose cells are exact (HTML, DOCX: merged cells
    appear once, no padding), the values must number exactly ``width``.

    Blanks a reader inferred from positions (``DocCell.inferred_blank``, a PDF without
    ruling lines) count only when the row cannot be placed without them: the row's own
    values first, and only if they fail, all its cells positionally when they number
    exactly ``width``.
    """
    if any(c.inferred_blank for c in values):
        real = [c for c in values if not c.inferred_blank]
        plain = place_values(real, width, bounded=bounded, labelled=labelled, exact=exact)
        if (plain.cells is not None and not plain.guessed) or len(values) != width:
            return plain
        return Placement(tuple(values), inferred=True)
    filled = [c for c in values if c.text.strip()]
    if values and values[-1].at_eof and len(filled) < width:
        return Placement(None, "the input ends inside this row")
    if exact or not bounded:
        if len(values) == width:
            return Placement(tuple(values))
        return Placement(None, f"expected {width} values, found {len(values)}")
    if len(filled) == width:
        return Placement(tuple(filled))
    if not filled and len(values) >= width:
        return Placement((None,) * width)
    if len(values) == width:
        return Placement(tuple(values), guessed=labelled)
    if len(filled) > width:
        return Placement(None, f"expected {width} values, found {len(filled)}")
    if not filled:
        return Placement(None, f"expected {width} values, found none")
    positions = [i for i, c in enumerate(values) if c.text.strip()]
    windows = [
        start
        for start in range(len(values) - width + 1)
        if start <= positions[0] and positions[-1] < start + width
    ]
    if len(windows) == 1:
        start = windows[0]
        return Placement(tuple(values[start : start + width]), guessed=True)
    return Placement(
        None,
        f"expected {width} values, found {len(filled)} and "
        f"{'no' if not windows else 'several'} consistent place(s) for the blanks",
    )


# --------------------------------------------------------------------------- reading state


@attrs.define
class _State:
    template: Template
    notes: list[Finding] = attrs.Factory(list)
    #: A text longer than ``_cache.LONG_TEXT`` was seen: clear the text caches after.
    long_text: bool = False

    def note(self, code: str, zh: str, en: str, **where: Any) -> None:
        self.notes.append(make_finding(code, zh, en, **where))


@attrs.define
class _TableReader:
    """Collects cells row by row for one table and turns them into a :class:`Table`."""

    spec: TableSpec
    state: _State
    found: dict[str, tuple[Cell, ...]] = attrs.Factory(dict)
    conflicts: set[str] = attrs.Factory(set)
    #: Rows refused for their column headers (GD126): nothing more is placed in them.
    refused: set[str] = attrs.Factory(set)
    seen_any: bool = False

    def put_row(self, row: RowSpec, segment: Segment, unit: str | None = None) -> None:
        """Place a row's values; ``unit`` is an amount unit stated in the header."""
        placement = place_values(
            segment.values, len(row.columns), bounded=segment.bounded, exact=segment.exact
        )
        section = self.spec.section
        if placement.cells is None:
            self.state.note(
                "GD104",
                f"{row.path}：无法确定数值所在列（{placement.problem}）。原文：{quote(segment.raw)}",
                f"{row.key}: values cannot be placed ({placement.problem}). "
                f"Raw: {quote(segment.raw)}",
                section=section,
                table=self.spec.key,
                row=row.key,
                cells=tuple((self.spec.key, row.key, c.key) for c in row.columns),
                source=segment.location,
                quote=quote(segment.raw),
            )
            self.put_unreadable(row, segment)
            return
        if placement.guessed:
            self.note_guess(row.path, segment, row)
        if placement.inferred:
            self.note_inferred(row.path, segment, row)
        cells = tuple(
            self._cell(row, column, doc_cell, segment, unit)
            for column, doc_cell in zip(row.columns, placement.cells, strict=False)
        )
        self._store(row, cells, segment)

    def refuse_columns(self, rows: Sequence[RowSpec], problem: str, headers: Sequence[str]) -> None:
        """Rows whose columns the headers put elsewhere than the template (GD126): every
        cell unreadable, whatever the rows hold."""
        shown = quote("、".join(headers))
        self.state.note(
            "GD126",
            f"{self.spec.title}：列标题与模板不符，数值不采用。列标题：{shown}",
            f"{self.spec.key}: {problem}; the values are not used. Headers: {shown}",
            section=self.spec.section,
            table=self.spec.key,
            cells=tuple((self.spec.key, r.key, c.key) for r in rows for c in r.columns),
            quote=shown,
        )
        for row in rows:
            self.found[row.key] = tuple(
                Cell(row.key, c.key, CellStatus.UNREADABLE, raw="") for c in row.columns
            )
            self.refused.add(row.key)
        self.seen_any = True

    def refuse_wrapped(self, rows: Sequence[RowSpec], segment: Segment, tail: Segment) -> None:
        """Rows placed from ``segment`` next to a line of numbers without a label
        (``tail``) in a text layout: part of a number wrapped across lines (or a page
        number), which may belong to them — their values cannot be trusted (GD127)."""
        raw = quote(f"{segment.raw} / {tail.raw}")
        self.state.note(
            "GD127",
            f"{self.spec.title}：数值行旁有一行无标签的数字（跨行折断的数字或页码），"
            f"该行数值不采用。原文：{raw}",
            f"{self.spec.key}: a line of numbers without a label stands next to this row "
            f"(part of a number wrapped across lines, or a page number); its values are "
            f"not used. Raw: {raw}",
            section=self.spec.section,
            table=self.spec.key,
            row=rows[0].key if len(rows) == 1 else None,
            cells=tuple((self.spec.key, r.key, c.key) for r in rows for c in r.columns),
            source=tail.location,
            quote=raw,
        )
        for row in rows:
            if row.key in self.refused:
                continue
            self.found[row.key] = tuple(
                Cell(row.key, c.key, CellStatus.UNREADABLE, raw=raw, location=segment.location)
                for c in row.columns
            )

    def put_unreadable(self, row: RowSpec, segment: Segment) -> None:
        cells = tuple(
            Cell(
                row.key,
                c.key,
                CellStatus.UNREADABLE,
                raw=quote(segment.raw),
                location=segment.location,
            )
            for c in row.columns
        )
        self._store(row, cells, segment)

    def note_guess(self, what: str, segment: Segment, row: RowSpec | None = None) -> None:
        self._note_placement(
            "GD108",
            f"{what}：空白单元格的位置为推定。原文：{quote(segment.raw)}",
            f"{row.key if row else self.spec.key}: blank cells placed by position. "
            f"Raw: {quote(segment.raw)}",
            segment,
            row,
        )

    def note_inferred(self, what: str, segment: Segment, row: RowSpec | None = None) -> None:
        self._note_placement(
            "GD130",
            f"{what}：空白单元格按同表完整行数值的列位置确定。原文：{quote(segment.raw)}",
            f"{row.key if row else self.spec.key}: blank cells placed by the columns of "
            f"the table's full rows. Raw: {quote(segment.raw)}",
            segment,
            row,
        )

    def _note_placement(
        self, code: str, zh: str, en: str, segment: Segment, row: RowSpec | None
    ) -> None:
        """A finding about how a row's (or, without ``row``, the table's) blanks were
        placed."""
        cells = (
            tuple((self.spec.key, row.key, c.key) for c in row.columns)
            if row is not None
            else tuple((self.spec.key, r.row, r.column) for r in self.spec.cell_refs())
        )
        self.state.note(
            code,
            zh,
            en,
            section=self.spec.section,
            table=self.spec.key,
            row=row.key if row else None,
            cells=cells,
            source=segment.location,
            quote=quote(segment.raw),
        )

    def _cell(
        self,
        row: RowSpec,
        spec: ColumnSpec,
        doc_cell: DocCell | None,
        segment: Segment,
        unit: str | None = None,
    ) -> Cell:
        column, kind = spec.key, spec.kind
        if doc_cell is None:
            # a blank: locate it at the row (the layout gives it no cell of its own)
            return Cell(row.key, column, CellStatus.BLANK, raw="", location=segment.location)
        if doc_cell.at_eof:
            # the input ends inside this cell: its text (even an empty one) may be cut off
            self._cell_note(
                "GD117",
                f"数值位于文件末尾且无换行，可能被截断：{quote(doc_cell.text)}",
                f"value at the very end of the input may be cut off: {quote(doc_cell.text)}",
                row,
                column,
                doc_cell,
            )
            return Cell(
                row.key,
                column,
                CellStatus.UNREADABLE,
                raw=doc_cell.text,
                location=doc_cell.location,
            )
        parsed = parse_cell(doc_cell.text, kind)
        if kind is ColumnKind.AMOUNT:
            parsed = amount_value(parsed, unit, header_unit(normalize_label(spec.label)))
        if parsed.status is CellStatus.UNREADABLE:
            self._cell_note(
                "GD105", str(parsed.problem), str(parsed.problem), row, column, doc_cell
            )
        if parsed.converted_unit:
            text = doc_cell.text.strip()
            self._cell_note(
                "GD109",
                f"{text}（{unit or '元'}）已换算为 {parsed.value} 万元",
                f"{text} ({unit or '元'}) converted to {parsed.value} 万元",
                row,
                column,
                doc_cell,
            )
        return Cell(row.key, column, parsed.status, parsed.value, doc_cell.text, doc_cell.location)

    def _cell_note(
        self, code: str, zh: str, en: str, row: RowSpec, column: str, doc_cell: DocCell
    ) -> None:
        """A finding about one cell, located at it and quoting its text."""
        self.state.note(
            code,
            f"{row.path}/{column}：{zh}",
            f"{row.key}/{column}: {en}",
            section=self.spec.section,
            table=self.spec.key,
            row=row.key,
            column=column,
            cells=((self.spec.key, row.key, column),),
            source=doc_cell.location,
            quote=quote(doc_cell.text),
        )

    def _store(self, row: RowSpec, cells: tuple[Cell, ...], segment: Segment) -> None:
        self.seen_any = True
        if row.key in self.refused:
            return
        previous = self.found.get(row.key)
        if previous is None:
            self.found[row.key] = cells
            return
        if [(c.status, c.value) for c in previous] == [(c.status, c.value) for c in cells]:
            return  # the same row repeated (e.g. after a page break): harmless
        self.conflicts.add(row.key)
        self.state.note(
            "GD111",
            f"{row.path} 出现两次且数值不同，均不采用。第二次原文：{quote(segment.raw)}",
            f"{row.key} appears twice with different values; neither is used. "
            f"Second: {quote(segment.raw)}",
            section=self.spec.section,
            table=self.spec.key,
            row=row.key,
            cells=tuple((self.spec.key, row.key, c.key) for c in row.columns),
            source=segment.location,
            quote=quote(segment.raw),
        )

    def unplaced(self, segment: Segment, why_zh: str, why_en: str, code: str = "GD120") -> None:
        self.state.note(
            code,
            f"{self.spec.title}：{why_zh}，未采用。原文：{quote(segment.raw)}",
            f"{self.spec.key}: {why_en}; not used. Raw: {quote(segment.raw)}",
            section=self.spec.section,
            table=self.spec.key,
            source=segment.location,
            quote=quote(segment.raw),
        )

    def build(self) -> Table:
        cells: list[Cell] = []
        missing_rows = [r for r in self.spec.rows if r.key not in self.found]
        if not self.seen_any:
            self.state.note(
                "GD102",
                f"未找到表格“{self.spec.title}”，其单元格均为缺失",
                f"table {self.spec.key} ({self.spec.title}) not found; all its cells are missing",
                section=self.spec.section,
                table=self.spec.key,
            )
        else:
            for row in missing_rows:
                self.state.note(
                    "GD103",
                    f"未找到表格行“{row.path}”，其单元格为缺失",
                    f"row {row.key} ({row.label}) not found; its cells are missing",
                    section=self.spec.section,
                    table=self.spec.key,
                    row=row.key,
                    cells=tuple((self.spec.key, row.key, c.key) for c in row.columns),
                )
        for row in self.spec.rows:
            found = self.found.get(row.key)
            if found is None:
                cells.extend(Cell.missing(row.key, c.key) for c in row.columns)
            elif row.key in self.conflicts:
                cells.extend(
                    attrs.evolve(c, status=CellStatus.UNREADABLE, value=None) for c in found
                )
            else:
                cells.extend(found)
        return Table(self.spec.key, tuple(cells))


_PARENTHESES = re.compile(r"\([^()]*\)")
_SHORTHAND = frozenset(("百", "千", "万", "十万", "百万", "千万", "亿"))  # 单位:万 = 万元
#: Amount units a header may state, as powers of ten to 万元 (the template's unit).  Any other
#: text naming 元 (百万美元, 元/万元 …) makes the amounts unreadable, never guessed.
_UNIT_POWERS = {
    "元": -4,
    "百元": -2,
    "千元": -1,
    "十万元": 1,
    "百万元": 2,
    "千万元": 3,
    "亿元": 4,
}


def _names_unit(parenthesised: str) -> bool:
    inner = parenthesised[1:-1].strip()
    return "元" in inner or "单位" in inner or inner in _SHORTHAND


def header_unit(norm: str) -> str | None:
    """The amount unit a normalised header, caption or amount row label states: after
    金额 (``(单位:万元)``, ``/元``, ``万元人民币``, ``(单位:万)``), after 单位 anywhere
    (``第二十条第(八)项(单位:元)``), or in brackets (``行政事业性收费(元)``).  Returns
    ``万元``, ``元`` … or the unrecognised text when it names 元 or follows 单位 after
    金额 (then the amounts are refused); None if it states none.  Parenthesised notes
    without a unit (``(注)``, ``(2023年)``) are left out, and so are units of counts
    (``(单位:件)``) outside an amount header."""
    if "金额" in norm:
        tail, strict = norm.rsplit("金额", 1)[1], True
    elif "单位" in norm:
        tail, strict = norm[norm.index("单位") :], False
    elif "元" in norm:
        tail = "".join(m.group(0) for m in _PARENTHESES.finditer(norm) if "元" in m.group(0))
        strict = False
    else:
        return None
    marked = "单位" in tail
    tail = _PARENTHESES.sub(lambda m: m.group(0) if _names_unit(m.group(0)) else "", tail)
    unit = tail.replace("(", "").replace(")", "").replace("单位", "").replace("人民币", "")
    unit = unit.strip("/:：,，、;； ")
    if not unit:
        return None
    if "元" in unit:
        return unit
    if unit in _SHORTHAND and (strict or marked):
        return unit + "元"
    return unit if marked and strict else None


def amount_value(parsed: ParsedCell, stated: str | None, default: str | None) -> ParsedCell:
    """An amount cell in 万元, from the unit the cell states (parsed), the unit its
    table's headers state (``stated``: None, a unit, or several joined by ``|``) and
    the template's (``default``).  A cell's unit that disagrees with a unit the report's
    header states (other than the template's own), an unknown unit, or no unit anywhere
    make it unreadable, never a guess."""
    if parsed.status is not CellStatus.VALUE or parsed.value is None:
        return parsed
    if parsed.stated_unit is not None:
        # the cell's own unit wins over the template's printed one (251000元 under
        # 本年收费金额（单位：万元）), not over a unit the report itself wrote differently
        if stated in (None, default, parsed.stated_unit):
            return parsed
        return attrs.evolve(
            parsed,
            status=CellStatus.UNREADABLE,
            value=None,
            problem=f"the cell says {parsed.stated_unit} but the header says {stated}",
        )
    unit = stated or default
    if unit is None:
        return attrs.evolve(
            parsed,
            status=CellStatus.UNREADABLE,
            value=None,
            problem="an amount with no unit (the template states none; 元 or 万元?)",
        )
    if unit == "万元":
        return parsed
    return _in_header_unit(parsed, unit)


def _in_header_unit(parsed: ParsedCell, unit: str | None) -> ParsedCell:
    """A value in the unit its header states, converted to 万元 (or refused)."""
    if parsed.status is not CellStatus.VALUE or parsed.value is None:
        return parsed
    power = _UNIT_POWERS.get(unit or "")
    if power is None:
        return attrs.evolve(
            parsed, status=CellStatus.UNREADABLE, value=None, problem=f"unknown unit {unit!r}"
        )
    return attrs.evolve(parsed, value=shift(Decimal(parsed.value), power), converted_unit=True)
