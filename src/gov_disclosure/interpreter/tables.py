"""Template detection and the readers of the three tables (二, 三, 四)."""

from __future__ import annotations

from collections.abc import Sequence

from ..document import DocCell
from ..errors import TemplateNotRecognised, quote
from ..labels import LabelMatch, normalize_label, strip_parentheticals
from ..location import SourceLocation
from ..numbers import looks_like_value
from ..templates import TEMPLATES, ColumnKind, RowSpec, TableSpec, Template
from .columns import (
    active_header_problem,
    active_labels,
    appeals_header_problem,
    appeals_labels,
    applications_header_problem,
    applications_labels,
    header_runs,
)
from .placement import Segment, _TableReader, header_unit, place_values
from .routing import _ACTIVE_ANCHOR, _Routed

# --------------------------------------------------------------------------- template


def _detect_template(
    routed: _Routed, year_hint: int | None, source: str | None
) -> tuple[Template, tuple[str, ...], bool]:
    labels: set[str] = set()
    for table_rows in routed.rows.values():
        for cells, _ in table_rows:
            for cell in cells:
                if cell.text.strip() and not looks_like_value(cell.text):
                    labels.add(normalize_label(cell.text))
    scores: dict[str, list[str]] = {}
    for template in TEMPLATES.values():
        hits = [ev for ev in template.evidence if normalize_label(ev) in labels]
        scores[template.id] = hits
    ranked = sorted(TEMPLATES.values(), key=lambda t: len(scores[t.id]), reverse=True)
    best, runner_up = ranked[0], ranked[1]
    if len(scores[best.id]) > len(scores[runner_up.id]):
        return best, tuple(scores[best.id]), False
    # No distinguishing label: is it a national-template report at all?
    common = {"本年新收政府信息公开申请数量", "申请人情况", "予以公开", "结果维持"}
    seen_common = sorted(c for c in common if c in labels)
    if not seen_common and not scores[best.id]:
        raise TemplateNotRecognised(
            "no table of the 2021 or 2019 national template was found (a pre-2019 "
            "free-format report, tables published as images, or not an annual report); "
            "nothing was read",
            source=source,
            evidence=tuple(sorted(labels))[:20],
        )
    chosen = TEMPLATES["2019"] if year_hint is not None and year_hint < 2021 else TEMPLATES["2021"]
    evidence = (*scores[chosen.id], *seen_common, f"year {year_hint}" if year_hint else "default")
    return chosen, tuple(evidence), True


# --------------------------------------------------------------------------- tables


def _stated_unit(texts: Sequence[str]) -> str | None:
    """The amount unit the active table's headers, captions and amount row label state
    (normalised texts in document order), or None.  A bracket left open is closed by
    the texts that follow (``本年收费金额(单位:`` / ``元)``, a header wrapped in a PDF
    copy).  Different units join with ``|``: the amounts are then refused."""
    units: list[str] = []
    i = 0
    while i < len(texts):
        text, i = texts[i], i + 1
        while text.count("(") > text.count(")") and i < len(texts) and len(text) < 200:
            text, i = text + texts[i], i + 1
        unit = header_unit(text)
        if unit is not None and unit not in units:
            units.append(unit)
    return "|".join(units) or None


def _read_active(segments: list[Segment], reader: _TableReader) -> None:
    """Rows by their labels, item by item.  The template has one amount column, so a
    unit stated anywhere in the table's headers, captions or the amount row's label
    applies to it (a header may come before its item's caption); a row's own label that
    is not the template's (其中：减免金额(元) 300) states nothing for it."""
    spec = reader.spec
    headers = {normalize_label(h) for h in spec.header_labels}
    headers |= {strip_parentheticals(h) for h in headers}
    context: list[str] = []  # header, caption and amount-row label texts, in order
    rows: list[tuple[RowSpec, Segment, str | None, list[str]]] = []
    columns = active_labels(reader.state.template)
    run: list[str] = []  # the column headers since the last row
    problem: tuple[str | None, list[str]] = (None, [])  # of the item's headers
    wrapped: dict[int, Segment] = {}  # rows next to a line of numbers without a label
    doubt_next: Segment | None = None
    for segment in segments:
        doubted, doubt_next = doubt_next, None
        cells = segment.labels[:-1] if segment.has_values else segment.labels
        run.extend(n for n in (normalize_label(c.text) for c in cells) if n in columns)
        if not segment.labels:
            noted = False
            if _wrapped_piece(segment):
                noted = bool(rows) and rows[-1][1].has_values and not rows[-1][1].exact
                if noted:
                    wrapped.setdefault(len(rows) - 1, segment)
                doubt_next = segment
            if segment.has_values and not noted:
                reader.unplaced(segment, "数值无行标签", "values without a row label")
            continue
        last = segment.labels[-1]
        norm = normalize_label(last.text)
        context.extend(normalize_label(c.text) for c in segment.labels[:-1])
        if _ACTIVE_ANCHOR.match(norm):
            problem = (None, [])  # a new item: its own headers decide
        if _ACTIVE_ANCHOR.match(norm) or norm in headers or strip_parentheticals(norm) in headers:
            context.append(norm)
            if norm in columns and norm not in run:
                run.append(norm)
            continue
        match = spec.row_labels.match(last.text)
        if match is None:
            if segment.has_values:
                reader.unplaced(
                    segment, "行标签不属于模板", "row label not in the template", "GD112"
                )
            else:
                context.append(norm)  # a header the template does not have
            continue
        row = spec.row(match.key)
        if any(c.kind is ColumnKind.AMOUNT for c in row.columns):
            context.append(norm)
        if run:  # a new item's headers: they decide for its rows
            problem = (active_header_problem(run, reader.state.template), run)
            run = []
        _note_match(reader, match.method, match.score, last, row)
        rows.append((row, segment, *problem))
        if doubted is not None and segment.has_values:
            wrapped.setdefault(len(rows) - 1, doubted)
    unit = _stated_unit(context)
    refused: dict[str, tuple[str, list[str], list[RowSpec]]] = {}
    for index, (row, segment, why, item_headers) in enumerate(rows):
        if why is None:
            reader.put_row(row, segment, unit)
            if index in wrapped:
                reader.refuse_wrapped((row,), segment, wrapped[index])
        else:
            key = why + "、".join(item_headers)  # one finding per item refused
            refused.setdefault(key, (why, item_headers, []))[2].append(row)
    for why, item_headers, item_rows in refused.values():
        reader.refuse_columns(item_rows, why, item_headers)


