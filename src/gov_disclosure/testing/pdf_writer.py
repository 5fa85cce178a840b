"""A PDF writer for round-trip tests of the PDF readers (not a serializer for users).

``render_pdf(report)`` lays out the report as a Word export would: the title, the section
headings and narrative, and the three official tables with their merged cells, ruled,
text wrapped inside cells (numbers too, when a column is narrow), tables continued on the
next page.  Text uses the non-embedded CJK font STSong-Light with the UniGB-UCS2-H
encoding, which PDFium maps back to Unicode.  Generated reports rendered this way and read
back with ``gd.read`` must give identical values, however the numbers wrap.
"""

from __future__ import annotations

import zlib
from typing import Literal

from ..model import Report
from ..serializers.layout import GridCell, GridTable, expand, official_tables

__all__ = ["render_pdf"]

_PAGE_W, _PAGE_H, _MARGIN = 595.0, 842.0, 50.0
_PAD = 2.0


def _width(text: str, size: float) -> float:
    return sum(size / 2 if ord(ch) < 128 else size for ch in text)


def _wrap(text: str, width: float, size: float) -> list[str]:
    """Greedy wrap to ``width`` points; every character kept, in order."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for ch in paragraph:
            if line and _width(line + ch, size) > width:
                lines.append(line)
                line = ch
            else:
                line += ch
        lines.append(line)
    return lines


def _hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _shown(text: str) -> str:
    """A text object's text as written: a lone CJK character gets a space after it.

    The font is not embedded, so PDFium knows no outline for CJK glyphs; a text object
    holding one such character then has an empty box and PDFium leaves it out of the
    text layer (a cell's last wrapped character, ``信息`` over ``息``, would vanish).
    A real Word export embeds its font and keeps it; the space keeps it here."""
    return text + " " if len(text) == 1 and ord(text) > 0x7F else text


class _Canvas:
    def __init__(self, size: float, height: float = _PAGE_H) -> None:
        self.size = size
        self.height = height
        self.pages: list[list[str]] = [[]]
        self.y = height - _MARGIN

    def new_page(self) -> None:
        self.pages.append([])
        self.y = self.height - _MARGIN

    def room(self, height: float) -> None:
        if self.y - height < _MARGIN:
            self.new_page()

    def text(self, x: float, y: float, text: str, size: float | None = None) -> None:
        if text:
            size = size or self.size
            self.pages[-1].append(
                f"BT /F1 {size:g} Tf {x:.2f} {y:.2f} Td <{_hex(_shown(text))}> Tj ET"
            )

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.pages[-1].append(f"{x0:.2f} {y0:.2f} m {x1:.2f} {y1:.2f} l S")

    def paragraph(self, text: str, size: float) -> None:
        for line in _wrap(text, _PAGE_W - 2 * _MARGIN, size):
            self.room(size * 1.6)
            self.y -= size * 1.6
            self.text(_MARGIN, self.y, line, size)


def _table(
    canvas: _Canvas, grid: GridTable, column_width: float | None, ruled: bool, valign: str
) -> None:
    size = canvas.size
    cells = expand(grid)
    width = grid.width
    total = _PAGE_W - 2 * _MARGIN
    value_w = column_width or total / width
    label_cols = max(
        1, width - sum(1 for c in cells[-1] if isinstance(c, GridCell) and c.role == "value")
    )
    label_w = max((total - value_w * (width - label_cols)) / label_cols, value_w)
    xs = [_MARGIN]
    for c in range(width):
        xs.append(xs[-1] + (label_w if c < label_cols else value_w))
    origins: dict[int, tuple[int, int, GridCell]] = {}
    for r, row in enumerate(cells):
        for c, cell in enumerate(row):
            if isinstance(cell, GridCell) and id(cell) not in origins:
                origins[id(cell)] = (r, c, cell)
    lines_of: dict[int, list[str]] = {}
    need = [size * 1.4 + 2 * _PAD for _ in cells]
    for key, (r, c, cell) in origins.items():
        inner = xs[c + cell.col_span] - xs[c] - 2 * _PAD
        lines_of[key] = _wrap(cell.text, inner, size)
        height = len(lines_of[key]) * size * 1.2 + 2 * _PAD
        last = r + cell.row_span - 1
        have = sum(need[r : last + 1])
        if height > have:
            need[last] += height - have
    # place rows on pages: a row never straddles pages
    tops: list[tuple[int, float]] = []
    for r in range(len(cells)):
        canvas.room(need[r])
        tops.append((len(canvas.pages) - 1, canvas.y))
        canvas.y -= need[r]
    pages = canvas.pages
    for key, (r, c, cell) in origins.items():
        last = r + cell.row_span - 1
        first_page = tops[r][0]
        for page in sorted({tops[i][0] for i in range(r, last + 1)}):
            rows_here = [i for i in range(r, last + 1) if tops[i][0] == page]
            top = tops[rows_here[0]][1]
            bottom = tops[rows_here[-1]][1] - need[rows_here[-1]]
            x0, x1 = xs[c], xs[c + cell.col_span]
            draw = pages[page]
            if ruled:
                draw.append(f"{x0:.2f} {top:.2f} m {x1:.2f} {top:.2f} l S")
                draw.append(f"{x0:.2f} {bottom:.2f} m {x1:.2f} {bottom:.2f} l S")
                draw.append(f"{x0:.2f} {bottom:.2f} m {x0:.2f} {top:.2f} l S")
                draw.append(f"{x1:.2f} {bottom:.2f} m {x1:.2f} {top:.2f} l S")
            if page == first_page:
                y = top - _PAD - size
                if valign == "middle":  # centred in the part of the cell on this page
                    spare = (top - bottom) - 2 * _PAD - len(lines_of[key]) * size * 1.2
                    y -= max(spare, 0.0) / 2
                for line in lines_of[key]:
                    if line:
                        shown = _hex(_shown(line))
                        draw.append(
                            f"BT /F1 {size:g} Tf {x0 + _PAD:.2f} {y:.2f} Td <{shown}> Tj ET"
                        )
                    y -= size * 1.2


def _fake_bold(page: list[str]) -> list[str]:
    """Every text drawn twice, the second time 0.3 pt to the right: WPS's fake bold."""
    out = []
    for op in page:
        out.append(op)
        if op.startswith("BT "):
            head, _, rest = op.partition(" Td ")
            *start, x, y = head.split(" ")
            out.append(" ".join([*start, f"{float(x) + 0.3:.2f}", y]) + " Td " + rest)
    return out


def _document(pages: list[list[str]], compress: bool, height: float = _PAGE_H) -> bytes:
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H"
        b" /DescendantFonts [4 0 R] >>",
        4: b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >>"
        b" /FontDescriptor 5 0 R /DW 1000 /W [1 95 500] >>",
        5: b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6"
        b" /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120"
        b" /CapHeight 880 /StemV 93 >>",
    }
    kids = []
    number = 6
    for page in pages:
        content = ("0.5 w\n" + "\n".join(page)).encode("ascii")
        flate = b""
        if compress:
            content, flate = zlib.compress(content), b" /Filter /FlateDecode"
        objects[number] = (
            b"<< /Length %d" % len(content) + flate + b" >>\nstream\n" + content + b"\nendstream"
        )
        objects[number + 1] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R"
            b" /Resources << /Font << /F1 3 0 R >> >> >>" % (int(_PAGE_W), int(height), number)
        )
        kids.append(b"%d 0 R" % (number + 1))
        number += 2
    objects[2] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(pages)
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for n in sorted(objects):
        offsets[n] = len(out)
        out += b"%d 0 obj\n" % n + objects[n] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (max(objects) + 1)
    for n in range(1, max(objects) + 1):
        out += b"%010d 00000 n \n" % offsets[n]
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        max(objects) + 1,
        xref,
    )
    return bytes(out)


