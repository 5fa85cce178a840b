"""Notebook use: pandas frames and HTML representations."""

from __future__ import annotations

import attrs
import pytest

import gov_disclosure as gd
from gov_disclosure.model import Table

from .conftest import SAMPLES

pandas = pytest.importorskip("pandas")


def test_report_to_frame_is_long_with_labels() -> None:
    report = gd.read(SAMPLES[4])
    frame = report.to_frame()
    assert len(frame) == len(list(report.cells()))
    row = frame[(frame["row"] == "received") & (frame["column"] == "natural_person")].iloc[0]
    assert row["value"] == 1
    assert row["row_label"] == "一、本年新收政府信息公开申请数量"
    assert row["agency"] == "金寨县公共资源交易中心"


def test_panel_from_read_many_results() -> None:
    frame = gd.to_frame(gd.read_many(SAMPLES))
    received = frame[(frame["row"] == "received") & (frame["column"] == "total")]
    panel = received.pivot_table(index="source", columns="year", values="value", aggfunc="first")
    assert panel.shape[0] == len(SAMPLES)
    assert set(frame["year"].dropna()) == {2022, 2023, 2024}


def test_findings_to_frame() -> None:
    findings = gd.read(SAMPLES[0]).check()
    frame = findings.to_frame()
    assert list(frame["code"]) == [f.code for f in findings]


def test_frames_keep_the_values_types() -> None:
    """A column of ints with one None was inferred float64: 7.0, and 2**53 + 1 rounded;
    a year column with one unknown year became 2024.0."""
    big = 2**53 + 1
    report = gd.Report.from_values(
        "2021", {"applications": {"received": {"total": big, "natural_person": 7}}}, year=2024
    )
    unknown_year = gd.Report.from_values("2021", {}, year=None)
    frame = gd.to_frame([report, unknown_year])
    cells = frame[(frame["row"] == "received") & (frame["year"] == 2024)]
    values = dict(zip(cells["column"], cells["value"], strict=True))
    assert values["total"] == big
    assert type(values["natural_person"]) is int
    assert values["commercial"] is None
    assert list(frame["year"].dropna().unique()) == [2024]
    assert frame["year"].isna().sum() == len(list(unknown_year.cells()))


def test_no_findings_still_have_columns() -> None:
    from gov_disclosure.findings import FINDING_COLUMNS

    assert tuple(gd.read(SAMPLES[0]).check()[0].to_record()) == FINDING_COLUMNS
    empty = gd.Findings(())
    assert list(empty.to_frame().columns)[:3] == ["code", "slug", "severity"]
    assert str(gd.dumps(empty, "csv")).startswith("code,slug,severity,")


def test_repr_html_highlights_cells_in_error_and_escapes() -> None:
    report = gd.read(SAMPLES[1])
    cells = tuple(
        gd.Cell.of(c.row, c.column, 5) if (c.row, c.column) == ("granted", "natural_person") else c
        for c in report.applications.cells
    )
    broken = attrs.evolve(
        report,
        applications=Table("applications", cells),
        meta=attrs.evolve(report.meta, agency="<script>x</script>"),
    )
    html = broken._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert 'style="background:#fdd"' in html
    assert "GD202" in html
    assert "GD202" in broken.check()._repr_html_()


def test_reports_pickle_round_trip() -> None:
    """Notebook caches (joblib, pickle) and user executors pickle reports."""
    import pickle

    report = gd.read(SAMPLES[4])
    again = pickle.loads(pickle.dumps(report))
    assert again == report
    assert again.applications["received", "natural_person"] == 1
    assert again.check() == report.check()


def test_a_table_prints_short_and_a_finding_without_a_place_has_no_gap() -> None:
    """print(report.applications) dumped every cell (20 KB); it now says what the
    cells hold.  A finding with no place printed ``GD119 : …``."""
    from gov_disclosure.display import format_findings
    from gov_disclosure.findings import make_finding

    report = gd.read(gd.sample_path()).with_value("applications", "received", "total", None)
    assert repr(report.applications) == "<Table applications cells=175 value=174 blank=1>"
    line = format_findings([make_finding("GD119", "已删除 1 处", "removed 1")], lang="en")
    assert line.split()[1:3] == ["GD119:", "removed"]


def test_a_report_prints_its_official_labels_in_chinese_and_keys_in_english() -> None:
    """Officers read 本年新收 / 自然人, not received / natural_person; researchers get
    the keys, one line a row."""
    from gov_disclosure.display import format_report

    report = gd.read(gd.sample_path())
    zh, en = format_report(report), format_report(report, lang="en")
    assert "  一、本年新收政府信息公开申请数量  [received]" in zh.splitlines()
    assert "自然人=1  商业企业=0" in zh
    assert "natural_person" not in zh
    received = next(line for line in en.splitlines() if line.strip().startswith("received "))
    assert "natural_person=1" in received
    assert "自然人" not in en.split("\n", 2)[2]  # past the title and metadata lines


def test_a_2019_amount_prints_with_its_unit() -> None:
    """2019's 采购总金额 states no unit; printed bare, 万元 looked like a misread 元."""
    from gov_disclosure.display import format_report

    report = gd.Report.from_values("2019", {})
    assert "采购总金额（单位：万元）=" in format_report(report)
