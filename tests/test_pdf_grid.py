"""The pdf-grid reader's geometry, on synthetic ruling lines and text runs.

Coordinates are PDF points, y upwards.  A helper draws a ruled grid; runs are (left,
bottom, right, top, text) boxes as PDFium reports them.
"""

from __future__ import annotations

import itertools

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from gov_disclosure.document import DocTable, Paragraph
from gov_disclosure.readers.pdf_grid import _dedupe, _join, _page_blocks, join_split_rows

Rect = tuple[float, float, float, float]


def grid(xs: list[float], ys: list[float], *, gaps: tuple[tuple[int, int], ...] = ()):
    """Full ruling lines at xs (vertical) and ys (horizontal, top first); ``gaps`` removes
    the vertical line at column boundary c inside row r (a merged cell)."""
    horizontal: list[Rect] = [(xs[0], y, xs[-1], y) for y in ys]
    vertical: list[Rect] = []
    for c, x in enumerate(xs):
        for r in range(len(ys) - 1):
            if (r, c) not in gaps:
                vertical.append((x, ys[r + 1], x, ys[r]))
    return horizontal, vertical


def run(x: float, y: float, text: str, width: float = 8, height: float = 9):
    return (x, y, x + width * len(text), y + height, text)


def table_of(blocks) -> DocTable:
    tables = [b for b, _ in blocks if isinstance(b, DocTable)]
    assert len(tables) == 1
    return tables[0]


def texts(table: DocTable) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def test_a_number_wrapped_in_a_narrow_cell_is_one_number() -> None:
    lines = grid([100, 200, 230, 300], [700, 670, 640])
    runs = [
        run(105, 690, "规章"),
        run(202, 690, "1477", width=6),  # the cell is 30 pt wide: 14778 wraps
        run(202, 679, "8", width=6),
        run(235, 680, "12"),
        run(105, 650, "行政许可"),
        run(202, 650, "3", width=6),
        run(235, 650, "4"),
    ]
    table = table_of(_page_blocks(1, lines, runs, 10_000))
    assert texts(table) == [["规章", "14778", "12"], ["行政许可", "3", "4"]]
    assert table.exact_cells


def test_label_lines_keep_their_break_and_vertical_labels_stack() -> None:
    assert _join(
        [(700, 10, 40, "三、本年", 9), (688, 10, 40, "度办理结", 9), (676, 10, 20, "果", 9)]
    ) == ("三、本年\n度办理结\n果")
    assert _join([(700, 10, 20, "12", 9), (688, 10, 20, "件", 9)]) == "12\n件"
    assert _join([(700, 10, 20, "3.", 9), (688, 10, 20, "危", 9)]) == "3.\n危"


def _digits(top: float, left: float, text: str, width: float = 6) -> list:
    return [(top, left + i * width, left + (i + 1) * width, d, 9) for i, d in enumerate(text)]


def test_digits_are_joined_only_when_the_first_line_fills_the_cell() -> None:
    # "1477" fills the cell from x=15 to x=41: the number was wrapped
    assert _join([*_digits(700, 16, "1477"), *_digits(688, 16, "8")], (15, 41)) == "14778"
    # "5" stops far from the right wall: "3" below is another number
    assert _join([*_digits(700, 16, "5"), *_digits(688, 16, "3")], (15, 60)) == "5\n3"
    # right-aligned, "5" reaches the right wall but starts far from the left one
    assert _join([*_digits(700, 52, "5"), *_digits(688, 52, "3")], (15, 60)) == "5\n3"
    # a cell spanning rows (a ruling line missing): no walls, digits never joined
    assert _join([*_digits(700, 16, "1477"), *_digits(688, 16, "8")], None) == "1477\n8"


def test_two_numbers_side_by_side_in_a_cell_keep_their_gap() -> None:
    """Spaces are not characters to PDFium's boxes: "12 34" must not become 1234."""
    parts = [*_digits(700, 16, "12"), *_digits(700, 31, "34")]
    assert _join(parts, (15, 60)) == "12 34"
    assert _join(_digits(700, 16, "1234"), (15, 60)) == "1234"


