"""Text writers: a Report rendered in each text layout the text readers understand.

They exist so that every reader can be tested by round trip on generated reports, and
so that a person can get a plain-text copy of the official tables.  ``quirks=True`` (the
default) adds what real copies contain: empty cells where merged cells were, trailing
empty fields, half-width brackets and spaced-out labels, labels wrapped inside cells,
NBSP-padded numbers.  ``page_break="<row key>"`` breaks section 三 after that row the way
a PDF copy does (a blank line, and the merged left column gone on the next page).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import Report
from . import Serializer
from .layout import Covered, GridCell, GridTable, expand, official_tables

__all__ = [
    "MarkdownWriter",
    "PipeRowsWriter",
    "TabTextWriter",
    "TextCellsWriter",
    "TextLinesWriter",
]

_HALF = str.maketrans({"（": "(", "）": ")", "，": ", "})


def _title(report: Report) -> str:
    meta = report.meta
    year = f"{meta.year}年" if meta.year is not None else ""
    return f"{meta.agency or ''}{year}政府信息公开工作年度报告"


def _label(cell: GridCell, index: int, quirks: bool) -> str:
    """Vary label spelling the way real copies do, deterministically."""
    text = cell.text
    if not quirks or cell.role == "value":
        return text
    if index % 3 == 1:
        text = text.translate(_HALF)
    if cell.role == "header" and len(text) == 4 and index % 2 == 0:
        text = " ".join(text)  # 结 果 维 持
    return text


class _TextWriter(Serializer):
    suffixes = (".txt",)
    media_type = "text/plain"

    def dumps(
        self, obj: Any, *, quirks: bool = True, page_break: str | None = None, **_: Any
    ) -> str:
        if not isinstance(obj, Report):
            raise TypeError(f"{self.name} writes one Report, not {type(obj).__name__}")
        lines: list[str] = []
        tables = {t.section: t for t in official_tables(obj)}
        lines.extend(self.title(_title(obj)))
        for number, heading in obj.template.sections:
            lines.extend(self.heading(heading, number))
            if number in tables:
                lines.extend(self.table(tables[number], quirks, page_break))
                continue
            section = obj.section(number)
            if section is not None and section.text:
                lines.extend(self.paragraph(p) for p in section.text.split("\n"))
        if obj.meta.published is not None:
            date = obj.meta.published
            lines.extend(
                self.paragraph(t)
                for t in (obj.meta.agency or "", f"{date.year}年{date.month}月{date.day}日")
            )
        return "\n".join(lines) + "\n"

    def title(self, text: str) -> list[str]:
        return [text, ""]

    def heading(self, text: str, number: int) -> list[str]:
        return [text]

    def paragraph(self, text: str) -> str:
        return text

    def table(self, table: GridTable, quirks: bool, page_break: str | None) -> Iterator[str]:
        raise NotImplementedError


def _break_index(table: GridTable, page_break: str | None) -> int | None:
    if page_break is None or table.key != "applications":
        return None
    for i, row in enumerate(table.rows):
        if any(c.ref is not None and c.ref.row == page_break for c in row):
            return i
    return None


class TabTextWriter(_TextWriter):
    name = "text-tab"
    description = "tab-separated text, like a copy out of Word or a PDF viewer"

    def table(self, table: GridTable, quirks: bool, page_break: str | None) -> Iterator[str]:
        cut = _break_index(table, page_break)
        for i, row in enumerate(expand(table)):
            cells = list(row)
            if cut is not None and i > cut:
                while cells and isinstance(cells[0], Covered) and cells[0].by_row:
                    cells.pop(0)  # the merged left column is not repeated on the next page
            texts = ["" if isinstance(c, Covered) else _label(c, i, quirks) for c in cells]
            if quirks and table.key == "applications" and i % 2 == 0:
                texts.append("")
            yield "\t".join(texts)
            if cut is not None and i == cut:
                yield ""


class TextCellsWriter(_TextWriter):
    name = "text-cells"
    description = "one cell per line ended by ' |', as copied from a web page"

    def table(self, table: GridTable, quirks: bool, page_break: str | None) -> Iterator[str]:
        for i, row in enumerate(table.rows):
            for j, cell in enumerate(row):
                fillers = cell.col_span - 1 + (1 if j == len(row) - 1 and quirks else 0)
                text = _label(cell, i, quirks)
                yield f"{text} |" + (" " + "|" * fillers if fillers else "")


class PipeRowsWriter(_TextWriter):
    name = "text-pipe"
    description = "a whole row per line, cells separated by ' | '"

    def table(self, table: GridTable, quirks: bool, page_break: str | None) -> Iterator[str]:
        for i, row in enumerate(table.rows):
            yield " | ".join(_label(c, i, quirks) for c in row)


class MarkdownWriter(_TextWriter):
    name = "markdown"
    suffixes = (".md",)
    media_type = "text/markdown"
    description = "Markdown with pipe tables"

    def title(self, text: str) -> list[str]:
        return [f"# {text}", ""]

    def heading(self, text: str, number: int) -> list[str]:
        return ["", f"## {text}", ""]

    def table(self, table: GridTable, quirks: bool, page_break: str | None) -> Iterator[str]:
        for i, row in enumerate(expand(table)):
            texts = [
                "" if isinstance(c, Covered) else _label(c, i, quirks).replace("|", "\\|")
                for c in row
            ]
            yield "| " + " | ".join(texts) + " |"
            if i == 0:
                yield "|" + "---|" * table.width
        yield ""


class TextLinesWriter(_TextWriter):
    name = "text-lines"
    description = "one tab-indented cell per line, a blank line between rows (Word export)"

    def table(self, table: GridTable, quirks: bool, page_break: str | None) -> Iterator[str]:
        for i, row in enumerate(expand(table)):
            seen: set[int] = set()
            for j, cell in enumerate(row):
                if isinstance(cell, Covered):
                    if cell.by_row and id(cell.origin) not in seen:
                        seen.add(id(cell.origin))
                        yield "\t"
                    continue
                text = _label(cell, i, quirks)
                if quirks and cell.role == "header" and len(cell.text) == 4:
                    text = cell.text[:2] + "\n" + cell.text[2:]  # wrapped inside a narrow cell
                if quirks and cell.role == "value" and text and j % 4 == 1:
                    text = text + "\u00a0"
                yield "\t" + text
            yield ""
        yield ""
