"""Readers for plain-text copies of reports, one per layout seen in the wild.

* ``text-tab`` — tab-separated rows, as copied out of Word or a PDF viewer (samples 000,
  001, 003): merged cells leave empty fields, rows after a page break start at column 0.
* ``text-cells`` — web copies with one cell per line, each ended by `` |``, spanned
  cells followed by extra ``|`` fillers (sample 002).  Row boundaries are lost.
* ``text-pipe`` — web copies with a whole row per line, cells separated by `` | ``.
* ``markdown`` — Markdown pipe tables (``| a | b |`` plus a ``|---|`` rule).
* ``text-lines`` — Word exports with one cell per line, each indented by a tab, a blank
  line between rows, and labels wrapped inside a cell on untabbed lines (sample 004).

Each reader only splits lines into paragraphs and cells, keeping every cell's text and
position; the interpreter does the rest.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import ClassVar, NamedTuple

import attrs

from ..document import Block, DocCell, DocRow, DocTable, Document, Paragraph, is_page_number
from ..findings import Finding, make_finding
from ..location import SourceLocation
from ..source import Source
from . import Reader

__all__ = [
    "MarkdownReader",
    "PipeRowsReader",
    "TabTextReader",
    "TextCellsReader",
    "TextLinesReader",
]

_HEADING = re.compile(r"^(#{1,6})\s*(.*)$")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


class _Line(NamedTuple):  # one for every line of every text: a tuple is cheapest
    number: int  # 1-based
    start: int  # offset of the line in the text
    text: str  # without the line end
    terminated: bool  # followed by a line end


#: Line ends other than "\n" that str.splitlines() knows.
_OTHER_LINE_ENDS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _lines(text: str) -> Iterator[_Line]:
    if _OTHER_LINE_ENDS.search(text) is None:  # the common case: "\n" only
        bodies = text.split("\n")
        last = len(bodies) - 1
        if not bodies[last]:
            bodies.pop()  # the text ends with a line end: no line after it
        position = 0
        for number, body in enumerate(bodies, start=1):
            yield _Line(number, position, body, number <= last)
            position += len(body) + 1
        return
    position = 0
    for number, raw in enumerate(text.splitlines(keepends=True), start=1):
        body = raw.rstrip("\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85")
        yield _Line(number, position, body, len(body) != len(raw))
        position += len(raw)


def _paragraph(line: _Line) -> Paragraph:
    match = _HEADING.match(line.text)
    if match:
        return Paragraph(match.group(2), SourceLocation(line=line.number), len(match.group(1)))
    return Paragraph(line.text, SourceLocation(line=line.number))


@functools.lru_cache(maxsize=16384)
def _location(line: int, cell: int | None = None) -> SourceLocation:
    """Locations repeat across documents; they are immutable, so share them."""
    return SourceLocation(line=line, cell=cell)


def _split(line: _Line, separator: str) -> tuple[DocCell, ...]:
    """Cut a line at ``separator``; each cell keeps its offsets and position."""
    parts = line.text.split(separator)
    cells: list[DocCell] = []
    append = cells.append
    start = line.start
    number = line.number
    step = len(separator)
    for index, part in enumerate(parts, start=1):
        end = start + len(part)
        # positional arguments: a fifth cheaper than keywords, for every cell of a text
        append(DocCell(part, _location(number, index), 1, 1, (start, end), False))
        start = end + step
    if not line.terminated:  # the last cell touches the end of the input
        cells[-1] = attrs.evolve(cells[-1], at_eof=True)
    return tuple(cells)


def _document(blocks: list[Block], source: Source, media_type: str = "text/plain") -> Document:
    notes: tuple[Finding, ...] = ()
    if source.decoded.method == "plausibility":
        notes = (
            make_finding(
                "GD118",
                f"文本编码按可读性推断为 {source.decoded.encoding}",
                f"text encoding guessed as {source.decoded.encoding} by plausibility",
            ),
        )
    return Document(tuple(blocks), notes=notes, media_type=media_type)


#: Two fields with text (not only white space) on one line, between tabs or pipes.
_TWO_TAB_FIELDS = re.compile(r"\S.*?\t.*?\S")
_TWO_PIPE_FIELDS = re.compile(r"[^\s|].*?\|.*?[^\s|]")


class _Stats:
    """Line shapes counted once per text; each sniffer scores from them."""

    def __init__(self, text: str) -> None:
        self.tab_rows = self.tab_cells = self.cell_lines = self.pipe_rows = 0
        self.md_rows = self.md_rules = 0
        self.keyword = "政府信息公开" in text or "行政复议" in text
        for line in text.splitlines():
            stripped = line.strip()
            if not stripped:
                continue
            if "\t" in line:
                if _TWO_TAB_FIELDS.search(line):
                    self.tab_rows += 1
                elif line.startswith("\t") and line.count("\t") == 1:
                    self.tab_cells += 1
            if "|" in stripped:
                if _MD_RULE.match(stripped):
                    self.md_rules += 1
                    continue
                if _TWO_PIPE_FIELDS.search(stripped.strip("|")):
                    if stripped.startswith("|"):
                        self.md_rows += 1
                    else:
                        self.pipe_rows += 1
                elif stripped.endswith("|"):
                    self.cell_lines += 1


def _stats(source: Source) -> _Stats | None:
    if source.looks_binary():
        return None
    cached = source.__dict__.get("_text_stats")
    if cached is None:
        try:
            cached = _Stats(source.text)
        except Exception:  # undecodable: not text at all
            return None
        source.__dict__["_text_stats"] = cached
    return cached


def _confident(score: float, stats: _Stats) -> float:
    return score if stats.keyword else score * 0.5


class TabTextReader(Reader):
    name = "text-tab"
    suffixes = (".txt", ".text", ".tsv", "")
    media_types = ("text/plain", "text/tab-separated-values")
    description = "Tab-separated text copied out of Word or a PDF viewer"

    def sniff(self, source: Source) -> float:
        stats = _stats(source)
        if stats is None:
            return 0.0
        if stats.tab_rows >= 8 and stats.tab_rows > stats.tab_cells:
            return _confident(0.9, stats)
        # the fallback for any text: lets the interpreter say what is wrong with it
        return 0.05

    def read(self, source: Source) -> Document:
        blocks: list[Block] = []
        rows: list[DocRow] = []
        for line in _lines(source.text):
            if "\t" in line.text and line.text.strip():
                cells = _split(line, "\t")
                rows.append(DocRow(cells, _location(line.number)))
                continue
            if rows:
                blocks.append(DocTable(tuple(rows), location=rows[0].location))
                rows = []
            if line.text.strip():
                blocks.append(_paragraph(line))
        if rows:
            blocks.append(DocTable(tuple(rows), location=rows[0].location))
        return _document(blocks, source)


class TextCellsReader(Reader):
    name = "text-cells"
    suffixes = (".txt", ".text", "")
    media_types = ("text/plain",)
    description = "Web copy with one cell per line, each ended by ' |' (row boundaries lost)"

    def sniff(self, source: Source) -> float:
        stats = _stats(source)
        if stats is None:
            return 0.0
        if stats.cell_lines >= 20 and stats.cell_lines > 3 * (stats.pipe_rows + stats.md_rows):
            return _confident(0.9, stats)
        return 0.0

    def read(self, source: Source) -> Document:
        blocks: list[Block] = []
        rows: list[DocRow] = []
        for line in _lines(source.text):
            stripped = line.text.rstrip()
            if stripped.endswith("|"):
                bar = line.text.find("|")
                text = line.text[:bar].rstrip()
                fillers = stripped[bar:].count("|") - 1
                cell = DocCell(
                    text,
                    _location(line.number, 1),
                    col_span=1 + fillers,
                    span=(line.start, line.start + len(text)),
                )
                rows.append(DocRow((cell,), _location(line.number)))
                continue
            if rows:
                blocks.append(
                    DocTable(tuple(rows), row_boundaries_known=False, location=rows[0].location)
                )
                rows = []
            if line.text.strip():
                blocks.append(_paragraph(line))
        if rows:
            blocks.append(
                DocTable(tuple(rows), row_boundaries_known=False, location=rows[0].location)
            )
        return _document(blocks, source)


class _PipeRows(Reader):
    """Whole rows on one line, cells between ``|``; Markdown adds outer pipes and a rule."""

    markdown: ClassVar[bool] = False

    def read(self, source: Source) -> Document:
        blocks: list[Block] = []
        rows: list[DocRow] = []
        for line in _lines(source.text):
            stripped = line.text.strip()
            is_row = "|" in stripped and len(stripped.strip("|").split("|")) >= 2
            if is_row and _MD_RULE.match(stripped):
                continue  # the Markdown header rule
            if is_row:
                rows.append(DocRow(self._cells(line), _location(line.number)))
                continue
            if rows:
                blocks.append(DocTable(tuple(rows), location=rows[0].location))
                rows = []
            if stripped:
                blocks.append(_paragraph(line))
        if rows:
            blocks.append(DocTable(tuple(rows), location=rows[0].location))
        return _document(blocks, source, "text/markdown" if self.markdown else "text/plain")

    def _cells(self, line: _Line) -> tuple[DocCell, ...]:
        parts = line.text.split("|")
        offsets = []
        start = line.start
        for part in parts:
            offsets.append(start)
            start += len(part) + 1
        first, last = 0, len(parts)
        # Markdown's outer pipes leave an empty first/last field: not cells.  Plain pipe
        # rows have no outer pipes, so an empty edge field there is a real (blank) cell.
        if self.markdown and not parts[0].strip() and line.text.lstrip().startswith("|"):
            first = 1
        if (
            self.markdown
            and last > first
            and not parts[-1].strip()
            and line.text.rstrip().endswith("|")
            and line.terminated  # a line cut off at the end of the input keeps it
        ):
            last -= 1
        out = []
        for n, index in enumerate(range(first, last), start=1):
            raw = parts[index]
            text = raw.strip()
            begin = offsets[index] + len(raw) - len(raw.lstrip())
            at_eof = index == len(parts) - 1 and not line.terminated
            out.append(
                DocCell(text, _location(line.number, n), 1, 1, (begin, begin + len(text)), at_eof)
            )
        return tuple(out)


class PipeRowsReader(_PipeRows):
    name = "text-pipe"
    suffixes = (".txt", ".text", "")
    media_types = ("text/plain",)
    description = "Web copy with a whole row per line, cells separated by ' | '"

    def sniff(self, source: Source) -> float:
        stats = _stats(source)
        if stats is None:
            return 0.0
        if stats.pipe_rows >= 8 and stats.md_rules == 0 and stats.pipe_rows > stats.cell_lines:
            return _confident(0.9, stats)
        return 0.0


class MarkdownReader(_PipeRows):
    name = "markdown"
    suffixes = (".md", ".markdown", ".txt", "")
    media_types = ("text/markdown",)
    description = "Markdown with pipe tables"
    markdown = True

    def sniff(self, source: Source) -> float:
        stats = _stats(source)
        if stats is None:
            return 0.0
        if stats.md_rules >= 1 and stats.md_rows >= 8:
            return _confident(0.95, stats)
        return 0.0


class TextLinesReader(Reader):
    name = "text-lines"
    suffixes = (".txt", ".text", "")
    media_types = ("text/plain",)
    description = "Word export with one tab-indented cell per line and blank lines between rows"

    def sniff(self, source: Source) -> float:
        stats = _stats(source)
        if stats is None:
            return 0.0
        if stats.tab_cells >= 20 and stats.tab_cells > 2 * stats.tab_rows:
            return _confident(0.9, stats)
        return 0.0

    def read(self, source: Source) -> Document:
        blocks: list[Block] = []
        rows: list[DocRow] = []
        cells: list[DocCell] = []
        previous_in_row = False

        def end_row() -> None:
            nonlocal cells
            if cells:
                rows.append(DocRow(tuple(cells), cells[0].location))
                cells = []

        def end_table() -> None:
            nonlocal rows
            end_row()
            if rows:
                blocks.append(DocTable(tuple(rows), location=rows[0].location))
                rows = []

        for line in _lines(source.text):
            text = line.text
            if not text.strip() and not text.startswith("\t"):
                end_row()
                previous_in_row = False
                continue
            if text.startswith("\t"):
                body = text[1:]
                cells.append(
                    DocCell(
                        body,
                        _location(line.number, len(cells) + 1),
                        span=(line.start + 1, line.start + len(text)),
                        at_eof=not line.terminated,
                    )
                )
                previous_in_row = True
                continue
            if previous_in_row and cells and not is_page_number(text):
                # a label wrapped inside its cell: the continuation has no tab
                last = cells[-1]
                cells[-1] = attrs.evolve(
                    last,
                    text=last.text + "\n" + text,
                    span=None,
                    at_eof=not line.terminated,
                )
                continue
            end_table()
            previous_in_row = False
            blocks.append(_paragraph(line))
        end_table()
        return _document(blocks, source)
