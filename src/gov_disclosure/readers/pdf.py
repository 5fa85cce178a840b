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
since a blank cell (no text at all) and a wrapped piece cancel out.  Page numbers
(``- 3 -``) are left for the interpreter to drop.  A PDF without a text layer is refused
("OCR it first").
"""

from __future__ import annotations

import re
from collections.abc import Callable
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


def _unglue(tokens: list[str]) -> list[str]:
    """Two rows run together on one line: "…0 1四、结转下年度…" → "1", "四、结转下年度…"."""
    out: list[str] = []
    for token in tokens:
        match = _GLUED.match(token)
        out.extend(match.groups() if match else (token,))
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
        if not any(t.strip() for t in texts):
            raise UnsupportedFormat(
                "this PDF has no text layer (a scan?); OCR it first", source=source.name
            )
        return Document(tuple(_blocks(texts)), media_type="application/pdf")


def _page_text(number: int, page: Any, raw: Any) -> str:
    textpage = page.get_textpage()
    try:
        return str(textpage.get_text_range())
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


def _blocks(pages: list[str]) -> list[Block]:
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

    for page_number, text in enumerate(pages, start=1):
        for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            line_number += 1
            line = raw.strip()
            if not line:
                continue
            if is_page_number(line):  # "- 5 -": kept whole, so the interpreter drops it
                end_table()
                blocks.append(Paragraph(line, SourceLocation(line=line_number, page=page_number)))
                continue
            tokens = _unglue(line.split())
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
                start = len(rows)
                for cell in cells:
                    rows.append(DocRow((cell,), cell.location))
                labels = [i for i, c in enumerate(cells) if not looks_like_value(c.text)]
                numbers_from = start + (labels[-1] + 1 if labels else 0)
                continue
            end_table()
            blocks.append(Paragraph(line, SourceLocation(line=line_number, page=page_number)))
    end_table()
    return blocks
