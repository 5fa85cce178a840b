"""The layout-neutral Document that every reader produces and the interpreter consumes.

A reader knows a layout (tabs, pipes, HTML, DOCX, PDF …) and nothing about templates.
It turns its input into an ordered sequence of blocks: paragraphs and tables.  A table
is rows of cells; each cell keeps its text exactly as the source has it (the
interpreter normalises), its spans, and where it came from.

What the Document can say that a plain grid cannot:

* ``DocTable.row_boundaries_known = False``: the layout lost row boundaries (web copies
  with one cell per line).  Each row then holds one cell, in reading order, and the
  interpreter reads label-anchored (a label, then the next k value cells).
* blank vs missing: a blank cell is a ``DocCell`` with empty text; a missing cell is
  simply not there.
* ``DocTable.exact_cells = True``: no padding, so an empty cell is always a blank value.
* ``DocCell.at_eof``: the cell touches the end of the input with no line end after it,
  so it may have been cut off.
* ``DocCell.inferred_blank``: an empty cell the reader inferred from positions (nothing
  stands there, but the table's full rows have a value in that column).  The
  interpreter takes it as a blank only when the row's other values are too few without
  it: an inference the row does not need changes nothing, and one it needs is noted
  (GD130).
"""

from __future__ import annotations

import re

import attrs

from .findings import Finding
from .location import SourceLocation

__all__ = ["Block", "DocCell", "DocRow", "DocTable", "Document", "Paragraph", "is_page_number"]

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－~]\s*\d{1,4}\s*[-—–－~]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4})\s*$"
)


def is_page_number(text: str) -> bool:
    """``- 4 -``, ``— 4 —``, ``第4页``, ``4/6``: page furniture, not content."""
    return bool(_PAGE_NUMBER.match(text))


@attrs.frozen(slots=True)
class DocCell:
    text: str
    location: SourceLocation = attrs.field(factory=SourceLocation)
    row_span: int = 1
    col_span: int = 1
    #: Character offsets of ``text`` in the decoded source, when the layout has them.
    span: tuple[int, int] | None = None
    at_eof: bool = False
    inferred_blank: bool = False


@attrs.frozen(slots=True)
class DocRow:
    cells: tuple[DocCell, ...]
    location: SourceLocation = attrs.field(factory=SourceLocation)


@attrs.frozen(slots=True)
class DocTable:
    rows: tuple[DocRow, ...]
    row_boundaries_known: bool = True
    #: True when rows hold exactly the table's real cells — a merged cell once, covered
    #: positions absent, no padding (HTML, DOCX).  Text copies pad merged cells with
    #: empty fields, so for them it is False and empties may be padding.
    exact_cells: bool = False
    location: SourceLocation = attrs.field(factory=SourceLocation)


@attrs.frozen(slots=True)
class Paragraph:
    text: str
    location: SourceLocation = attrs.field(factory=SourceLocation)
    #: 1 for a top heading … None for body text, when the layout marks headings.
    heading_level: int | None = None


Block = Paragraph | DocTable


@attrs.frozen(slots=True)
class Document:
    """A reader's output: blocks in document order plus what the layout knows besides.

    ``hints`` carries metadata the layout states explicitly (``发布机构``, ``发布时间``,
    ``索引号``, ``title`` …) as ``(key, value)`` pairs; ``notes`` are the reader's own
    findings (an encoding guessed, artefacts removed).
    """

    blocks: tuple[Block, ...]
    hints: tuple[tuple[str, str], ...] = ()
    notes: tuple[Finding, ...] = ()
    media_type: str = "text/plain"

    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Paragraph))

    def tables(self) -> tuple[DocTable, ...]:
        return tuple(b for b in self.blocks if isinstance(b, DocTable))
