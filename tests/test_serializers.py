"""JSON and CSV: exact round trips, Excel-friendly files, formula-safe cells."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given

import gov_disclosure as gd
from gov_disclosure.model import Report, SourceInfo, Table
from gov_disclosure.testing import reports, value_differences

from .conftest import SAMPLES


@given(report=reports(blanks=True))
def test_json_round_trip_is_exact(report: Report) -> None:
    text = gd.dumps(report, "json")
    assert gd.loads(text, "json") == report


def test_json_round_trip_of_read_samples_keeps_notes_and_locations() -> None:
    for sample in SAMPLES:
        report = gd.read(sample)
        text = str(gd.dumps(report, "json"))
        assert gd.loads(text, "json") == report
        data = json.loads(text)
        assert data["schema"] == "gov_disclosure.report"
        assert data["schema_version"] == 1
        assert "政府信息公开" not in text or "\\u" not in text  # ensure_ascii=False
        assert set(data["tables"]) == {"active", "applications", "appeals"}
        cell = data["tables"]["applications"]["received"]["total"]
        assert {"value", "status", "raw"} <= set(cell)


def test_json_amounts_are_decimal_strings() -> None:
    report = Report.from_values("2021", {"active": {"administrative_fees": "96171.6"}})
    data = json.loads(str(gd.dumps(report, "json")))
    assert data["tables"]["active"]["administrative_fees"]["amount"]["value"] == "96171.6"
    assert (
        gd.loads(str(gd.dumps(report, "json"))).active["administrative_fees", "amount"]
        == (gd.loads(str(gd.dumps(report, "json"))).active["administrative_fees", "amount"])
    )


def test_bad_json_is_a_validation_error() -> None:
    for text in (
        "{",
        "[]",
        '{"schema": "x"}',
        '{"schema": "gov_disclosure.report", "schema_version": 1}',
    ):
        try:
            gd.loads(text, "json")
        except gd.ValidationError:
            continue
        raise AssertionError(text)


@given(report=reports(blanks=True))
def test_csv_long_round_trips_values_exactly(report: Report) -> None:
    text = str(gd.dumps(report, "csv"))
    back = gd.loads(text, "csv")
    assert value_differences(back, report) == []
    assert back.meta.agency == report.meta.agency
    assert back.year == report.year


@given(report=reports())
def test_csv_long_has_the_documented_columns_and_labels(report: Report) -> None:
    rows = list(csv.DictReader(io.StringIO(str(gd.dumps(report, "csv")))))
    assert len(rows) == len(list(report.cells()))
    assert list(rows[0]) == [
        "source",
        "agency",
        "year",
        "template",
        "table",
        "row",
        "row_label",
        "column",
        "column_label",
        "value",
        "status",
        "raw",
        "location",
    ]
    received = next(r for r in rows if r["row"] == "received" and r["column"] == "total")
    assert received["row_label"] == "一、本年新收政府信息公开申请数量"
    assert received["value"] == str(report.applications["received", "total"])


def test_csv_file_has_bom_for_excel(tmp_path: Path) -> None:
    report = gd.read(SAMPLES[4])
    out = tmp_path / "report.csv"
    gd.dump(report, out)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "金寨县公共资源交易中心" in data.decode("utf-8-sig")
    assert value_differences(gd.load(out), report) == []


def test_csv_saved_by_excel_in_gb18030_reads_back() -> None:
    report = gd.read(SAMPLES[4])
    data = str(gd.dumps(report, "csv")).encode("gb18030")
    assert value_differences(gd.loads(data, "csv"), report) == []


def _two_reports(same_source: bool) -> str:
    first = Report.from_values("2021", {"applications": {"received": {"total": 11}}}, agency="甲局")
    second = Report.from_values(
        "2021", {"applications": {"received": {"total": 22}}}, agency="乙局"
    )
    if same_source:  # two reports read from one file (gd.read_all)
        first, second = (
            attrs.evolve(r, source=SourceInfo(name="两份.html")) for r in (first, second)
        )
    return str(gd.dumps([first, second], "csv"))


@pytest.mark.parametrize("same_source", [True, False])
def test_csv_of_several_reports_is_refused_not_merged(same_source: bool) -> None:
    with pytest.raises(gd.ValidationError, match="several reports"):
        gd.loads(_two_reports(same_source), "csv")


def test_csv_with_a_cell_twice_is_refused() -> None:
    lines = str(gd.dumps(gd.read(SAMPLES[4]), "csv")).split("\r\n")
    with pytest.raises(gd.ValidationError, match="appears twice"):
        gd.loads("\r\n".join([*lines[:-1], lines[1], ""]), "csv")
    with pytest.raises(gd.ValidationError, match="has no row"):
        gd.loads("\r\n".join([lines[0], *lines[2:]]), "csv")


@pytest.mark.parametrize("keep", [0, 9, 12])
def test_csv_with_a_cut_row_is_refused(keep: int) -> None:
    lines = str(gd.dumps(gd.read(SAMPLES[4]), "csv")).split("\r\n")
    fields = next(csv.reader([lines[-2]]))
    cut = io.StringIO()
    csv.writer(cut, lineterminator="").writerow(fields[:keep] if keep else [*fields, "x"])
    with pytest.raises(gd.ValidationError, match="fields than the header"):
        gd.loads("\r\n".join([*lines[:-2], cut.getvalue()]), "csv")


def test_csv_keeps_a_fractional_count_for_the_checks() -> None:
    """A count read as 1.5 (flagged GD302) was written as 1.5 and refused on reading."""
    report = gd.read(SAMPLES[4]).with_value("applications", "received", "total", Decimal("1.5"))
    back = gd.loads(gd.dumps(report, "csv"), "csv")
    assert back.applications["received", "total"] == Decimal("1.5")
    assert "GD302" in {f.code for f in back.check()}


@pytest.mark.parametrize("text", ["1e3", "1.23457E+11", "NaN", "\u0661\u0662"])
def test_csv_refuses_a_count_that_is_not_plain_digits(text: str) -> None:
    """Excel rounds large counts to 1.23457E+11: read, that is a wrong number."""
    lines = str(gd.dumps(gd.read(SAMPLES[4]), "csv")).split("\r\n")
    index = next(i for i, line in enumerate(lines) if ",received," in line and ",total," in line)
    fields = next(csv.reader([lines[index]]))
    fields[9] = text
    row = io.StringIO()
    csv.writer(row, lineterminator="").writerow(fields)
    lines[index] = row.getvalue()
    with pytest.raises(gd.ValidationError, match="not a count"):
        gd.loads("\r\n".join(lines), "csv")


def test_csv_neutralises_formulas_but_not_numbers() -> None:
    report = Report.from_values(
        "2019", {"active": {"administrative_licensing": {"items_change": -2}}}
    )
    cells = report.active.cells
    hostile = tuple(
        attrs.evolve(c, status=gd.CellStatus.UNREADABLE, value=None, raw='=HYPERLINK("http://x")')
        if c.row == "regulations" and c.column == "new_made"
        else c
        for c in cells
    )
    report = attrs.evolve(
        report, active=Table("active", hostile), meta=attrs.evolve(report.meta, agency="@evil")
    )
    text = str(gd.dumps(report, "csv"))
    rows = list(csv.DictReader(io.StringIO(text)))
    bad = next(r for r in rows if r["row"] == "regulations" and r["column"] == "new_made")
    assert bad["raw"].startswith("'=")
    assert rows[0]["agency"] == "'@evil"
    change = next(
        r for r in rows if r["row"] == "administrative_licensing" and r["column"] == "items_change"
    )
    assert change["value"] == "-2"
    assert change["raw"] == "-2"
    raw_text = str(gd.dumps(report, "csv", neutralise=False))
    assert "'=" not in raw_text
    back = gd.loads(text, "csv")
    assert back.active.cell("regulations", "new_made").raw == '=HYPERLINK("http://x")'
    assert back.meta.agency == "@evil"


@given(first=reports("2021"), second=reports("2019"))
def test_csv_wide_one_row_per_report(first: Report, second: Report) -> None:
    rows = list(csv.DictReader(io.StringIO(str(gd.dumps([first, second], "csv", layout="wide")))))
    assert len(rows) == 2
    assert rows[0]["applications.received.total"] == str(first.applications["received", "total"])
    assert rows[1]["active.government_procurement.procurement_items"] == str(
        second.active["government_procurement", "procurement_items"]
    )
    assert rows[0]["active.government_procurement.procurement_items"] == ""
    assert [r["unread"] for r in rows] == ["", ""]


def test_csv_wide_says_which_empty_cells_were_not_read() -> None:
    """Every cell without a value is empty in the wide layout; the ``unread``, ``blank``
    and ``not_applicable`` columns tell them apart, so a panel never takes a cell the
    reader lost for one the agency left empty."""
    values: dict[str, dict[str, dict[str, int]]] = {}
    for ref in gd.get_template("2021").cell_refs():
        values.setdefault(ref.table, {}).setdefault(ref.row, {})[ref.column] = 5
    report = gd.Report.from_values("2021", values)
    table = report.applications
    statuses = {
        ("received", "natural_person"): gd.CellStatus.MISSING,
        ("carried_over", "natural_person"): gd.CellStatus.UNREADABLE,
        ("received", "commercial"): gd.CellStatus.BLANK,
        ("carried_over", "commercial"): gd.CellStatus.NOT_APPLICABLE,
    }
    cells = tuple(
        attrs.evolve(c, value=None, status=statuses[c.row, c.column])
        if (c.row, c.column) in statuses
        else c
        for c in table.cells
    )
    report = attrs.evolve(report, applications=Table("applications", cells))
    (row,) = csv.DictReader(io.StringIO(str(gd.dumps(report, "csv", layout="wide"))))
    assert row["applications.received.total"] == "5"
    assert row["applications.received.natural_person"] == ""
    assert row["unread"] == (
        "applications.received.natural_person;applications.carried_over.natural_person"
    )
    assert row["blank"] == "applications.received.commercial"
    assert row["not_applicable"] == "applications.carried_over.commercial"
    assert int(row["findings_warnings"]) == len(report.check().warnings)


def test_findings_export_to_csv_and_json() -> None:
    findings = gd.read(SAMPLES[0]).check()
    rows = list(csv.DictReader(io.StringIO(str(gd.dumps(findings, "csv")))))
    assert len(rows) == len(findings)
    assert {"code", "severity", "message_zh", "message_en", "table", "row", "column"} <= set(
        rows[0]
    )
    data = json.loads(str(gd.dumps(findings, "json")))
    assert [d["code"] for d in data] == [f.code for f in findings]


def test_json_that_is_not_text_or_expands_without_bound_is_refused() -> None:
    """A report's JSON read back (``gd.read`` takes our own JSON too) must hold text:
    a lone surrogate crashed every writer and the command line.  A decimal such as
    ``1e99999999`` is a few bytes that write out as 100 MB."""
    import pytest

    text = gd.dumps(gd.read(gd.sample_path()), "json")
    assert isinstance(text, str)
    escaped = text.replace('"agency": "', '"agency": "\\ud800', 1)
    assert escaped != text
    with pytest.raises(gd.ValidationError, match="surrogate"):
        gd.loads(escaped, "json")
    raw = text.encode("utf-8").replace(b'"agency": "', b'"agency": "\xed\xa0\x80', 1)
    with pytest.raises(gd.ValidationError):
        gd.loads(raw, "json")
    with pytest.raises(gd.MalformedInput):
        gd.read(raw)
    huge = text.replace('"value": "0"', '"value": "1e99999999"', 1)
    assert huge != text
    with pytest.raises(gd.ValidationError, match="writes out as 100000000 digits"):
        gd.loads(huge, "json")


def test_what_json_may_hold_is_closed_under_what_we_write() -> None:
    """A decimal read from JSON is refused when it writes out far longer than its text,
    never for its digits alone: ``1E+64`` was read, written as 65 digits, and those
    refused; sums in findings could pass the limit too.  Non-finite decimals and counts
    whose sums would not print are refused."""
    import pytest

    text = str(gd.dumps(gd.read(gd.sample_path()), "json"))
    exponent = text.replace('"value": "0"', '"value": "1E+64"', 1)
    once = gd.loads(exponent, "json")
    assert gd.loads(gd.dumps(once, "json"), "json") == once
    long = text.replace('"value": "0"', '"value": "' + "9" * 80 + '.5"', 1)
    assert gd.loads(gd.dumps(gd.loads(long, "json"), "json"), "json") == gd.loads(long, "json")
    for bad in ('"NaN"', '"sNaN"', '"-Infinity"'):
        with pytest.raises(gd.ValidationError):
            gd.loads(text.replace('"value": "0"', f'"value": {bad}', 1), "json")
    huge = text.replace('"value": 0', '"value": ' + "9" * 4000, 1)
    assert huge != text
    with pytest.raises(gd.ValidationError, match="digits"):
        gd.loads(huge, "json")
