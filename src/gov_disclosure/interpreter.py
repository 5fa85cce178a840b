"""The interpreter: any Document → a Report.  It knows templates, not layouts.

Written once and shared by every reader, built-in or third-party.  The steps, each a
small function on plain data:

1. clean — drop page numbers and editor artefacts (noted);
2. detect the template from labels (the year is only a tie-breaker);
3. route every table row to one of the three tables, by headings and by content;
4. cut the rows into *segments* — label cells followed by value cells — whether or not
   the layout kept row boundaries;
5. read each table label-anchored: a row's key comes from its own label (matched through
   :mod:`gov_disclosure.labels`), its values from the cells after that label, placed by a
   width rule that refuses to guess (:func:`place_values`);
6. metadata and narrative sections from the paragraphs.

Whatever cannot be placed with certainty is left missing or unreadable, with a finding
that quotes the raw row.  A wrong number is never emitted silently.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import attrs

from .document import DocCell, DocTable, Document, Paragraph, is_page_number
from .errors import TemplateNotRecognised, quote
from .findings import Finding, make_finding
from .labels import LabelMatch, normalize_label, strip_parentheticals
from .location import SourceLocation
from .model import Cell, CellStatus, Meta, Report, Section, SourceInfo, Table
from .numbers import ParsedCell, looks_like_value, parse_cell
from .templates import TEMPLATES, ColumnKind, RowSpec, TableSpec, Template

__all__ = ["interpret", "place_values"]

_ARTEFACT = re.compile(r"\[bookmark:[^\]\n]{0,200}\]|\{\\[^}\n]{0,200}\}")
_SECTION_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}


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

    @property
    def raw(self) -> str:
        return " | ".join(c.text.strip() for c in (*self.labels, *self.values))

    @property
    def location(self) -> SourceLocation | None:
        first = (self.labels or self.values or (None,))[0]
        return first.location if first is not None else None

    @property
    def has_values(self) -> bool:
        return any(v.text.strip() for v in self.values)


def _is_label(cell: DocCell) -> bool:
    return not looks_like_value(cell.text)


def segments_from_row(cells: Sequence[DocCell], exact: bool = False) -> Segment:
    """A bounded row: every label cell, then the cells after the last label."""
    last_label = -1
    for i, cell in enumerate(cells):
        if _is_label(cell):
            last_label = i
    labels = tuple(c for c in cells[: last_label + 1] if _is_label(c))
    return Segment(labels, tuple(cells[last_label + 1 :]), bounded=True, exact=exact)


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
    """
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

    def note(self, code: str, zh: str, en: str, **where: Any) -> None:
        self.notes.append(make_finding(code, zh, en, **where))


@attrs.define
class _TableReader:
    """Collects cells row by row for one table and turns them into a :class:`Table`."""

    spec: TableSpec
    state: _State
    found: dict[str, tuple[Cell, ...]] = attrs.Factory(dict)
    conflicts: set[str] = attrs.Factory(set)
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
        cells = tuple(
            self._cell(row, column.key, column.kind, doc_cell, segment, unit)
            for column, doc_cell in zip(row.columns, placement.cells, strict=False)
        )
        self._store(row, cells, segment)

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
        cells = (
            tuple((self.spec.key, row.key, c.key) for c in row.columns)
            if row is not None
            else tuple((self.spec.key, r.row, r.column) for r in self.spec.cell_refs())
        )
        self.state.note(
            "GD108",
            f"{what}：空白单元格的位置为推定。原文：{quote(segment.raw)}",
            f"{row.key if row else self.spec.key}: blank cells placed by position. "
            f"Raw: {quote(segment.raw)}",
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
        column: str,
        kind: Any,
        doc_cell: DocCell | None,
        segment: Segment,
        unit: str | None = None,
    ) -> Cell:
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
        if kind is ColumnKind.AMOUNT and unit not in (None, "万元") and not parsed.converted_unit:
            parsed = _in_header_unit(parsed, unit)
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


# --------------------------------------------------------------------------- routing rows

_ACTIVE_ANCHOR = re.compile(r"^第二十条第?\(([一二三四五六七八九十]+)\)项")
_APPS_ANCHORS = ("勾稽关系", "申请人情况", "本年新收政府信息公开申请数量")
_APPEALS_ANCHORS = frozenset({"行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"})


def _anchor(cell: DocCell) -> str | None:
    """Which table a cell's text identifies, if any."""
    return _anchor_text(cell.text)


