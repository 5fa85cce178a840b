"""A gov_disclosure reader for reports whose tables were saved from Excel as CSV.

Each CSV record is one table row; merged cells come out as empty fields, which is what the
interpreter expects of text copies (``exact_cells=False``).  Records with a single
non-empty field are headings or narrative and become paragraphs.  The reader knows the
layout only; finding the template's rows and columns is the shared interpreter's job.
"""

from __future__ import annotations

import csv

from gov_disclosure.document import DocCell, DocRow, DocTable, Document, Paragraph
from gov_disclosure.errors import MalformedInput
from gov_disclosure.location import SourceLocation
from gov_disclosure.readers import Reader
from gov_disclosure.source import Source

__all__ = ["ExcelCsvReader"]

_KEYWORDS = ("主动公开", "依申请", "行政复议", "政府信息")


class ExcelCsvReader(Reader):
    name = "excel-csv"
    version = "0.1.0"
    suffixes = (".csv",)
    media_types = ("text/csv",)
    description = "Report tables saved from Excel as CSV (comma-separated, UTF-8 or GBK)"

    def sniff(self, source: Source) -> float:
        if source.suffix not in ("", ".csv"):
            return 0.0
        head = source.data[:4096]
        if head.count(b",") < 20:
            return 0.0
        try:
            text = source.text  # decoded once by gov_disclosure (BOM, UTF-8, GB18030 …)
        except Exception:
            return 0.0
        return 0.8 if any(k in text[:4000] for k in _KEYWORDS) else 0.1

    def read(self, source: Source) -> Document:
        blocks: list[Paragraph | DocTable] = []
        rows: list[DocRow] = []
        try:
            records = list(csv.reader(source.text.splitlines()))
        except csv.Error as exc:
            raise MalformedInput(f"not a readable CSV: {exc}", source=source.name) from exc
        for number, fields in enumerate(records, start=1):
            filled = [f for f in fields if f.strip()]
            if len(filled) > 1:
                cells = tuple(
                    DocCell(text, SourceLocation(line=number, cell=i + 1))
                    for i, text in enumerate(fields)
                )
                rows.append(DocRow(cells, SourceLocation(line=number)))
                continue
            if rows:
                blocks.append(DocTable(tuple(rows), location=rows[0].location))
                rows = []
            if filled:
                blocks.append(Paragraph(filled[0].strip(), SourceLocation(line=number)))
        if rows:
            blocks.append(DocTable(tuple(rows), location=rows[0].location))
        return Document(tuple(blocks), media_type="text/csv")
