"""The interpreter: any Document → a Report.  It knows templates, not layouts.

Written once and shared by every reader, built-in or third-party.  The steps, each a
small function on plain data:

1. clean — drop page numbers and editor artefacts (noted);
2. detect the template from labels (the year is only a tie-breaker);
3. route every table row to one of the three tables, by headings and by content;
4. cut the rows into *segments* — label cells followed by value cells — whether or not
   the layout kept row boundaries;
5. read each table label-anchored: a row's key comes from its own label (matched through
   :mod:`gov_disclosure.labels`), its values from the cells after that label, placed by a
   width rule that refuses to guess (:func:`place_values`);
6. metadata and narrative sections from the paragraphs.

Whatever cannot be placed with certainty is left missing or unreadable, with a finding
that quotes the raw row.  A wrong number is never emitted silently.
"""

from __future__ import annotations

import re

import attrs

from .._cache import LONG_TEXT, clear_text_caches
from ..document import DocTable, Document, Paragraph, is_page_number
from ..errors import quote
from ..findings import make_finding
from ..model import Report, SourceInfo
from ..templates import TEMPLATES
from .meta import _find_title, _narrative, _read_meta, _title_year
from .placement import _State, _TableReader, place_values
from .routing import _route, _segments
from .split import split_document
from .tables import _detect_template, _read_active, _read_appeals, _read_applications

__all__ = ["interpret", "place_values", "split_document"]

_ARTEFACT = re.compile(r"\[bookmark:[^\]\n]{0,200}\]|\{\\[^}\n]{0,200}\}")

# --------------------------------------------------------------------------- cleaning


_SUSPECT = re.compile(r"[-—–－~/页\[{]")


def _suspect(text: str) -> bool:
    """Cheap pre-test: only such cells can be page numbers or artefacts."""
    return _SUSPECT.search(text) is not None


def _clean(document: Document, state: _State) -> list[Paragraph | DocTable]:
    removed = 0
    blocks: list[Paragraph | DocTable] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            if len(block.text) > LONG_TEXT:
                state.long_text = True
            text = _ARTEFACT.sub("", block.text)
            removed += text != block.text
            if is_page_number(text):
                removed += 1
                continue
            blocks.append(attrs.evolve(block, text=text) if text != block.text else block)
            continue
        rows = []
        changed = False
        for row in block.rows:
            texts = "\n".join([cell.text for cell in row.cells])
            if len(texts) <= LONG_TEXT and not _suspect(texts):
                rows.append(row)  # most rows: one look at all their cells
                continue
            cells = []
            for cell in row.cells:
                if len(cell.text) > LONG_TEXT:
                    state.long_text = True
                if not _suspect(cell.text):
                    cells.append(cell)
                    continue
                if is_page_number(cell.text):
                    removed += 1
                    continue
                if "[" in cell.text or "{" in cell.text:
                    text = _ARTEFACT.sub("", cell.text)
                    if text != cell.text:
                        removed += 1
                        cell = attrs.evolve(cell, text=text)
                cells.append(cell)
            same = len(cells) == len(row.cells) and all(
                a is b for a, b in zip(cells, row.cells, strict=True)
            )
            if not same:
                changed = True
                if cells:
                    rows.append(attrs.evolve(row, cells=tuple(cells)))
            else:
                rows.append(row)
        blocks.append(attrs.evolve(block, rows=tuple(rows)) if changed else block)
    if removed:
        state.notes.append(
            make_finding(
                "GD119",
                f"已删除 {removed} 处页码或编辑器残留",
                f"removed {removed} page number(s) or editor artefact(s)",
            )
        )
    return blocks


# --------------------------------------------------------------------------- entry point


def interpret(
    document: Document,
    *,
    source: SourceInfo | None = None,
    year_hint: int | None = None,
) -> Report:
    """Map a Document onto its template and build the Report.

    A document that holds several reports is read up to where the second begins, with
    a warning (GD125); :func:`~gov_disclosure.read_all` reads each.  Raises
    :class:`TemplateNotRecognised` when the document follows neither template.
    """
    parts = split_document(document)
    if len(parts) == 1:
        return _interpret(document, source, year_hint)
    report = _interpret(parts[0], source, year_hint)
    second = next((b.text for b in parts[1].blocks if isinstance(b, Paragraph)), "")
    note = make_finding(
        "GD125",
        f"文件包含 {len(parts)} 份报告（第二份从“{quote(second)}”开始），只读取了第一份；"
        "请用 gd.read_all 分别读取",
        f"the file holds {len(parts)} reports (the second starts at {quote(second)!r}); "
        "only the first was read — gd.read_all reads each",
    )
    return attrs.evolve(report, notes=(*report.notes, note))


def _interpret(document: Document, source: SourceInfo | None, year_hint: int | None) -> Report:
    bootstrap = _State(TEMPLATES["2021"])
    try:
        return _read(document, bootstrap, source or SourceInfo(), year_hint)
    finally:
        if bootstrap.long_text:  # let go of it: the caches must not keep it alive
            clear_text_caches()


def _read(
    document: Document, bootstrap: _State, source: SourceInfo, year_hint: int | None
) -> Report:
    blocks = _clean(document, bootstrap)
    routed = _route(blocks)
    if year_hint is None:
        title, _ = _find_title(routed.paragraphs, min(routed.headings.values(), default=None))
        year_hint = _title_year(title) if title else None
    template, evidence, ambiguous = _detect_template(routed, year_hint, source.name)
    state = _State(template, notes=[*document.notes, *bootstrap.notes])
    if ambiguous:
        state.note(
            "GD101",
            f"表格标签不能区分模板版本，按年度判定为 {template.id} 版",
            f"the labels do not tell the templates apart; chose {template.id} by year",
        )
    segments = {key: _segments(rows) for key, rows in routed.rows.items()}
    readers = {spec.key: _TableReader(spec, state) for spec in template.tables}
    _read_active(segments["active"], readers["active"])
    _read_applications(segments["applications"], readers["applications"])
    _read_appeals(segments["appeals"], readers["appeals"])
    tables = {key: reader.build() for key, reader in readers.items()}
    meta = _read_meta(state, routed, document, template, evidence)
    return Report(
        meta=meta,
        active=tables["active"],
        applications=tables["applications"],
        appeals=tables["appeals"],
        source=source,
        narrative=_narrative(routed, template),
        notes=tuple(state.notes),
    )