@functools.lru_cache(maxsize=8192)
def _anchor_text(text: str) -> str | None:
    if not text.strip() or looks_like_value(text):
        return None
    norm = normalize_label(text)
    if _ACTIVE_ANCHOR.match(norm) or norm == "信息内容":
        return "active"
    if any(anchor in norm for anchor in _APPS_ANCHORS):
        return "applications"
    if norm in _APPEALS_ANCHORS:
        return "appeals"
    return None


def _heading_number(paragraph: Paragraph) -> int | None:
    """The section (1–6) a paragraph is the heading of, if it is one."""
    text = paragraph.text.strip().lstrip("#").strip()
    if not text or len(text) > 60:
        return None
    match = re.match(r"^([一二三四五六]|[1-6])\s*[、.．，,]\s*", text)
    number = None
    if match:
        token = match.group(1)
        number = _SECTION_NUMBERS.get(token) or int(token)
        text = text[match.end() :]
    elif text[:1] in "(（" or len(text) > 30 or not text.rstrip("。：:").endswith(("情况", "事项")):
        return None  # an unnumbered heading must look like one (… 情况 / … 事项)
    if any(mark in text for mark in "，。；,;"):
        return None  # a sentence (e.g. a wrapped PDF line), not a heading
    norm = normalize_label(text)
    candidates = [k for k, test in _SECTION_TESTS if test(norm)]
    if not candidates:
        return None
    if number is not None and number not in candidates:
        return None
    return number if number is not None else candidates[0]


_SECTION_TESTS: tuple[tuple[int, Callable[[str], bool]], ...] = (
    (1, lambda n: n.startswith("总体情况") and len(n) <= 12),
    (2, lambda n: "主动公开政府信息" in n and len(n) <= 20),
    (3, lambda n: "收到和处理政府信息公开申请" in n and len(n) <= 24),
    (4, lambda n: "行政复议" in n and "行政诉讼" in n and len(n) <= 40),
    (5, lambda n: ("存在的主要问题" in n or "问题及改进" in n) and len(n) <= 30),
    (6, lambda n: n.startswith("其他需要报告的事项") and len(n) <= 14),
)


@attrs.frozen(slots=True)
class _Routed:
    """Table rows routed to tables, plus headings and paragraphs for meta/narrative."""

    rows: dict[str, list[tuple[tuple[DocCell, ...], str]]]
    headings: dict[int, int]  # section number → block index
    paragraphs: list[tuple[int, Paragraph]]


def _route(blocks: Sequence[Paragraph | DocTable]) -> _Routed:
    rows: dict[str, list[tuple[tuple[DocCell, ...], str]]] = {
        "active": [],
        "applications": [],
        "appeals": [],
    }
    headings: dict[int, int] = {}
    paragraphs: list[tuple[int, Paragraph]] = []
    current: str | None = None
    by_section = {2: "active", 3: "applications", 4: "appeals"}
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            number = _heading_number(block)
            if number is not None and number not in headings:
                headings[number] = index
                current = by_section.get(number)
            else:
                # Inside a table section, a text line is a label fragment: layouts that
                # lose row boundaries (PDF text) put wrapped label lines there.
                # Only label text: a number on a line of its own is not a table cell in
                # the layout's own terms (a cut-off "99968" must not become a value).
                current = _anchor_text(block.text) or current
                if current is not None and number is None and not looks_like_value(block.text):
                    rows[current].append(((DocCell(block.text, block.location),), "stream"))
            paragraphs.append((index, block))
            continue
        for row in block.rows:
            for cell in row.cells:
                anchor = _anchor(cell)
                if anchor is not None:
                    current = anchor
                    break
            if current is not None:
                rows[current].append((row.cells, _mode(block)))
    return _Routed(rows, headings, paragraphs)


def _mode(table: DocTable) -> str:
    if not table.row_boundaries_known:
        return "stream"
    return "exact" if table.exact_cells else "padded"


def _segments(rows: list[tuple[tuple[DocCell, ...], str]]) -> list[Segment]:
    out: list[Segment] = []
    stream: list[DocCell] = []
    for cells, mode in rows:
        if mode != "stream":
            if stream:
                out.extend(segments_from_stream(stream))
                stream = []
            out.append(segments_from_row(cells, exact=mode == "exact"))
        else:
            stream.extend(cells)
    if stream:
        out.extend(segments_from_stream(stream))
    return out


