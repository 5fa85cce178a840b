"""PDF tables from their ruling lines (reader ``pdf-grid``, extra ``pdf``).

The text-first ``pdf`` reader is fast and reads most reports, but when numbers wrap inside
narrow cells (``1477`` over ``8``) or labels stand vertically, the text layer alone cannot
say which fragments belong together, and it refuses those rows.  This reader uses the
page's geometry instead: the table's ruling lines (thin path objects) give the row and
column boundaries, a boundary missing inside a row or column marks a merged cell, and
every character is put into the innermost cell that contains its centre.  Within one
cell, lines whose ends are digits are joined without a break (a wrapped number is one
number; the cell's walls say so), other lines with a line break.  Characters drawn twice
at almost the same place (fake bold) are kept once.  A row cut by a page break is put
back together only when the next page's first row is certainly its rest (noted, GD122).
Text outside tables becomes paragraphs, in reading order.  Pages without ruling lines
give only paragraphs, so tables there stay for the text-first reader.

It costs about ten times the text-first reader, so ``gd.read`` tries it only as the
``pdf`` reader's fallback, when the text-first reading left cells unplaced
(:attr:`~gov_disclosure.readers.Reader.fallbacks`), merges the two readings cell by cell
(values that disagree become unreadable, GD123) and keeps the merge if it placed more.
"""

from __future__ import annotations

import bisect
import math
import re
from typing import Any

import attrs

from ..document import Block, DocCell, DocRow, DocTable, Document, Paragraph, is_page_number
from ..errors import LimitExceeded, UnsupportedFormat
from ..findings import make_finding
from ..location import SourceLocation
from ..numbers import looks_like_value
from ..source import Source
from . import Reader
from .pdf import draws_annotations, each_page, lost_glyphs, object_bounds, page_objects

__all__ = ["PdfGridReader"]

_SNAP = 2.0  # points: boundaries closer than this are one boundary
_LOST = "\ufffc"  # where a glyph the text layer lacks stands (see lost_glyphs)

Rect = tuple[float, float, float, float]  # left, bottom, right, top
Run = tuple[float, float, float, float, str]


class PdfGridReader(Reader):
    name = "pdf-grid"
    suffixes = (".pdf",)
    media_types = ("application/pdf",)
    description = "PDF tables from ruling lines (fallback of 'pdf' for wrapped numbers)"

    def sniff(self, source: Source) -> float:
        return 0.0  # never chosen by detection: it is the pdf reader's fallback

    def read(self, source: Source) -> Document:
        limits = source.limits

        def visit(number: int, page: Any, raw: Any) -> list[tuple[Block, _Grid | None]]:
            lines = _ruling_lines(page, raw, number, limits.max_page_objects)
            source.budget.check(f"the lines of page {number}", source.name)
            chars = _chars(page, raw, number)
            # text on the page that the text layer lacks: marked where it stands, so a
            # cell of values holding it is unreadable, not blank
            lost = lost_glyphs(page, raw, limits.max_page_objects)
            if lost is None:
                raise LimitExceeded(
                    f"page {number} has more than {limits.max_page_objects} objects",
                    source=source.name,
                )
            if draws_annotations(page, raw):
                raise UnsupportedFormat(
                    f"page {number} has annotations drawn over it, which the ruling-line "
                    "reading does not read",
                    source=source.name,
                )
            chars.extend((x, y, x, y, _LOST) for x, y in lost)
            source.budget.check(f"the text of page {number}", source.name)
            return _page_blocks(number, lines, chars, limits.max_table_cells)

        pages_blocks = each_page(source, visit)
        joined: list[int] = []
        blocks = join_split_rows(pages_blocks, joined)
        if not blocks:
            raise UnsupportedFormat(
                "this PDF has no text layer (a scan?); OCR it first", source=source.name
            )
        notes = tuple(
            make_finding(
                "GD122",
                f"第 {page} 页顶部的表格行是上一页最后一行的续行，已按列位置接续",
                f"the table row at the top of page {page} continues the last row of the "
                "page before; joined by column position",
                source=SourceLocation(page=page),
            )
            for page in joined
        )
        return Document(tuple(blocks), notes=notes, media_type="application/pdf")


# ------------------------------------------------------------------------ page geometry


#: Bounds of a stroked path include the stroke: a rule is at most this thick (points) …
_RULE_THICKNESS = 4.0
#: … and at least this many times longer than thick.
_RULE_ASPECT = 4.0
#: Ruling lines and characters a report page plausibly has; more is refused (the
#: geometry below is quadratic in lines in the worst case).
_MAX_LINES = 2000
_MAX_CHARS = 20_000


