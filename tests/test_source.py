"""Decoding once: BOM, UTF-8, GB18030 (GB2312/GBK), UTF-16; clear errors otherwise."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import gov_disclosure as gd
from gov_disclosure.source import Source, decode_text

from .conftest import SAMPLES

TEXT = "政府信息公开工作年度报告：朱镕基 王喆 堃，行政复议0件。"


@pytest.mark.parametrize(
    ("encoding", "method"),
    [
        ("utf-8", "utf-8"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
        ("utf-8-sig", "bom"),
        ("utf-16", "bom"),
        ("utf-16-be", None),
        ("utf-32", "bom"),
        ("utf-32-be", None),
    ],
)
def test_decoding(encoding: str, method: str | None) -> None:
    data = TEXT.encode(encoding)
    if method is None:  # the byte-order mark written by hand: BE (Python writes LE)
        data = "\ufeff".encode(encoding) + data
    decoded = decode_text(data)
    assert decoded.text == TEXT  # a UTF-32-LE mark is not taken for UTF-16-LE
    assert decoded.method == (method or "bom")


def test_utf16_without_bom_by_plausibility() -> None:
    decoded = decode_text((TEXT * 3).encode("utf-16-le"))
    assert decoded.text == TEXT * 3
    assert decoded.method == "plausibility"


def test_short_gb18030_that_is_also_valid_utf8() -> None:
    # 通知 in GB18030 is valid UTF-8 for ֪ͨ (RELIABILITY.md §2.2)
    decoded = decode_text("通知".encode("gb18030"))
    assert decoded.text == "通知"


def test_binary_is_an_encoding_error() -> None:
    with pytest.raises(gd.EncodingError, match="tried"):
        decode_text(bytes(range(256)) * 4)


def test_every_sample_decodes_the_same_from_gb18030() -> None:
    for sample in SAMPLES:
        text = sample.read_text(encoding="utf-8")
        report = gd.read(text.replace("\u00a0", " ").encode("gb18030"), name=sample.name)
        assert report.source.encoding == "gb18030"
        assert report.meta.template == "2021"


def test_sources_from_path_bytes_and_files(tmp_path: Path) -> None:
    path = SAMPLES[1]
    by_path = gd.read(path)
    by_str = gd.read(str(path))
    by_bytes = gd.read(path.read_bytes())
    with path.open("rb") as handle:
        by_file = gd.read(handle)
    by_buffer = gd.read(io.BytesIO(path.read_bytes()))
    for other in (by_str, by_bytes, by_file, by_buffer):
        assert other.applications == by_path.applications
    assert by_path.source.sha256 == by_bytes.source.sha256
    assert by_file.source.name == str(path)


def test_size_limit_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(gd.LimitExceeded):
        Source.from_any(b"x" * 101, limits=gd.Limits(max_bytes=100))
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 101)
    with pytest.raises(gd.LimitExceeded):
        Source.from_any(big, limits=gd.Limits(max_bytes=100))
    with pytest.raises(gd.InputError, match="cannot read"):
        gd.read(tmp_path / "missing.txt")


def test_text_mode_file_is_a_programming_error() -> None:
    with pytest.raises(TypeError, match="binary mode"):
        Source.from_any(io.StringIO("abc"))


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_a_report_with_a_byte_order_mark_is_detected_and_read(encoding: str) -> None:
    """Not only decoded: the text readers take it without being named (NUL bytes after
    a byte-order mark are not a sign of a binary file)."""
    text = SAMPLES[1].read_text(encoding="utf-8")
    report = gd.read(("\ufeff" + text).encode(encoding))
    assert report.cells()
    assert report.check().ok
    assert [c.value for c in report.cells()] == [c.value for c in gd.read(SAMPLES[1]).cells()]