def render_pdf(
    report: Report,
    *,
    size: float = 8.0,
    column_width: float | None = None,
    compress: bool = True,
    fake_bold: bool = False,
    ruled: bool = True,
    valign: Literal["top", "middle"] = "top",
    page_height: float = _PAGE_H,
) -> bytes:
    """The report as a ruled PDF.  ``column_width`` (points) narrows the value columns so
    that large numbers wrap inside their cells; ``compress=False`` leaves the drawing
    operators readable (fuzz seeds whose mutations move lines and text); ``fake_bold``
    draws every text twice, offset by 0.3 pt, as WPS does for bold; ``ruled=False``
    leaves out the table lines (positions are then all a reader has); ``valign="middle"``
    centres text vertically in its cell (Word's 中部居中), so a wrapped number's first
    line can sit above its row's label; ``page_height`` (points) moves the page breaks
    (a table alone on a sparse last page, where PDFium groups text lines differently)."""
    if valign not in ("top", "middle"):
        raise ValueError(f"valign must be 'top' or 'middle', not {valign!r}")
    canvas = _Canvas(size, page_height)
    meta = report.meta
    year = f"{meta.year}年" if meta.year is not None else ""
    canvas.paragraph(f"{meta.agency or ''}{year}政府信息公开工作年度报告", size + 4)
    tables = {t.section: t for t in official_tables(report)}
    for number, heading in report.template.sections:
        canvas.paragraph(heading, size + 2)
        if number in tables:
            _table(canvas, tables[number], column_width, ruled, valign)
            continue
        section = report.section(number)
        if section is not None:
            canvas.paragraph(section.text, size)
    pages = [_fake_bold(page) for page in canvas.pages] if fake_bold else canvas.pages
    return _document(pages, compress, page_height)
