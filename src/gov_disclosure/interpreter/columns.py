"""Column headers against the template: values are placed by position, so a table whose
headers stand in another order (商业企业 before 自然人), or that carries the other
template's headers (2019's 本年新制作数量 in a 2021 report), would put every value in
the wrong column — with every sum still right.  These functions find that from the
header labels the document shows; the table readers then refuse the values.

Only header labels that match a template's column or group label exactly (after
normalisation) count; a header the document lost or garbled constrains nothing.  The
orders accepted are those of the official layouts read row by row or as one row
(自然人 法人或其他组织 / 商业企业 … 其他, or 自然人 商业企业 … 其他, with 总计 anywhere:
its header spans rows, and copies put it first or last).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence

from ..labels import normalize_label
from ..templates import TEMPLATES, TableSpec, Template
from .placement import Segment

__all__ = ["active_header_problem", "appeals_header_problem", "applications_header_problem"]


def header_runs(
    segments: Sequence[Segment],
    known: frozenset[str],
    is_row: Callable[[str], bool] = lambda _: False,
) -> Iterator[list[str]]:
    """The known header labels of each header block, in document order: the labels of
    rows without values and those before a row's own label, up to the next data row (one
    with values, or whose last label ``is_row``: a blank row's 3.其他 is not a header)."""
    run: list[str] = []
    for segment in segments:
        row = segment.has_values or (bool(segment.labels) and is_row(segment.labels[-1].text))
        cells = segment.labels[:-1] if row else segment.labels
        run.extend(n for n in (normalize_label(c.text) for c in cells) if n in known)
        if row and run:
            yield run
            run = []
    if run:
        yield run


def _increasing(seq: Sequence[str], order: Sequence[str]) -> bool:
    ranks = [order.index(x) for x in seq if x in order]
    return all(a < b for a, b in itertools.pairwise(ranks))


def applications_labels(spec: TableSpec) -> frozenset[str]:
    columns = spec.rows[0].columns
    return frozenset(normalize_label(x) for c in columns for x in (c.label, c.parent or c.label))


def applications_header_problem(run: Sequence[str], spec: TableSpec) -> str | None:
    """Why a header block of section 三 is not in the template's column order, or None.
    总计 constrains nothing: its header spans the rows, so copies put it first or last."""
    columns = spec.rows[0].columns
    first = normalize_label(columns[0].label)
    group = next(normalize_label(c.parent) for c in columns if c.parent)
    members = [normalize_label(c.label) for c in columns if c.parent]
    if not _increasing(run, members):
        return "the 法人或其他组织 columns are not in the template's order"
    position = {label: i for i, label in reversed(list(enumerate(run)))}
    if first in position and any(
        position[first] > position[x] for x in (group, *members) if x in position
    ):
        return f"{columns[0].label} does not come before 法人或其他组织"
    return None


def appeals_labels(spec: TableSpec) -> frozenset[str]:
    names = {r.label for r in spec.rows} | {g for r in spec.rows for g in r.groups}
    names |= {c.label for c in spec.rows[0].columns}
    return frozenset(normalize_label(x) for x in names)


def appeals_header_problem(run: Sequence[str], spec: TableSpec) -> str | None:
    """Why a header block of section 四 is not in the template's order, or None: the
    groups in order, and each set of result columns starting at 结果维持 and rising."""
    tops: list[str] = []
    for row in spec.rows:
        for label in (*row.groups, row.label):
            if normalize_label(label) not in tops:
                tops.append(normalize_label(label))
    outer = [t for t in tops if any(t == normalize_label(g) for r in spec.rows for g in r.groups)]
    inner = [t for t in tops if t not in outer]
    # the first group (行政复议) comes before the one holding the others (行政诉讼)
    heads = [normalize_label(spec.rows[0].label), *outer]
    if not _increasing(run, heads) or not _increasing(run, inner[1:]):
        return "the review and litigation groups are not in the template's order"
    # 总计 is left out: a copy that cut 结果纠正 to 结果 would make it look like a group's
    # first column
    leaves = [normalize_label(c.label) for c in spec.rows[0].columns][:-1]
    ranks = [leaves.index(x) for x in run if x in leaves]
    for i, rank in enumerate(ranks):
        starts_group = i == 0 or rank <= ranks[i - 1]
        if starts_group and rank != 0:
            return "the result columns are not in the template's order"
    return None


def _other(template: Template) -> Template:
    return next(t for t in TEMPLATES.values() if t.id != template.id)


def active_labels(template: Template) -> frozenset[str]:
    """Every column label of section 二 in either template."""
    return frozenset(
        normalize_label(c.label)
        for t in (template, _other(template))
        for r in t.table("active").rows
        for c in r.columns
    )


def active_header_problem(run: Sequence[str], template: Template) -> str | None:
    """Why a header block of one item of section 二 does not fit the template: another
    template's column (本年新制作数量 in a 2021 report), or the columns out of order."""
    rows = template.table("active").rows
    ours = {normalize_label(c.label) for r in rows for c in r.columns}
    keys = {c.key for r in rows for c in r.columns}
    # the other template's columns that mean something else (本年新制作数量 is not
    # 本年制发件数); 处理决定数量 and 本年处理决定数量 are the same column
    foreign_labels = {
        normalize_label(c.label)
        for r in _other(template).table("active").rows
        for c in r.columns
        if c.key not in keys
    }
    foreign = [x for x in run if x in foreign_labels and x not in ours]
    if foreign:
        return f"{'、'.join(foreign)}: columns of the {_other(template).id} template"
    for row in rows:
        order = [normalize_label(c.label) for c in row.columns]
        if set(run) <= set(order) and not _increasing(run, order):
            return "the columns are not in the template's order"
    return None