def _ruling_lines(
    page: Any, raw: Any, number: int, max_objects: int
) -> tuple[list[Rect], list[Rect]]:
    """Horizontal and vertical ruling lines, from thin paths and the edges of boxes.

    Objects inside form XObjects count towards ``max_objects`` too.
    """
    horizontal: list[Rect] = []
    vertical: list[Rect] = []
    seen = 0
    for handle, kind in page_objects(page, raw, 2):
        seen += 1
        if seen > max_objects:
            raise LimitExceeded(f"page {number} has more than {max_objects} objects")
        if kind != raw.FPDF_PAGEOBJ_PATH:
            continue
        left, bottom, right, top = object_bounds(raw, handle)
        width, height = right - left, top - bottom
        thickness, length = min(width, height), max(width, height)
        if thickness <= _RULE_THICKNESS and length >= _RULE_ASPECT * max(thickness, 1.0):
            if width >= height:
                y = (bottom + top) / 2
                horizontal.append((left, y, right, y))
            else:
                x = (left + right) / 2
                vertical.append((x, bottom, x, top))
        elif thickness > _RULE_THICKNESS and raw.FPDFPath_CountSegments(handle) in (4, 5):
            # a rectangle drawn as a box: its four edges
            horizontal += [(left, bottom, right, bottom), (left, top, right, top)]
            vertical += [(left, bottom, left, top), (right, bottom, right, top)]
        if len(horizontal) + len(vertical) > _MAX_LINES:
            raise LimitExceeded(f"page {number} has more than {_MAX_LINES} ruling lines")
    return horizontal, vertical