# --------------------------------------------------------------------------- template


def _detect_template(
    routed: _Routed, year_hint: int | None, source: str | None
) -> tuple[Template, tuple[str, ...], bool]:
    labels: set[str] = set()
    for table_rows in routed.rows.values():
        for cells, _ in table_rows:
            for cell in cells:
                if cell.text.strip() and not looks_like_value(cell.text):
                    labels.add(normalize_label(cell.text))
    scores: dict[str, list[str]] = {}
    for template in TEMPLATES.values():
        hits = [ev for ev in template.evidence if normalize_label(ev) in labels]
        scores[template.id] = hits
    ranked = sorted(TEMPLATES.values(), key=lambda t: len(scores[t.id]), reverse=True)
    best, runner_up = ranked[0], ranked[1]
    if len(scores[best.id]) > len(scores[runner_up.id]):
        return best, tuple(scores[best.id]), False
    # No distinguishing label: is it a national-template report at all?
    common = {"本年新收政府信息公开申请数量", "申请人情况", "予以公开", "结果维持"}
    seen_common = sorted(c for c in common if c in labels)
    if not seen_common and not scores[best.id]:
        raise TemplateNotRecognised(
            "no table of the 2021 or 2019 national template was found (a pre-2019 "
            "free-format report, tables published as images, or not an annual report); "
            "nothing was read",
            source=source,
            evidence=tuple(sorted(labels))[:20],
        )
    chosen = TEMPLATES["2019"] if year_hint is not None and year_hint < 2021 else TEMPLATES["2021"]
    evidence = (*scores[chosen.id], *seen_common, f"year {year_hint}" if year_hint else "default")
    return chosen, tuple(evidence), True


# --------------------------------------------------------------------------- tables


_UNIT_IN_HEADER = re.compile(r"(?:单位:)?(万元|千元|亿元|元)\)?$")
_UNIT_FACTORS = {"元": Decimal(1) / 10000, "千元": Decimal(1) / 10, "亿元": Decimal(10000)}


def _in_header_unit(parsed: ParsedCell, unit: str | None) -> ParsedCell:
    """A value in the unit its header states, converted to 万元 (or refused)."""
    if parsed.status is not CellStatus.VALUE or parsed.value is None:
        return parsed
    factor = _UNIT_FACTORS.get(unit or "")
    if factor is None:
        return attrs.evolve(
            parsed, status=CellStatus.UNREADABLE, value=None, problem=f"unknown unit {unit!r}"
        )
    return attrs.evolve(parsed, value=Decimal(parsed.value) * factor, converted_unit=True)


def _header_unit(labels: Sequence[DocCell]) -> str | None:
    for cell in labels:
        norm = normalize_label(cell.text)
        if "金额" in norm:
            match = _UNIT_IN_HEADER.search(norm)
            return match.group(1) if match else None
    return None


def _read_active(segments: list[Segment], reader: _TableReader) -> None:
    spec = reader.spec
    headers = {normalize_label(h) for h in spec.header_labels}
    headers |= {strip_parentheticals(h) for h in headers}
    unit: str | None = None  # an amount unit stated in the current item's header
    for segment in segments:
        if not segment.labels:
            if segment.has_values:
                reader.unplaced(segment, "数值无行标签", "values without a row label")
            continue
        last = segment.labels[-1]
        norm = normalize_label(last.text)
        if _ACTIVE_ANCHOR.match(norm):
            unit = None
            continue
        if norm in headers or strip_parentheticals(norm) in headers:
            unit = _header_unit(segment.labels) or unit
            continue
        match = spec.row_labels.match(last.text)
        if match is None:
            if segment.has_values:
                reader.unplaced(
                    segment, "行标签不属于模板", "row label not in the template", "GD112"
                )
            continue
        _note_match(reader, match.method, match.score, last, spec.row(match.key))
        reader.put_row(spec.row(match.key), segment, unit)


