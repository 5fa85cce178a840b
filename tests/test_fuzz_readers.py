"""Only our errors, for every shipped reader (RELIABILITY.md §6 item 1).

Three strategies per reader, each with ``FUZZ_EXAMPLES`` examples (500 in CI): arbitrary
bytes; byte flips, cuts and inserts on seeds of the reader's own format; and structure-aware
mutation — tokens of the format (OOXML inside a zip member, HTML, PDF objects, the text
layouts' separators and labels) inserted at random places.  A ``ReaderBug`` fails the test:
it means a foreign exception escaped the reader.  Long runs: ``fuzz/`` (atheris).
"""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure.testing import _mutate

from .conftest import DATA, FUZZ_EXAMPLES, SAMPLES, read_ours, truth_report

TEXT_READERS = ("text-tab", "text-cells", "text-pipe", "text-lines", "markdown")
READERS = (*TEXT_READERS, "html", "docx", "pdf", "pdf-grid")

FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

TOKENS: dict[str, list[bytes]] = {
    "text": [
        b"\t",
        b" |",
        b" | ",
        b"| |||",
        b"\n",
        b"\n\n",
        b"\xc2\xa0",
        b"- 4 -",
        "（七）总计".encode(),
        "行政复议".encode(),
        "三、收到和处理政府信息公开申请情况".encode(),
        "万元".encode(),
        b"99999999999999999999",
        b"-",
        b"\xe2\x80\x94",
        b"[bookmark: _GoBack]",
        b"\xff\xfe",
        b"\x00",
    ],
    "html": [
        b"<table>",
        b"</table>",
        b"<tr>",
        b"</td>",
        b'<td rowspan="99999">',
        b'<td colspan="0">',
        b'<td colspan="-3">',
        b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
        b"&#0;",
        b"&nbsp;",
        b"<br>",
        b'<meta charset="gbk">',
        b"<sup>1</sup>",
        b'<p style="display:none">',
        b"<![CDATA[",
        b"<!--",
        b"\x00",
    ],
    "ooxml": [
        b"<",
        b">",
        b"</w:tc>",
        b"<w:tc>",
        b"<w:tr>",
        b"</w:tr>",
        b'<w:gridSpan w:val="99999"/>',
        b'<w:gridSpan w:val="0"/>',
        b'<w:vMerge w:val="restart"/>',
        b"<w:vMerge/>",
        b"<w:t>",
        b"</w:t>",
        b"<w:br/>",
        b"<w:tbl>",
        b"&amp;",
        b"&",
        b"<!DOCTYPE w>",
        b'<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">',
        b"\x00",
    ],
    "pdf": [
        b"obj",
        b"endobj",
        b"stream\n",
        b"endstream",
        b"/Length 99999999",
        b"<<",
        b">>",
        b"[[[[[[[[",
        b"/Prev 0",
        b"xref\n0 1\n",
        b"trailer",
        b"/Encrypt 1 0 R",
        b"/Kids [1 0 R]",
        b"(\\",
        b"Tj",
        b"%%EOF",
    ],
}


def _family(reader: str) -> str:
    return {"html": "html", "docx": "ooxml", "pdf": "pdf", "pdf-grid": "pdf"}.get(reader, "text")


def _seeds(reader: str) -> list[bytes]:
    if reader in ("pdf", "pdf-grid"):
        from gov_disclosure.testing.pdf_writer import render_pdf

        # LibreOffice exports (compressed), and our ruled PDFs with readable operators,
        # so that mutations move ruling lines and text, not just break a stream
        made = [p.read_bytes() for p in sorted((DATA / "pdf").glob("gen*.pdf"))]
        truth = gd.loads((DATA / "pdf" / "gen1.json").read_text("utf-8"), "json")
        return [*made, render_pdf(truth, compress=False), render_pdf(truth, column_width=28)]
    reports = [
        gd.read(SAMPLES[4]),
        truth_report(SAMPLES[0]),
        gd.Report.from_values(
            "2019",
            {"applications": {"received": {"natural_person": 17, "total": 17}}},
            agency="某县人民政府",
            year=2020,
        ),
    ]
    seeds = []
    for report in reports:
        rendered = gd.dumps(report, reader)
        seeds.append(rendered.encode("utf-8") if isinstance(rendered, str) else rendered)
    return seeds


SEEDS = {reader: _seeds(reader) for reader in READERS}


def _insert_tokens(data: bytes, family: str, draw: st.DataObject) -> bytes:
    buffer = bytearray(data)
    for _ in range(draw.draw(st.integers(1, 8), label="insertions")):
        position = draw.draw(st.integers(0, len(buffer)), label="position")
        token = draw.draw(st.sampled_from(TOKENS[family]), label="token")
        buffer[position:position] = token
    return bytes(buffer)


def _mutate_member(package: bytes, draw: st.DataObject) -> bytes:
    """OOXML tokens inserted into one member of the zip, repacked consistently."""
    source = zipfile.ZipFile(io.BytesIO(package))
    names = source.namelist()
    target = draw.draw(
        st.sampled_from(["word/document.xml", *names])
        if "word/document.xml" in names
        else st.sampled_from(names),
        label="member",
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as packed:
        for name in names:
            data = source.read(name)
            if name == target:
                data = _insert_tokens(data, "ooxml", draw)
            packed.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("reader", READERS)
def test_arbitrary_bytes(reader: str) -> None:
    if reader.startswith("pdf"):
        pytest.importorskip("pypdfium2")

    @FUZZ
    @given(st.binary(max_size=4096))
    def run(data: bytes) -> None:
        read_ours(data, reader=reader)

    run()


@pytest.mark.parametrize("reader", READERS)
def test_byte_mutated_seeds(reader: str) -> None:
    if reader.startswith("pdf"):
        pytest.importorskip("pypdfium2")

    @FUZZ
    @given(st.sampled_from(SEEDS[reader]), st.data())
    def run(seed: bytes, data: st.DataObject) -> None:
        read_ours(_mutate(seed, data), reader=reader)

    run()


@pytest.mark.parametrize("reader", READERS)
def test_format_tokens_inserted(reader: str) -> None:
    if reader.startswith("pdf"):
        pytest.importorskip("pypdfium2")

    @FUZZ
    @given(st.sampled_from(SEEDS[reader]), st.data())
    def run(seed: bytes, data: st.DataObject) -> None:
        if reader == "docx":
            candidate = _mutate_member(seed, data)
        else:
            candidate = _insert_tokens(seed, _family(reader), data)
        read_ours(candidate, reader=reader)

    run()


def test_seeds_are_real_reports() -> None:
    """The mutations start from files that read: otherwise the fuzzing is shallow."""
    for reader, seeds in SEEDS.items():
        if reader.startswith("pdf"):
            pytest.importorskip("pypdfium2")
        for seed in seeds:
            report = gd.read(seed, reader=reader)
            assert any(c.status is gd.CellStatus.VALUE for c in report.cells()), reader


def test_every_shipped_reader_is_fuzzed() -> None:
    shipped = {
        name for name, info in gd.list_readers().items() if info.distribution == "gov-disclosure"
    }
    assert shipped == set(READERS)
