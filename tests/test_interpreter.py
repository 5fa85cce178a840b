"""The interpreter on hand-made documents: what it reads, and what it refuses to guess."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from hypothesis import given

import gov_disclosure as gd
from gov_disclosure.document import DocCell
from gov_disclosure.interpreter import place_values
from gov_disclosure.testing import reports

from .conftest import SAMPLES


def cells(*texts: str, eof_last: bool = False) -> list[DocCell]:
    out = [DocCell(t) for t in texts]
    if eof_last:
        out[-1] = DocCell(texts[-1], at_eof=True)
    return out


class TestPlaceValues:
    def test_padding_around_full_rows_is_ignored(self) -> None:
        placed = place_values(cells("", "1", "2", "3", ""), 3, bounded=True)
        assert [c.text for c in placed.cells or ()] == ["1", "2", "3"]
        assert not placed.guessed

    def test_exact_width_is_positional(self) -> None:
        placed = place_values(cells("", "", "", "4", "5"), 5, bounded=True, labelled=False)
        assert [c.text for c in placed.cells or ()] == ["", "", "", "4", "5"]
        assert not placed.guessed

    def test_one_consistent_window_is_a_flagged_guess(self) -> None:
        placed = place_values(cells("", "1", "", "3", ""), 3, bounded=True)
        assert [c.text for c in placed.cells or ()] == ["1", "", "3"]
        assert placed.guessed
        # "1" could be the first or the second of three columns: refused
        assert place_values(cells("", "1", "", ""), 3, bounded=True).cells is None

    def test_ambiguous_too_many_and_too_few_are_refused(self) -> None:
        assert place_values(cells("1", "2", "3", "4"), 3, bounded=True).cells is None
        assert place_values(cells("1", "2"), 3, bounded=True).cells is None

    def test_streams_need_exactly_width_values(self) -> None:
        assert place_values(cells("1", "2"), 3, bounded=False).cells is None
        assert place_values(cells("1", "2", "3", "4"), 3, bounded=False).cells is None
        placed = place_values(cells("1", "", "3"), 3, bounded=False)
        assert [c.text for c in placed.cells or ()] == ["1", "", "3"]

    def test_inferred_blanks_count_only_when_the_row_needs_them(self) -> None:
        """A blank a reader inferred from positions (a PDF without ruling lines) is used
        only when the row's own values cannot be placed: a wrongly inferred column can
        refuse a row, never shift one."""
        gap = DocCell("", inferred_blank=True)
        one, three = DocCell("1"), DocCell("3")
        # the row's values fit without it: it is ignored
        placed = place_values([one, gap, three], 2, bounded=False)
        assert placed.cells == (one, three)
        assert not placed.inferred
        # they do not: the inferred blank takes its column, and that is said
        placed = place_values([one, gap, three], 3, bounded=False)
        assert placed.cells == (one, gap, three)
        assert placed.inferred
        # still the wrong count: refused
        assert place_values([one, gap, three], 4, bounded=False).cells is None
        assert place_values([one, gap, gap, three], 3, bounded=False).cells is None

    def test_input_ending_inside_the_row_is_refused(self) -> None:
        assert place_values(cells("", "1", "2", "", eof_last=True), 3, bounded=True).cells is None
        assert place_values(cells("", "", "", "", eof_last=True), 3, bounded=True).cells is None


TABLE_2 = """二、主动公开政府信息情况
第二十条第（一）项\t\t\t
信息内容\t本年制发件数\t本年废止件数\t现行有效件数
规章\t5\t—\t7
行政规范性文件\t11\t\t13
第二十条第（八）项\t\t\t
信息内容\t本年收费金额（单位：万元）\t\t
行政事业性收费\t251000元\t\t
"""


def test_not_applicable_blank_and_units() -> None:
    report = gd.read(TABLE_2.encode(), reader="text-tab", year_hint=2023)
    active = report.active
    assert active["regulations", "issued"] == 5
    assert active.cell("regulations", "repealed").status is gd.CellStatus.NOT_APPLICABLE
    # one blank among two values in a row of three: placed, but flagged as a guess
    assert active.cell("normative_documents", "repealed").status is gd.CellStatus.BLANK
    assert active["normative_documents", "in_force"] == 13
    assert active["administrative_fees", "amount"] == Decimal("25.1")
    codes = {f.code for f in report.notes}
    assert {"GD108", "GD109", "GD102"} <= codes  # guess, unit, tables 三 and 四 missing
    assert report.applications.cell("received", "total").status is gd.CellStatus.MISSING


def test_unreadable_values_are_left_empty_with_a_finding() -> None:
    text = TABLE_2.replace("规章\t5\t—\t7", "规章\t5\t1 2\t7").replace("\t13\n", "\t1.5\n")
    report = gd.read(text.encode(), reader="text-tab", year_hint=2023)
    assert report.active.cell("regulations", "repealed").status is gd.CellStatus.UNREADABLE
    assert report.active.cell("normative_documents", "in_force").status is gd.CellStatus.UNREADABLE
    unreadable = [f for f in report.notes if f.code == "GD105"]
    assert {f.row for f in unreadable} == {"regulations", "normative_documents"}


def test_duplicated_row_with_different_values_is_not_used() -> None:
    text = TABLE_2 + "规章\t6\t1\t7\n"
    report = gd.read(text.encode(), reader="text-tab", year_hint=2023)
    assert report.active.cell("regulations", "issued").status is gd.CellStatus.UNREADABLE
    assert any(f.code == "GD111" for f in report.notes)
    same = gd.read((TABLE_2 + "规章\t5\t—\t7\n").encode(), reader="text-tab", year_hint=2023)
    assert same.active["regulations", "issued"] == 5


def test_rows_outside_the_template_are_reported_not_used() -> None:
    text = TABLE_2.replace("规章\t5", "其他主动公开文件\t9\t9\t9\n规章\t5")
    report = gd.read(text.encode(), reader="text-tab", year_hint=2023)
    assert any(f.code == "GD112" and "其他主动公开文件" in (f.quote or "") for f in report.notes)
    assert report.active["regulations", "issued"] == 5


def test_pre_2019_free_format_is_refused() -> None:
    text = (
        "某局2016年政府信息公开工作年度报告\n一、概述\n"
        "指标名称\t计量单位\t2016年度\n主动公开信息数\t条\t35\n"
    )
    with pytest.raises(gd.TemplateNotRecognised) as info:
        gd.read(text.encode())
    assert "2019" in str(info.value)


@given(report=reports("2019"))
def test_template_2019_is_detected_from_labels_not_the_year(report: gd.Report) -> None:
    relabelled = attrs.evolve(report, meta=attrs.evolve(report.meta, year=2023))
    result = gd.read(str(gd.dumps(relabelled, "text-tab")).encode())
    assert result.meta.template == "2019"
    assert "本年新制作数量" in result.meta.template_evidence


@pytest.mark.parametrize(("year", "template"), [("2023", "2021"), ("2020", "2019")])
def test_ambiguous_labels_use_the_year_and_say_so(year: str, template: str) -> None:
    """Only section 三 without its (六) sub-rows: the labels fit both templates."""
    text = SAMPLES[0].read_text(encoding="utf-8")
    text = text[: text.index("## 二、")] + text[text.index("### 三、") :]
    lines = [
        line
        for line in text.split("\n")
        if not any(k in line for k in ("申请人无正当理由", "申请人逾期未按", "3.其他"))
    ]
    text = "\n".join(lines).replace(" 2023 年政府信息公开", f" {year} 年政府信息公开", 1)
    report = gd.read(text.encode(), reader="text-tab")
    assert report.meta.template == template
    assert any(f.code == "GD101" for f in report.notes)
    assert report.applications["received", "total"] == 0


def test_traditional_script_mirror_reads() -> None:
    text = SAMPLES[3].read_text(encoding="utf-8")
    mirrored = (
        text.replace("规范性文件", "規範性檔案").replace("结果", "結果").replace("审结", "審結")
    )
    report = gd.read(mirrored.encode(), reader="text-tab")
    assert report.active["normative_documents", "issued"] == 0
    assert report.appeals["review", "pending"] == 0
    assert any(f.code == "GD107" for f in report.notes)


def test_label_broken_across_lines_is_rejoined() -> None:
    text = SAMPLES[3].read_text(encoding="utf-8")
    broken = text.replace(
        "\t\t5. 要求行政机关确认或重新出具已获取信息\t",
        "\t\t5. 要求行政机关确认或重新出\n具已获取信息\t",
    )
    assert broken != text
    report = gd.read(broken.encode(), reader="text-tab")
    assert report.applications["not_processed_confirmation", "total"] == 0
    assert any(f.code == "GD116" for f in report.notes)


@given(report=reports())
def test_labels_cut_into_many_pieces_on_their_row_are_rejoined(report: gd.Report) -> None:
    """A PDF read as text gives a label wrapped in a narrow column as pieces on the
    values' line (2.申请人逾 | 期未按收费 | … | 信息公开申 | 请 | 115 …): up to twelve
    pieces are joined, and every value lands in its row."""
    import re

    text = str(gd.dumps(report, "text-tab"))

    def cut(match: re.Match[str]) -> str:
        label = match.group(2)
        return match.group(1) + "\t".join(label[i : i + 5] for i in range(0, len(label), 5))

    # section 三's numbered rows: 1.本机关不掌握相关政府信息 … (eight pieces at most)
    broken = re.sub(r"(?m)^(\t\t)(\d\.[^\t\n]{9,})", cut, text)
    assert broken.count("\n") == text.count("\n")
    assert broken != text
    result = gd.read(broken.encode(), reader="text-tab")
    assert [c.value for c in result.cells()] == [c.value for c in report.cells()]
    assert any(f.code == "GD116" for f in result.notes)


def test_tables_are_found_by_content_without_headings() -> None:
    text = SAMPLES[0].read_text(encoding="utf-8")
    lines = [line for line in text.split("\n") if not line.startswith("#")]
    report = gd.read("\n".join(lines).encode(), reader="text-tab")
    assert report.applications["received", "total"] == 0
    assert report.appeals["litigation_direct", "total"] == 0
    assert report.check().ok
