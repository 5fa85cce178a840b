"""Several reports in one document: where each begins.

Portals sometimes put more than one report in a page or a file (an office's and its
subordinate's, or the same report twice with different figures).  Read as one, the
second report's rows would collide with the first's.  A new report begins at a heading
``一、总体情况`` that follows a table of the report before; its title line
(``…年度报告``), if just above, goes with it.  A table of contents (headings with no
table between them) does not split.
"""

from __future__ import annotations

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
    starts: list[int] = []
    opened: int | None = None  # the heading 一 of the report being read
    for number, index in enumerate(firsts):
        following = firsts[number + 1] if number + 1 < len(firsts) else len(blocks)
        before = [t for t in tables if (opened if opened is not None else -1) < t < index]
        after = [t for t in tables if index < t < following]
        if opened is None or not before or not after:
            if opened is None:
                opened = index
            continue
        start = index
        for candidate in range(index - 1, before[-1], -1):
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

    def part_of(line: int) -> int | None:
        known = [(first, i) for i, first in enumerate(firsts) if first is not None]
        before = [i for first, i in known if first <= line]
        return before[-1] if before else None

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
