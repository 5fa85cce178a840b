"""PDF reader (optional extra ``pdf``): text-layer PDFs through pypdfium2.

pypdfium2 was chosen over pdfplumber/pdfminer: it extracts a report's text in about a
millisecond a page (PERFORMANCE.md: pdfplumber's ``extract_tables`` costs ~39x that), needs
no network or models, ships its own PDFium and raises one exception type.

Text-first: pdfium puts each table row on one line.  A line ending in numbers becomes a
row of cells (label text, then one cell per number) in a table whose row boundaries are
marked unknown, so the interpreter reads it label-anchored and demands exactly the
right number of values; a line without numbers is a paragraph (inside a table section the
interpreter uses it as a label fragment, which re-joins labels wrapped over several lines
or pages).  A number wrapped inside a narrow cell (``1477`` / ``8``) puts numbers alone on
the line after a line ending in numbers: the two lines' numbers become one cell that no
number parses as, so the row is refused, never misread — counting values is not enough,
since a blank cell (no text at all) and a wrapped piece cancel out.  PDFium may also
put the piece on the row's own line of text (``… 199 1573 2``): the vertical place of
each value's first digit is taken from the page, and values from different lines of
the page refuse the row the same way.  Page numbers
(``- 3 -``) are left for the interpreter to drop.  A PDF without a text layer is refused
("OCR it first").

A blank cell has no text, so in a table without ruling lines its row is a value short.
Word positions then say where it was: the columns of a table are where the values of
its full rows stand on the page, and a row short of a value whose every value falls in
one of those columns, in order, gets a blank cell marked ``inferred_blank`` in each
column it leaves empty.  Anything less consistent places nothing, and a table with no
full row (section 四 is one row) stays refused: column headers are not used, since
header text can stand anywhere in a merged cell.  No blank is placed so on a page
whose text layer may lack text (:func:`_hides_text`), nor next to a page number between
rows (PDFium may split a row into a line that reads as one).  The interpreter uses
such a blank only for a row it cannot place without it.  A page with ruling lines is checked
against them: ``gd.read`` runs the ``pdf-grid`` fallback whenever a blank was placed
by position (GD130), and a cell the two readings disagree on is unreadable (GD123).
"""

from __future__ import annotations

import bisect
import ctypes
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import attrs

from ..document import Block, DocCell, DocRow, DocTable, Document, Paragraph, is_page_number
from ..errors import LimitExceeded, MalformedInput, UnsupportedFormat
from ..location import SourceLocation
from ..numbers import looks_like_value
from ..source import Source
from . import Reader

__all__ = ["PdfReader", "draws_annotations", "each_page", "lost_glyphs"]

T = TypeVar("T")

_ITEM_START = re.compile(
    r"^(?:\d{1,2}[.、．]|[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}、)"
)
_SENTENCE_END = ("。", "；", "：", "，")


_GLUED = re.compile(
    r"^([0-9][0-9,.]*)([一二三四五六七八九十]{1,3}、.*|[（(][一二三四五六七八九十]{1,3}[）)].*)$"
)


