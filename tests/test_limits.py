"""Per-call limits (RELIABILITY.md §6 item 7, issue #7 item 3): every budget, at its
boundary where the boundary is exact, for every reader it applies to."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import attrs
import pytest

import gov_disclosure as gd
from gov_disclosure.limits import LIBXML2_MAX_DEPTH

from .conftest import DATA, SAMPLES

REPORT = gd.read(SAMPLES[4])
HTML = str(gd.dumps(REPORT, "html")).encode("utf-8")
DOCX = bytes(gd.dumps(REPORT, "docx"))
TEXT = SAMPLES[4].read_bytes()
PDF = DATA / "perf" / "r004.pdf"


def _same(report: gd.Report) -> None:
    assert report.applications.to_dict() == REPORT.applications.to_dict()


def test_limits_are_validated_and_picklable() -> None:
    import pickle

    with pytest.raises(ValueError, match="max_pages"):
        gd.Limits(max_pages=0)
    with pytest.raises(ValueError, match="max_seconds"):
        gd.Limits(max_seconds=-1)
    with pytest.raises(ValueError, match="max_seconds"):
        gd.Limits(max_seconds=float("nan"))
    strict = gd.Limits(max_pages=3, max_seconds=2.5)
    assert pickle.loads(pickle.dumps(strict)) == strict
    assert attrs.evolve(strict, max_pages=4).max_pages == 4


@pytest.mark.parametrize("delta", [0, -1])
def test_input_size_boundary(delta: int, tmp_path: Path) -> None:
    limits = gd.Limits(max_bytes=len(TEXT) + delta)
    path = tmp_path / "r.txt"
    path.write_bytes(TEXT)
    for source in (TEXT, path, io.BytesIO(TEXT)):
        if delta == 0:
            _same(gd.read(source, limits=limits))
        else:
            with pytest.raises(gd.LimitExceeded, match=r"limit|exceeds"):
                gd.read(source, limits=limits)


def test_zip_total_and_ratio_budgets() -> None:
    with zipfile.ZipFile(io.BytesIO(DOCX)) as zf:
        info = zf.getinfo("word/document.xml")
        styles = zf.getinfo("word/styles.xml")  # read too: the paragraphs name styles
    with pytest.raises(gd.LimitExceeded):
        gd.read(DOCX, reader="docx", limits=gd.Limits(max_total_bytes=info.file_size - 1))
    assert info.file_size / info.compress_size > 3
    with pytest.raises(gd.LimitExceeded, match="expands"):
        gd.read(DOCX, reader="docx", limits=gd.Limits(max_ratio=2, ratio_threshold=1000))
    ratio = max(i.file_size / i.compress_size for i in (info, styles))
    _same(gd.read(DOCX, reader="docx", limits=gd.Limits(max_ratio=int(ratio) + 1)))


def _nested_page(levels: int) -> bytes:
    body = HTML.decode("utf-8")
    head, rest = body.split("<body>", 1)
    inner, tail = rest.rsplit("</body>", 1)
    wrapped = "<div>" * levels + inner + "</div>" * levels
    return f"{head}<body>{wrapped}</body>{tail}".encode()


def test_markup_depth_can_be_lowered_for_html_and_docx() -> None:
    page = _nested_page(40)
    _same(gd.read(page, reader="html"))  # well inside libxml2's own ceiling
    with pytest.raises(gd.LimitExceeded, match="deeper than 30"):
        gd.read(page, reader="html", limits=gd.Limits(max_depth=30))
    _same(gd.read(page, reader="html", limits=gd.Limits(max_depth=60)))
    with pytest.raises(gd.LimitExceeded, match="deeper than 5"):
        gd.read(DOCX, reader="docx", limits=gd.Limits(max_depth=5))
    _same(gd.read(DOCX, reader="docx", limits=gd.Limits(max_depth=LIBXML2_MAX_DEPTH - 1)))


def test_text_node_size_can_be_lowered_for_html_and_docx() -> None:
    long = "说明" * 1500  # 3,000 characters in one paragraph
    page = HTML.replace(b"<body>", f"<body><p>{long}</p>".encode(), 1)
    _same(gd.read(page, reader="html"))
    with pytest.raises(gd.LimitExceeded, match="text node of"):
        gd.read(page, reader="html", limits=gd.Limits(max_text_node=2000))
    longest = max(len(m) for m in re.findall(rb">([^<]*)<", _member(DOCX, "word/document.xml")))
    with pytest.raises(gd.LimitExceeded, match="text node of"):
        gd.read(DOCX, reader="docx", limits=gd.Limits(max_text_node=max(1, longest // 4)))


def _member(package: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(package)) as zf:
        return zf.read(name)


@pytest.mark.parametrize("reader", ["html", "docx"])
def test_table_cells(reader: str) -> None:
    data = HTML if reader == "html" else DOCX
    with pytest.raises(gd.LimitExceeded, match="cells"):
        gd.read(data, reader=reader, limits=gd.Limits(max_table_cells=20))
    _same(gd.read(data, reader=reader, limits=gd.Limits(max_table_cells=2000)))


@pytest.mark.parametrize("reader", ["pdf", "pdf-grid"])
@pytest.mark.parametrize("delta", [0, -1])
def test_pdf_pages_boundary(delta: int, reader: str) -> None:
    pytest.importorskip("pypdfium2")
    limits = gd.Limits(max_pages=6 + delta)  # r004.pdf has 6 pages
    if delta == 0:
        assert gd.read(PDF, reader=reader, limits=limits).applications
    else:
        with pytest.raises(gd.LimitExceeded, match="6 pages"):
            gd.read(PDF, reader=reader, limits=limits)


@pytest.mark.parametrize("reader", ["pdf", "pdf-grid"])
@pytest.mark.parametrize("delta", [0, -1])
def test_pdf_objects_per_page_boundary(delta: int, reader: str) -> None:
    pytest.importorskip("pypdfium2")
    limits = gd.Limits(max_page_objects=399 + delta)  # r004.pdf's busiest page: 399
    if delta == 0:
        assert gd.read(PDF, reader=reader, limits=limits).applications
    else:
        with pytest.raises(gd.LimitExceeded, match="page 4 has 399 objects"):
            gd.read(PDF, reader=reader, limits=limits)


@pytest.mark.parametrize("reader", ["text-lines", "html", "docx", "pdf"])
def test_time_budget(reader: str) -> None:
    if reader == "pdf":
        pytest.importorskip("pypdfium2")
    data = {"text-lines": TEXT, "html": HTML, "docx": DOCX, "pdf": PDF.read_bytes()}[reader]
    with pytest.raises(gd.ReadTimeout, match="max_seconds"):
        gd.read(data, reader=reader, limits=gd.Limits(max_seconds=1e-9))
    assert gd.read(data, reader=reader, limits=gd.Limits(max_seconds=60)).applications


def test_batches_apply_limits_in_their_workers(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(TEXT)
    strict = gd.Limits(max_bytes=100)
    for workers in (0, 1):
        (result,) = gd.read_many([path], workers=workers, limits=strict)
        assert result.category == "LimitExceeded"
    (result,) = gd.read_many([path], workers=1)
    assert result.ok


def test_the_command_line_passes_limits_to_its_workers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from gov_disclosure.cli import main

    path = tmp_path / "r.txt"
    path.write_bytes(TEXT)
    out = tmp_path / "out.jsonl"
    assert (
        main(["read", str(path), "-o", str(out), "-q", "--workers", "0", "--max-input", "0.0001"])
        == 2
    )
    assert json.loads(out.read_text("utf-8"))["category"] == "LimitExceeded"
    assert main(["check", str(PDF), "--workers", "0", "--max-pages", "2"]) == 2
    assert "LimitExceeded" in capsys.readouterr().out


@pytest.mark.parametrize(
    "flags", [["--max-pages", "0"], ["--workers", "-3"], ["--timeout", "nan"], ["--max-input", "x"]]
)
def test_bad_limit_flags_are_usage_errors(
    flags: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from gov_disclosure.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["check", str(SAMPLES[0]), *flags])
    assert stopped.value.code == 2
    assert flags[0] in capsys.readouterr().err


def test_long_cell_texts_are_not_kept_alive_by_caches() -> None:
    """Hot functions cache by cell text; long texts (a hostile 100 KB cell, read again
    and again in a long batch) must not stay in memory after their report is gone."""
    import gc
    import tracemalloc

    from gov_disclosure._cache import text_cache

    base = next(p for p in SAMPLES if p.name.startswith("001_")).read_text(encoding="utf-8")
    assert "规章\t" in base
    gd.read(base.encode("utf-8"), reader="text-tab")  # warm the short-text caches
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i in range(4):
            junk = f"{i}说明" + "很长的标签文字" * 15_000  # ~100 K characters, distinct each time
            report = gd.read(base.replace("规章\t", junk + "\t", 1).encode(), reader="text-tab")
            del report
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert kept < 1_000_000, kept  # 4 texts of 200+ KB each (UCS-2 str) were read

    calls: list[str] = []

    @text_cache(maxsize=8, max_len=4)
    def length(text: str) -> int:
        calls.append(text)
        return len(text)

    assert [length("abc"), length("abc"), length("abcdef"), length("abcdef")] == [3, 3, 6, 6]
    assert calls == ["abc", "abcdef", "abcdef"]  # the long text is computed each time
    assert length.cache_info().currsize == 1  # type: ignore[attr-defined]
