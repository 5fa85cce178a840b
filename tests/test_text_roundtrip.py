"""Every text reader proven on generated reports with distinct non-zero values.

The samples are nearly all zeros, so they cannot show that a value lands in the right
cell.  Here generated reports are rendered by the writers (quirks included) and read
back; and the samples' own line structure is kept while their values are replaced.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, note
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure.model import Report
from gov_disclosure.templates import TEMPLATE_2019, TEMPLATE_2021
from gov_disclosure.testing import assert_reader_conforms, reports, value_differences

from .conftest import SAMPLES

LAYOUTS = ["text-tab", "text-cells", "text-pipe", "markdown", "text-lines"]


@pytest.mark.parametrize("layout", LAYOUTS)
@given(report=reports())
def test_generated_reports_round_trip(layout: str, report: Report) -> None:
    text = gd.dumps(report, layout)
    note(str(text))
    result = assert_reader_conforms(layout, layout, report)
    assert result.meta.agency == report.meta.agency
    assert result.year == report.year
    assert result.check().ok


@pytest.mark.parametrize("layout", LAYOUTS)
@given(report=reports())
def test_layout_is_detected_without_naming_the_reader(layout: str, report: Report) -> None:
    data = str(gd.dumps(report, layout)).encode("utf-8")
    result = gd.read(data, name="report.txt")
    assert result.source.reader == layout
    assert value_differences(result, report) == []


@pytest.mark.parametrize("layout", LAYOUTS)
@given(report=reports(), encoding=st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_round_trip_in_every_encoding(layout: str, report: Report, encoding: str) -> None:
    data = str(gd.dumps(report, layout)).replace("\u00a0", " ").encode(encoding)
    result = gd.read(data, reader=layout)
    assert value_differences(result, report) == []


@given(
    report=reports("2021"),
    row=st.sampled_from([r.key for r in TEMPLATE_2021.table("applications").rows[2:-1]]),
)
def test_tab_text_page_break_shift_2021(report: Report, row: str) -> None:
    """After a page break the merged left column is gone and rows start at column 0."""
    assert_reader_conforms("text-tab", "text-tab", report, page_break=row)


@given(
    report=reports("2019"),
    row=st.sampled_from([r.key for r in TEMPLATE_2019.table("applications").rows[2:-1]]),
)
def test_tab_text_page_break_shift_2019(report: Report, row: str) -> None:
    assert_reader_conforms("text-tab", "text-tab", report, page_break=row)


@pytest.mark.parametrize("layout", LAYOUTS)
@given(report=reports())
def test_round_trip_without_quirks(layout: str, report: Report) -> None:
    assert_reader_conforms(layout, layout, report, quirks=False)


def _spans(sample: Path) -> dict[tuple[int | None, int | None], tuple[int, int]]:
    document, _, _ = gd.read_document(sample)
    spans = {}
    for table in document.tables():
        for row in table.rows:
            for cell in row.cells:
                if cell.span is not None:
                    spans[(cell.location.line, cell.location.cell)] = cell.span
    return spans


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name[:3] for p in SAMPLES])
@given(data=st.data())
def test_sample_structure_with_generated_values(sample: Path, data: st.DataObject) -> None:
    """Keep each sample's exact lines (tabs, pipes, blank lines, artefacts); swap values."""
    original = gd.read(sample)
    text = sample.read_text(encoding="utf-8")
    spans = _spans(sample)
    value_cells = [c for c in original.cells() if c.status is gd.CellStatus.VALUE]
    new_values = data.draw(
        st.lists(
            st.integers(1, 10**7),
            min_size=len(value_cells),
            max_size=len(value_cells),
            unique=True,
        )
    )
    replacements = []
    expected: dict[tuple[str, str], int] = {}
    for cell, value in zip(value_cells, new_values, strict=True):
        assert cell.location is not None
        start, end = spans[(cell.location.line, cell.location.cell)]
        # keep the cell's padding (NBSP, spaces), replace only the digits
        raw = text[start:end]
        core = raw.strip().strip("\u00a0")
        offset = raw.index(core)
        replacements.append((start + offset, start + offset + len(core), str(value)))
        expected[(cell.row, cell.column)] = value
    for start, end, value_text in sorted(replacements, reverse=True):
        text = text[:start] + value_text + text[end:]
    note(text)
    result = gd.read(text.encode("utf-8"), name=sample.name)
    assert result.source.reader == original.source.reader
    for cell, before in zip(result.cells(), original.cells(), strict=True):
        key = (cell.row, cell.column)
        if key in expected:
            assert cell.status is gd.CellStatus.VALUE, (key, cell)
            assert cell.value == expected[key], key
        else:  # blanks stay blank
            assert (cell.status, cell.value) == (before.status, before.value), key


@given(
    st.lists(
        st.sampled_from(["a", "1", "\t", "|", " ", "\n", "\r", "\r\n", "\x0c", "\x85", "\u2028"]),
        max_size=30,
    ).map("".join)
)
def test_text_lines_are_those_of_splitlines(text: str) -> None:
    """The readers' line splitter (a fast path for texts with "\\n" line ends only) gives
    the lines, offsets and line-end flags of str.splitlines(keepends=True)."""
    from gov_disclosure.readers.text import _lines

    expected = []
    position = 0
    for number, raw in enumerate(text.splitlines(keepends=True), start=1):
        body = raw.rstrip("\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85")
        expected.append((number, position, body, body != raw))
        assert text[position : position + len(body)] == body
        position += len(raw)
    assert [tuple(line) for line in _lines(text)] == expected
