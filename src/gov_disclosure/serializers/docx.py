"""DOCX writer (python-docx): a report as a Word file with the official tables.

Merged cells follow the official layout (``gridSpan``/``vMerge`` as Word writes them), so
a disclosure office can start from its numbers and get a correct table, and the DOCX
reader can be tested by round trip.
"""

from __future__ import annotations

import io
import re
from typing import Any

from ..model import Report
from . import Serializer
from .layout import GridTable, official_tables

__all__ = ["DocxWriter"]


#: Characters XML 1.0 cannot hold (python-docx refuses them): C0 controls but tab, line
#: feed and carriage return; lone surrogates; U+FFFE/U+FFFF.  A page's ``&#x1;`` or a
#: Word paste's vertical tab reaches a report's text this way.
_NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("[\x0b\x0c]")  # vertical tab, form feed: Word's line and page breaks


def _xml(text: str) -> str:
    return _NOT_XML.sub("", _BREAKS.sub("\n", text))


def _title(report: Report) -> str:
    meta = report.meta
    year = f"{meta.year}年" if meta.year is not None else ""
    return f"{meta.agency or ''}{year}政府信息公开工作年度报告"


class DocxWriter(Serializer):
    name = "docx"
    suffixes = (".docx",)
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    binary = True
    description = "a Word document with the official tables"

    def dumps(self, obj: Any, **_: Any) -> bytes:
        import docx

        if not isinstance(obj, Report):
            raise TypeError(f"docx writes one Report, not {type(obj).__name__}")
        document = docx.Document()
        document.add_heading(_xml(_title(obj)), level=1)
        tables = {t.section: t for t in official_tables(obj)}
        for number, heading in obj.template.sections:
            document.add_paragraph(heading)
            if number in tables:
                self._table(document, tables[number])
                continue
            section = obj.section(number)
            if section is not None:
                for paragraph in _xml(section.text).split("\n"):
                    if paragraph:
                        document.add_paragraph(paragraph)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    @staticmethod
    def _table(document: Any, grid: GridTable) -> None:
        table = document.add_table(rows=len(grid.rows), cols=grid.width)
        table.style = "Table Grid"
        occupied: set[tuple[int, int]] = set()
        cells = table._cells  # one flat list, built once (table.cell() rebuilds it per call)
        width = grid.width
        merges = []
        for r, row in enumerate(grid.rows):
            c = 0
            for cell in row:
                while (r, c) in occupied:
                    c += 1
                for dr in range(cell.row_span):
                    for dc in range(cell.col_span):
                        occupied.add((r + dr, c + dc))
                cells[r * width + c].text = _xml(cell.text)
                if cell.row_span > 1 or cell.col_span > 1:
                    merges.append((r, c, r + cell.row_span - 1, c + cell.col_span - 1, cell.text))
                c += cell.col_span
        for r0, c0, r1, c1, text in merges:
            merged = table.cell(r0, c0).merge(table.cell(r1, c1))
            merged.text = _xml(text)