def test_two_numbers_in_a_cell_merged_by_a_missing_line_are_not_glued() -> None:
    # the line between the two rows is missing: one tall row, continuous column lines
    horizontal = [(100.0, 700.0, 260.0, 700.0), (100.0, 640.0, 260.0, 640.0)]
    vertical = [(x, 640.0, x, 700.0) for x in (100.0, 200.0, 260.0)]
    runs = [
        run(105, 680, "规章"),
        run(205, 680, "5"),
        run(105, 650, "行政许可"),
        run(205, 650, "3"),
    ]
    table = table_of(_page_blocks(1, (horizontal, vertical), runs, 10_000))
    assert texts(table) == [["规章\n行政许可", "5\n3"]]


def test_a_missing_line_is_a_merged_cell() -> None:
    # no vertical line at x=200 in the first row: its first two columns are one cell
    lines = grid([100, 200, 300, 400], [700, 670, 640], gaps=((0, 1),))
    runs = [run(150, 680, "信息内容"), run(305, 680, "数量"), run(105, 650, "规章")]
    table = table_of(_page_blocks(1, lines, runs, 10_000))
    first, second = table.rows
    assert [(c.text, c.col_span) for c in first.cells] == [("信息内容", 2), ("数量", 1)]
    assert len(second.cells) == 3


def test_text_outside_tables_becomes_paragraphs_in_reading_order() -> None:
    lines = grid([100, 200, 300], [600, 570])
    runs = [
        run(100, 700, "一、总体情况"),
        run(100, 650, "二、主动公开政府信息情况"),
        run(105, 580, "规章"),
        run(205, 580, "5"),
        run(100, 500, "五、存在的主要问题"),
    ]
    blocks = [b for b, _ in _page_blocks(1, lines, runs, 10_000)]
    kinds = [type(b).__name__ for b in blocks]
    assert kinds == ["Paragraph", "Paragraph", "DocTable", "Paragraph"]
    assert isinstance(blocks[0], Paragraph)
    assert blocks[0].text == "一、总体情况"


def test_fake_bold_characters_are_kept_once() -> None:
    runs = [run(100, 700, "规"), run(100.3, 700.2, "规"), run(110, 700, "章")]
    assert [r[4] for r in _dedupe(runs)] == ["规", "章"]
    # the same character elsewhere on the line is real text
    assert len(_dedupe([run(100, 700, "0"), run(140, 700, "0")])) == 2


def _page(xs: list[float], rows: list[list[tuple[float, str]]], top: float = 700):
    ys = [top - 20 * i for i in range(len(rows) + 1)]
    runs = [run(x, ys[i] - 15, text) for i, row in enumerate(rows) for x, text in row]
    return _page_blocks(1, grid(xs, ys), runs, 10_000)


XS = [100, 200, 260, 320]


def test_a_row_cut_by_a_page_break_is_put_back_together() -> None:
    before = _page(
        XS, [[(105, "1.申请人"), (205, "5"), (265, "7")], [(105, "2.申请人"), (205, "111")]]
    )
    after = _page(
        XS, [[(105, "逾期未按收费"), (205, "74"), (265, "29")], [(105, "3.其他"), (205, "1")]]
    )
    blocks = join_split_rows([before, after])
    first, second = (b for b in blocks if isinstance(b, DocTable))
    assert texts(first)[-1] == ["2.申请人\n逾期未按收费", "11174", "29"]
    assert texts(second)[0] == ["", "", ""]
    assert texts(second)[1] == ["3.其他", "1", ""]


def test_a_label_less_row_of_digits_continues_the_row_above() -> None:
    before = _page(XS, [[(105, "（七）总计"), (205, "1409"), (265, "4156")]])
    after = _page(XS, [[(205, "5"), (265, "7")], [(105, "四、结转下年度"), (205, "3")]])
    first, second = (b for b in join_split_rows([before, after]) if isinstance(b, DocTable))
    assert texts(first) == [["（七）总计", "14095", "41567"]]
    assert texts(second)[1][0] == "四、结转下年度"


