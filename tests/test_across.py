"""Across reports: consolidation, year-over-year series, narrative vs tables, copies."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure.model import Report, Section, Table
from gov_disclosure.narrative import narrative_figures
from gov_disclosure.testing import reports

from .conftest import DATA, SAMPLES


def _with_year(report: Report, year: int, agency: str | None = None) -> Report:
    meta = attrs.evolve(report.meta, year=year, agency=agency or report.meta.agency)
    return attrs.evolve(report, meta=meta)


@given(
    st.lists(reports("2021", distinct=False, max_value=10**6), min_size=1, max_size=5), st.data()
)
def test_consolidating_consistent_reports_is_the_cell_wise_sum_and_consistent(
    items: list[Report], data: st.DataObject
) -> None:
    items = [_with_year(r, 2024, f"{r.meta.agency}{i}") for i, r in enumerate(items)]
    total = gd.consolidate(items, agency="某市人民政府", allow_overlap=True)
    for key in ("active", "applications", "appeals"):
        for position, cell in enumerate(total.table(key).cells):
            assert cell.value == sum(
                (r.table(key).cells[position].value or 0 for r in items), start=0
            )
    assert total.check().ok
    assert total.meta.scope == "consolidated"
    assert len(total.meta.inputs) == len(items)
    assert isinstance(total.active["administrative_fees", "amount"], Decimal)


def _agency_report(agency: str, received: int, granted: int) -> Report:
    return gd.Report.from_values(
        "2021",
        {
            "active": {
                "administrative_licensing": {"decisions": 10 * received + granted},
                "administrative_penalty": {"decisions": 100 * received + granted},
            },
            "applications": {
                "received": {"natural_person": received},
                "granted": {"natural_person": granted},
                "carried_forward": {"natural_person": received + granted},
            },
        },
        agency=agency,
        year=2024,
    )


def test_consolidation_refuses_one_agency_twice() -> None:
    """An agency's report twice (a copy, a revision, the page and its PDF) would be
    counted twice: refused, unless the caller says the inputs are distinct."""
    first = _agency_report("某县财政局", 3, 2)
    again = _agency_report("某县 财政局", 3, 1)  # a revision, spaced differently
    other = _agency_report("某县教育局", 1, 1)
    with pytest.raises(gd.ConsolidationError, match="both reports of"):
        gd.consolidate([first, other, again], agency="某县")
    total = gd.consolidate([first, other, again], agency="某县", allow_overlap=True)
    assert total.applications["received", "natural_person"] == 7
    assert [n.code for n in total.notes].count("GD407") == 1


@pytest.mark.parametrize(
    ("inputs", "noted"),
    [
        # the same tables under two names (one agency's name read differently)
        ([("某县财政局", 3, 2), ("某县人民政府财政局", 3, 2), ("某县教育局", 1, 1)], "same values"),
        # a region's report summed with its own members
        ([("某县教育局", 3, 2), ("某县财政局", 4, 1), ("某县人民政府", 7, 3)], "sum of the others"),
        # distinct inputs: nothing to say
        ([("某县教育局", 3, 2), ("某县财政局", 4, 1), ("某县民政局", 7, 2)], None),
    ],
)
def test_consolidation_notes_inputs_that_may_overlap(
    inputs: list[tuple[str, int, int]], noted: str | None
) -> None:
    total = gd.consolidate([_agency_report(*i) for i in inputs], agency="某县")
    overlaps = [n for n in total.notes if n.code == "GD407"]
    assert [noted in n.message_en for n in overlaps] == ([True] if noted else [])
    assert total.check().filter(code="GD407") == gd.Findings(tuple(overlaps))
    assert total.applications["received", "natural_person"] == sum(i[1] for i in inputs)


def _overlaps_noted(items: list[Report], **options: bool) -> list[str]:
    total = gd.consolidate(items, agency="某县", **options)
    return [n.message_en.split(": ", 1)[1] for n in total.notes if n.code == "GD407"]


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0)])
def test_consolidation_notes_a_copy_read_with_gaps_in_any_order(order: tuple[int, ...]) -> None:
    """The same report read twice, once with gaps and no agency name: noted whichever
    comes first (the copy's own rarest values lead to the whole one)."""
    member = _agency_report("某县教育局", 3, 2)
    copy = attrs.evolve(member, meta=attrs.evolve(member.meta, agency=None))
    copy = copy.with_value("applications", "granted", "natural_person", None)  # a gap
    items = [member, _agency_report("某县财政局", 4, 1), copy]
    ordered = [items[k] for k in order]
    first, last = ("某县教育局", "#3") if order[0] == 0 else ("#1", "某县教育局")
    unnamed = last if order[0] == 0 else first
    assert _overlaps_noted(ordered) == [
        f"{unnamed}: no agency name, so a second report of the same agency is not seen",
        f"{first} and {last} have the same values",
    ]


def test_consolidation_notes_an_aggregate_and_a_fuller_name() -> None:
    others = [_agency_report(f"某县{name}", n, 1) for name, n in (("财政局", 4), ("民政局", 6))]
    region = _agency_report("某县人民政府", 20, 9)
    region = attrs.evolve(region, meta=attrs.evolve(region.meta, scope="consolidated"))
    assert ["consolidated report summed with" in m for m in _overlaps_noted([*others, region])] == [
        True
    ]
    fuller = _agency_report("某市某县财政局", 7, 5)
    assert _overlaps_noted([*others, fuller]) == [
        "某县财政局 (某县财政局) and 某市某县财政局 (某市某县财政局) may be reports of one agency"
    ]
    other_places = [_agency_report("城区人民政府", 3, 1), _agency_report("平城区人民政府", 4, 2)]
    assert _overlaps_noted(other_places) == []
    tax = [_agency_report("米易县税务局", 3, 1), _agency_report("国家税务总局米易县税务局", 4, 2)]
    assert len(_overlaps_noted(tax)) == 1


def test_consolidation_refuses_namesakes_unless_allowed() -> None:
    """Townships of one name in two counties read as one agency: refused (a revision of
    one report looks the same), summed when the caller says they are distinct."""
    namesakes = [_agency_report("城关镇人民政府", 3, 2), _agency_report("城关镇人民政府", 5, 1)]
    with pytest.raises(gd.ConsolidationError, match="both reports of 城关镇人民政府"):
        gd.consolidate(namesakes, agency="某市")
    assert len(_overlaps_noted(namesakes, allow_overlap=True)) == 1


def test_an_input_of_unknown_year_is_noted() -> None:
    dated = gd.Report.from_values("2021", {}, agency="甲县财政局", year=2024)
    undated = gd.Report.from_values("2021", {}, agency="甲县教育局")
    total = gd.consolidate([dated, undated], agency="甲县", year=2024)
    (note,) = [f for f in total.notes if f.code == "GD409"]
    assert "甲县教育局" in note.message_en
    assert "甲县财政局" not in note.message_en
    assert not [f for f in gd.consolidate([dated], year=2024).notes if f.code == "GD409"]


def test_consolidation_refuses_mixed_templates_and_years() -> None:
    a = gd.Report.from_values("2021", {}, year=2024)
    with pytest.raises(gd.ValidationError, match="templates"):
        gd.consolidate([a, gd.Report.from_values("2019", {}, year=2024)])
    with pytest.raises(gd.ValidationError, match="years"):
        gd.consolidate([a, gd.Report.from_values("2021", {}, year=2023)])
    with pytest.raises(gd.ValidationError):
        gd.consolidate([])


def test_a_blank_input_is_flagged_not_summed_as_zero() -> None:
    with_blank = gd.read(SAMPLES[0])  # 行政复议 cells blank
    other = gd.read(SAMPLES[1])
    total = gd.consolidate([_with_year(with_blank, 2023), other], agency="某市")
    cell = total.appeals.cell("review", "upheld")
    assert cell.status is gd.CellStatus.UNREADABLE
    assert cell.value is None
    notes = [
        f for f in total.notes if f.code == "GD401" and f.involves("appeals", "review", "upheld")
    ]
    assert notes
    assert "000_7805c73f1b090414.txt" in notes[0].message_en
    assert total.appeals["litigation_direct", "total"] == 0
    summed = gd.consolidate([with_blank, other], agency="某市", blank_as_zero=True)
    assert summed.appeals["review", "upheld"] == 0


@pytest.mark.parametrize("status", [gd.CellStatus.BLANK, gd.CellStatus.NOT_APPLICABLE])
def test_an_amount_without_value_everywhere_keeps_its_kind(status: gd.CellStatus) -> None:
    """本年收费金额 blank (or 无) in every input: with blank_as_zero a Decimal 0, not a
    refused int 0; not applicable everywhere stays not applicable, without GD401."""
    inputs = []
    for agency in ("甲县财政局", "甲县教育局"):
        report = gd.Report.from_values("2021", {}, agency=agency, year=2024)
        cells = tuple(
            attrs.evolve(
                c, status=status, value=None, raw="" if status is gd.CellStatus.BLANK else "无"
            )
            for c in report.active.cells
        )
        inputs.append(attrs.evolve(report, active=gd.Table("active", cells)))
    total = gd.consolidate(inputs, agency="甲县", blank_as_zero=True)
    amount = total.active.cell("administrative_fees", "amount")
    if status is gd.CellStatus.BLANK:
        assert amount.value == Decimal(0)
        assert isinstance(amount.value, Decimal)
        assert total.active["regulations", "issued"] == 0
    else:
        assert amount.status is gd.CellStatus.NOT_APPLICABLE
        assert not [f for f in total.notes if f.code == "GD401" and f.table == "active"]


@given(first=reports("2021"), second=reports("2021"))
def test_the_reports_of_one_file_are_summed_in_full(
    first: Report, second: Report, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A file holding two agencies' reports: both are summed (the CLI read only the first
    and said nothing), and the two parts of one file are not "the same file twice"."""
    first = attrs.evolve(first, meta=attrs.evolve(first.meta, agency="甲县财政局", year=2024))
    second = attrs.evolve(second, meta=attrs.evolve(second.meta, agency="甲县教育局", year=2024))
    path = tmp_path_factory.mktemp("two") / "two.txt"
    path.write_text(str(gd.dumps(first, "text-tab")) + "\n" + str(gd.dumps(second, "text-tab")))
    parts = gd.read_all(path)
    assert [p.source.part for p in parts] == [1, 2]
    total = gd.consolidate(parts, agency="甲县")
    assert total.meta.inputs == (f"{path}#1", f"{path}#2")
    expected = first.applications["received", "total"] + second.applications["received", "total"]
    assert total.applications["received", "total"] == expected
    with pytest.raises(gd.ConsolidationError, match="same file"):
        gd.consolidate([parts[0], parts[1], parts[0]], agency="甲县")
    # gd.read's reading of the file is its first report: not another one
    with pytest.raises(gd.ConsolidationError, match="same file"):
        gd.consolidate([gd.read(path), parts[0]], agency="甲县", allow_overlap=True)


def test_cli_consolidate_sums_every_report_of_a_file(tmp_path: Path) -> None:
    """The CLI read a file's first report only and said nothing (GD125 was dropped)."""

    def full(agency: str, value: int) -> Report:
        values: dict[str, dict[str, dict[str, int]]] = {}
        for ref in gd.get_template("2021").cell_refs():
            values.setdefault(ref.table, {}).setdefault(ref.row, {})[ref.column] = value
        return gd.Report.from_values("2021", values, agency=agency, year=2024)

    first, second = full("甲县财政局", 3), full("甲县教育局", 7)
    path = tmp_path / "two.txt"
    path.write_text(str(gd.dumps(first, "text-tab")) + "\n" + str(gd.dumps(second, "text-tab")))
    out = tmp_path / "total.json"
    done = subprocess.run(
        [sys.executable, "-m", "gov_disclosure", "consolidate", str(path), "-o", str(out)],
        capture_output=True,
        text=True,
    )
    assert done.returncode in (0, 1), done.stderr
    expected = first.applications["received", "total"] + second.applications["received", "total"]
    assert expected == 10
    assert gd.load(out).applications["received", "total"] == expected


@given(
    first=reports("2021"),
    second=reports("2021"),
    column=st.sampled_from(["natural_person", "total", "other_org"]),
)
def test_series_carry_over(first: Report, second: Report, column: str) -> None:
    first = _with_year(first, 2022, "某县财政局")
    # make this year's carried_over equal last year's carried_forward (a consistent pair)
    carried = first.applications.to_dict()["carried_forward"]
    cells = tuple(
        gd.Cell.of(c.row, c.column, carried[c.column]) if c.row == "carried_over" else c
        for c in second.applications.cells
    )
    second = _with_year(
        attrs.evolve(second, applications=Table("applications", cells)), 2023, "某县 财政局"
    )
    assert gd.check_series([second, first]).filter(code="GD402") == gd.Findings(())
    broken_cells = tuple(
        attrs.evolve(c, value=(c.value or 0) + 1)
        if (c.row, c.column) == ("carried_over", column)
        else c
        for c in second.applications.cells
    )
    broken = attrs.evolve(second, applications=Table("applications", broken_cells))
    findings = gd.check_series([first, broken]).filter(code="GD402")
    assert [f.column for f in findings] == [column]
    assert findings[0].severity is gd.Severity.WARNING
    assert findings[0].involves("applications", "carried_over", column)


def test_series_never_pairs_a_government_with_its_office() -> None:
    a = gd.Report.from_values(
        "2021",
        {"applications": {"carried_forward": {"total": 5}}},
        agency="某市人民政府",
        year=2022,
    )
    b = gd.Report.from_values(
        "2021",
        {"applications": {"carried_over": {"total": 9}}},
        agency="某市人民政府办公室",
        year=2023,
    )
    assert gd.check_series([a, b]) == gd.Findings(())
    consolidated = attrs.evolve(
        b, meta=attrs.evolve(b.meta, agency="某市人民政府", scope="consolidated")
    )
    assert gd.check_series([a, consolidated]) == gd.Findings(())


def test_series_2019_item_chain_and_2021_stock_flow() -> None:
    a = gd.Report.from_values(
        "2019",
        {"active": {"administrative_licensing": {"items_prev_year": 10, "items_change": -2}}},
        agency="X局",
        year=2019,
    )
    b = gd.Report.from_values(
        "2019",
        {"active": {"administrative_licensing": {"items_prev_year": 9}}},
        agency="X局",
        year=2020,
    )
    chain = gd.check_series([a, b]).filter(code="GD403")
    assert len(chain) == 1
    assert chain[0].expected == 8
    assert chain[0].observed == 9
    c = gd.Report.from_values(
        "2021", {"active": {"regulations": {"in_force": 11}}}, agency="X局", year=2023
    )
    d = gd.Report.from_values(
        "2021",
        {"active": {"regulations": {"issued": 1, "repealed": 0, "in_force": 13}}},
        agency="X局",
        year=2024,
    )
    flow = gd.check_series([c, d]).filter(code="GD404")
    assert len(flow) == 1
    assert flow[0].severity is gd.Severity.INFO


def _huaian() -> Report:
    truth = json.loads((DATA / "real" / "huaian_2024.json").read_text(encoding="utf-8"))
    report = gd.Report.from_values(
        truth["template"],
        {k: truth[k] for k in ("active", "applications", "appeals")},
        agency=truth["agency"],
        year=truth["year"],
    )
    text = (DATA / "real" / "huaian_2024_section1.txt").read_text(encoding="utf-8")
    return attrs.evolve(report, narrative=(Section(1, "一、总体情况", text),))


def test_huaian_narrative_agrees_with_its_tables() -> None:
    report = _huaian()
    from gov_disclosure.narrative import narrative_figures

    figures = {f[3] for f in narrative_figures(report.narrative[0].text, 2024)}
    assert {3119, 3050, 34, 103, 351, 72, 64, 178, 37} <= figures
    findings = report.check()
    assert findings.ok
    assert findings.filter(code="GD405") == gd.Findings(())


@pytest.mark.parametrize(
    ("old", "new", "row"),
    [
        ("3119", "3120", "received"),
        ("结果维持 72", "结果维持 73", "review"),
        ("103 件顺延", "104 件顺延", "carried_forward"),
    ],
)
def test_a_perturbed_narrative_is_flagged_with_the_sentence(old: str, new: str, row: str) -> None:
    report = _huaian()
    text = report.narrative[0].text
    assert old in text
    changed = attrs.evolve(report, narrative=(Section(1, "一、总体情况", text.replace(old, new)),))
    findings = changed.check().filter(code="GD405")
    assert len(findings) == 1
    assert findings[0].row == row
    assert findings[0].severity is gd.Severity.WARNING
    assert findings[0].quote is not None
    assert new.split()[-1] in findings[0].quote.replace(" ", "")


def _narrated(sentence: str, received: int) -> Report:
    """A 2021 report with ``received`` new applications, 2 carried over, and
    ``sentence`` as its narrative."""
    report = gd.Report.from_values(
        "2021",
        {"applications": {"received": {"total": received}, "carried_over": {"total": 2}}},
    )
    return attrs.evolve(report, narrative=(Section(1, "一、总体情况", sentence),))


@pytest.mark.parametrize(
    "sentence",
    [
        "本年度共收到政府信息公开申请7件（含上年结转2件），均已按时答复。",
        "本年度受理政府信息公开申请7件，其中上年度结转2件。",
        "本年度收到申请7件(包括上一年度转结的2件)。",
        "共受理政府信息公开申请7件（其中上年结转2件）。",
        "共收到政府信息公开申请7件，含上年度结转2件。",
        "共受理政府信息公开申请7件（含2023年结转申请2件）。",
        "本年度新收政府信息公开申请7件（含上年结转2件）。",
    ],
)
@pytest.mark.parametrize(("received", "flagged"), [(5, False), (7, True)])
def test_applications_received_including_those_carried_over(
    sentence: str, received: int, flagged: bool
) -> None:
    """A figure that includes the year before's applications is the sum of two rows."""
    findings = _narrated(sentence, received).check().filter(code="GD405")
    assert len(findings) == flagged
    if flagged:
        assert findings[0].cells == (
            ("applications", "received", "total"),
            ("applications", "carried_over", "total"),
        )
        assert findings[0].expected == received + 2


@pytest.mark.parametrize(
    "sentence",
    [
        "本年度收到政府信息公开申请5件（不含上年结转2件）。",
        "本年度收到政府信息公开申请5件（另有上年度结转申请2件）。",
        "本年度收到政府信息公开申请5件（未包括上一年度结转的2件）。",
        "本年度新收申请5件，上年结转2件。",
        "收到政府信息公开申请5件，上年结转2件。",
    ],
)
@pytest.mark.parametrize(("received", "flagged"), [(5, False), (3, True)])
def test_applications_received_excluding_those_carried_over(
    sentence: str, received: int, flagged: bool
) -> None:
    """不含 / 另有 / 未包括, or a carried-over figure in another clause: new ones only."""
    findings = _narrated(sentence, received).check().filter(code="GD405")
    assert [f.cells for f in findings] == (
        [(("applications", "received", "total"),)] if flagged else []
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "本年度共受理政府信息公开申请7件，其中新收申请5件，上年结转2件。",
        "本年度收到申请7件，其中网络申请3件，信函申请2件，上年结转申请2件。",
        "全年新收政府信息公开申请5件，加上年结转2件，共受理申请7件。",
        "收到政府信息公开申请7件，均已在法定期限内答复，其中上年结转申请2件。",
        "全年共受理政府信息公开申请7件（上年结转2件，本年新收5件），已全部办结。",
        "共收到政府信息公开申请7件(上年度结转2件)。",
        "全年共受理政府信息公开申请7件，本年新收5件，上年结转2件。",
    ],
)
def test_a_received_figure_that_may_include_those_carried_over_is_not_compared(
    sentence: str,
) -> None:
    """受理/收到 N件 in a sentence that also speaks of those carried over may mean either:
    neither reading is compared, so a consistent report raises no warning."""
    findings = _narrated(sentence, 5).check().filter(code="GD405")
    assert [f.cells for f in findings] == []
    figures = {(f[1], f[3]) for f in narrative_figures(sentence)}
    assert ("received", 7) not in figures
    assert ("received_with_carried_over", 7) not in figures