def _read_applications(segments: list[Segment], reader: _TableReader) -> None:
    spec = reader.spec
    ignorable = {normalize_label(h) for h in spec.header_labels}
    # labels of a value-less segment just before: the first half of a label broken
    # across lines or pages (（四）无 / 法提供)
    carried: tuple[DocCell, ...] = ()
    for segment in segments:
        before, carried = carried, ()
        if not segment.labels:
            if segment.has_values:
                reader.unplaced(segment, "数值无行标签", "values without a row label")
            continue
        earlier = [normalize_label(c.text) for c in segment.labels[:-1]]
        if not segment.has_values and any(h in label for label in earlier for h in ignorable):
            continue  # a header row such as 申请人情况 … 总计
        if not segment.has_values:
            carried = segment.labels[-2:]
        row, label_cell, joined, match = _resolve_row_label(spec, (*before, *segment.labels))
        if row is None:
            last = normalize_label(segment.labels[-1].text)
            is_group = spec.group_labels.match(last, fuzzy_cutoff=0.95) is not None
            if segment.has_values and not any(h in last for h in ignorable):
                why = (
                    ("分组行带有数值", "a group row carries values")
                    if is_group
                    else (
                        "行标签不属于模板",
                        "row label not in the template",
                    )
                )
                reader.unplaced(segment, why[0], why[1], "GD112")
            continue
        if joined:
            reader.state.note(
                "GD116",
                f"跨行标签已合并为“{row.label}”",
                f"label re-joined as {row.label!r}",
                section=spec.section,
                table=spec.key,
                row=row.key,
                source=label_cell.location,
            )
        elif match is not None:
            _note_match(reader, match.method, match.score, label_cell, row)
        reader.put_row(row, segment)


def _resolve_row_label(
    spec: TableSpec, labels: Sequence[DocCell]
) -> tuple[RowSpec | None, DocCell, bool, LabelMatch | None]:
    """The row named by the label cell right before the values (joined with its broken-off
    beginning when needed).  Earlier labels are groups or headers and never decide the row.
    Returns the row, the label cell, whether labels were joined, and the match."""
    last = labels[-1]
    match = spec.row_labels.match(last.text)
    if match is not None and spec.group_labels.match(last.text, fuzzy_cutoff=1.1) is None:
        return spec.row(match.key), last, False, match
    for k in (2, 3):
        if len(labels) < k:
            break
        text = "".join(c.text for c in labels[-k:])
        joined = spec.row_labels.match(text)
        if joined is not None and joined.method != "fuzzy":
            return spec.row(joined.key), labels[-k], True, joined
    return None, last, False, None


def _note_match(
    reader: _TableReader, method: str, score: float, cell: DocCell, row: RowSpec
) -> None:
    """Every label matched other than exactly is a guess or a variant: say so."""
    if method == "fuzzy":
        reader.state.note(
            "GD106",
            f"标签“{quote(cell.text.strip())}”近似匹配为“{row.label}”（相似度 {score}）",
            f"label {quote(cell.text.strip())!r} matched {row.label!r} fuzzily (score {score})",
            section=reader.spec.section,
            table=reader.spec.key,
            row=row.key,
            source=cell.location,
            quote=quote(cell.text),
        )
    elif method == "variant":
        reader.state.note(
            "GD107",
            f"标签“{quote(cell.text.strip())}”为“{row.label}”的变体写法",
            f"label {quote(cell.text.strip())!r} is a variant of {row.label!r}",
            section=reader.spec.section,
            table=reader.spec.key,
            row=row.key,
            source=cell.location,
            quote=quote(cell.text),
        )


def _read_appeals(segments: list[Segment], reader: _TableReader) -> None:
    """Section 四 is one row of 15 values (three groups of five) under a 3-row header."""
    spec = reader.spec
    width = sum(len(r.columns) for r in spec.rows)
    headers = {normalize_label(h) for h in spec.header_labels} | {
        normalize_label(c.label) for c in spec.rows[0].columns
    }
    taken = False
    for segment in segments:
        labelled_by_header = bool(segment.labels) and all(
            strip_parentheticals(normalize_label(c.text)) in headers for c in segment.labels
        )
        if not segment.has_values and not (
            len(segment.values) == width and (not segment.labels or not labelled_by_header)
        ):
            continue  # a header row
        if taken:
            reader.unplaced(segment, "多余的数值行", "an extra row of values")
            continue
        taken = True
        placement = place_values(
            segment.values,
            width,
            bounded=segment.bounded,
            labelled=bool(segment.labels),
            exact=segment.exact,
        )
        if placement.cells is None:
            reader.state.note(
                "GD104",
                f"{spec.title}：无法确定数值所在列（{placement.problem}）。"
                f"原文：{quote(segment.raw)}",
                f"appeals: values cannot be placed ({placement.problem}). "
                f"Raw: {quote(segment.raw)}",
                section=spec.section,
                table=spec.key,
                cells=tuple((spec.key, ref.row, ref.column) for ref in spec.cell_refs()),
                source=segment.location,
                quote=quote(segment.raw),
            )
            for row in spec.rows:
                reader.put_unreadable(row, segment)
            continue
        if placement.guessed:
            reader.note_guess(spec.title, segment)
        blank = DocCell("", segment.location or SourceLocation())
        for i, row in enumerate(spec.rows):
            part = placement.cells[i * 5 : (i + 1) * 5]
            cells = tuple(c if c is not None else blank for c in part)
            reader.put_row(row, Segment(segment.labels, cells, bounded=False))