def test_a_new_numbered_row_on_the_next_page_is_left_alone() -> None:
    before = _page(XS, [[(105, "1.申请人"), (205, "5")]])
    after = _page(XS, [[(105, "2.申请人"), (205, "6")]])
    first, second = (b for b in join_split_rows([before, after]) if isinstance(b, DocTable))
    assert texts(first) == [["1.申请人", "5", ""]]
    assert texts(second) == [["2.申请人", "6", ""]]


@pytest.mark.parametrize("shift", [0.0, 1.5])
def test_pages_of_different_tables_are_not_joined(shift: float) -> None:
    before = _page(XS, [[(105, "（七）总计"), (205, "1409")]])
    after = _page([150 + shift, 250, 400], [[(205, "5")]])
    first, second = (b for b in join_split_rows([before, after]) if isinstance(b, DocTable))
    assert texts(first) == [["（七）总计", "1409", ""]]
    assert texts(second) == [["5", ""]]


def test_a_header_row_is_never_continued() -> None:
    """Section 四 has no row label: its data row at the top of a page is not the rest
    of the header row that ended the page before."""
    before = _page(XS, [[(105, "行政复议"), (205, "结果维持"), (265, "总计")]])
    after = _page(XS, [[(105, "1"), (205, "2"), (265, "3")]])
    first, second = (b for b in join_split_rows([before, after]) if isinstance(b, DocTable))
    assert texts(first) == [["行政复议", "结果维持", "总计"]]
    assert texts(second) == [["1", "2", "3"]]


def test_a_header_repeated_on_the_next_page_is_not_glued_on() -> None:
    before = _page(XS, [[(105, "（七）总计"), (205, "1409"), (265, "7")]])
    after = _page(XS, [[(205, "申请人情况")], [(105, "四、结转下年度"), (205, "3")]])
    first, second = (b for b in join_split_rows([before, after]) if isinstance(b, DocTable))
    assert texts(first) == [["（七）总计", "1409", "7"]]
    assert texts(second)[0] == ["", "申请人情况", ""]


def test_a_label_cut_mid_sentence_with_no_numbers_below_is_rejoined() -> None:
    before = _page(XS, [[(105, "5.属于三类内部事"), (205, "37"), (265, "38")]])
    after = _page(XS, [[(105, "务信息")], [(105, "6.属于四类"), (205, "1")]])
    joined: list[int] = []
    first, _ = (b for b in join_split_rows([before, after], joined) if isinstance(b, DocTable))
    assert texts(first) == [["5.属于三类内部事\n务信息", "37", "38"]]
    assert joined == [1]


def test_a_label_piece_under_a_number_is_not_its_rest() -> None:
    before = _page(XS, [[(105, "5.属于三类内部事"), (205, "37"), (265, "38")]])
    after = _page(XS, [[(205, "务信息")]])
    first, second = (b for b in join_split_rows([before, after]) if isinstance(b, DocTable))
    assert texts(first) == [["5.属于三类内部事", "37", "38"]]
    assert texts(second) == [["", "务信息", ""]]


def test_a_fallback_reading_is_checked_cell_by_cell_against_the_first() -> None:
    import gov_disclosure as gd
    from gov_disclosure.api import _merge_readings, _unplaced

    from .conftest import SAMPLES

    first = gd.read(SAMPLES[4])
    first = first.with_value("applications", "received", "research", 5)
    unreadable = first.table("appeals").cell("review", "upheld")
    first_cells = tuple(
        attrs.evolve(c, status=gd.CellStatus.UNREADABLE, value=None) if c is unreadable else c
        for c in first.appeals.cells
    )
    first = attrs.evolve(first, appeals=gd.Table("appeals", first_cells))
    other = first.with_value("appeals", "review", "upheld", 3)  # fills the gap
    other = other.with_value("applications", "received", "research", 6)  # disagrees
    other = other.with_value("applications", "received", "commercial", None)  # blank
    merged = _merge_readings(first, other)
    assert merged.appeals["review", "upheld"] == 3
    disputed = merged.applications.cell("received", "research")
    assert disputed.status is gd.CellStatus.UNREADABLE
    # a value the first reading placed against a blank the fallback read: the text-first
    # reading cannot see blank cells, so its value may have been shifted into this one
    blanked = merged.applications.cell("received", "commercial")
    assert blanked.status is gd.CellStatus.UNREADABLE
    assert [f.code for f in merged.notes if f.row == "received"] == ["GD123", "GD123"]
    # … but it stands where the fallback could not read the cell at all
    other = first.with_value("appeals", "review", "upheld", 3)
    cells = tuple(
        attrs.evolve(c, status=gd.CellStatus.UNREADABLE, value=None)
        if c.row == "received" and c.column == "total"
        else c
        for c in other.applications.cells
    )
    other = attrs.evolve(other, applications=gd.Table("applications", cells))
    kept = _merge_readings(first, other)
    assert kept.applications["received", "total"] == first.applications["received", "total"]
    assert _unplaced(merged) == 2