@pytest.mark.parametrize(
    "sentence",
    [
        "全年共受理行政许可申请1234件，办结1230件。",
        "全年收到政府信息公开行政复议申请1件。",
        "上年同期受理申请12件。",
        "上年度收到申请12件。",
        "网民留言300条，已答复300件。",
        "政务热线咨询120件，均已办结120件。",
        "通过12345热线受理群众诉求300件，已办结298件。",
        "处理市长信箱来信120件，均已答复120件。",
        "收到网民留言85条、政府信息公开申请10件，已全部答复95件。",
    ],
)
def test_other_applications_and_last_years_are_not_compared(sentence: str) -> None:
    assert list(narrative_figures(sentence)) == []


@pytest.mark.parametrize(
    ("sentence", "figures"),
    [
        ("受理行政许可申请1234件，办结1230件，受理政府信息公开申请20件，答复20件。", [20, 20]),
        ("全年共受理申请18件，办结18件，无因信息公开引起的复议和诉讼。", [18, 18]),
        ("受理咨询类政府信息公开申请5件。", [5]),
        ("收到政府信息公开申请5件，网民留言300条，已答复300件。", [5]),
        ("共受理政府信息公开申请30件，涉及行政审批等事项，已全部答复30件。", [30, 30]),
        ("受理政府信息公开申请20件（含通过政务咨询平台提交的3件），答复20件。", [20, 20]),
        ("受理政府信息公开申请25件，无投诉举报，已全部答复25件。", [25, 25]),
    ],
)
def test_information_requests_beside_other_applications_are_compared(
    sentence: str, figures: list[int]
) -> None:
    assert [f[3] for f in narrative_figures(sentence)] == figures