def _read_applications(segments: list[Segment], reader: _TableReader) -> None:
    spec = reader.spec

    def is_row(text: str) -> bool:
        return spec.row_labels.match(text, fuzzy_cutoff=1.1) is not None

    for run in header_runs(segments, applications_labels(spec), is_row):
        problem = applications_header_problem(run, spec)
        if problem is not None:
            reader.refuse_columns(spec.rows, problem, run)
            return
    ignorable = {normalize_label(h) for h in spec.header_labels}
    # labels of a value-less segment just before: the first half of a label broken
    # across lines or pages (（四）无 / 法提供)
    carried: tuple[DocCell, ...] = ()
    placed: tuple[RowSpec, Segment] | None = None  # the last row placed
    doubt_next: Segment | None = None
    for segment in segments:
        before, carried = carried, ()
        doubted, doubt_next = doubt_next, None
        if not segment.labels:
            noted = False
            if _wrapped_piece(segment):
                noted = placed is not None and placed[1].has_values and not placed[1].exact
                if placed is not None and noted:
                    reader.refuse_wrapped((placed[0],), placed[1], segment)
                doubt_next = segment
            if segment.has_values and not noted:
                reader.unplaced(segment, "数值无行标签", "values without a row label")
            continue
        earlier = [normalize_label(c.text) for c in segment.labels[:-1]]
        if not segment.has_values and any(h in label for label in earlier for h in ignorable):
            continue  # a header row such as 申请人情况 … 总计
        if not segment.has_values:
            carried = segment.labels[-2:]
        row, label_cell, joined, match = _resolve_row_label(spec, (*before, *segment.labels))
        if row is None and placed is not None and segment.has_values and not segment.exact:
            # the rest of the row above: its label and its numbers both wrapped
            # (2. 其他法律行政法规禁止 … 12 / 公开 … 34): neither line's numbers are whole
            rest = _resolve_row_label(spec, (*placed[1].labels, *segment.labels))[0]
            if rest is not None and rest.key == placed[0].key:
                reader.refuse_wrapped((placed[0],), placed[1], segment)
                continue
        if row is None:
            last = normalize_label(segment.labels[-1].text)
            is_group = spec.group_labels.match(last, fuzzy_cutoff=0.95) is not None
            if segment.has_values and not any(h in last for h in ignorable):
                why = (
                    ("分组行带有数值", "a group row carries values")
                    if is_group
                    else (
                        "行标签不属于模板",
                        "row label not in the template",
                    )
                )
                reader.unplaced(segment, why[0], why[1], "GD112")
            continue
        if joined:
            reader.state.note(
                "GD116",
                f"跨行标签已合并为“{row.label}”",
                f"label re-joined as {row.label!r}",
                section=spec.section,
                table=spec.key,
                row=row.key,
                source=label_cell.location,
            )
        elif match is not None:
            _note_match(reader, match.method, match.score, label_cell, row)
        reader.put_row(row, segment)
        placed = (row, segment)
        if doubted is not None and segment.has_values:
            reader.refuse_wrapped((row,), segment, doubted)


#: A label wrapped in a narrow column (a PDF read as text) comes in up to this many
#: pieces: 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请
#: is eight lines at five characters a line.
_MAX_LABEL_PIECES = 12


