"""Several reports in one document: where each begins.

Portals sometimes put more than one report in a page or a file (an office's and its
subordinate's, or the same report twice with different figures).  Read as one, the
second report's rows would collide with the first's.  A new report begins at a heading
``一、总体情况`` that follows a table of the report before; its title line
(``…年度报告``), if just above, goes with it.  A table of contents (headings with no
table between them) does not split.
"""

from __future__ import annotations

import bisect
import itertools

from ..document import Block, DocTable, Document, Paragraph
from .routing import _heading_number

__all__ = ["split_document"]


def _is_title(block: Block) -> bool:
    """A report's title line: short, names the annual report, not a sentence."""
    return (
        isinstance(block, Paragraph)
        and "年度报告" in block.text
        and len(block.text.strip()) <= 80
        and not block.text.strip().endswith(("。", "；", "，", ".", ";", ","))
    )


def _starts(blocks: tuple[Block, ...]) -> list[int]:
    """Block indexes where the second, third … report begin.

    A heading 一 starts a new report only when tables come both before it (the report
    before) and after it (its own): a sub-heading 总体情况 in section 五 or 六 does not.
    The new report takes the nearest title line above the heading, if one lies after
    the tables of the report before.
    """
    firsts = [
        index
        for index, block in enumerate(blocks)
        if isinstance(block, Paragraph)
        and ("情况" in block.text or "情況" in block.text)  # cheap test first
        and _heading_number(block) == 1
    ]
    tables = [i for i, b in enumerate(blocks) if isinstance(b, DocTable) and b.rows]

    def last_table_between(low: int, high: int) -> int | None:
        """The last table strictly between two block indexes (bisect: linear overall)."""
        at = bisect.bisect_left(tables, high) - 1
        return tables[at] if at >= 0 and tables[at] > low else None

    starts: list[int] = []
    opened: int | None = None  # the heading 一 of the report being read
    for number, index in enumerate(firsts):
        following = firsts[number + 1] if number + 1 < len(firsts) else len(blocks)
        if opened is None:
            opened = index
            continue
        before = last_table_between(opened, index)
        if before is None or last_table_between(index, following) is None:
            continue
        start = index
        for candidate in range(index - 1, before, -1):
            if _is_title(blocks[candidate]):
                start = candidate
                break
        starts.append(start)
        opened = index
    return starts


def _first_line(blocks: tuple[Block, ...]) -> int | None:
    """The first source line a run of blocks comes from, when the layout records lines."""
    for block in blocks:
        if isinstance(block, Paragraph):
            if block.location.line is not None:
                return block.location.line
            continue
        for row in block.rows:
            for cell in row.cells:
                if cell.location.line is not None:
                    return cell.location.line
    return None


def split_document(document: Document) -> list[Document]:
    """The document cut into one Document per report (usually just itself).

    A reader's note that names a source line goes with the part that line is in; notes
    without one (the encoding, …) go with every part.  The layout's hints (a page's
    metadata table) stay with the first part, which they describe.
    """
    starts = _starts(document.blocks)
    if not starts:
        return [document]
    bounds = [0, *starts, len(document.blocks)]
    parts = [document.blocks[a:b] for a, b in itertools.pairwise(bounds)]
    firsts = [_first_line(part) for part in parts]
    # lines place notes only when every part starts on a later line than the one before
    # (a page minified onto one line does not tell its reports apart)
    known = [f for f in firsts if f is not None]
    ordered = len(known) == len(firsts) and all(a < b for a, b in itertools.pairwise(known))

    def part_of(line: int) -> int | None:
        if not ordered:
            return None
        return max(bisect.bisect_right(known, line) - 1, 0)

    out = []
    for index, blocks in enumerate(parts):
        notes = tuple(
            note
            for note in document.notes
            if note.source is None
            or note.source.line is None
            or part_of(note.source.line) in (index, None)
        )
        out.append(
            Document(
                blocks,
                hints=document.hints if index == 0 else (),
                notes=notes,
                media_type=document.media_type,
            )
        )
    return out