def test_digits_continued_on_the_next_page_join_only_a_cell_they_fill() -> None:
    """``453`` ending a wide cell and ``3`` at the top of the next page are two numbers,
    not 4533 (found in review: the page-break join skipped the wall test)."""
    before = _page(XS, [[(105, "（七）总计"), (205, "4"), (265, "4156")]])
    after = _page(XS, [[(205, "5"), (265, "7")], [(105, "四、结转下年度"), (205, "3")]])
    first, _ = (b for b in join_split_rows([before, after]) if isinstance(b, DocTable))
    assert texts(first) == [["（七）总计", "4\n5", "41567"]]


def test_a_blank_or_dash_read_first_is_checked_and_kept_like_a_value() -> None:
    """A blank or a dash the first reading placed against a value the fallback read is
    a disagreement (it was silently replaced by the fallback's value); where the
    fallback could not read the cell, it stands (it was replaced by 'missing').  Each
    reading's findings go with the cells taken from it."""
    import gov_disclosure as gd
    from gov_disclosure.api import _merge_readings
    from gov_disclosure.findings import make_finding

    from .conftest import SAMPLES

    first = gd.read(SAMPLES[4])
    first = first.with_value("applications", "received", "research", None)  # a blank
    dash = first.applications.cell("granted", "research")
    first_cells = tuple(
        attrs.evolve(c, status=gd.CellStatus.NOT_APPLICABLE, value=None, raw="—")
        if c is dash
        else c
        for c in first.applications.cells
    )
    placed = make_finding(
        "GD130",
        "按位置",
        "by position",
        table="applications",
        row="received",
        cells=(("applications", "received", "research"),),
    )
    first = attrs.evolve(first, applications=gd.Table("applications", first_cells), notes=(placed,))
    other = first.with_value("applications", "received", "research", 7)  # disagrees
    other_cells = tuple(
        attrs.evolve(c, status=gd.CellStatus.MISSING, value=None, raw="")
        if (c.row, c.column) == ("granted", "research")
        else c
        for c in other.applications.cells
    )
    other = attrs.evolve(other, applications=gd.Table("applications", other_cells), notes=())
    merged = _merge_readings(first, other)
    assert merged.applications.cell("received", "research").status is gd.CellStatus.UNREADABLE
    assert [f.code for f in merged.notes if f.row == "received"] == ["GD123"]
    kept = merged.applications.cell("granted", "research")
    assert (kept.status, kept.raw) == (gd.CellStatus.NOT_APPLICABLE, "—")
    # the first reading's finding goes with a cell taken from it alone …
    lost = tuple(
        attrs.evolve(c, status=gd.CellStatus.MISSING, value=None, raw="")
        if (c.row, c.column) == ("received", "research")
        else c
        for c in other.applications.cells
    )
    merged = _merge_readings(
        first, attrs.evolve(other, applications=gd.Table("applications", lost))
    )
    assert merged.applications.cell("received", "research").status is gd.CellStatus.BLANK
    assert [f.code for f in merged.notes] == ["GD130"]
    # … not with one both readings agree on (the fallback's findings stand there)
    other = other.with_value("applications", "received", "research", None)
    merged = _merge_readings(first, other)
    assert merged.applications.cell("received", "research").status is gd.CellStatus.BLANK
    assert [f.code for f in merged.notes] == []


