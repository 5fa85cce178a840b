"""The HTML reader and writer: round trips, real CMS pages, hostile pages."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from hypothesis import example, given, note
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure.model import Report
from gov_disclosure.readers.html import decode_html
from gov_disclosure.readers.html_styles import inherit, style_flags
from gov_disclosure.testing import reports, value_differences

from .conftest import DATA, SAMPLES, read_ours

PERF = DATA / "perf"


@given(
    report=reports(),
    cms=st.booleans(),
    encoding=st.sampled_from([None, "utf-8", "gb18030"]),
    split=st.booleans(),
)
def test_generated_reports_round_trip_through_html(
    report: Report, cms: bool, encoding: str | None, split: bool
) -> None:
    page = gd.dumps(report, "html", cms=cms, encoding=encoding, split_active=split)
    data = page.encode("utf-8") if isinstance(page, str) else page
    note(data.decode("gb18030" if encoding == "gb18030" else "utf-8")[:3000])
    result = gd.read(data, name="report.html")
    assert result.source.reader == "html"
    assert value_differences(result, report) == []
    assert result.meta.agency == report.meta.agency
    assert result.year == report.year
    assert result.check().ok
    if cms:
        assert result.meta.index_number == "11340000/2024-00001"


@given(report=reports())
def test_an_empty_row_above_the_appeals_values_is_not_the_data_row(report: Report) -> None:
    """An empty row between section 四's header and its values (a header row Word broke
    across a page, a spacer) was taken as the data row: all 15 cells blank, the values
    dropped as "an extra row"."""
    page = str(gd.dumps(report, "html"))
    table = page.rfind("<table")
    data_row = page.index('<tr><td class="value">', table)
    empty = "<tr>" + "<td></td>" * 15 + "</tr>"
    read = gd.read((page[:data_row] + empty + page[data_row:]).encode("utf-8"), reader="html")
    assert value_differences(read, report) == []
    assert any(f.code == "GD120" and f.table == "appeals" for f in read.notes)


@given(report=reports(blanks=True))
def test_blank_cells_round_trip_exactly_in_html(report: Report) -> None:
    """HTML cells are exact: a blank is a blank, never padding and never a guess."""
    result = gd.read(str(gd.dumps(report, "html")).encode(), reader="html")
    assert value_differences(result, report) == []
    assert not [f for f in result.notes if f.code in ("GD104", "GD108")]


def _expected(path: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PERF / path).read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("name", ["r004.gbk.html", "r004.utf8.html"])
def test_cms_page_fixture(name: str) -> None:
    """A TRS-style page: nav, breadcrumb, Word-pasted cells, GB2312 declaration."""
    report = gd.read(PERF / name)
    expected = _expected("r004.expected.json")
    assert report.meta.title == expected["title"]
    assert report.meta.agency == "金寨县公共资源交易中心"
    assert report.year == 2024
    spec = report.template.table("active")
    assert [[report.active[r.key, c.key] for c in r.columns] for r in spec.rows] == expected["s2"]
    apps = report.template.table("applications")
    assert [[report.applications[r.key, c.key] for c in r.columns] for r in apps.rows] == expected[
        "s3"
    ]
    appeals = [
        report.appeals[r.row, r.column] for r in report.template.table("appeals").cell_refs()
    ]
    assert appeals == expected["s4"]
    assert report.check().ok
    assert report.source.encoding == ("gb18030" if "gbk" in name else "utf-8")


def test_samples_rendered_as_html_read_back() -> None:
    for sample in SAMPLES:
        report = gd.read(sample)
        back = gd.read(str(gd.dumps(report, "html", cms=True)).encode(), reader="html")
        assert value_differences(back, report) == []


RARE = "朱镕基 王喆 堃"


def _page(body: str, charset: str) -> str:
    return f'<html><head><meta charset="{charset}"></head><body><p>{body}</p></body></html>'


def test_gbk_only_characters_under_a_gb2312_declaration() -> None:
    data = _page(f"二、主动公开政府信息情况 {RARE}", "gb2312").encode("gb18030")
    decoded, note_ = decode_html(data)
    assert RARE in decoded.text
    assert note_ is None


def test_lying_declarations_are_overruled_not_mangled() -> None:
    body = f"政府信息公开工作年度报告，行政复议情况。{RARE}" * 3
    decoded, note_ = decode_html(_page(body, "utf-8").encode("gb18030"))
    assert RARE in decoded.text
    assert "\ufffd" not in decoded.text
    assert note_ is not None
    assert note_.code == "GD118"
    decoded, note_ = decode_html(_page(body, "gb2312").encode("utf-8"))
    assert RARE in decoded.text
    assert decoded.encoding == "utf-8"
    assert note_ is not None


@pytest.mark.parametrize("data", [b"", b"   ", b"<!-- only a comment -->", b"<html></html>"])
def test_empty_pages_are_malformed_input(data: bytes) -> None:
    with pytest.raises(gd.InputError):
        gd.read(data, reader="html")


def test_deep_nesting_is_a_limit_not_lost_text() -> None:
    page = (
        "<html><body>"
        + "<div>" * 300
        + "二、主动公开政府信息情况"
        + "</div>" * 300
        + "</body></html>"
    )
    with pytest.raises(gd.LimitExceeded):
        gd.read(page.encode(), reader="html")


def test_huge_text_node_is_a_limit_not_lost_text() -> None:
    page = "<html><body><p>" + "政" * (11 * 1024 * 1024) + "</p></body></html>"
    started = time.perf_counter()
    with pytest.raises(gd.LimitExceeded):
        gd.read(page.encode(), reader="html")
    assert time.perf_counter() - started < 30  # bounded, not a hang


def test_absurd_spans_are_clamped() -> None:
    page = (
        "<html><body><table>"
        + '<tr><td rowspan="0" colspan="99999">二、主动公开政府信息情况</td></tr>' * 50
        + '<tr><td colspan="-3">x</td><td rowspan="abc">1</td></tr></table></body></html>'
    )
    with pytest.raises(gd.InputError):  # nothing of the template in it: refused, not a crash
        gd.read(page.encode(), reader="html")


def test_entities_and_doctype_are_not_resolved(tmp_path: Any) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER")
    page = (
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        "<html><body><p>&xxe;</p><p>二、主动公开政府信息情况</p></body></html>"
    )
    document, _, _ = gd.read_document(page.encode(), reader="html")
    texts = " ".join(p.text for p in document.paragraphs())
    assert "TOP-SECRET-MARKER" not in texts


@given(st.binary(max_size=4096))
@example(b"<html><body><table><tr><td rowspan=5>x")
@example(b"<?xml version='1.0' encoding='gbk'?><html><body>\xd5\xfe</body></html>")
def test_arbitrary_bytes_as_html_raise_only_our_errors(data: bytes) -> None:
    read_ours(data, reader="html")


@given(data=st.data())
def test_byte_mutated_pages_raise_only_our_errors(data: st.DataObject) -> None:
    page = bytearray((PERF / "r004.gbk.html").read_bytes())
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(page) - 1))
        operation = data.draw(st.sampled_from(["flip", "cut", "insert"]))
        if operation == "flip":
            page[position] ^= data.draw(st.integers(1, 255))
        elif operation == "cut":
            del page[position : position + data.draw(st.integers(1, 2000))]
        else:
            page[position:position] = data.draw(st.binary(min_size=1, max_size=20))
    result = read_ours(bytes(page), reader="html")
    if result is None:
        return
    # a flipped digit is a different number in the document itself; what must hold is
    # that the result is a valid report whose checks run without raising
    assert isinstance(result.check(), gd.Findings)


def test_text_after_the_end_of_the_page_is_read_as_a_browser_shows_it() -> None:
    """libxml2 drops everything after the first </html>; browsers show it.  A CMS
    template that closes the page before the report must not lose the report."""
    page = gd.dumps(gd.read(SAMPLES[4]), "html")
    assert isinstance(page, str)
    head, body = page.split("<body>", 1)
    early = head + "<body><p>栏目导航</p></body></html>\n" + body
    report = gd.read(early.encode("utf-8"), reader="html")
    assert report.active["administrative_penalty", "decisions"] == 4
    assert report.check().ok


_PLAIN_STYLES = (None, "font-size:9pt;font-family:宋体", "color:#333")
_ODD_STYLES = (
    "display:none",
    "visibility:hidden",
    "font-size:0",
    "text-decoration:line-through",
    "display:block",
    "vertical-align:super",
    "opacity:0",
)
_PLAIN_TAGS = ("span", "p", "div", "font", "b", "br", "o:p")
_ODD_TAGS = ("sup", "del", "script", "rt")
_TEXTS = ("", " ", "1", "2 3", "\n", "\xa0", "结果维持", "12,3")


@st.composite
def _fragments(draw: st.DrawFn, depth: int = 0) -> str:
    """Cell markup, mostly plain; now and then a style, tag or attribute that is not."""
    parts = [draw(st.sampled_from(_TEXTS))]
    for _ in range(draw(st.integers(0, 3 if depth < 3 else 0))):
        odd = draw(st.integers(0, 11))
        if odd == 0:
            parts.append("<!-- 99 -->")
        else:
            tag = draw(st.sampled_from(_ODD_TAGS if odd == 1 else _PLAIN_TAGS))
            style = draw(st.sampled_from(_ODD_STYLES if odd == 2 else _PLAIN_STYLES))
            attributes = f' style="{style}"' if style else ""
            attributes += " hidden" if odd == 3 else ""
            inner = "" if tag == "br" else draw(_fragments(depth + 1))
            parts.append(f"<{tag}{attributes}>{inner}</{tag}>" if tag != "br" else "<br>")
        parts.append(draw(st.sampled_from(_TEXTS)))
    return "".join(parts)


@given(_fragments())
@example("<p>1</p>2<br>3<!-- 4 -->5")
@example('<span style="color:#333"><p>1</p><span hidden>2</span></span>')
def test_the_fast_cell_walk_agrees_with_the_full_one(fragment: str) -> None:
    """Cell text takes a fast walk that gives up on anything but plain text, blocks and
    breaks; wherever it does not give up, it says what the full walk says."""
    import lxml.etree

    from gov_disclosure.readers.html import _plain_text, _shown_text

    page = f"<html><body><table><tr><td>{fragment}</td></tr></table></body></html>"
    root = lxml.etree.fromstring(page, lxml.etree.HTMLParser(remove_comments=False))
    td = next(root.iter("td"))
    note(lxml.etree.tostring(td, encoding="unicode"))
    fast = _plain_text(td, {})
    plain = not any(
        e.get("style") in _ODD_STYLES or e.get("hidden") is not None or e.tag in _ODD_TAGS
        for e in td.iter()
        if isinstance(e.tag, str)
    )
    assert (fast is not None) == plain  # the fast walk is taken exactly when it may be
    if fast is not None:
        assert fast == _shown_text(td)


_ROW_STYLES = (None, "color:#333", "visibility:hidden", "font-size:0")


#: A cell inside a cell, as libxml2 keeps it (a browser shows the second as a cell of
#: its own; the text of both is the outer cell's).
_NESTINGS = ("{}", "{}", "{}", "<div><td>{}</td></div>", "1<strong><td>{}</td></strong>")


@st.composite
def _cells(draw: st.DrawFn) -> str:
    return draw(st.sampled_from(_NESTINGS)).format(draw(_fragments()))


@given(
    st.lists(
        st.tuples(st.sampled_from(_ROW_STYLES), st.lists(_cells(), min_size=1, max_size=3)),
        min_size=1,
        max_size=3,
    )
)
@example([(None, ["<p>1</p>2<br>3", '8<p style="display:none">4</p>5<p>6</p>7'])])
@example([(None, ["<p>1</p>2", "<span hidden><p>3</p></span>4", "<div>5<br>6</div>"])])
@example([("visibility:hidden", ["<p>1</p>2"]), (None, ["<p>3</p>4"])])
@example([(None, ["<div><td>5<sup>1</sup></td></div>", "<div><td>12<br>34</td></div>"])])
@example([(None, ['<div><td><span style="display:none">9</span>2</td></div>'])])
@example([(None, ["1<strong><td>2</td></strong>"])])
def test_a_tables_cell_texts_are_what_the_full_walk_shows(
    rows: list[tuple[str | None, list[str]]],
) -> None:
    """The table reader takes every plain cell's text at once, marking the breaks and
    blocks of those cells in the tree; each cell still says exactly what the full walk
    says of it in the untouched page, and no mark strays into another cell.  A cell
    nested in a cell is a line of the outer cell's text (never run into its numbers)."""
    import lxml.etree

    from gov_disclosure.readers.html import _shown_text, _table

    markup = "".join(
        (f'<tr style="{style}">' if style else "<tr>")
        + "".join(f"<td>{cell}</td>" for cell in cells)
        + "</tr>"
        for style, cells in rows
    )
    page = f"<html><body><table>{markup}</table></body></html>"
    note(page)
    parser = lxml.etree.HTMLParser(remove_comments=True)  # as the reader parses
    untouched = lxml.etree.fromstring(page, parser)
    expected = []
    for tr in untouched.iter("tr"):
        style = tr.get("style")
        bits = 0 if style is None else style_flags(style)
        cells = [td for td in tr if td.tag == "td"]  # not the cells nested in them
        expected.extend(_shown_text(td, None, inherit(0, bits)) for td in cells)
    table = _table(next(lxml.etree.fromstring(page, parser).iter("table")), 1)
    assert [c.text for row in table.rows for c in row.cells] == expected


