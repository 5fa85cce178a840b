"""Checks: consistent reports are clean; every single-cell perturbation is caught."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure.model import Report, Table
from gov_disclosure.templates import TEMPLATES
from gov_disclosure.testing import perturbations, reports


@given(report=reports(distinct=False, max_value=10**7))
def test_consistent_reports_have_no_error_findings(report: Report) -> None:
    findings = report.check()
    assert findings.ok, findings.errors.to_records()[:3]
    assert findings.filter(code="GD205") == gd.Findings(())


@given(report=reports(blanks=True))
def test_blanks_are_not_errors_and_not_zero(report: Report) -> None:
    findings = report.check()
    assert findings.ok
    blank = [c for c in report.cells() if c.status is gd.CellStatus.BLANK]
    if blank:
        assert findings.filter(code="GD110")
    in_relations = [c for c in blank if c.row in report.applications.rows + report.appeals.rows]
    if in_relations:
        assert findings.filter(code="GD205")


@given(data=st.data(), template=st.sampled_from(sorted(TEMPLATES)))
def test_every_single_cell_perturbation_is_reported_at_that_cell(
    data: st.DataObject, template: str
) -> None:
    report = data.draw(reports(template, distinct=False))
    changed, ref = data.draw(perturbations(report))
    errors = changed.check().errors
    assert any(f.involves(ref.table, ref.row, ref.column) for f in errors), (ref, errors)


def _set(report: Report, table: str, row: str, column: str, value: int | Decimal | None) -> Report:
    old = report.table(table)
    cells = tuple(
        gd.Cell.of(row, column, value) if (c.row, c.column) == (row, column) else c
        for c in old.cells
    )
    return attrs.evolve(report, **{table: Table(table, cells)})


def _zero_report(template: str = "2021") -> Report:
    spec = TEMPLATES[template]
    values: dict[str, dict[str, dict[str, int]]] = {}
    for ref in spec.cell_refs():
        values.setdefault(ref.table, {}).setdefault(ref.row, {})[ref.column] = 0
    return Report.from_values(template, values)


def test_balance_finding_names_expected_and_observed() -> None:
    report = _zero_report()
    report = _set(report, "applications", "received", "natural_person", 5)
    report = _set(report, "applications", "received", "total", 5)
    findings = report.check()
    balance = findings.filter(code="GD201")
    assert len(balance) == 2  # natural_person and total columns
    first = balance[0]
    assert first.severity is gd.Severity.ERROR
    assert (first.observed, first.expected) == (5, 0)
    assert first.involves("applications", "carried_forward", "natural_person")
    assert "勾稽" not in first.message_en
    assert "T3-BAL" in first.message_zh


def test_negative_counts_and_fractional_counts() -> None:
    report = _set(_zero_report(), "active", "regulations", "issued", -3)
    assert [f.code for f in report.check().errors] == ["GD301"]
    report = _set(_zero_report("2019"), "active", "administrative_licensing", "items_change", -3)
    assert report.check().ok  # 本年增/减 is signed
    report = _set(
        _zero_report("2019"), "active", "administrative_licensing", "items_change", Decimal("1.5")
    )
    assert [f.code for f in report.check().errors] == ["GD302"]


def test_not_applicable_is_not_zero() -> None:
    report = _zero_report()
    old = report.appeals
    cells = tuple(
        gd.Cell(c.row, c.column, gd.CellStatus.NOT_APPLICABLE, raw="—")
        if (c.row, c.column) == ("review", "upheld")
        else c
        for c in old.cells
    )
    report = attrs.evolve(report, appeals=Table("appeals", cells))
    findings = report.check()
    assert findings.ok
    assert findings.filter(code="GD303")
    assert any(f.involves("appeals", "review", "upheld") for f in findings.filter(code="GD205"))
    # NA stays unknown even with blank_as_zero
    assert report.check(blank_as_zero=True).filter(code="GD205")


def test_select_and_ignore() -> None:
    report = _set(_zero_report(), "active", "regulations", "issued", -3)
    assert report.check(select=["GD3"]).codes() == ("GD301",)
    assert "GD301" not in report.check(ignore=["GD301"]).codes()


def test_a_crashing_plugin_check_is_reported_not_raised() -> None:
    def broken(report: Report, **_: object) -> list[gd.Finding]:
        raise RuntimeError("boom")

    gd.register_check("test-broken", broken)
    try:
        findings = _zero_report().check()
        assert findings.filter(code="GD901")
        assert "boom" in findings.filter(code="GD901")[0].message_en
    finally:
        from gov_disclosure.registry import check_registry

        check_registry().unregister("test-broken")


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_every_template_cell_is_in_a_relation_or_a_value_rule(template: str) -> None:
    """The perturbation property relies on this: no cell escapes every check."""
    spec = TEMPLATES[template]
    related = {ref for eq in spec.equations() for ref in (*eq.lhs, *eq.rhs)}
    for ref in spec.cell_refs():
        if ref.table in ("applications", "appeals"):
            assert ref in related, ref
