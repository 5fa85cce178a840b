"""Routing: which of the three tables each row belongs to, by headings and anchors."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import attrs

from .._cache import text_cache
from ..document import DocCell, DocTable, Paragraph
from ..labels import normalize_label
from ..numbers import looks_like_number, looks_like_number_piece, looks_like_value
from .placement import Segment, segments_from_row, segments_from_stream

_SECTION_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}

# --------------------------------------------------------------------------- routing rows

_ACTIVE_ANCHOR = re.compile(r"^第二十条第?\(([一二三四五六七八九十]+)\)项")
_APPS_ANCHORS = ("勾稽关系", "申请人情况", "本年新收政府信息公开申请数量")
_APPEALS_ANCHORS = frozenset({"行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"})


def _anchor(cell: DocCell) -> str | None:
    """Which table a cell's text identifies, if any."""
    return _anchor_text(cell.text)


@text_cache(maxsize=8192)
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
    return _heading_number_of(text)


@text_cache(maxsize=8192)  # asked twice a paragraph: splitting reports, then routing
def _heading_number_of(text: str) -> int | None:
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
    #: The mode of the last table routed in this section ("exact", "padded", "stream").
    last_mode: str | None = None
    #: A number on a line of its own in a stream layout: the start of the next cell.
    pending: DocCell | None = None
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            number = _heading_number(block)
            if number is not None and number not in headings:
                headings[number] = index
                current = by_section.get(number)
                last_mode = pending = None
            else:
                current = _anchor_text(block.text) or current
                if current is not None and number is None:
                    pending = _number_line(rows[current], block, last_mode)
                    # only lines right after a table (or after such a line) are its pieces
                    last_mode = last_mode if pending is not None or _piece(block) else None
            paragraphs.append((index, block))
            continue
        mode = _mode(block)
        for row in block.rows:
            for cell in row.cells:
                anchor = _anchor(cell)
                if anchor is not None:
                    current = anchor
                    break
            if current is not None:
                cells = row.cells
                if (
                    pending is not None
                    and mode == "stream"
                    and cells
                    and looks_like_value(cells[0].text)
                ):
                    # the line before had no cell end: the first part of this number
                    first = attrs.evolve(
                        cells[0], text=f"{pending.text}\n{cells[0].text}", span=None
                    )
                    cells = (first, *cells[1:])
                pending = None
                rows[current].append((cells, mode))
        last_mode = mode
    return _Routed(rows, headings, paragraphs)


def _number_line(
    routed: list[tuple[tuple[DocCell, ...], str]], block: Paragraph, mode: str | None
) -> DocCell | None:
    """A table section's text line, routed: a label fragment (layouts that lose row
    boundaries, PDF text, put wrapped label lines there), or a number (or the rest of
    one, ``.56``, ``元``) on a line of its own — which is never a value by itself (a
    cut-off "99968" must not become one), but may be part of a number wrapped across
    lines, or a page number.  In a layout with rows it becomes a row without a label,
    so the table's reader refuses the rows around it (GD127) — unless it is only the
    rest of the row above's one number (``.56``, ``元``), which is joined to it.  In a
    stream of cells it may end the cell before (PDF text: lines top to bottom) or begin
    the next (a web copy: a cell ends at its `` |``): it is joined to the cell before,
    when that holds a value, and returned, to be put in front of the next cell."""
    text = block.text
    piece = looks_like_number_piece(text)
    if not _piece(block):
        if not looks_like_value(text):  # a date or a dash is not a label either
            routed.append(((DocCell(text, block.location),), "stream"))
        return None
    if mode == "stream":
        if routed and routed[-1][1] == "stream" and routed[-1][0]:
            cells = routed[-1][0]
            last = cells[-1]
            if last.text.strip() and looks_like_value(last.text):
                joined = attrs.evolve(last, text=f"{last.text}\n{text}", span=None)
                routed[-1] = ((*cells[:-1], joined), "stream")
        return DocCell(text, block.location)
    if mode != "padded" or not routed:
        return None  # beside an HTML or Word table (exact cells): not part of it
    cells, row_mode = routed[-1]
    filled = [i for i, c in enumerate(cells) if c.text.strip()]
    values = [i for i in filled if looks_like_value(cells[i].text)]
    if piece and row_mode == "padded" and len(values) == 1 and values[-1] == filled[-1]:
        at = values[0]
        joined = attrs.evolve(cells[at], text=f"{cells[at].text}\n{text}", span=None)
        routed[-1] = ((*cells[:at], joined, *cells[at + 1 :]), row_mode)
        return None
    routed.append(((DocCell(text, block.location),), "padded"))
    return None


def _piece(block: Paragraph) -> bool:
    """A number, or the rest of one, on a line of its own."""
    return looks_like_number(block.text) or looks_like_number_piece(block.text)


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