# --------------------------------------------------------------------------- meta

_YEAR_IN_TITLE = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年\s*度?\s*(?:政府|政务)?信息公开")
_PERIOD = re.compile(
    r"(?:统计期限|统计数据|数据统计期限|统计时限)[^0-9]{0,12}((?:19|20)\d{2})\s*年"
)
_ANY_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")
_HINT_KEYS = (
    "发布时间",
    "发布日期",
    "公开日期",
    "成文日期",
    "信息来源",
    "发布机构",
    "索引号",
    "来源",
)
_HINT_LINE = re.compile(r"^\s*(" + "|".join(_HINT_KEYS) + r")\s*[:：]\s*(.*)$")
_ORG_SUFFIX = re.compile(
    r"(政府|办公室|办公厅|委员会|局|中心|厅|委|院|所|处|办|站|队|馆|署|会|公司|集团|管理处|街道|镇|乡|区)$"
)


def _parse_date(text: str) -> _dt.date | None:
    match = _DATE.search(text)
    if not match:
        return None
    try:
        return _dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _paragraph_hints(paragraphs: list[tuple[int, Paragraph]]) -> dict[str, str]:
    """``发布时间: 2025-01-21`` on one line, or the key on one line and the value on the next."""
    hints: dict[str, str] = {}
    texts = [p.text.strip() for _, p in paragraphs[:40]]
    for i, text in enumerate(texts):
        match = _HINT_LINE.match(text)
        if not match:
            continue
        key, value = match.group(1), match.group(2).strip()
        if not value and i + 1 < len(texts) and not _HINT_LINE.match(texts[i + 1]):
            value = texts[i + 1]
        if value:
            hints.setdefault(key, value)
    return hints


def _find_title(
    paragraphs: list[tuple[int, Paragraph]], first_heading: int | None
) -> tuple[str | None, SourceLocation | None]:
    """The report's title: a short paragraph before section 一 naming the annual report,
    preferably with its year (a breadcrumb such as 首页 > 年度报告 has none)."""
    texts = [(i, p) for i, p in paragraphs[:16] if first_heading is None or i < first_heading]
    fallback: tuple[str | None, SourceLocation | None] = (None, None)
    for n, (_, p) in enumerate(texts[:-1]):
        # a title broken anywhere over two lines (PDF): "…2024 年政府信息公" / "开工作年度报告"
        first = p.text.strip().lstrip("#").strip()
        second = texts[n + 1][1].text.strip()
        joined = first + second
        if (
            "年度报告" not in first
            and "年度报告" in joined
            and len(joined) <= 80
            and "。" not in joined
            and _YEAR_IN_TITLE.search(joined)
            and _agency_from_title(joined)
        ):
            return joined, p.location
        if "年度报告" in first:
            break
    for n, (_, p) in enumerate(texts):
        text = p.text.strip().lstrip("#").strip()
        if "年度报告" not in text or len(text) > 80:
            continue
        # a title wrapped over two lines: "XX中心2024年" / "政府信息公开工作年度报告", or
        # "淮安市人民政府" / "2024 年政府信息公开工作年度报告"
        starts_with_year = re.match(r"^(?:19|20)\d{2}\s*年", text) is not None
        if (
            text.startswith(("政府信息公开", "政务公开", "信息公开")) or starts_with_year
        ) and n > 0:
            previous = texts[n - 1][1].text.strip().lstrip("#").strip()
            if previous and len(previous) <= 50 and "。" not in previous:
                joined = previous + text
                if _YEAR_IN_TITLE.search(joined):
                    return joined, texts[n - 1][1].location
        if _YEAR_IN_TITLE.search(text) and ">" not in text:
            return text, p.location
        if fallback[0] is None and ">" not in text:
            fallback = (text, p.location)
    return fallback


