"""Routing: which of the three tables each row belongs to, by headings and anchors."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import attrs

from .._cache import text_cache
from ..document import DocCell, DocTable, Paragraph
from ..labels import normalize_label
from ..numbers import looks_like_number_piece, looks_like_value
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
    #: The block before was a text-layout table whose last row ends in a value.
    after_values = False
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            number = _heading_number(block)
            if number is not None and number not in headings:
                headings[number] = index
                current = by_section.get(number)
            else:
                # Inside a table section, a text line is a label fragment: layouts that
                # lose row boundaries (PDF text) put wrapped label lines there.
                # A number on a line of its own is not a table cell in the layout's own
                # terms (a cut-off "99968" must not become a value) …
                current = _anchor_text(block.text) or current
                if current is not None and number is None:
                    if after_values and (
                        looks_like_value(block.text) or looks_like_number_piece(block.text)
                    ):
                        # … but right after a row of values it may be the rest of the last
                        # number, wrapped across lines (12 / 34, 1234 / .56, 2792220.8 /
                        # 元), or a page number: joined to that number as a second line.
                        rows[current][-1] = _join_last(rows[current][-1], block.text)
                    elif not looks_like_value(block.text):
                        rows[current].append(((DocCell(block.text, block.location),), "stream"))
            after_values = False
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
                rows[current].append((row.cells, mode))
        after_values = False
        if current is not None and mode != "exact" and rows[current]:
            last = next((c for c in reversed(rows[current][-1][0]) if c.text.strip()), None)
            after_values = last is not None and looks_like_value(last.text)
    return _Routed(rows, headings, paragraphs)


def _join_last(
    routed: tuple[tuple[DocCell, ...], str], text: str
) -> tuple[tuple[DocCell, ...], str]:
    """The routed row with ``text`` appended, on a line of its own, to its last cell
    with text."""
    cells, mode = routed
    index = max(i for i, c in enumerate(cells) if c.text.strip())
    joined = attrs.evolve(cells[index], text=f"{cells[index].text}\n{text}", span=None)
    return (*cells[:index], joined, *cells[index + 1 :]), mode


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