def test_a_cell_neither_reading_could_read_keeps_why_once() -> None:
    """The cell stays unread, and the findings of both readings about it stay, the same
    finding once (it lost the first reading's finding, or had it twice)."""
    import gov_disclosure as gd
    from gov_disclosure.api import _merge_readings
    from gov_disclosure.findings import make_finding

    from .conftest import SAMPLES

    base = gd.read(SAMPLES[4])
    cells = tuple(
        attrs.evolve(c, status=gd.CellStatus.UNREADABLE, value=None)
        if (c.row, c.column) == ("review", "upheld")
        else c
        for c in base.appeals.cells
    )
    base = attrs.evolve(base, appeals=gd.Table("appeals", cells))

    def why(text: str) -> gd.Finding:
        return make_finding("GD104", text, text, table="appeals", row="review", column="upheld")

    first = attrs.evolve(base, notes=(why("first"), why("both")))
    other = attrs.evolve(base, notes=(why("both"), why("other")))
    merged = _merge_readings(first, other)
    assert merged.appeals.cell("review", "upheld").status is gd.CellStatus.UNREADABLE
    assert sorted(f.message_en for f in merged.notes) == ["both", "first", "other"]


# ------------------------------------------------------------------ speed-ups kept exact

_coordinate = st.one_of(
    st.floats(-50, 650, allow_nan=False).map(lambda v: round(v, 1)),
    st.sampled_from([1e7, -1e7, float("inf"), float("-inf"), float("nan")]),
)


