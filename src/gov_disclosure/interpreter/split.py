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


def _starts(blocks: tuple[Block, ...]) -> list[int]:
    """Block indexes where the second, third … report begin."""
    starts: list[int] = []
    opened: int | None = None  # the heading 一 of the report being read
    last_table = -1
    for index, block in enumerate(blocks):
        if isinstance(block, DocTable):
            if block.rows:
                last_table = index
            continue
        if ("情况" not in block.text and "情況" not in block.text) or _heading_number(block) != 1:
            continue  # (a cheap test first: a heading 一 names 总体情况)
        if opened is not None and last_table > opened:
            start = index
            for before in range(index - 1, last_table, -1):
                candidate = blocks[before]
                if isinstance(candidate, Paragraph) and "年度报告" in candidate.text:
                    start = before
                    break
            starts.append(start)
        opened = index
    return starts


def split_document(document: Document) -> list[Document]:
    """The document cut into one Document per report (usually just itself).

    Every part keeps the reader's notes; the layout's hints (a page's metadata table)
    stay with the first part, which they describe.
    """
    starts = _starts(document.blocks)
    if not starts:
        return [document]
    bounds = [0, *starts, len(document.blocks)]
    return [
        Document(
            document.blocks[a:b],
            hints=document.hints if i == 0 else (),
            notes=document.notes,
            media_type=document.media_type,
        )
        for i, (a, b) in enumerate(itertools.pairwise(bounds))
    ]