def _chars(page: Any, raw: Any, number: int) -> list[Run]:
    """Every visible character with its box (font-based, so a line's boxes align).

    One character at a time: asking PDFium for the text inside a box would also return
    characters of other, overlapping text objects (a digit counted twice).
    """
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        if count > _MAX_CHARS:
            raise LimitExceeded(f"page {number} has {count} characters (limit {_MAX_CHARS})")
        rect = raw.FS_RECTF()
        chars: list[Run] = []
        for index in range(count):
            code = raw.FPDFText_GetUnicode(textpage.raw, index)
            if code <= 32 or code in (0xA0, 0x3000, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
                continue  # spaces and line ends are made from positions, not taken
            if not raw.FPDFText_GetLooseCharBox(textpage.raw, index, rect):
                continue
            chars.append((rect.left, rect.bottom, rect.right, rect.top, chr(code)))
        return _dedupe(chars)
    finally:
        textpage.close()


def _dedupe(runs: list[Run]) -> list[Run]:
    """Fake bold draws a character twice, offset by a fraction of a point: keep it once.

    Bucketed by rounded centre, so many copies of one character cost linear time.
    """
    kept: list[Run] = []
    seen: dict[tuple[str, int, int], list[tuple[float, float]]] = {}
    for run in runs:
        left, bottom, right, top, text = run
        x, y = (left + right) / 2, (bottom + top) / 2
        bx, by = round(x), round(y)
        if not _near_copy(seen, text, bx, by, x, y):
            seen.setdefault((text, bx, by), []).append((x, y))
            kept.append(run)
    return kept


def _near_copy(
    seen: dict[tuple[str, int, int], list[tuple[float, float]]],
    text: str,
    bx: int,
    by: int,
    x: float,
    y: float,
) -> bool:
    """Whether a copy of ``text`` was seen within a point of ``(x, y)``: loops, not a
    generator, since most characters have no neighbour to look at."""
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            for cx, cy in seen.get((text, bx + dx, by + dy), ()):
                if abs(cx - x) <= 1 and abs(cy - y) <= 1:
                    return True
    return False


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if out and value - out[-1] <= _SNAP:
            continue
        out.append(value)
    return out


#: Cell size (points) of the grid that pairs ruling lines without trying every pair.
_BUCKET = 16.0
#: A line across more cells of that grid than this is tried against every line instead.
_MAX_BUCKETS = 256


def _buckets(low: float, high: float) -> range | None:
    """The grid cells from ``low`` to ``high``; None when there are too many, or the
    bounds are not finite numbers (the caller then tries every line)."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return None
    first, last = math.floor(low / _BUCKET), math.floor(high / _BUCKET)
    return range(first, last + 1) if last - first <= _MAX_BUCKETS else None


def _tables(horizontal: list[Rect], vertical: list[Rect]) -> list[tuple[list[Rect], list[Rect]]]:
    """Ruling lines grouped into tables: lines that touch belong together.

    Which vertical lines a horizontal one may touch comes from a grid of the page: a
    report draws each cell's borders apart, and trying every pair of hundreds of lines
    cost more than the rest of the reader.  The grid only narrows the candidates; each
    pair is still tested exactly."""
    lines = [("h", line) for line in horizontal] + [("v", line) for line in vertical]
    parent = list(range(len(lines)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    hs = [i for i, (kind, _) in enumerate(lines) if kind == "h"]
    vs = [i for i, (kind, _) in enumerate(lines) if kind == "v"]
    grid: dict[tuple[int, int], list[int]] = {}
    anywhere: list[int] = []  # vertical lines the grid cannot hold
    for j in vs:
        x, bottom, _, top = lines[j][1]
        column, rows = _buckets(x, x), _buckets(bottom - _SNAP, top + _SNAP)
        if column is None or rows is None:
            anywhere.append(j)
            continue
        for cell_row in rows:
            grid.setdefault((column[0], cell_row), []).append(j)
    for i in hs:
        left, y, right, _ = lines[i][1]
        columns, row = _buckets(left - _SNAP, right + _SNAP), _buckets(y, y)
        candidates = (
            vs
            if columns is None or row is None
            else [j for column in columns for j in grid.get((column, row[0]), ())] + anywhere
        )
        for j in candidates:
            x, bottom, _, top = lines[j][1]
            if left - _SNAP <= x <= right + _SNAP and bottom - _SNAP <= y <= top + _SNAP:
                parent[find(i)] = find(j)
    groups: dict[int, tuple[list[Rect], list[Rect]]] = {}
    for i, (kind, line) in enumerate(lines):
        group = groups.setdefault(find(i), ([], []))
        (group[0] if kind == "h" else group[1]).append(line)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


class _Lines:
    """A table's ruling lines of one direction, sorted by where they stand (y of a
    horizontal line, x of a vertical one), to find those near a place quickly.  A line
    standing at no finite place is near no place, and is left out."""

    def __init__(self, lines: list[Rect], key: int) -> None:
        self.lines = sorted((r for r in lines if math.isfinite(r[key])), key=lambda r: r[key])
        self.keys = [line[key] for line in self.lines]

    def near(self, place: float) -> list[Rect]:
        """The lines within ``_SNAP`` (and a little more) of ``place``."""
        low = bisect.bisect_left(self.keys, place - _SNAP - 1.0)
        high = bisect.bisect_right(self.keys, place + _SNAP + 1.0)
        return self.lines[low:high]


def _covers_h(lines: _Lines, y: float, x0: float, x1: float) -> bool:
    middle = (x0 + x1) / 2
    return any(
        abs(ly - y) <= _SNAP and left - _SNAP <= middle <= right + _SNAP
        for left, ly, right, _ in lines.near(y)
    )


def _covers_v(lines: _Lines, x: float, y0: float, y1: float) -> bool:
    middle = (y0 + y1) / 2
    return any(
        abs(lx - x) <= _SNAP and bottom - _SNAP <= middle <= top + _SNAP
        for lx, bottom, _, top in lines.near(x)
    )


def _line_text(chars: list[Run]) -> str:
    """Characters of one line, left to right, with a space where the gap is wide."""
    out = ""
    previous: Run | None = None
    for char in chars:
        if previous is not None and char[0] - previous[2] > 0.3 * (char[3] - char[1]):
            out += " "
        out += char[4]
        previous = char
    return out.strip()


def _join(
    parts: list[tuple[float, float, float, str, float]],
    walls: tuple[float, float] | None = None,
) -> str:
    """:func:`_join_lines`' text."""
    return _join_lines(parts, walls)[0]


