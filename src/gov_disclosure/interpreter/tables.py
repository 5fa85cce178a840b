"""Template detection and the readers of the three tables (二, 三, 四)."""

from __future__ import annotations

from collections.abc import Sequence

from ..document import DocCell
from ..errors import TemplateNotRecognised, quote
from ..labels import LabelMatch, normalize_label, strip_parentheticals
from ..location import SourceLocation
from ..numbers import looks_like_value
from ..templates import TEMPLATES, RowSpec, TableSpec, Template
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


def _header_unit(labels: Sequence[DocCell]) -> str | None:
    for cell in labels:
        norm = normalize_label(cell.text)
        if "金额" in norm:
            return header_unit(norm)
    return None


def _read_active(segments: list[Segment], reader: _TableReader) -> None:
    spec = reader.spec
    headers = {normalize_label(h) for h in spec.header_labels}
    headers |= {strip_parentheticals(h) for h in headers}
    unit: str | None = None  # an amount unit stated in the current item's header
    for segment in segments:
        if not segment.labels:
            if segment.has_values:
                reader.unplaced(segment, "数值无行标签", "values without a row label")
            continue
        last = segment.labels[-1]
        norm = normalize_label(last.text)
        if _ACTIVE_ANCHOR.match(norm):
            unit = None
            continue
        # an amount header, recognised or not (本年收费金额/元), or header labels run into
        # the row's own in a layout that lost row boundaries: its unit applies from here.
        # Not a row's own label (其中：减免金额（元） 300 is a row); two different units
        # in one item make its amounts unreadable rather than picking one.
        headers_here = segment.labels[:-1] if segment.has_values else segment.labels
        stated = _header_unit(headers_here)
        if stated is not None:
            unit = stated if unit in (None, stated) else f"{unit}|{stated}"
        if norm in headers or strip_parentheticals(norm) in headers:
            continue
        match = spec.row_labels.match(last.text)
        if match is None:
            if segment.has_values:
                reader.unplaced(
                    segment, "行标签不属于模板", "row label not in the template", "GD112"
                )
            continue
        _note_match(reader, match.method, match.score, last, spec.row(match.key))
        reader.put_row(spec.row(match.key), segment, unit)


def _read_applications(segments: list[Segment], reader: _TableReader) -> None:
    spec = reader.spec
    ignorable = {normalize_label(h) for h in spec.header_labels}
    # labels of a value-less segment just before: the first half of a label broken
    # across lines or pages (（四）无 / 法提供)
    carried: tuple[DocCell, ...] = ()
    for segment in segments:
        before, carried = carried, ()
        if not segment.labels:
            if segment.has_values:
                reader.unplaced(segment, "数值无行标签", "values without a row label")
            continue
        earlier = [normalize_label(c.text) for c in segment.labels[:-1]]
        if not segment.has_values and any(h in label for label in earlier for h in ignorable):
            continue  # a header row such as 申请人情况 … 总计
        if not segment.has_values:
            carried = segment.labels[-2:]
        row, label_cell, joined, match = _resolve_row_label(spec, (*before, *segment.labels))
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
    width = sum(len(r.columns) for r in spec.rows)
    headers = {normalize_label(h) for h in spec.header_labels} | {
        normalize_label(c.label) for c in spec.rows[0].columns
    }
    taken = False
    for segment in segments:
        labelled_by_header = bool(segment.labels) and all(
            strip_parentheticals(normalize_label(c.text)) in headers for c in segment.labels
        )
        if not segment.has_values and not (
            len(segment.values) == width and (not segment.labels or not labelled_by_header)
        ):
            continue  # a header row
        if taken:
            reader.unplaced(segment, "多余的数值行", "an extra row of values")
            continue
        taken = True
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
        blank = DocCell("", segment.location or SourceLocation())
        for i, row in enumerate(spec.rows):
            part = placement.cells[i * 5 : (i + 1) * 5]
            cells = tuple(c if c is not None else blank for c in part)
            reader.put_row(row, Segment(segment.labels, cells, bounded=False))