@pytest.mark.parametrize(
    "sentence",
    [
        "2022年共受理政府信息公开申请15件。",
        "与2022年受理申请15件相比，有所增加。",
        "2022年，共受理政府信息公开申请15件，办结15件。",
        "2022年度行政复议3件，结果维持2件。",
        "2022年新增公开规章4件。",
    ],
)
def test_figures_of_another_year_are_not_compared(sentence: str) -> None:
    """A year named before a figure that is not the report's: the figure is that year's;
    with the report's year unknown it may be, so it is not compared either."""
    assert list(narrative_figures(sentence, 2023)) == []
    assert list(narrative_figures(sentence)) == []
    assert list(narrative_figures(sentence.replace("2022", "2023"), 2023)) != []
    report = _narrated(sentence, 5)
    report = attrs.evolve(report, meta=attrs.evolve(report.meta, year=2023))
    assert report.check().filter(code="GD405") == gd.Findings(())


@pytest.mark.parametrize(
    ("sentence", "figures"),
    [
        ("2023年，共受理政府信息公开申请7件（含2022年结转申请2件）。", [7]),
        ("共受理申请5件，另有3件结转至2024年继续办理，答复5件。", [5, 5]),
        ("2023年1月1日至12月31日，共收到政府信息公开申请5件。", [5]),
        # 本年 names the report's year again; a law's year is not a year of figures
        ("2022年收到申请10件，本年收到政府信息公开申请15件。", [15]),
        ("本局严格落实《条例》（2019年修订），共受理政府信息公开申请15件。", [15]),
        ("另有2件顺延至 2024 年度办理，行政复议1件。", [1]),
        # years named in passing: carried into, compared with, a date
        ("2023年，本中心收到政府信息公开申请5件，其中1件延期至2024年答复，答复5件。", [5, 5]),
        ("受理申请15件，较2022年的10件增长50%，答复15件。", [15, 15]),
        ("依据2019年5月15日起施行的条例，收到政府信息公开申请15件。", [15]),
        ("与2022年相比，收到政府信息公开申请15件。", [15]),
        ("2023年，本局在2022年工作基础上，收到政府信息公开申请15件。", [15]),
        ("2022年受理申请10件，2023年1月起受理申请15件。", [15]),
        ("2023年，我局累计受理政府信息公开申请15件。", [15]),
        ("本年度收到申请15件，其中2件延期至2024年答复2件。", [15]),
    ],
)
def test_this_years_figures_beside_other_years_are_compared(
    sentence: str, figures: list[int]
) -> None:
    assert [f[3] for f in narrative_figures(sentence, 2023)] == figures