def _join_lines(
    parts: list[tuple[float, float, float, str, float]],
    walls: tuple[float, float] | None = None,
) -> tuple[str, bool]:
    """A cell's characters (top, left, right, text, height) as text, lines top to bottom.

    Within a line, a gap wider than a fifth of the characters' height is a space (two
    numbers side by side, ``12 34``, stay two).  Lines are joined without a break only
    when the first ends in a digit, the next starts with one, and the first fills the
    cell between its ``walls`` (left, right: no room left for another digit): then the
    number was wrapped by the cell's width.  A short line followed by digits is two
    numbers (or a missing ruling line) and keeps its break, so the cell reads as
    unreadable instead of as a number glued together.  Without ``walls`` (a merged cell
    spanning rows, which no value of the template has) digits are never joined.  Also
    returns whether the last line fills the cell (the rest may be on the next page).
    """
    lines: list[list[tuple[float, float, str, float]]] = []
    tops: list[float] = []
    for top, left, right, text, height in sorted(parts, key=lambda p: (-p[0], p[1])):
        if tops and abs(tops[-1] - top) <= 3:
            lines[-1].append((left, right, text, height))
        else:
            tops.append(top)
            lines.append([(left, right, text, height)])
    out = ""
    full = False
    for line in lines:
        chars = sorted(line)
        text = ""
        previous_right: float | None = None
        for left, right, char, height in chars:
            if previous_right is not None and left - previous_right > 0.2 * height:
                text += " "
            text += char
            previous_right = right
        text = text.strip()
        if not text:
            continue
        if out and not (full and out[-1].isdigit() and text[0].isdigit()):
            out += "\n"
        out += text
        if walls is None:
            full = False
            continue
        first_left, first_right = chars[0][0], chars[0][1]
        last_left, last_right = chars[-1][0], chars[-1][1]
        slack = 2 * max(last_right - last_left, first_right - first_left, 1.0)
        full = first_left <= walls[0] + slack and last_right >= walls[1] - slack
    return out, full


@attrs.frozen
class _Grid:
    """A table's column boundaries, and the cells (row, column; 1-based) whose last line
    of text fills the cell — digits continued on the next page may join only those."""

    xs: list[float]
    full: frozenset[tuple[int, int]] = frozenset()


def _grid_table(
    horizontal: list[Rect],
    vertical: list[Rect],
    runs: list[Run],
    page: int,
    max_cells: int,
    taken: set[int],
) -> tuple[DocTable, set[int], float, _Grid] | None:
    """The table these lines draw, with the runs inside it (not already ``taken`` by a
    smaller table).  None when the lines do not make a trustworthy grid: a single box (a
    frame around the page), or a merged cell that is not a rectangle."""
    ys = _cluster([line[1] for line in horizontal])[::-1]  # top to bottom
    xs = _cluster([line[0] for line in vertical])
    rows, cols = len(ys) - 1, len(xs) - 1
    if rows < 1 or cols < 1 or rows * cols == 1:
        return None
    if rows * cols > max_cells:
        raise LimitExceeded(f"a table on page {page} spans more than {max_cells} grid cells")
    # merged cells: neighbours with no ruling line between them share a root
    root = {(r, c): (r, c) for r in range(rows) for c in range(cols)}

    def find(cell: tuple[int, int]) -> tuple[int, int]:
        while root[cell] != cell:
            root[cell] = root[root[cell]]
            cell = root[cell]
        return cell

    by_x, by_y = _Lines(vertical, 0), _Lines(horizontal, 1)
    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not _covers_v(by_x, xs[c + 1], ys[r + 1], ys[r]):
                a, b = find((r, c)), find((r, c + 1))
                root[max(a, b)] = min(a, b)
            if r + 1 < rows and not _covers_h(by_y, ys[r + 1], xs[c], xs[c + 1]):
                a, b = find((r, c)), find((r + 1, c))
                root[max(a, b)] = min(a, b)
    members: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for cell in root:
        members.setdefault(find(cell), []).append(cell)
    for (r, c), region in members.items():
        height = max(rr for rr, _ in region) - r + 1
        width = max(cc for _, cc in region) - c + 1
        if len(region) != height * width:  # an L-shaped "cell": lines we do not understand
            return None
    rising = ys[::-1]
    texts: dict[tuple[int, int], list[tuple[float, float, float, str, float]]] = {}
    used: set[int] = set()
    for number, (left, bottom, right, top, text) in enumerate(runs):
        if number in taken:
            continue
        cx, cy = (left + right) / 2, (bottom + top) / 2
        if not (xs[0] <= cx <= xs[-1] and ys[-1] <= cy <= ys[0]):
            continue
        column = min(max(bisect.bisect_right(xs, cx) - 1, 0), cols - 1)
        row = rows - 1 - min(max(bisect.bisect_right(rising, cy) - 1, 0), rows - 1)
        texts.setdefault(find((row, column)), []).append((top, left, right, text, top - bottom))
        used.add(number)
    doc_rows: list[DocRow] = []
    full: set[tuple[int, int]] = set()
    for r in range(rows):
        cells = []
        for c in range(cols):
            if find((r, c)) != (r, c):
                continue  # covered by a merged cell that starts above or to the left
            span = members[(r, c)]
            row_span = max(rr for rr, _ in span) - r + 1
            col_span = max(cc for _, cc in span) - c + 1
            text, fills = _join_lines(
                texts.get((r, c), []), (xs[c], xs[c + col_span]) if row_span == 1 else None
            )
            if _LOST in text:
                # a lost glyph: in a cell of values (or an empty one) it is unknown text,
                # so the cell is unreadable; in a label it is left out
                rest = " ".join(text.replace(_LOST, " ").split())
                text = f"{rest}?" if not rest or looks_like_value(rest) else rest
            if fills:
                full.add((r + 1, c + 1))
            cells.append(
                DocCell(
                    text,
                    SourceLocation(page=page, row=r + 1, col=c + 1),
                    row_span=row_span,
                    col_span=col_span,
                )
            )
        if cells:
            doc_rows.append(DocRow(tuple(cells), SourceLocation(page=page, row=r + 1)))
    table = DocTable(tuple(doc_rows), exact_cells=True, location=SourceLocation(page=page))
    return table, used, ys[0], _Grid(xs, frozenset(full))