def test_cells_never_run_into_one_another() -> None:
    """A cell inside a cell (libxml2 keeps ``<td>1<strong><td>2</td></strong></td>``,
    which a browser shows as two cells) is a line of its own, so ``1`` and ``2`` are
    not read as 12; nor are the cells of a table read as text (one holding a table)."""
    import lxml.etree

    from gov_disclosure.document import Paragraph
    from gov_disclosure.readers.html import _blocks, _table

    parser = lxml.etree.HTMLParser(remove_comments=True)
    page = "<html><body><table><tr><td>1<strong><td>2</td></strong></td></tr></table></body></html>"
    table = _table(next(lxml.etree.fromstring(page, parser).iter("table")), 1)
    assert [c.text for row in table.rows for c in row.cells] == ["1\n2"]
    outer = (
        "<html><body><table><tr><td>规章</td><td>5</td><td>3</td></tr>"
        "<tr><td><table><tr><td>说明</td></tr></table></td></tr></table></body></html>"
    )
    blocks = _blocks(lxml.etree.fromstring(outer, parser), {})
    texts = [b.text for b in blocks if isinstance(b, Paragraph)]
    assert texts == ["规章", "5", "3"]


@given(report=reports(), which=st.integers(0, 1000))
def test_cells_outside_any_row_are_a_row_as_a_browser_shows_them(
    report: Report, which: int
) -> None:
    """libxml2 keeps ``<td>`` standing in a table without its ``<tr>``; a browser puts
    such cells in a row of their own.  They were dropped (the row went missing)."""
    page = str(gd.dumps(report, "html"))
    rows = [i for i in range(len(page)) if page.startswith("<tr><td>", i)]
    start = rows[which % len(rows)]
    end = page.index("</tr>", start)
    stripped = page[:start] + page[start + 4 : end] + page[end + 5 :]
    read = gd.read(stripped.encode("utf-8"), reader="html")
    assert value_differences(read, report) == []


def test_a_script_between_cells_without_a_row_does_not_split_the_row() -> None:
    """A browser keeps such cells in one row past a script, a form or a stray div."""
    import lxml.etree

    from gov_disclosure.readers.html import _table

    page = "<table><td>规章</td><script>x</script><td>5</td><form></form><td>6</td></table>"
    table = _table(next(lxml.etree.fromstring(page, lxml.etree.HTMLParser()).iter("table")), 1)
    assert [[c.text for c in row.cells] for row in table.rows] == [["规章", "5", "6"]]