def _signature(paragraphs: list[tuple[int, Paragraph]]) -> tuple[str | None, _dt.date | None]:
    """The agency name and date that close many reports.

    For example ``米易县公共资源交易中心`` then ``2024年1月15日`` as the last two lines.
    """
    tail = [p.text.strip() for _, p in paragraphs[-4:] if p.text.strip()]
    for i in range(len(tail) - 1, 0, -1):
        date = _parse_date(tail[i]) if len(tail[i]) <= 16 else None
        if date is None:
            continue
        name = tail[i - 1]
        if len(name) <= 40 and not re.search(r"[。，,；;：:]", name) and _ORG_SUFFIX.search(name):
            return name, date
        return None, date
    return None, None


def _agency_from_title(title: str) -> str | None:
    match = _YEAR_IN_TITLE.search(title)
    if not match:
        return None
    name = re.sub(r"\s+", "", title[: match.start()])
    name = name.strip('《》"“”')
    return name or None


def _looks_complete(name: str) -> bool:
    """``市公共资源交易中心`` names no place: it is not enough to identify the agency."""
    return len(name) >= 4 and name[0] not in "市县区省镇乡" and bool(_ORG_SUFFIX.search(name))


def _read_meta(
    state: _State,
    routed: _Routed,
    document: Document,
    template: Template,
    evidence: tuple[str, ...],
) -> Meta:
    paragraphs = routed.paragraphs
    first_heading = min(routed.headings.values()) if routed.headings else None
    hints = _paragraph_hints(paragraphs)
    hints.update(dict(document.hints))
    title, _ = _find_title(paragraphs, first_heading)
    hinted = hints.get("title")
    if hinted and (title is None or not _YEAR_IN_TITLE.search(title)):
        title = hinted
    signature_name, signature_date = _signature(paragraphs)

    year: int | None = None
    if title:
        match = _YEAR_IN_TITLE.search(title)
        if match:
            year = int(match.group("year"))
    all_text = "\n".join(p.text for _, p in paragraphs)
    if year is None:
        match = _PERIOD.search(all_text)
        if match:
            year = int(match.group(1))
    published = None
    for key in ("发布时间", "发布日期", "公开日期", "成文日期"):
        if key in hints:
            published = _parse_date(hints[key])
            if published:
                break
    if published is None:
        published = signature_date
    if year is None:
        narrative_year = _first_narrative_year(routed)
        if narrative_year is not None:
            year = narrative_year
            state.note(
                "GD115",
                f"报告年度 {year} 取自正文“总体情况”中首次出现的年份",
                f"report year {year} inferred from the first year in the 总体情况 narrative",
            )
        elif published is not None:
            year = published.year - 1
            state.note(
                "GD115",
                f"报告年度 {year} 由发布日期 {published.isoformat()} 推断",
                f"report year {year} inferred from the publication date {published.isoformat()}",
            )
        else:
            state.note("GD114", "未能识别报告年度", "the report year could not be identified")

    publisher = hints.get("发布机构") or hints.get("信息来源") or hints.get("来源")
    agency = None
    title_agency = _agency_from_title(title) if title else None
    if signature_name:
        agency = signature_name
        if title_agency and not title_agency.endswith(signature_name):
            state.note(
                "GD113",
                f"落款机关“{signature_name}”与标题中的“{title_agency}”不一致，采用落款",
                f"signature {signature_name!r} differs from the title's {title_agency!r}; "
                "using the signature",
            )
    elif title_agency:
        agency = title_agency
    elif publisher and _looks_complete(publisher):
        agency = publisher
    else:
        state.note(
            "GD113",
            "未能确定发布机关" + (f"（仅见“{publisher}”，不足以确定机关）" if publisher else ""),
            "the issuing agency could not be identified"
            + (f" (only {publisher!r}, which names no place)" if publisher else ""),
        )

    scope = None
    if re.search(r"综合.{0,80}编制而成|汇总.{0,20}(?:各县|各区|各部门)", all_text[:3000]):
        scope = "consolidated"
    return Meta(
        template=template.id,
        agency=agency,
        year=year,
        title=title,
        published=published,
        scope=scope,
        template_evidence=evidence,
        publisher=publisher,
        index_number=hints.get("索引号"),
    )


