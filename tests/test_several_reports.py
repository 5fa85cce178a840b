"""Several reports in one file: gd.read reads the first and warns (GD125), gd.read_all
reads each; a table of contents does not split a report."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure.testing import reports, value_differences

from .conftest import SAMPLES

LAYOUTS = ["text-tab", "text-cells", "text-lines", "text-pipe", "markdown", "html"]


def _text(report: gd.Report, layout: str) -> str:
    out = gd.dumps(report, layout)
    return out.decode("utf-8") if isinstance(out, bytes) else out


@given(first=reports(), second=reports(), layout=st.sampled_from(LAYOUTS))
def test_two_reports_in_one_file(first: gd.Report, second: gd.Report, layout: str) -> None:
    """Two generated reports (distinct values, either template) one after the other in
    one file: read alone, the first comes back exactly, never mixed with the second,
    with GD125; read_all returns both exactly."""
    data = (_text(first, layout) + "\n\n" + _text(second, layout)).encode("utf-8")
    report = gd.read(data, reader=layout)
    assert value_differences(report, first) == []
    assert [f.code for f in report.notes].count("GD125") == 1
    assert report.source.part is None
    both = gd.read_all(data, reader=layout)
    assert [r.source.part for r in both] == [1, 2]
    assert value_differences(both[0], first) == []
    assert value_differences(both[1], second) == []
    assert both[1].meta.template == second.meta.template
    assert not any(f.code == "GD125" for r in both for f in r.notes)


def test_a_table_of_contents_does_not_split_a_report() -> None:
    sample = SAMPLES[1].read_text(encoding="utf-8")
    alone = gd.read(sample.encode("utf-8"))
    contents = "目录\n一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
    contents += "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n"
    contents += "六、其他需要报告的事项\n"
    lines = sample.split("\n", 1)
    with_contents = (lines[0] + "\n" + contents + lines[1]).encode("utf-8")
    report = gd.read(with_contents)
    assert not any(f.code == "GD125" for f in report.notes)
    assert [c.value for c in report.cells()] == [c.value for c in alone.cells()]
    assert len(gd.read_all(with_contents)) == 1


def test_read_all_of_a_single_report_is_read() -> None:
    assert gd.read_all(SAMPLES[0]) == [gd.read(SAMPLES[0])]


def test_a_sub_heading_called_overview_does_not_split_a_report() -> None:
    sample = SAMPLES[0].read_text(encoding="utf-8")
    assert "## 六、其他需要报告的事项\n" in sample
    for heading in ("总体情况", "1、总体情况", "一、总体情况"):
        text = sample.replace(
            "## 六、其他需要报告的事项\n", f"## 六、其他需要报告的事项\n\n{heading}\n\n"
        )
        report = gd.read(text.encode("utf-8"))
        assert not any(f.code == "GD125" for f in report.notes)
        assert len(gd.read_all(text.encode("utf-8"))) == 1


def test_the_second_report_keeps_its_title_when_its_intro_names_the_annual_report() -> None:
    sample = SAMPLES[0].read_text(encoding="utf-8")
    first = gd.read(SAMPLES[0])
    assert first.meta.agency
    assert first.meta.agency in sample
    second = sample.replace(first.meta.agency, "某某局")
    intro = "根据《中华人民共和国政府信息公开条例》"
    assert intro in second
    second = second.replace(intro, "本年度报告" + intro, 1)
    reports = gd.read_all((sample + "\n\n" + second).encode("utf-8"))
    # the signature 某某局 names no place: the title's fuller 攀枝花市某某局 is taken
    assert [r.meta.agency for r in reports] == [first.meta.agency, "攀枝花市某某局"]
    assert first.meta.title
    assert [r.meta.title for r in reports] == [
        first.meta.title,
        first.meta.title.replace(first.meta.agency, "某某局"),
    ]


def test_a_reader_note_goes_with_the_report_it_is_about() -> None:
    """A struck-through cell in the second report of a page is noted on that report."""
    sample = gd.read(SAMPLES[4])
    page = gd.dumps(sample, "html")
    assert isinstance(page, str)
    struck = page.replace('class="value">4</td>', 'class="value"><del>5</del>4</td>')
    assert struck != page
    reports = gd.read_all((page + struck).encode("utf-8"), reader="html")
    assert len(reports) == 2
    assert [sum(f.code == "GD124" for f in r.notes) for r in reports] == [0, 1]


def test_notes_of_a_page_on_one_line_go_with_every_report() -> None:
    """Minified: every block is on line 1, so lines cannot tell the reports apart."""
    page = gd.dumps(gd.read(SAMPLES[4]), "html")
    assert isinstance(page, str)
    struck = page.replace('class="value">4</td>', 'class="value"><del>5</del>4</td>')
    data = (struck + page).replace("\n", "").encode("utf-8")
    reports = gd.read_all(data, reader="html")
    assert len(reports) == 2
    assert sum(f.code == "GD124" for f in reports[0].notes) == 1


def test_splitting_is_not_quadratic() -> None:
    """A guard against a hang (20,000 headings 一 took 13 s), not a speed test."""
    import time

    from gov_disclosure.document import DocCell, DocRow, DocTable, Document, Paragraph
    from gov_disclosure.interpreter import split_document

    table = DocTable((DocRow((DocCell("规章"), DocCell("1"))),))
    blocks = [Paragraph("一、总体情况") for _ in range(20_000)] + [table] * 20_000
    started = time.perf_counter()
    assert len(split_document(Document(tuple(blocks)))) == 1
    assert time.perf_counter() - started < 5