@pytest.mark.parametrize(
    "sentence",
    [
        # one channel's part
        "通过网上渠道收到政府信息公开申请10件。",
        "其中通过网上渠道收到申请10件，已全部答复10件。",
        "收到当面申请3件，均已答复3件。",
        "本年度通过信函方式受理申请2件。",
        "通过公共服务窗口收到申请3件。",
        "通过中共某县委门户网站在线收到申请3件。",
        "其中网上在线收到申请6件，信函申请9件。",
        "其中现场当面收到申请6件。",
        "其中通过邮寄信函收到申请6件。",
        "其中通过多个网上平台收到申请6件。",
        "其中通过网站、微信等网上渠道收到申请6件。",
        # figures summed over years
        "2020年至2023年累计收到政府信息公开申请99件。",
        "累计收到政府信息公开申请99件。",
        "自2020年以来，共受理政府信息公开申请99件。",
        "自2022年起，共受理政府信息公开申请99件。",
        # another year's, named by a date or 截至
        "2022年12月28日收到政府信息公开申请1件，已于2023年1月答复。",
        "截至2022年底，共受理政府信息公开申请99件。",
    ],
)
def test_a_part_or_several_years_are_not_compared_as_the_total(sentence: str) -> None:
    assert list(narrative_figures(sentence, 2023)) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "通过网络、信函等方式共收到政府信息公开申请10件。",
        "本年度通过各种渠道受理申请10件。",
        "共收到申请10件，其中通过网上渠道申请6件。",
        "本年度政务服务中心窗口收到政府信息公开申请10件。",
        "通过网上、信函、当面等多种方式收到政府信息公开申请10件。",
        "全年通过线上线下渠道收到政府信息公开申请10件。",
        "通过各渠道收到政府信息公开申请10件。",
        "通过多种渠道收到政府信息公开申请10件。",
        "通过网上、信函、当面收到政府信息公开申请10件。",
    ],
)
def test_all_channels_applications_are_compared(sentence: str) -> None:
    assert [(f[1], f[3]) for f in narrative_figures(sentence, 2023)] == [("received", 10)]