def _brute_tables(horizontal: list[Rect], vertical: list[Rect]) -> list:
    """_tables by trying every pair, as it was written before it used a grid."""
    lines = [("h", line) for line in horizontal] + [("v", line) for line in vertical]
    parent = list(range(len(lines)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, (kind, (left, y, right, _)) in enumerate(lines):
        if kind != "h":
            continue
        for j, (other, (x, bottom, _, top)) in enumerate(lines):
            if other == "v" and left - 2 <= x <= right + 2 and bottom - 2 <= y <= top + 2:
                parent[find(i)] = find(j)
    groups: dict[int, tuple[list[Rect], list[Rect]]] = {}
    for i, (kind, line) in enumerate(lines):
        group = groups.setdefault(find(i), ([], []))
        (group[0] if kind == "h" else group[1]).append(line)
    return sorted((sorted(h), sorted(v)) for h, v in groups.values() if len(h) >= 2 and len(v) >= 2)


@st.composite
def _lines(draw: st.DrawFn) -> tuple[list[Rect], list[Rect]]:
    """Ruling lines: drawn cell by cell on a few shared coordinates (as reports draw
    them), plus stray ones anywhere, huge or not finite."""
    # near the grid's 16-point cells' edges too: lines within the snap of each other
    # across an edge must still pair
    places = [0.0, 15.0, 16.5, 31.0, 33.5, 40.0, 41.5, 90.0, 300.0]
    xs = sorted(draw(st.lists(st.sampled_from(places), max_size=4, unique=True)))
    ys = sorted(draw(st.lists(st.sampled_from(places), max_size=4, unique=True)))
    horizontal = [(a, y, b, y) for y in ys for a, b in itertools.pairwise(xs)]
    vertical = [(x, a, x, b) for x in xs for a, b in itertools.pairwise(ys)]
    for _ in range(draw(st.integers(0, 6))):
        a, b, c = draw(_coordinate), draw(_coordinate), draw(_coordinate)
        if draw(st.booleans()):
            horizontal.append((min(a, b), c, max(a, b), c))
        else:
            vertical.append((c, min(a, b), c, max(a, b)))
    return horizontal, vertical


@given(_lines())
@example(([(0.0, 0.0, 1e7, 0.0), (0.0, 50.0, 10.0, 50.0)], [(5.0, -1e7, 5.0, 60.0)] * 2))
# boxes held together only by lines that miss each other by less than the snap, across
# an edge of the grid's cells: below a vertical line's end, left of a horizontal's start
@example(
    (
        [(16.5, 15.0, 40.0, 15.0), (16.5, 60.0, 40.0, 60.0)],
        [(16.5, 16.5, 16.5, 60.0), (40.0, 16.5, 40.0, 60.0)],
    )
)
@example(
    (
        [(16.5, 20.0, 40.0, 20.0), (15.0, 60.0, 40.0, 60.0)],
        [(15.0, 20.0, 15.0, 60.0), (40.0, 30.0, 40.0, 60.0)],
    )
)
def test_grouping_lines_by_grid_finds_what_every_pair_finds(lines) -> None:
    """Ruling lines are paired through a grid of the page (trying every pair cost more
    than the rest of the reader); the tables found are those every pair gives,
    including lines too long for the grid and coordinates that are not finite."""
    from gov_disclosure.readers.pdf_grid import _tables

    found = sorted((sorted(h), sorted(v)) for h, v in _tables(*lines))
    assert repr(found) == repr(_brute_tables(*lines))  # repr: nan == nan


@given(_lines(), _coordinate, _coordinate, _coordinate)
@example(([(0.0, 15.0, 40.0, 15.0)], [(15.0, 0.0, 15.0, 40.0)]), 16.5, 0.0, 40.0)
@example(([(0.0, 18.0, 40.0, 18.0)], [(18.0, 0.0, 18.0, 40.0)]), 16.5, 0.0, 40.0)
def test_finding_a_covering_line_by_place_is_exact(lines, at, low, high) -> None:
    from gov_disclosure.readers.pdf_grid import _covers_h, _covers_v, _Lines

    horizontal, vertical = lines
    middle_h, middle_v = (low + high) / 2, (low + high) / 2
    every_h = any(
        abs(ly - at) <= 2 and left - 2 <= middle_h <= right + 2 for left, ly, right, _ in horizontal
    )
    every_v = any(
        abs(lx - at) <= 2 and bottom - 2 <= middle_v <= top + 2 for lx, bottom, _, top in vertical
    )
    assert _covers_h(_Lines(horizontal, 1), at, low, high) == every_h
    assert _covers_v(_Lines(vertical, 0), at, low, high) == every_v


def test_page_objects_walks_as_pypdfium2_does() -> None:
    """The object walk calls PDFium directly; it visits what pypdfium2's
    ``get_objects`` visits, in the same order, forms within forms included."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from gov_disclosure.readers.pdf import page_objects

    from .pdf_builder import FONT, build

    def form(name: bytes, content: bytes) -> bytes:
        return (
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 500 500] /Resources << /Font"
            b" << /F1 3 0 R >> /XObject << "
            + name
            + b" >> >> /Length %d >>\nstream\n" % len(content)
            + content
            + b"\nendstream"
        )

    text = b"BT /F1 12 Tf 72 700 Td (A) Tj ET 0 0 m 100 0 l S "
    pdf = build(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
            3: FONT,
            4: b"<< /Length %d >>\nstream\n" % len(text + b"/Fa Do " + text)
            + text
            + b"/Fa Do "
            + text
            + b"\nendstream",
            5: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
            b" /Resources << /Font << /F1 3 0 R >> /XObject << /Fa 6 0 R >> >> >>",
            6: form(b"/Fb 7 0 R", text + b"/Fb Do " + text),
            7: form(b"/Fc 8 0 R", b"/Fc Do " + text),
            8: form(b"", text),
        },
        b"/Root 1 0 R",
    )
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        for depth in (1, 2, 3, 15):
            ours = [
                (ctypes.cast(h, ctypes.c_void_p).value, kind)
                for h, kind in page_objects(page, raw, depth)
            ]
            theirs = [
                (ctypes.cast(o.raw, ctypes.c_void_p).value, o.type)
                for o in page.get_objects(max_depth=depth)
            ]
            assert ours == theirs
            assert len(ours) == {1: 5, 2: 10, 3: 13, 15: 15}[depth]
        page.close()
    finally:
        document.close()