def _unglue(tokens: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Two rows run together on one line: "…0 1四、结转下年度…" → "1", "四、结转下年度…"
    (each token with its offset in the page's text)."""
    out: list[tuple[int, str]] = []
    for offset, token in tokens:
        match = _GLUED.match(token)
        if match:
            out.extend(((offset, match.group(1)), (offset + match.start(2), match.group(2))))
        else:
            out.append((offset, token))
    return out


def _page_lines(
    values: list[tuple[int, str]], heights: dict[int, tuple[float, float]] | None
) -> list[list[str]]:
    """A line's numbers grouped by the line of the page they stand on, top first.

    PDFium sometimes puts the piece of a number wrapped in its cell (``1573`` over
    ``2``) on the row's own line of text, and with a blank cell in the row the count of
    values comes out right.  Values whose digits are more than half a glyph apart
    vertically are on different lines.  A value whose place is not known (none recorded
    for it) is put on a line of its own: it cannot be vouched for.  Without geometry
    (``heights`` None: text given alone) all are one line."""
    if heights is None or not values:
        return [[t for _, t in values]]
    extents = [heights.get(at) for at, _ in values]
    if any(e is None for e in extents):
        return [[t] for _, t in values]
    known = [e for e in extents if e is not None]
    glyph = max(top - bottom for bottom, top in known)
    groups: list[tuple[float, list[str]]] = []
    for (bottom, top), (_, token) in zip(known, values, strict=True):
        middle = (bottom + top) / 2
        group = next((g for m, g in groups if abs(m - middle) <= 0.5 * glyph), None)
        if group is None:
            groups.append((middle, [token]))
        else:
            group.append(token)
    return [g for _, g in sorted(groups, key=lambda mg: -mg[0])]


_LINE_END = re.compile(r"\r\n|\r|\n")


def _lines(text: str) -> list[tuple[int, str]]:
    """The text's lines (split at CR LF, CR or LF) with their offsets."""
    out: list[tuple[int, str]] = []
    start = 0
    for end in _LINE_END.finditer(text):
        out.append((start, text[start : end.start()]))
        start = end.end()
    out.append((start, text[start:]))
    return out


def _cells(tokens: list[str], line: int, page: int) -> tuple[DocCell, ...]:
    """Label tokens joined (a new label starts at item numbering), numbers one cell each."""
    cells: list[DocCell] = []
    label: list[str] = []

    def flush() -> None:
        if label:
            cells.append(
                DocCell(" ".join(label), SourceLocation(line=line, page=page, cell=len(cells) + 1))
            )
            label.clear()

    for token in tokens:
        if looks_like_value(token):
            flush()
            cells.append(DocCell(token, SourceLocation(line=line, page=page, cell=len(cells) + 1)))
        else:
            if label and _ITEM_START.match(token):
                flush()
            label.append(token)
    flush()
    return tuple(cells)


class PdfReader(Reader):
    name = "pdf"
    suffixes = (".pdf", "")
    media_types = ("application/pdf",)
    description = "text-layer PDFs (pypdfium2; pip install 'gov-disclosure[pdf]')"
    fallbacks = ("pdf-grid",)

    def sniff(self, source: Source) -> float:
        return 0.95 if source.head.lstrip()[:1024].find(b"%PDF-") >= 0 else 0.0

    def read(self, source: Source) -> Document:
        texts = each_page(source, _page_text)
        if not any(t.text.strip() for t in texts):
            raise UnsupportedFormat(
                "this PDF has no text layer (a scan?); OCR it first", source=source.name
            )
        blocks = _blocks(texts)
        placed = {
            cell.location.page
            for block in blocks
            if isinstance(block, DocTable)
            for row in block.rows
            for cell in row.cells
            if cell.inferred_blank
        }
        if placed:
            # a blank placed by position is only as good as the text layer: a page that
            # holds text PDFium left out of it gets no blank so placed
            objects = source.limits.max_page_objects
            lost = each_page(
                source, lambda n, page, raw: n in placed and _hides_text(page, raw, objects)
            )
            if any(lost):
                skip = frozenset(n for n, gone in enumerate(lost, start=1) if gone)
                blocks = _blocks(texts, skip)
        return Document(tuple(blocks), media_type="application/pdf")


_FORM_DEPTH = 15  # form XObjects within form XObjects looked into (PDFium's own depth)


def page_objects(page: Any, raw: Any, max_depth: int) -> Iterator[tuple[Any, int]]:
    """``(handle, type)`` of every object on the page, form XObjects' objects after
    their form down to ``max_depth`` levels, in the order of pypdfium2's
    ``page.get_objects``; through PDFium's functions directly, since a helper object
    for each of a page's thousands of objects cost more than the rest of the walk."""
    import pypdfium2 as pdfium

    stack: list[tuple[Any, int, int, int]] = []  # (form, level, next index, count)
    count = raw.FPDFPage_CountObjects(page.raw)
    if count < 0:
        raise pdfium.PdfiumError("Failed to get number of pageobjects.")
    form, level, index = None, 0, 0
    while True:
        if index >= count:
            if not stack:
                return
            form, level, index, count = stack.pop()
            continue
        handle = (
            raw.FPDFPage_GetObject(page.raw, index)
            if form is None
            else raw.FPDFFormObj_GetObject(form, index)
        )
        if not handle:
            raise pdfium.PdfiumError("Failed to get pageobject.")
        index += 1
        kind = raw.FPDFPageObj_GetType(handle)
        yield handle, kind
        if kind == raw.FPDF_PAGEOBJ_FORM and level < max_depth - 1:
            inner = raw.FPDFFormObj_CountObjects(handle)
            if inner < 0:
                raise pdfium.PdfiumError("Failed to get number of pageobjects.")
            stack.append((form, level, index, count))
            form, level, index, count = handle, level + 1, 0, inner


def object_bounds(raw: Any, handle: Any) -> tuple[float, float, float, float]:
    """Left, bottom, right and top of a page object (as pypdfium2's ``get_bounds``)."""
    import pypdfium2 as pdfium

    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not raw.FPDFPageObj_GetBounds(handle, left, bottom, right, top):
        raise pdfium.PdfiumError("Failed to locate pageobject.")
    return left.value, bottom.value, right.value, top.value


def lost_glyphs(page: Any, raw: Any, max_objects: int) -> list[tuple[float, float]] | None:
    """Where the page draws text that its text layer does not have: the origins of text
    objects in a font that is not embedded that gave PDFium's text layer no character
    and have no width.  None when there are more than ``max_objects`` objects to look
    at (form XObjects included): not known.

    PDFium leaves out a character it knows no outline for (a lone CJK character, a
    full-width digit or ``无`` in a font that is not embedded): a value that is on the
    page but not in the text.  Its text object is still there, with an empty box.  (A
    text object of only a space in such a font looks the same.)  Fake bold's second
    copy is also left out of the text layer, but has the width of its text.
    """
    textpage = page.get_textpage()
    try:
        given = {  # the text objects the text layer has characters of
            ctypes.cast(raw.FPDFText_GetTextObject(textpage.raw, i), ctypes.c_void_p).value
            for i in range(textpage.count_chars())
        }
    finally:
        textpage.close()
    out: list[tuple[float, float]] = []
    for seen, (handle, kind) in enumerate(page_objects(page, raw, _FORM_DEPTH)):
        if seen >= max_objects:
            return None
        if kind != raw.FPDF_PAGEOBJ_TEXT:
            continue
        if ctypes.cast(handle, ctypes.c_void_p).value in given:
            continue
        font = raw.FPDFTextObj_GetFont(handle)
        if font and raw.FPDFFont_GetIsEmbedded(font) == 1:
            continue  # its glyphs have outlines: an empty box is an empty text
        left, bottom, right, _ = object_bounds(raw, handle)
        if right - left < 0.01:
            out.append((left, bottom))
    return out


_SHOWN_ANNOTS = ("FPDF_ANNOT_LINK", "FPDF_ANNOT_POPUP")  # annotations that draw no text


def draws_annotations(page: Any, raw: Any) -> bool:
    """Whether the page has annotations that draw on it (a FreeText box, a form field,
    a stamp: text added on top of the content, not in its text layer)."""
    harmless = {getattr(raw, name) for name in _SHOWN_ANNOTS}
    for index in range(raw.FPDFPage_GetAnnotCount(page.raw)):
        annot = raw.FPDFPage_GetAnnot(page.raw, index)
        try:
            if raw.FPDFAnnot_GetSubtype(annot) not in harmless:
                return True
        finally:
            raw.FPDFPage_CloseAnnot(annot)
    return False


def _hides_text(page: Any, raw: Any, max_objects: int) -> bool:
    """Whether text may be on the page that its text layer does not have: lost glyphs
    (or too many objects to tell), or annotations drawing on the page."""
    return lost_glyphs(page, raw, max_objects) != [] or draws_annotations(page, raw)


class PageText:
    """A page's text and where its tokens stand, keyed by each token's offset in the text:
    for a token that looks like a value, the vertical extent (bottom, top) of its first
    digit (``heights``) and its horizontal extent (left, right) (``spans``); for every
    token, the right edge of its last character (``rights``).  A place PDFium cannot
    give is left out."""

    __slots__ = ("heights", "rights", "spans", "text")

    def __init__(
        self,
        text: str,
        heights: dict[int, tuple[float, float]] | None = None,
        spans: dict[int, tuple[float, float]] | None = None,
        rights: dict[int, float] | None = None,
    ):
        self.text = text
        #: None: geometry unknown (a page given as text alone, as tests do)
        self.heights = heights
        self.spans = spans
        self.rights = rights


_TOKEN = re.compile(r"\S+")
_DIGIT = re.compile(r"\d")


def _page_text(number: int, page: Any, raw: Any) -> PageText:
    textpage = page.get_textpage()
    try:
        text = str(textpage.get_text_range())
        index: list[int] | None = None  # PDFium's character index of each position
        if len(text) != textpage.count_chars():
            # a character outside the BMP is two of PDFium's (UTF-16), one of Python's
            index, at = [], 0
            for ch in text:
                index.append(at)
                at += 2 if ord(ch) > 0xFFFF else 1
            if at != textpage.count_chars():
                return PageText(text, {}, {}, {})  # no place known: rows refused
        handle = textpage.raw
        rect = raw.FS_RECTF()
        edges = [ctypes.c_double() for _ in range(4)]  # left, right, bottom, top

        def across(at: int) -> tuple[float, float] | None:
            """The left and right of a character's box (its font's full width)."""
            if not raw.FPDFText_GetLooseCharBox(handle, at if index is None else index[at], rect):
                return None
            return rect.left, rect.right

        def upright(at: int) -> tuple[float, float] | None:
            """The bottom and top of a character's glyph."""
            if not raw.FPDFText_GetCharBox(handle, at if index is None else index[at], *edges):
                return None
            return edges[2].value, edges[3].value

        heights: dict[int, tuple[float, float]] = {}
        spans: dict[int, tuple[float, float]] = {}
        rights: dict[int, float] = {}
        for offset, token in _unglue([(m.start(), m.group()) for m in _TOKEN.finditer(text)]):
            last = across(offset + len(token) - 1)
            if last is not None:
                rights[offset] = last[1]
            if not looks_like_value(token):
                continue
            first = across(offset) if len(token) > 1 else last
            if first is not None and last is not None:
                spans[offset] = (first[0], last[1])
            digit = _DIGIT.search(token)
            if digit is not None:
                place = upright(offset + digit.start())
                if place is not None:
                    heights[offset] = place
        return PageText(text, heights, spans, rights)
    finally:
        textpage.close()


def each_page(source: Source, visit: Callable[[int, Any, Any], T]) -> list[T]:
    """``visit(page number, page, pypdfium2.raw)`` for every page, under the read's limits.

    Shared by the PDF readers: opens the document (encrypted → UnsupportedFormat, broken →
    MalformedInput), enforces ``max_pages`` and ``max_page_objects``, checks the time
    budget before each page and closes every page and the document.
    """
    try:
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw
    except ImportError as exc:  # pragma: no cover - the extra is installed in CI
        raise UnsupportedFormat(
            'reading PDF needs the "pdf" extra: pip install "gov-disclosure[pdf]"'
        ) from exc
    try:
        document: Any = pdfium.PdfDocument(source.data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise UnsupportedFormat("the PDF is encrypted", source=source.name) from exc
        raise MalformedInput(f"not a readable PDF: {message}", source=source.name) from exc
    limits = source.limits
    out: list[T] = []
    try:
        pages = len(document)
        if pages > limits.max_pages:
            raise LimitExceeded(
                f"the PDF has {pages} pages (limit {limits.max_pages})", source=source.name
            )
        for index in range(pages):
            source.budget.check(f"page {index + 1}", source.name)
            page = document[index]
            try:
                objects = raw.FPDFPage_CountObjects(page.raw)
                if objects > limits.max_page_objects:
                    raise LimitExceeded(
                        f"page {index + 1} has {objects} objects (limit {limits.max_page_objects})",
                        source=source.name,
                    )
                out.append(visit(index + 1, page, raw))
            finally:
                page.close()
    except pdfium.PdfiumError as exc:
        raise MalformedInput(f"cannot read the PDF's pages: {exc}", source=source.name) from exc
    finally:
        document.close()
    return out


Span = tuple[float, float]  # left, right: where a token stands across the page


class _Row:
    """A line of a page that ends in numbers: its cells (label cells, then from
    ``values_from`` on its value cells) and the extent on the page of each value cell
    (``spans``; None when its values are not to be placed by columns)."""

    __slots__ = ("cells", "page", "spans", "values_from")

    def __init__(
        self,
        cells: tuple[DocCell, ...],
        values_from: int,
        spans: list[Span] | None,
        page: int,
    ) -> None:
        self.cells = cells
        self.values_from = values_from
        self.spans = spans
        self.page = page


def _blocks(pages: Sequence[PageText | str], skip: frozenset[int] = frozenset()) -> list[Block]:
    """The pages' paragraphs and tables; no blank is placed by position on the pages
    in ``skip``."""
    items: list[Paragraph | _Row] = []
    #: index in items of each paragraph → the right edge of its text (None: not known)
    reach: dict[int, float | None] = {}
    line_number = 0
    after_numbers = False  # the last line ended in numbers

    for page_number, page in enumerate(pages, start=1):
        page = page if isinstance(page, PageText) else PageText(page)
        # lines with their offsets in the page's text: tokens keep their place on the page
        for offset, raw in _lines(page.text):
            line_number += 1
            line = raw.strip()
            if not line:
                continue
            placed = _unglue([(offset + m.start(), m.group()) for m in _TOKEN.finditer(raw)])
            tokens = [token for _, token in placed]
            numeric_tail = looks_like_value(tokens[-1])
            label_part = " ".join(t for t in tokens if not looks_like_value(t))
            prose = label_part.endswith(_SENTENCE_END) or len(label_part) > 40
            if is_page_number(line) or not numeric_tail or prose:
                # "- 5 -" is kept whole, so the interpreter drops it
                after_numbers = False
                ends = [page.rights.get(at) for at, _ in placed] if page.rights else [None]
                known = [e for e in ends if e is not None]
                reach[len(items)] = max(known) if len(known) == len(ends) else None
                items.append(Paragraph(line, SourceLocation(line=line_number, page=page_number)))
                continue
            cells = _cells(tokens, line_number, page_number)
            if after_numbers and not label_part:
                # numbers alone right after a line ending in numbers: the rest of a
                # number wrapped in its cell, or the next row's values — with a blank
                # cell the count can even come out right.  One cell of both lines,
                # which no number parses as, so the row is refused, never shifted.
                row = items[-1]
                assert isinstance(row, _Row)
                above = row.cells[row.values_from :]
                text = " ".join(c.text for c in above) + "\n" + " ".join(tokens)
                row.cells = (*row.cells[: row.values_from], DocCell(text, above[0].location))
                row.spans = None
                continue
            after_numbers = True
            labels_at = [i for i, c in enumerate(cells) if not looks_like_value(c.text)]
            values_from = labels_at[-1] + 1 if labels_at else 0
            # numbers only: a marker (—, /, 无) has no digit, so no place is recorded
            numbers = [(at, t) for at, t in placed if looks_like_value(t) and _DIGIT.search(t)]
            lines = _page_lines(numbers, page.heights)
            if len(lines) > 1:
                # values from several lines of the page on one line of text: one
                # cell that no number parses as, so the row is refused, never shifted
                labels = tuple(cells[i] for i in labels_at)
                where = SourceLocation(line=line_number, page=page_number)
                text = "\n".join(" ".join(g) for g in lines)
                items.append(_Row((*labels, DocCell(text, where)), len(labels), None, page_number))
                continue
            row_spans: list[Span] | None = None
            if page.spans is not None and len(labels_at) == values_from:  # labels, values
                count = len(cells) - values_from  # one token each, at the end of the line
                found = [page.spans.get(at) for at, _ in placed[len(placed) - count :]]
                if None not in found:
                    row_spans = [f for f in found if f is not None]
            items.append(_Row(cells, values_from, row_spans, page_number))
    _place_by_columns(items, reach, skip)
    return _assemble(items)


def _place_by_columns(
    items: list[Paragraph | _Row], reach: dict[int, float | None], skip: frozenset[int]
) -> None:
    """Blanks put where the columns of a table without ruling lines say they are.

    The rows of one table on one page are placed together, up to a line of text that
    reaches over their values (a column header: the columns may change there).  A line
    read as a page number (``- 5 -``, ``5 / 7``) between two rows of a page may be part
    of a row that PDFium split, dropped: the rows on either side of it are not placed."""
    # for each item, whether a row of its page comes after it
    later: list[bool] = [False] * len(items)
    for index in range(len(items) - 2, -1, -1):
        after = items[index + 1]
        page_of = [
            i.page if isinstance(i, _Row) else i.location.page for i in (items[index], after)
        ]
        later[index] = page_of[0] == page_of[1] and (isinstance(after, _Row) or later[index + 1])
    group: list[_Row] = []
    left = float("inf")  # where the group's values begin on the page
    page = 0
    rows_on_page = False  # a row came before, on this page
    suspect = False  # the group is next to a page number between rows: not placed

    def place() -> None:
        nonlocal group, left, suspect
        if not suspect and page not in skip:
            _infer_blanks(group)
        group, left, suspect = [], float("inf"), False

    for index, item in enumerate(items):
        where = item.page if isinstance(item, _Row) else (item.location.page or 0)
        if where != page:
            place()
            page, rows_on_page = where, False
        if isinstance(item, _Row):
            group.append(item)
            rows_on_page = True
            if item.spans:
                left = min(left, item.spans[0][0])
            continue
        right = reach.get(index)
        between = rows_on_page and later[index] and is_page_number(item.text)
        if group and (right is None or right > left or between):
            suspect = suspect or between  # the group before it
            place()
        suspect = suspect or between  # and the group after it
    place()


def _join(spans: Sequence[Span]) -> list[list[float]]:
    """Extents joined where they overlap, left to right: ``[left, right]`` each."""
    out: list[list[float]] = []
    for lo, hi in sorted(spans):
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return out


def _infer_blanks(rows: list[_Row]) -> None:
    """Blank cells (``inferred_blank``) where a row of a table without ruling lines has
    no value in a column that the table's full rows have.

    The columns are where the values stand: every value's extent on the page,
    overlapping extents joined (left-aligned, centred or right-aligned, a column's values
    overlap; the gap between columns keeps them apart).  Every row must have at most
    one value in each column, in order, some row a value in every column (the columns
    are then its values'), and the values of each column must share their left edges,
    right edges or centres; otherwise nothing is placed.  Column headers are not
    used: header text can stand anywhere in a merged cell, and a table of one row
    (section 四) with a blank stays refused.  The interpreter uses these blanks only
    for a row it cannot place without them
    (:func:`~gov_disclosure.interpreter.place_values`)."""
    rows = [r for r in rows if r.spans is not None]
    if len(rows) < 2:
        return
    spans = [s for r in rows for s in r.spans or ()]
    columns = _join(spans)
    full = [len(r.spans or ()) == len(columns) for r in rows]
    if any(full) and not all(full) and _aligned(spans, columns):
        _fill(rows, columns)


_ALIGN = 1.0  # points: the edges or centres of a column's values agree within this


def _aligned(spans: list[Span], columns: list[list[float]]) -> bool:
    """Whether the values of every column share their left edges, their right edges
    or their centres: a value that merely overlaps a column is not in it."""
    lefts = [c[0] for c in columns]
    members: list[list[Span]] = [[] for _ in columns]
    for span in spans:
        members[bisect.bisect_right(lefts, span[0]) - 1].append(span)

    def agree(points: list[float]) -> bool:
        return max(points) - min(points) <= _ALIGN

    return all(
        agree([lo for lo, _ in m])
        or agree([hi for _, hi in m])
        or agree([(lo + hi) / 2 for lo, hi in m])
        for m in members
    )


def _fill(rows: list[_Row], columns: list[list[float]]) -> None:
    """Each row's values put in the columns their left edges fall in, an inferred
    blank in each column a row leaves empty; nothing changed when a row has two values
    in one column or values out of order."""
    lefts = [c[0] for c in columns]
    places = []
    for row in rows:
        at = [bisect.bisect_right(lefts, lo) - 1 for lo, _ in row.spans or ()]
        if any(b <= a for a, b in itertools.pairwise(at)):
            return
        places.append(at)
    for row, at in zip(rows, places, strict=True):
        if len(at) == len(columns):
            continue
        values = iter(row.cells[row.values_from :])
        where = attrs.evolve(row.cells[row.values_from].location, cell=None)
        filled = set(at)
        row.cells = (
            *row.cells[: row.values_from],
            *(
                next(values) if column in filled else DocCell("", where, inferred_blank=True)
                for column in range(len(columns))
            ),
        )


def _assemble(items: list[Paragraph | _Row]) -> list[Block]:
    """Paragraphs as they are; runs of rows as tables of one cell per row, whose row
    boundaries are unknown (the interpreter reads them label-anchored)."""
    blocks: list[Block] = []
    rows: list[DocRow] = []
    for item in items:
        if isinstance(item, _Row):
            rows.extend(DocRow((cell,), cell.location) for cell in item.cells)
            continue
        if rows:
            blocks.append(
                DocTable(tuple(rows), row_boundaries_known=False, location=rows[0].location)
            )
            rows = []
        blocks.append(item)
    if rows:
        blocks.append(DocTable(tuple(rows), row_boundaries_known=False, location=rows[0].location))
    return blocks