def _first_narrative_year(routed: _Routed) -> int | None:
    start = routed.headings.get(1)
    if start is None:
        return None
    end = min((i for n, i in routed.headings.items() if n > 1), default=None)
    for index, paragraph in routed.paragraphs:
        if index <= start or (end is not None and index >= end):
            continue
        match = _ANY_YEAR.search(paragraph.text)
        if match:
            return int(match.group(1))
    return None


def _narrative(routed: _Routed, template: Template) -> tuple[Section, ...]:
    sections = []
    ordered = sorted(routed.headings.items(), key=lambda item: item[1])
    for position, (number, start) in enumerate(ordered):
        if number not in (1, 5, 6):
            continue
        end = ordered[position + 1][1] if position + 1 < len(ordered) else None
        texts = [
            p.text.strip()
            for i, p in routed.paragraphs
            if i > start and (end is None or i < end) and p.text.strip()
        ]
        heading = next(p for i, p in routed.paragraphs if i == start)
        sections.append(
            Section(number, template.section_title(number), "\n".join(texts), heading.location)
        )
    return tuple(sections)


# --------------------------------------------------------------------------- cleaning


_SUSPECT = re.compile(r"[-—–－~/页\[{]")


def _suspect(text: str) -> bool:
    """Cheap pre-test: only such cells can be page numbers or artefacts."""
    return _SUSPECT.search(text) is not None


def _clean(document: Document, state: _State) -> list[Paragraph | DocTable]:
    removed = 0
    blocks: list[Paragraph | DocTable] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            text = _ARTEFACT.sub("", block.text)
            removed += text != block.text
            if is_page_number(text):
                removed += 1
                continue
            blocks.append(attrs.evolve(block, text=text) if text != block.text else block)
            continue
        rows = []
        changed = False
        for row in block.rows:
            cells = []
            for cell in row.cells:
                if not _suspect(cell.text):
                    cells.append(cell)
                    continue
                if is_page_number(cell.text):
                    removed += 1
                    continue
                if "[" in cell.text or "{" in cell.text:
                    text = _ARTEFACT.sub("", cell.text)
                    if text != cell.text:
                        removed += 1
                        cell = attrs.evolve(cell, text=text)
                cells.append(cell)
            same = len(cells) == len(row.cells) and all(
                a is b for a, b in zip(cells, row.cells, strict=True)
            )
            if not same:
                changed = True
                if cells:
                    rows.append(attrs.evolve(row, cells=tuple(cells)))
            else:
                rows.append(row)
        blocks.append(attrs.evolve(block, rows=tuple(rows)) if changed else block)
    if removed:
        state.notes.append(
            make_finding(
                "GD119",
                f"已删除 {removed} 处页码或编辑器残留",
                f"removed {removed} page number(s) or editor artefact(s)",
            )
        )
    return blocks


# --------------------------------------------------------------------------- entry point


def interpret(
    document: Document,
    *,
    source: SourceInfo | None = None,
    year_hint: int | None = None,
) -> Report:
    """Map a Document onto its template and build the Report.

    Raises :class:`TemplateNotRecognised` when the document follows neither template.
    """
    source = source or SourceInfo()
    bootstrap = _State(TEMPLATES["2021"])
    blocks = _clean(document, bootstrap)
    routed = _route(blocks)
    if year_hint is None:
        title, _ = _find_title(routed.paragraphs, min(routed.headings.values(), default=None))
        match = _YEAR_IN_TITLE.search(title) if title else None
        year_hint = int(match.group("year")) if match else None
    template, evidence, ambiguous = _detect_template(routed, year_hint, source.name)
    state = _State(template, notes=[*document.notes, *bootstrap.notes])
    if ambiguous:
        state.note(
            "GD101",
            f"表格标签不能区分模板版本，按年度判定为 {template.id} 版",
            f"the labels do not tell the templates apart; chose {template.id} by year",
        )
    segments = {key: _segments(rows) for key, rows in routed.rows.items()}
    readers = {spec.key: _TableReader(spec, state) for spec in template.tables}
    _read_active(segments["active"], readers["active"])
    _read_applications(segments["applications"], readers["applications"])
    _read_appeals(segments["appeals"], readers["appeals"])
    tables = {key: reader.build() for key, reader in readers.items()}
    meta = _read_meta(state, routed, document, template, evidence)
    return Report(
        meta=meta,
        active=tables["active"],
        applications=tables["applications"],
        appeals=tables["appeals"],
        source=source,
        narrative=_narrative(routed, template),
        notes=tuple(state.notes),
    )