def test_samples_narratives_agree_with_their_tables() -> None:
    for sample in SAMPLES:
        assert gd.read(sample).check().filter(code="GD405") == gd.Findings(())


def test_copies_are_flagged_and_the_samples_are_not() -> None:
    samples = [gd.read(s) for s in SAMPLES]
    assert gd.find_copies(samples) == []
    original = samples[3]
    section_text = "\n".join(s.text for s in original.narrative)
    copied_text = section_text.replace(
        "石嘴山市公共资源交易中心", "吴忠市公共资源交易中心"
    ).replace("石嘴山", "吴忠")
    copy = attrs.evolve(
        original,
        meta=attrs.evolve(original.meta, agency="吴忠市公共资源交易中心"),
        narrative=(Section(1, "一、总体情况", copied_text),),
        source=gd.SourceInfo(name="wuzhong.txt"),
    )
    pairs = gd.find_copies([*samples, copy])
    assert [(p.first, p.second) for p in pairs] == [(3, 5)]
    assert pairs[0].similarity > 0.9
    assert not pairs[0].same_agency
    findings = gd.check_copies([*samples, copy])
    assert len(findings) == 2
    assert any("wuzhong.txt" in (f.quote or "") for f in findings)


def test_copy_detection_of_the_same_agency_across_years() -> None:
    report = gd.read(SAMPLES[4])
    next_year = _with_year(report, 2025)
    pairs = gd.find_copies([report, next_year])
    assert len(pairs) == 1
    assert pairs[0].same_agency


