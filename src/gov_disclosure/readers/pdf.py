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
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from ..document import Block, DocCell, DocRow, DocTable, Document, Paragraph, is_page_number
from ..errors import LimitExceeded, MalformedInput, UnsupportedFormat
from ..location import SourceLocation
from ..numbers import looks_like_value
from ..source import Source
from . import Reader

__all__ = ["PdfReader", "each_page"]

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
        return Document(tuple(_blocks(texts)), media_type="application/pdf")


class PageText:
    """A page's text and, for every token that looks like a value, the vertical extent
    (bottom, top) of its first digit, keyed by the token's offset in the text."""

    __slots__ = ("heights", "text")

    def __init__(self, text: str, heights: dict[int, tuple[float, float]] | None = None):
        self.text = text
        #: None: geometry unknown (a page given as text alone, as tests do)
        self.heights = heights


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
                return PageText(text, {})  # no place known: every number's row refused
        heights: dict[int, tuple[float, float]] = {}
        for offset, token in _unglue([(m.start(), m.group()) for m in _TOKEN.finditer(text)]):
            digit = _DIGIT.search(token)
            if digit is not None and looks_like_value(token):
                at = offset + digit.start()
                _, bottom, _, top = textpage.get_charbox(at if index is None else index[at])
                heights[offset] = (bottom, top)
        return PageText(text, heights)
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


def _blocks(pages: Sequence[PageText | str]) -> list[Block]:
    blocks: list[Block] = []
    rows: list[DocRow] = []
    line_number = 0
    numbers_from = -1  # index in rows of the last line's numbers, when it ended in numbers

    def end_table() -> None:
        nonlocal numbers_from
        numbers_from = -1
        if rows:
            blocks.append(
                DocTable(tuple(rows), row_boundaries_known=False, location=rows[0].location)
            )
            rows.clear()

    for page_number, page in enumerate(pages, start=1):
        page = page if isinstance(page, PageText) else PageText(page)
        # lines with their offsets in the page's text: tokens keep their place on the page
        for offset, raw in _lines(page.text):
            line_number += 1
            line = raw.strip()
            if not line:
                continue
            if is_page_number(line):  # "- 5 -": kept whole, so the interpreter drops it
                end_table()
                blocks.append(Paragraph(line, SourceLocation(line=line_number, page=page_number)))
                continue
            placed = _unglue([(offset + m.start(), m.group()) for m in _TOKEN.finditer(raw)])
            tokens = [token for _, token in placed]
            numeric_tail = bool(tokens) and looks_like_value(tokens[-1])
            label_part = " ".join(t for t in tokens if not looks_like_value(t))
            prose = label_part.endswith(_SENTENCE_END) or len(label_part) > 40
            if numeric_tail and not prose:
                cells = _cells(tokens, line_number, page_number)
                if numbers_from >= 0 and not label_part:
                    # numbers alone right after a line ending in numbers: the rest of a
                    # number wrapped in its cell, or the next row's values — with a blank
                    # cell the count can even come out right.  One cell of both lines,
                    # which no number parses as, so the row is refused, never shifted.
                    above = [r.cells[0] for r in rows[numbers_from:]]
                    del rows[numbers_from:]
                    text = " ".join(c.text for c in above) + "\n" + " ".join(tokens)
                    rows.append(DocRow((DocCell(text, above[0].location),), above[0].location))
                    continue
                # numbers only: a marker (—, /, 无) has no digit, so no place is recorded
                numbers = [(at, t) for at, t in placed if looks_like_value(t) and _DIGIT.search(t)]
                lines = _page_lines(numbers, page.heights)
                if len(lines) > 1:
                    # values from several lines of the page on one line of text: one
                    # cell that no number parses as, so the row is refused, never shifted
                    labels = [c for c in cells if not looks_like_value(c.text)]
                    where = SourceLocation(line=line_number, page=page_number)
                    cells = (*labels, DocCell("\n".join(" ".join(g) for g in lines), where))
                start = len(rows)
                for cell in cells:
                    rows.append(DocRow((cell,), cell.location))
                labels_at = [i for i, c in enumerate(cells) if not looks_like_value(c.text)]
                numbers_from = start + (labels_at[-1] + 1 if labels_at else 0)
                continue
            end_table()
            blocks.append(Paragraph(line, SourceLocation(line=line_number, page=page_number)))
    end_table()
    return blocks
