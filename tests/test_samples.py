"""The five real samples read to exactly their truth files."""

from __future__ import annotations

from pathlib import Path

import gov_disclosure as gd
from gov_disclosure.testing import value_differences

from .conftest import SAMPLES, truth_of, truth_report

EXPECTED_READER = {
    "000": "text-tab",
    "001": "text-tab",
    "002": "text-cells",
    "003": "text-tab",
    "004": "text-lines",
}


def test_sample_reads_to_truth(sample: Path) -> None:
    report = gd.read(sample)
    truth = truth_of(sample)
    assert value_differences(report, truth_report(sample)) == []
    assert report.meta.template == truth["template"]
    assert report.meta.agency == truth["agency"]
    assert report.year == truth["year"]
    assert report.source.reader == EXPECTED_READER[sample.name[:3]]


def test_sample_has_no_error_findings(sample: Path) -> None:
    findings = gd.read(sample).check()
    assert findings.errors == gd.Findings(()), findings.errors.to_records()


def test_truth_reports_pass_the_checks(sample: Path) -> None:
    assert truth_report(sample).check().ok


def test_sample_000_blank_review_cells_are_blank_with_a_finding() -> None:
    report = gd.read(SAMPLES[0])
    for column in ("upheld", "corrected", "other", "pending", "total"):
        cell = report.appeals.cell("review", column)
        assert cell.status is gd.CellStatus.BLANK
        assert cell.value is None
        assert report.appeals["litigation_direct", column] == 0
    findings = report.check()
    blank_notes = findings.filter(code="GD110", table="appeals")
    assert len(blank_notes) == 1
    assert blank_notes[0].involves("appeals", "review", "upheld")
    assert findings.filter(code="GD204").filter(severity="error") == gd.Findings(())
    # the review group's relation cannot be checked: info, not an error
    assert any(f.involves("appeals", "review", "total") for f in findings.filter(code="GD205"))
    # ... unless the caller asks for blanks as zero
    assert report.check(blank_as_zero=True).filter(code="GD205", table="appeals") == gd.Findings(())


def test_sample_002_has_no_agency_but_says_why() -> None:
    report = gd.read(SAMPLES[2])
    assert report.meta.agency is None
    assert report.meta.publisher == "市公共资源交易中心"
    assert report.meta.published is not None
    assert report.meta.published.isoformat() == "2025-01-21"
    assert [f.code for f in report.notes if f.code == "GD113"] == ["GD113"]


def test_sample_003_notes_the_2019_label_variant() -> None:
    report = gd.read(SAMPLES[3])
    variant = report.notes
    assert any(f.code == "GD107" and f.row == "normative_documents" for f in variant)


def test_narrative_sections_are_text() -> None:
    report = gd.read(SAMPLES[4])
    assert [s.number for s in report.narrative] == [1, 5, 6]
    section_five = report.section(5)
    assert section_five is not None
    assert "上年改进情况" in section_five.text
    assert "[bookmark" not in section_five.text