def _page_blocks(
    page: int, lines: tuple[list[Rect], list[Rect]], runs: list[Run], max_cells: int
) -> list[tuple[Block, _Grid | None]]:
    """The page's blocks in reading order, each table with its grid."""
    placed: list[tuple[float, Block, _Grid | None]] = []
    used: set[int] = set()

    def area(group: tuple[list[Rect], list[Rect]]) -> float:
        xs = [line[0] for line in group[1]]
        ys = [line[1] for line in group[0]]
        return (max(xs) - min(xs)) * (max(ys) - min(ys))

    # smallest first: text inside a table inside a frame belongs to the table
    for horizontal, vertical in sorted(_tables(*lines), key=area):
        made = _grid_table(horizontal, vertical, runs, page, max_cells, used)
        if made is not None:
            table, inside, top, grid = made
            placed.append((top, table, grid))
            used |= inside
    # the rest, line by line, as paragraphs
    rest = sorted(
        (r for i, r in enumerate(runs) if i not in used and r[4] != _LOST),
        key=lambda r: (-r[3], r[0]),
    )
    line: list[Run] = []
    for run in [*rest, None]:
        if run is not None and line and abs(line[0][3] - run[3]) <= 3:
            line.append(run)
            continue
        if line:
            text = _line_text(sorted(line))
            if text:
                placed.append((line[0][3], Paragraph(text, SourceLocation(page=page)), None))
        line = [run] if run is not None else []
    placed.sort(key=lambda item: -item[0])  # top of the page first
    return [(block, grid) for _, block, grid in placed]


# --------------------------------------------------------------- rows split by a page break

_NUMBERED = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+\s*[.．、])"
)
_DIGITS = re.compile(r"^[\d\s,.，．+-]*\d[\d\s,.，．+-]*$")


def _cell_at(table: DocTable, xs: list[float], x: float) -> tuple[int, int] | None:
    """(row index, cell index) of the cell that covers the table's last row at ``x``."""
    last = len(table.rows) - 1
    for r in range(last, -1, -1):
        for i, cell in enumerate(table.rows[r].cells):
            start = (cell.location.col or 1) - 1
            end = min(start + cell.col_span, len(xs) - 1)
            if xs[start] <= x <= xs[end] and r + cell.row_span - 1 >= last:
                return r, i
    return None


def _continues(prev: DocRow, first: DocRow) -> bool:
    """Could ``first`` (top of a page) be the rest of ``prev`` (bottom of the page before)?

    ``prev`` must be a data row: it holds numbers (a header row above a table's data, as
    in section 四, is never continued).  ``first`` is its rest when it has no label at all,
    only numbers — every template row has a label — or when its only text besides numbers
    is one label piece without the numbering every row of section 三 starts with (（二）,
    3.) while ``prev``'s label has it: a label cut mid-sentence.  :func:`_join_rows` then
    also requires that piece to sit under ``prev``'s label, which a header repeated on
    the next page does not.
    """
    texts = [c.text.strip() for c in first.cells if c.text.strip()]
    above = [c.text.strip() for c in prev.cells if c.text.strip()]
    if not texts or not any(_DIGITS.match(t) for t in above):
        return False
    labels = [t for t in texts if not _DIGITS.match(t)]
    if not labels:
        return True
    before = next((t for t in above if not _DIGITS.match(t)), "")
    return len(labels) == 1 and bool(_NUMBERED.match(before)) and not _NUMBERED.match(labels[0])


