"""Encoding detection accuracy on short windows of real reports (RELIABILITY.md §2.2, §6
item 11), with fixed random seeds.

Windows of 8 … 256 characters (20 per sample and length, each with at least one non-ASCII
character) and the full texts of the five samples, encoded as UTF-8, GBK, GB18030, UTF-16
with a BOM and UTF-16-LE without one.  Correct means: ``decode_text`` gives back exactly
the original text.  ``benchmarks/bench_encoding.py`` prints the whole table and the cost.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator

import pytest

from gov_disclosure.errors import EncodingError
from gov_disclosure.source import decode_text

from .conftest import SAMPLES

LENGTHS = (8, 16, 32, 64, 128, 256)
ENCODINGS = ("utf-8", "gbk", "gb18030", "utf-16", "utf-16-le")


def windows(length: int | None, per_sample: int = 20, seed: int = 2026) -> Iterator[str]:
    """Random windows of ``length`` characters (None: the full texts)."""
    rng = random.Random(f"{seed}-{length}")
    for sample in SAMPLES:
        text = sample.read_text(encoding="utf-8")
        if length is None:
            yield text
            continue
        made = 0
        for _ in range(per_sample * 50):
            if made == per_sample:
                break
            start = rng.randrange(0, len(text) - length)
            window = text[start : start + length]
            if any(ord(ch) > 127 for ch in window):
                made += 1
                yield window


def encode(text: str, encoding: str) -> tuple[str, bytes]:
    """The text as the test expects it back, and its bytes."""
    if encoding == "gbk":
        text = text.replace("\u00a0", " ")  # GBK has no NBSP (sample 004 uses it)
    return text, text.encode(encoding)


def accuracy(length: int | None, encoding: str) -> tuple[int, int]:
    right = total = 0
    for window in windows(length):
        expected, data = encode(window, encoding)
        total += 1
        with contextlib.suppress(EncodingError):
            right += decode_text(data).text == expected
    return right, total


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "gb18030", "utf-16"])
@pytest.mark.parametrize("length", [32, 64, 128, 256, None])
def test_exact_at_32_characters_and_more(encoding: str, length: int | None) -> None:
    right, total = accuracy(length, encoding)
    assert total >= 5
    assert right == total, f"{encoding} at {length}: {right}/{total}"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_gb_at_16_characters(encoding: str) -> None:
    right, total = accuracy(16, encoding)
    assert right / total >= 0.98, f"{right}/{total}"


@pytest.mark.parametrize("length", [32, 64, 128, 256, None])
def test_utf16le_without_bom(length: int | None) -> None:
    right, total = accuracy(length, "utf-16-le")
    assert right / total >= 0.99, f"{right}/{total}"


def _lookalikes() -> Iterator[str]:
    """Windows of 2-16 characters whose GB18030 bytes are also valid UTF-8."""
    for length in range(2, 17):
        for window in windows(length, per_sample=200, seed=7):
            try:
                window.replace("\u00a0", " ").encode("gb18030").decode("utf-8")
            except UnicodeDecodeError:
                continue
            yield window.replace("\u00a0", " ")


def test_gb18030_text_that_is_also_valid_utf8() -> None:
    """The trap of UTF-8 first: 通知 in GB18030 is valid UTF-8 (֪ͨ)."""
    found = ["通知", "平台", *_lookalikes()]
    assert len(found) > 50
    wrong = [(w, decode_text(w.encode("gb18030")).text) for w in found]
    wrong = [(w, got) for w, got in wrong if got != w]
    assert not wrong, wrong[:5]


def test_short_utf8_windows_stay_utf8() -> None:
    """…and the guard against it does not turn real UTF-8 into GB18030."""
    checked = 0
    for length in range(1, 30):
        for window in windows(length, per_sample=40, seed=11):
            checked += 1
            assert decode_text(window.encode("utf-8")).text == window
    assert checked > 5000
    for text in ("”，", "temp 25°C ok", "Total: 5 × 3", "± 2 µg", "§ 3"):
        assert decode_text(text.encode()).text == text
