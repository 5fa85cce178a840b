"""Truncated, mutated and arbitrary input: complete tables before a cut, never a wrong
value, and nothing but the library's own errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, note
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure.model import Report
from gov_disclosure.testing import reports

from .conftest import SAMPLES, read_ours

LAYOUTS = ["text-tab", "text-cells", "text-pipe", "markdown", "text-lines"]
_CUT_NOTES = ("GD102", "GD103", "GD104", "GD105", "GD117", "GD127")


def _check_cut(text: str, reader: str, cut: int) -> None:
    full = gd.read(text.encode("utf-8"), reader=reader)
    document, _, _ = gd.read_document(text.encode("utf-8"), reader=reader)
    spans = {
        (c.location.line, c.location.cell): c.span
        for t in document.tables()
        for r in t.rows
        for c in r.cells
        if c.span is not None
    }
    table_end: dict[str, int] = {}
    for key, table in full.tables.items():
        ends = [
            spans[(c.location.line, c.location.cell)][1]
            for c in table.cells
            if c.status is gd.CellStatus.VALUE and c.location is not None
        ]
        table_end[key] = max(ends)
    prefix = text[:cut]
    note(f"cut at {cut}: …{prefix[-80:]!r}")
    try:
        result = gd.read(prefix.encode("utf-8"), reader=reader)
    except (gd.TemplateNotRecognised, gd.MalformedInput):
        # allowed only when the cut leaves no complete table to read (or nothing at all)
        assert all(cut <= end + 3 for end in table_end.values())
        return
    for cell, truth in zip(result.cells(), full.cells(), strict=True):
        if cell.status is gd.CellStatus.VALUE:
            assert cell.value == truth.value, (cell, truth)  # never a wrong number
        elif truth.status is gd.CellStatus.VALUE:
            # missing or unreadable: some reading note says so
            table = _table_of(result, cell)
            assert any(
                f.code in _CUT_NOTES
                and (
                    f.involves(table, cell.row, cell.column)
                    or (f.code == "GD102" and f.table == table)
                )
                for f in result.notes
            ), cell
    for key, end in table_end.items():
        if cut >= end + 3:  # the whole table lies before the cut: it must be complete
            table = result.table(key)
            truth_table = full.table(key)
            assert [(c.status, c.value) for c in table.cells] == [
                (c.status, c.value) for c in truth_table.cells
            ], key


def _table_of(report: Report, cell: gd.Cell) -> str:
    for key, table in report.tables.items():
        if cell in table.cells:
            return key
    raise AssertionError(cell)


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name[:3] for p in SAMPLES])
@given(data=st.data())
def test_truncated_sample(sample: Path, data: st.DataObject) -> None:
    text = sample.read_text(encoding="utf-8")
    reader = gd.read(sample).source.reader
    assert reader is not None
    cut = data.draw(st.integers(0, len(text)))
    _check_cut(text, reader, cut)


@pytest.mark.parametrize("layout", LAYOUTS)
@given(report=reports(), data=st.data())
def test_truncated_generated_report(layout: str, report: Report, data: st.DataObject) -> None:
    text = str(gd.dumps(report, layout))
    cut = data.draw(st.integers(0, len(text)))
    _check_cut(text, layout, cut)


@given(st.binary(max_size=4096))
@example(b"")
@example(b"\x00\x01\x02")
@example(b"%PDF-1.7\n")
@example(b"PK\x03\x04junk")
@example("二、主动公开政府信息情况\n规章\t1\t2".encode("gb18030"))
def test_arbitrary_bytes_raise_only_our_errors(data: bytes) -> None:
    report = read_ours(data)
    if report is None:
        return
    assert isinstance(report, gd.Report)


@given(st.text(max_size=2000))
def test_arbitrary_text_raises_only_our_errors(text: str) -> None:
    for reader in (None, *LAYOUTS):
        read_ours(text.encode("utf-8"), reader=reader)


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name[:3] for p in SAMPLES])
@given(data=st.data())
def test_mutated_samples_raise_only_our_errors_and_no_wrong_values(
    sample: Path, data: st.DataObject
) -> None:
    """Lines dropped, duplicated or swapped: values still never land in the wrong cell."""
    lines = sample.read_text(encoding="utf-8").split("\n")
    truth = gd.read(sample)
    operation = data.draw(st.sampled_from(["drop", "duplicate", "swap"]))
    i = data.draw(st.integers(0, len(lines) - 1))
    j = data.draw(st.integers(0, len(lines) - 1))
    if operation == "drop":
        del lines[i]
    elif operation == "duplicate":
        lines.insert(j, lines[i])
    else:
        lines[i], lines[j] = lines[j], lines[i]
    result = read_ours("\n".join(lines).encode("utf-8"), reader=truth.source.reader)
    if result is None:
        return
    if result.meta.template != truth.meta.template:
        return
    for cell, before in zip(result.cells(), truth.cells(), strict=True):
        if cell.status is gd.CellStatus.VALUE and before.status is gd.CellStatus.VALUE:
            # the samples are nearly all zeros: a moved zero is still zero, so only a
            # value that was never in the document would be wrong
            assert cell.value in {c.value for c in truth.cells()}
