"""The DOCX reader and writer: round trips, the real Word template, hostile packages."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure.model import Report
from gov_disclosure.testing import reports, value_differences

from .conftest import DATA, SAMPLES, read_ours

BLANK = DATA / "real" / "template_2021_blank.docx"
R004 = DATA / "perf" / "r004.docx"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# python-docx writes slowly (merged cells): fewer examples than the text layouts
slow = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@slow
@given(report=reports())
def test_generated_reports_round_trip_through_docx(report: Report) -> None:
    data = gd.dumps(report, "docx")
    assert isinstance(data, bytes)
    result = gd.read(data, name="report.docx")
    assert result.source.reader == "docx"
    assert value_differences(result, report) == []
    assert result.meta.agency == report.meta.agency
    assert result.year == report.year
    assert result.check().ok


def test_the_blank_official_template_reads_as_blank_not_zero() -> None:
    report = gd.read(BLANK)
    assert report.meta.template == "2021"
    assert {c.status for c in report.cells()} == {gd.CellStatus.BLANK}
    findings = report.check()
    assert findings.ok
    assert {f.table for f in findings.filter(code="GD110")} == {"active", "applications", "appeals"}
    assert findings.filter(code="GD205")  # nothing can be checked, and it says so


def _fill(template: Path, report: Report) -> bytes:
    """Type the report's values into the blank Word template's empty cells (python-docx)."""
    blank = gd.read(template)
    document = docx.Document(str(template))
    for table_key in ("active", "applications", "appeals"):
        for cell in blank.table(table_key).cells:
            location = cell.location
            assert location is not None
            assert location.table is not None
            assert location.row is not None
            assert location.col is not None
            word_cell = (
                document.tables[location.table - 1].rows[location.row - 1].cells[location.col - 1]
            )
            value = report.table(table_key).cell(cell.row, cell.column).value
            word_cell.paragraphs[0].text = (
                ""
                if value is None
                else format(value, "f")
                if not isinstance(value, int)
                else str(value)
            )
            for extra in word_cell.paragraphs[1:]:
                extra.text = ""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@slow
@given(report=reports("2021"))
def test_the_official_template_filled_with_values_reads_back_exactly(report: Report) -> None:
    result = gd.read(_fill(BLANK, report), name="filled.docx")
    assert value_differences(result, report) == []
    assert result.check().ok


def test_word_style_fixture() -> None:
    report = gd.read(R004)
    assert report.meta.agency == "金寨县公共资源交易中心"
    assert report.year == 2024
    assert report.applications["received", "natural_person"] == 1
    assert report.active["administrative_penalty", "decisions"] == 4
    assert report.check().ok


def test_samples_rendered_as_docx_read_back() -> None:
    for sample in SAMPLES:
        report = gd.read(sample)
        back = gd.read(gd.dumps(report, "docx"), reader="docx")
        assert value_differences(back, report) == []


# --------------------------------------------------------------------------- hostile packages


def repack(
    data: bytes,
    replace: dict[str, bytes | None] | None = None,
    add: list[tuple[str, bytes]] | None = None,
) -> bytes:
    replace = replace or {}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename in replace:
                new = replace[info.filename]
                if new is not None:
                    target.writestr(info.filename, new)
                continue
            target.writestr(info.filename, source.read(info.filename))
        for name, content in add or []:
            target.writestr(name, content)
    return out.getvalue()


BASE = R004.read_bytes()


def _document_xml() -> bytes:
    with zipfile.ZipFile(io.BytesIO(BASE)) as zf:
        return zf.read("word/document.xml")


def _with_doctype(doctype: str, entity_use: str) -> bytes:
    xml = _document_xml()
    body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
    marked = body.replace(
        b"<w:body>", f"<w:body><w:p><w:r><w:t>ORG={entity_use}</w:t></w:r></w:p>".encode(), 1
    )
    return repack(
        BASE,
        {
            "word/document.xml": b'<?xml version="1.0" encoding="UTF-8"?>'
            + doctype.encode()
            + marked
        },
    )


def test_internal_entity_is_refused_not_silently_dropped() -> None:
    data = _with_doctype('<!DOCTYPE w:document [<!ENTITY org "米易县">]>', "&org;")
    with pytest.raises(gd.UnsafeInput):
        gd.read(data, reader="docx")


def test_external_entity_reads_no_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER")
    data = _with_doctype(f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>', "&xxe;")
    with pytest.raises(gd.UnsafeInput) as info:
        gd.read(data, reader="docx")
    chain = [info.value, info.value.__cause__, info.value.__context__]
    assert all("TOP-SECRET-MARKER" not in str(e) for e in chain if e is not None)


def test_billion_laughs_is_refused_fast() -> None:
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "&a{i - 1};&a{i - 1};&a{i - 1};&a{i - 1};&a{i - 1};&a{i - 1};&a{i - 1};&a{i - 1};&a{i - 1};&a{i - 1};">'
        for i in range(1, 10)
    )
    data = _with_doctype(f"<!DOCTYPE w:document [{entities}]>", "&a9;")
    started = time.perf_counter()
    with pytest.raises(gd.UnsafeInput):
        gd.read(data, reader="docx")
    assert time.perf_counter() - started < 1


def _bomb(path: Path, size: int, content: bytes = b" ") -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as handle:
            chunk = content * (1024 * 1024 // len(content))
            written = 0
            while written < size:
                handle.write(chunk)
                written += len(chunk)


@pytest.fixture(scope="session")
def gigabyte_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bombs") / "bomb.docx"
    _bomb(path, 1024 * 1024 * 1024)
    return path


def _run_measured(path: Path) -> tuple[str, float, int]:
    """Read in a fresh process; report the error type, seconds and peak RSS (KiB)."""
    code = (
        "import resource, sys, time, gov_disclosure as gd\n"
        "import lxml.etree, gov_disclosure.readers.docx, gov_disclosure.interpreter  # warm\n"
        "start = time.perf_counter()\n"
        "try:\n"
        f"    gd.read({str(path)!r}, reader='docx'); kind = 'ok'\n"
        "except gd.GovDisclosureError as exc:\n"
        "    kind = type(exc).__name__\n"
        "elapsed = time.perf_counter() - start\n"
        "# VmHWM belongs to this process image; ru_maxrss would include the forking parent's\n"
        "peak = next(l for l in open('/proc/self/status') if l.startswith('VmHWM'))\n"
        "print(kind, elapsed, peak.split()[1])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    kind, elapsed, rss = out.stdout.split()
    return kind, float(elapsed), int(rss)


def test_gigabyte_zip_bomb_is_refused_cheaply(gigabyte_bomb: Path) -> None:
    assert gigabyte_bomb.stat().st_size < 5 * 1024 * 1024
    kind, elapsed, rss_kib = _run_measured(gigabyte_bomb)
    assert kind == "LimitExceeded"
    assert elapsed < 0.5
    assert rss_kib < 100 * 1024


def test_valid_paragraph_bomb_is_refused_by_ratio(tmp_path: Path) -> None:
    path = tmp_path / "paragraphs.docx"
    _bomb(path, 32 * 1024 * 1024, b"<w:p><w:r><w:t>x</w:t></w:r></w:p>")
    kind, elapsed, _ = _run_measured(path)
    assert kind == "LimitExceeded"
    assert elapsed < 0.5


def test_too_many_entries_are_refused_from_the_end_record() -> None:
    data = repack(BASE, add=[(f"junk/{i}.xml", b"") for i in range(1001)])
    with pytest.raises(gd.LimitExceeded, match="entries"):
        gd.read(data, reader="docx")


def test_overlapping_entries_are_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("word/document.xml", _document_xml())
        zf.writestr("word/styles.xml", b"<x/>" * 10)
    data = bytearray(out.getvalue())
    # make the first entry claim more compressed bytes than it has: it now overlaps the second
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"PK\x01\x02"))
    size = int.from_bytes(data[central + 20 : central + 24], "little")
    data[central + 20 : central + 24] = (size + 50).to_bytes(4, "little")
    with pytest.raises(gd.InputError):
        gd.read(bytes(data), reader="docx")


@pytest.mark.parametrize(
    "mutation",
    ["dangling_rel", "no_content_types", "backslash_names", "upper_case_name", "null_target"],
)
def test_word_tolerances_are_kept(mutation: str) -> None:
    if mutation == "dangling_rel":
        rels = b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/missing.png"/></Relationships>'
        data = repack(BASE, {"word/_rels/document.xml.rels": rels})
    elif mutation == "no_content_types":
        data = repack(BASE, {"[Content_Types].xml": None})
    elif mutation == "null_target":
        rels = b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="NULL"/></Relationships>'
        data = repack(BASE, {"_rels/.rels": rels})
    else:
        name = "word\\document.xml" if mutation == "backslash_names" else "word/Document.xml"
        data = repack(BASE, {"word/document.xml": None}, add=[(name, _document_xml())])
    report = gd.read(data, reader="docx")
    assert report.applications["received", "natural_person"] == 1


def test_duplicate_parts_after_normalisation_are_refused() -> None:
    data = repack(BASE, add=[("word/Document.xml", _document_xml())])
    with pytest.raises(gd.MalformedInput, match="duplicate"):
        gd.read(data, reader="docx")


def test_old_binary_word_files_are_refused_with_advice() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024
    with pytest.raises(gd.UnsupportedFormat, match="convert"):
        gd.read(data, name="report.doc")
    with pytest.raises(gd.UnsupportedFormat, match="convert"):
        gd.read(data, reader="docx")


@pytest.mark.parametrize(
    "data", [b"", b"PK\x03\x04", BASE[: len(BASE) // 2], b"PK\x05\x06" + b"\x00" * 18]
)
def test_empty_and_truncated_packages(data: bytes) -> None:
    with pytest.raises(gd.InputError):
        gd.read(data, reader="docx")


def test_no_extract_or_parse_from_path_in_src() -> None:
    src = Path(gd.__file__).parent
    forbidden = re.compile(
        r"\.extractall\(|\.extract\(|etree\.parse\(|\.xinclude\(|XSLT\(|huge_tree=True|resolve_entities=True"
    )
    for path in src.rglob("*.py"):
        assert not forbidden.search(path.read_text(encoding="utf-8")), path


def test_parser_settings_are_hardened() -> None:
    import inspect

    from gov_disclosure.readers import docx as docx_reader

    source = inspect.getsource(docx_reader._parse)
    for setting in (
        "resolve_entities=False",
        "no_network=True",
        "load_dtd=False",
        "huge_tree=False",
    ):
        assert setting in source


@settings(max_examples=200)
@given(st.binary(max_size=4096))
def test_arbitrary_bytes_as_docx_raise_only_our_errors(data: bytes) -> None:
    read_ours(data, reader="docx")


@given(data=st.data())
def test_mutated_packages_raise_only_our_errors(data: st.DataObject) -> None:
    package = bytearray(BASE)
    mode = data.draw(st.sampled_from(["bytes", "member"]))
    if mode == "bytes":
        for _ in range(data.draw(st.integers(1, 6))):
            position = data.draw(st.integers(0, len(package) - 1))
            package[position] ^= data.draw(st.integers(1, 255))
        candidate = bytes(package)
    else:
        xml = bytearray(_document_xml())
        for _ in range(data.draw(st.integers(1, 6))):
            position = data.draw(st.integers(0, len(xml) - 1))
            token = data.draw(
                st.sampled_from(
                    [
                        b"<",
                        b">",
                        b"</w:tc>",
                        b"<w:tr>",
                        b'w:val="99999"',
                        b"&",
                        b"\x00",
                        b"<w:vMerge/>",
                    ]
                )
            )
            xml[position:position] = token
        candidate = repack(BASE, {"word/document.xml": bytes(xml)})
    result = read_ours(candidate, reader="docx")
    if result is None:
        return
    assert isinstance(result.check(), gd.Findings)


@pytest.mark.parametrize("delta", [0, -1])
def test_part_size_limit_boundary(delta: int) -> None:
    from gov_disclosure.readers.docx import DocxReader
    from gov_disclosure.source import Source

    size = len(_document_xml())
    source = Source(BASE, limits=gd.Limits(max_part_bytes=size + delta))
    if delta == 0:
        assert DocxReader().read(source).tables()
    else:
        with pytest.raises(gd.LimitExceeded):
            DocxReader().read(source)


@pytest.mark.parametrize("delta", [0, -1])
def test_entry_count_limit_boundary(delta: int) -> None:
    with zipfile.ZipFile(io.BytesIO(BASE)) as zf:
        entries = len(zf.infolist())
    limits = gd.Limits(max_zip_entries=entries + delta)
    if delta == 0:
        assert gd.read(BASE, reader="docx", limits=limits).applications
    else:
        with pytest.raises(gd.LimitExceeded, match="entries"):
            gd.read(BASE, reader="docx", limits=limits)


def test_billion_laughs_peak_memory_is_small(tmp_path: Path) -> None:
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    path = tmp_path / "laughs.docx"
    path.write_bytes(_with_doctype(f"<!DOCTYPE w:document [{entities}]>", "&a9;"))
    kind, elapsed, rss_kib = _run_measured(path)
    assert kind == "UnsafeInput"
    assert elapsed < 0.1
    assert rss_kib < 100 * 1024


def test_external_entities_open_no_socket() -> None:
    import http.server
    import threading

    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<!ENTITY leak 'LEAK'>")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/dtd"
        for doctype, use in (
            (f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{url}">]>', "&xxe;"),
            (f'<!DOCTYPE w:document [<!ENTITY % p SYSTEM "{url}"> %p;]>', "x"),
            (f'<!DOCTYPE w:document SYSTEM "{url}">', "x"),
        ):
            with pytest.raises(gd.UnsafeInput):
                gd.read(_with_doctype(doctype, use), reader="docx")
        page = f'<!DOCTYPE html SYSTEM "{url}"><html><body><p>二、主动公开政府信息情况</p></body></html>'
        document, _, _ = gd.read_document(page.encode(), reader="html")
        assert "LEAK" not in " ".join(p.text for p in document.paragraphs())
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert hits == []


# --------------------------------------------------------------------------- styles

_V, _V0, _S = "<w:vanish/>", '<w:vanish w:val="0"/>', "<w:strike/>"


def _style(kind: str, style_id: str, props: str, extra: str = "") -> str:
    return (
        f'<w:style w:type="{kind}" w:styleId="{style_id}"{extra}><w:name w:val="{style_id}"/>'
        f"<w:rPr>{props}</w:rPr></w:style>"
    )


def _styled_text(
    styles: str,
    paragraph_style: str = "",
    run_props: str = "",
    defaults: str = "",
    table_style: str | None = None,
    run_content: str = "<w:t>X</w:t>",
) -> tuple[list[str], list[str]]:
    """The texts, and the codes of the reader's notes, read from a paragraph A, X, B in ``paragraph_style`` whose run X has
    ``run_props`` — in a one-cell table in ``table_style`` unless None — with ``styles``
    and document defaults ``defaults`` in word/styles.xml."""
    p_pr = f'<w:pPr><w:pStyle w:val="{paragraph_style}"/></w:pPr>' if paragraph_style else ""
    body = (
        f"<w:p>{p_pr}<w:r><w:t>A</w:t></w:r><w:r><w:rPr>{run_props}</w:rPr>{run_content}</w:r>"
        "<w:r><w:t>B</w:t></w:r></w:p>"
    )
    if table_style is not None:
        body = (
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{table_style}"/></w:tblPr><w:tblGrid>'
            f'<w:gridCol w:w="2000"/></w:tblGrid><w:tr><w:tc>{body}</w:tc></w:tr></w:tbl>'
        )
    document = f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    style_part = (
        f'<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>{defaults}'
        "</w:rPr></w:rPrDefault></w:docDefaults>"
        + _style("paragraph", "Normal", "", ' w:default="1"')
        + f"{styles}</w:styles>"
    )
    data = repack(
        BASE, {"word/document.xml": document.encode(), "word/styles.xml": style_part.encode()}
    )
    document_read, _, _ = gd.read_document(data, reader="docx")
    texts = [
        cell.text
        for block in document_read.blocks
        for cell in (
            [c for row in block.rows for c in row.cells] if hasattr(block, "rows") else [block]
        )
    ]
    return texts, [note.code for note in document_read.notes]


@pytest.mark.parametrize(
    ("arguments", "shown"),
    [
        # hidden in both the paragraph style and the character style: the two cancel
        (
            {
                "styles": _style("paragraph", "HP", _V) + _style("character", "HC", _V),
                "paragraph_style": "HP",
                "run_props": '<w:rStyle w:val="HC"/>',
            },
            ["X"],
        ),
        # … also when the character style is hidden through the one it is based on
        (
            {
                "styles": _style("paragraph", "HP", _V)
                + _style("character", "Base", _V)
                + _style("character", "Kid", "<w:b/>", "").replace(
                    "<w:rPr>", '<w:basedOn w:val="Base"/><w:rPr>'
                ),
                "paragraph_style": "HP",
                "run_props": '<w:rStyle w:val="Kid"/>',
            },
            ["X"],
        ),
        # document defaults, the default paragraph style and a table style hide text
        ({"styles": "", "defaults": _V}, []),
        ({"styles": _style("paragraph", "Normal2", _V, ' w:default="1"')}, []),
        ({"styles": _style("table", "TS", _V), "table_style": "TS"}, [""]),
        # a character style that turns hiding off changes nothing (standard and Word)
        (
            {
                "styles": _style("paragraph", "HP", _V) + _style("character", "C0", _V0),
                "paragraph_style": "HP",
                "run_props": '<w:rStyle w:val="C0"/>',
            },
            [],
        ),
        # where the standard and Word disagree the text is unreadable: "?" (GD129)
        (
            {"styles": _style("paragraph", "P0", _V0), "paragraph_style": "P0", "defaults": _V},
            ["???"],
        ),
        (
            {
                "styles": _style("character", "HC", _V),
                "run_props": '<w:rStyle w:val="HC"/>',
                "defaults": _V,
            },
            ["?"],
        ),
        (
            {
                "styles": _style("table", "TS", _V) + _style("paragraph", "HP", _V),
                "paragraph_style": "HP",
                "table_style": "TS",
            },
            ["???"],
        ),
        # a run's own setting is absolute
        (
            {
                "styles": _style("paragraph", "HP", _V) + _style("character", "HC", _V),
                "paragraph_style": "HP",
                "run_props": '<w:rStyle w:val="HC"/>' + _V,
            },
            [],
        ),
        ({"styles": _style("table", "TS", _V), "table_style": "TS", "run_props": _V0}, ["X"]),
        # the default table style, for a table naming none or one that does not exist
        ({"styles": _style("table", "TD", _V, ' w:default="1"'), "table_style": ""}, [""]),
        ({"styles": _style("table", "TD", _V, ' w:default="1"'), "table_style": "No"}, [""]),
        # hidden by a table style for some rows or columns only (here: the first row)
        (
            {
                "styles": _style("table", "TC", "").replace(
                    "</w:style>",
                    '<w:tblStylePr w:type="firstRow"><w:rPr><w:vanish/></w:rPr>'
                    "</w:tblStylePr></w:style>",
                ),
                "table_style": "TC",
            },
            ["???"],
        ),
        # an uncertain run's symbol-font digit and hyphen become "?" too, not "-5"
        (
            {
                "styles": _style("character", "HC", _V),
                "run_props": '<w:rStyle w:val="HC"/>',
                "defaults": _V,
                "run_content": '<w:noBreakHyphen/><w:sym w:font="Symbol" w:char="F035"/>',
            },
            ["?"],
        ),
    ],
)
def test_styles_hide_text_as_word_resolves_them(
    arguments: dict[str, str], shown: list[str]
) -> None:
    """Toggle properties (ECMA-376 §17.7.3 with Word's reading, MS-OI29500 §2.1.258)
    from document defaults, table, paragraph and character styles."""
    texts, notes = _styled_text(**arguments)
    assert [t for t in texts if t or "table_style" in arguments] == shown
    assert notes.count("GD129") == "".join(shown).count("?")


def test_struck_in_paragraph_and_character_style_is_not_struck() -> None:
    """Struck text in a table cell is kept apart and noted (GD124); struck in both the
    paragraph style and the run's character style, it is not struck."""
    styles = _style("paragraph", "SP", _S) + _style("character", "SC", _S)
    texts, notes = _styled_text(styles, "SP", '<w:rStyle w:val="SC"/>', table_style="")
    assert [t.split() for t in texts] == [["A", "X", "B"]]
    assert notes == ["GD124", "GD124"]  # A and B


@given(report=reports(), junk=st.sampled_from(["\x01", "\x0b", "\x1f", "\ud800", "\ufffe"]))
def test_the_writer_drops_what_xml_cannot_hold(report: Report, junk: str) -> None:
    """A page's ``&#x1;`` reaches a report's text; python-docx refused it with a raw
    ValueError.  The writer drops such characters (vertical tab: a line break)."""
    import attrs

    from gov_disclosure.model import Section

    report = attrs.evolve(
        report,
        meta=attrs.evolve(report.meta, agency=f"某县{junk}财政局"),
        narrative=(Section(1, "一、总体情况", f"本机关{junk}认真贯彻落实。"),),
    )
    back = gd.read(gd.dumps(report, "docx"))
    assert value_differences(back, report) == []
    text = back.narrative[0].text if back.narrative else ""
    assert "认真贯彻落实" in text
    assert junk not in text