def test_unrelated_random_texts_are_not_paired() -> None:
    rng = random.Random(7)
    alphabet = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质安认斯院记需济制"
    texts = ["".join(rng.choice(alphabet) for _ in range(800)) for _ in range(40)]
    items = [
        attrs.evolve(
            gd.Report.from_values("2021", {}, agency=f"机关{i}", year=2024),
            narrative=(Section(1, "一、总体情况", t),),
        )
        for i, t in enumerate(texts)
    ]
    assert gd.find_copies(items) == []


def test_cli_consolidate(tmp_path: object) -> None:
    import subprocess
    import sys
    from pathlib import Path

    out = Path(str(tmp_path)) / "total.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "gov_disclosure",
            "consolidate",
            str(SAMPLES[1]),
            str(SAMPLES[4]),
            "--year",
            "2024",
            "--agency",
            "某地",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "2024" in done.stderr
    assert not out.exists()
    both_2023 = subprocess.run(
        [
            sys.executable,
            "-m",
            "gov_disclosure",
            "consolidate",
            str(SAMPLES[0]),
            str(SAMPLES[1]),
            "--agency",
            "某地",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
    )
    assert both_2023.returncode == 0, both_2023.stderr
    total = gd.load(out)
    assert total.meta.scope == "consolidated"
    assert total.year == 2023
    assert total.applications["received", "total"] == 0


def test_cli_consolidate_refuses_an_agency_twice(tmp_path: Path) -> None:
    import subprocess
    import sys

    copy = tmp_path / "copy.txt"
    copy.write_bytes(SAMPLES[0].read_bytes() + b"\n")  # another file, the same report
    out = tmp_path / "total.json"
    command = [sys.executable, "-m", "gov_disclosure", "consolidate", str(SAMPLES[0])]
    command += [str(copy), str(SAMPLES[1]), "--agency", "某地", "-o", str(out), "--lang", "en"]
    refused = subprocess.run(command, capture_output=True, text=True)
    assert refused.returncode == 2
    assert "both reports of" in refused.stderr
    assert "--allow-overlap" in refused.stderr
    assert not out.exists()
    allowed = subprocess.run([*command, "--allow-overlap"], capture_output=True, text=True)
    assert out.exists(), allowed.stderr
    assert "GD407" in allowed.stdout