def _glue(top: str, bottom: str, full: bool) -> str:
    """A cell's text and its rest from the next page; digits join only when the top
    piece's last line fills its cell (a number wrapped at the page break)."""
    if not top:
        return bottom
    if not bottom:
        return top
    digits = full and top[-1].isdigit() and bottom[0].isdigit()
    return top + bottom if digits else f"{top}\n{bottom}"


def join_split_rows(
    pages: list[list[tuple[Block, _Grid | None]]], joined: list[int] | None = None
) -> list[Block]:
    """Blocks of all pages, with a table row cut by a page break put back together.

    Only between a table ending one page and a table starting the next at the same left
    and right edges, and only when the first row is certainly a continuation
    (:func:`_continues`): each of its cells is appended to the cell above it (found by
    position) and emptied.  If a piece has no cell above it, the cut row is refused (its
    cells made unreadable) rather than guessed.
    """
    blocks: list[Block] = []
    previous: tuple[int, _Grid] | None = None  # (index in blocks, grid) of a last table
    for page in pages:
        body = [
            (b, g) for b, g in page if not (isinstance(b, Paragraph) and is_page_number(b.text))
        ]
        head = body[0] if body else None
        if (
            previous is not None
            and head is not None
            and isinstance(head[0], DocTable)
            and head[1] is not None
            and head[0].rows
            and abs(head[1].xs[0] - previous[1].xs[0]) <= 2 * _SNAP
            and abs(head[1].xs[-1] - previous[1].xs[-1]) <= 2 * _SNAP
        ):
            above = blocks[previous[0]]
            if isinstance(above, DocTable) and above.rows:
                rejoined = _join_rows(above, previous[1], head[0], head[1])
                if rejoined is not None:
                    blocks[previous[0]], table = rejoined
                    page = [(table, head[1]) if b is head[0] else (b, g) for b, g in page]
                    if joined is not None and table.location.page is not None:
                        joined.append(table.location.page)
        previous = None
        for block, grid in page:
            blocks.append(block)
            if isinstance(block, DocTable) and grid is not None:
                previous = (len(blocks) - 1, grid)
            elif not (isinstance(block, Paragraph) and is_page_number(block.text)):
                previous = None
    return blocks


def _join_rows(
    above: DocTable, above_grid: _Grid, below: DocTable, below_grid: _Grid
) -> tuple[DocTable, DocTable] | None:
    above_xs, below_xs = above_grid.xs, below_grid.xs
    first = below.rows[0]
    if not _continues(above.rows[-1], first):
        return None
    rows = [list(r.cells) for r in above.rows]
    kept: list[DocCell] = []
    lost = False
    for cell in first.cells:
        if not cell.text.strip():
            kept.append(cell)
            continue
        start = (cell.location.col or 1) - 1
        end = min(start + cell.col_span, len(below_xs) - 1)
        target = _cell_at(above, above_xs, (below_xs[start] + below_xs[end]) / 2)
        if target is None:
            lost = True
            kept.append(cell)
            continue
        r, i = target
        above_text = rows[r][i].text.strip()
        if _DIGITS.match(cell.text.strip()):
            if above_text and not _DIGITS.match(above_text):
                return None  # numbers under a label: the columns do not line up
        elif not _NUMBERED.match(above_text):
            return None  # a label piece not under the cut row's label: not its rest
        location = rows[r][i].location
        fills = (location.row, location.col) in above_grid.full
        rows[r][i] = attrs.evolve(rows[r][i], text=_glue(above_text, cell.text.strip(), fills))
        kept.append(attrs.evolve(cell, text=""))
    if lost:  # a piece with nowhere to go: the cut row's numbers cannot be trusted
        last = [
            attrs.evolve(c, text="（跨页断行，无法确定）") if _DIGITS.match(c.text.strip()) else c
            for c in above.rows[-1].cells
        ]
        rows[-1] = last
    new_above = attrs.evolve(
        above,
        rows=tuple(
            attrs.evolve(row, cells=tuple(cells))
            for row, cells in zip(above.rows, rows, strict=True)
        ),
    )
    new_below = attrs.evolve(below, rows=(attrs.evolve(first, cells=tuple(kept)), *below.rows[1:]))
    return new_above, new_below