def _resolve_row_label(
    spec: TableSpec, labels: Sequence[DocCell]
) -> tuple[RowSpec | None, DocCell, bool, LabelMatch | None]:
    """The row named by the label cell right before the values (joined with its broken-off
    beginning when needed).  Earlier labels are groups or headers and never decide the row.
    Returns the row, the label cell, whether labels were joined, and the match."""
    last = labels[-1]
    match = spec.row_labels.match(last.text)
    if match is not None and spec.group_labels.match(last.text, fuzzy_cutoff=1.1) is None:
        return spec.row(match.key), last, False, match
    for k in range(2, min(len(labels), _MAX_LABEL_PIECES) + 1):
        text = "".join(c.text for c in labels[-k:])
        joined = spec.row_labels.match(text)
        if joined is not None and joined.method != "fuzzy":
            return spec.row(joined.key), labels[-k], True, joined
    return None, last, False, None


def _wrapped_piece(segment: Segment) -> bool:
    """Values without a label in a text layout: part of a number wrapped across lines
    (or a page number), casting doubt on the rows on either side.  Cells of HTML and
    Word tables are exact: a number cannot spill into another row there."""
    return segment.has_values and not segment.exact


def _note_match(
    reader: _TableReader, method: str, score: float, cell: DocCell, row: RowSpec
) -> None:
    """Every label matched other than exactly is a guess or a variant: say so."""
    label = quote(cell.text.strip())
    if method == "fuzzy":
        code = "GD106"
        zh = f"标签“{label}”近似匹配为“{row.label}”（相似度 {score}）"
        en = f"label {label!r} matched {row.label!r} fuzzily (score {score})"
    elif method == "variant":
        code = "GD107"
        zh = f"标签“{label}”为“{row.label}”的变体写法"
        en = f"label {label!r} is a variant of {row.label!r}"
    else:
        return
    reader.state.note(
        code,
        zh,
        en,
        section=reader.spec.section,
        table=reader.spec.key,
        row=row.key,
        source=cell.location,
        quote=quote(cell.text),
    )


def _read_appeals(segments: list[Segment], reader: _TableReader) -> None:
    """Section 四 is one row of 15 values (three groups of five) under a 3-row header."""
    spec = reader.spec
    for run in header_runs(segments, appeals_labels(spec)):
        problem = appeals_header_problem(run, spec)
        if problem is not None:
            reader.refuse_columns(spec.rows, problem, run)
            return
    width = sum(len(r.columns) for r in spec.rows)
    headers = {normalize_label(h) for h in spec.header_labels} | {
        normalize_label(c.label) for c in spec.rows[0].columns
    }

    def data_row(segment: Segment) -> bool:
        """Values, or a row of ``width`` empty cells not labelled by the header (a blank
        report's data row); anything else is a header row."""
        labelled_by_header = bool(segment.labels) and all(
            strip_parentheticals(normalize_label(c.text)) in headers for c in segment.labels
        )
        return segment.has_values or (
            len(segment.values) == width and (not segment.labels or not labelled_by_header)
        )

    candidates = [s for s in segments if data_row(s)]
    #: An empty row before a row of values (a header row Word broke across a page, a
    #: spacer) is not the data row: taking it read every value as blank.
    first_values = next((i for i, s in enumerate(candidates) if s.has_values), 0)
    taken: Segment | None = None
    for index, segment in enumerate(candidates):
        if index < first_values:
            reader.unplaced(segment, "数值行前的空行", "an empty row before the row of values")
            continue
        if taken is not None:
            if not segment.labels and _wrapped_piece(segment) and not taken.exact:
                reader.refuse_wrapped(spec.rows, taken, segment)
            else:
                reader.unplaced(segment, "多余的数值行", "an extra row of values")
            continue
        taken = segment
        placement = place_values(
            segment.values,
            width,
            bounded=segment.bounded,
            labelled=bool(segment.labels),
            exact=segment.exact,
        )
        if placement.cells is None:
            reader.state.note(
                "GD104",
                f"{spec.title}：无法确定数值所在列（{placement.problem}）。"
                f"原文：{quote(segment.raw)}",
                f"appeals: values cannot be placed ({placement.problem}). "
                f"Raw: {quote(segment.raw)}",
                section=spec.section,
                table=spec.key,
                cells=tuple((spec.key, ref.row, ref.column) for ref in spec.cell_refs()),
                source=segment.location,
                quote=quote(segment.raw),
            )
            for row in spec.rows:
                reader.put_unreadable(row, segment)
            continue
        if placement.guessed:
            reader.note_guess(spec.title, segment)
        if placement.inferred:
            reader.note_inferred(spec.title, segment)
        blank = DocCell("", segment.location or SourceLocation())
        for i, row in enumerate(spec.rows):
            part = placement.cells[i * 5 : (i + 1) * 5]
            # blanks placed (and noted) for the whole row: plain blanks in its parts
            cells = tuple(blank if c is None or c.inferred_blank else c for c in part)
            reader.put_row(row, Segment(segment.labels, cells, bounded=False))
