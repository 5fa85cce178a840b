"""Hostile PDFs are contained (RELIABILITY.md §3 and §6 item 12; issue #5 item 3).

Small fixtures, read in this process: a report or one of our errors (never ``ReaderBug``,
``RecursionError`` or ``AssertionError``), within seconds.  The expensive ones — a 200 MB
flate bomb and a 2-million-operator page — go through the CLI batch, which must finish
them within the deadline plus 2 seconds, each file with its own result.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

import gov_disclosure as gd

from .pdf_builder import fixtures, flate_bomb, many_operators

pytest.importorskip("pypdfium2")

FIXTURES = fixtures()
EXPECTED = {
    # what each gives; "report" never happens: none of them is a disclosure report
    "valid": gd.TemplateNotRecognised,
    "form-xobject-cycle": gd.TemplateNotRecognised,
    "page-tree-cycle": gd.InputError,
    "xref-prev-loop": gd.TemplateNotRecognised,
    "length-self-reference": gd.TemplateNotRecognised,
    "length-lie": gd.TemplateNotRecognised,
    "deep-arrays": gd.InputError,
    "bogus-encrypt": gd.UnsupportedFormat,
    "count-2e9": gd.InputError,
    "empty": gd.MalformedInput,
    "header-only": gd.MalformedInput,
    "truncated": gd.InputError,
}


@pytest.mark.parametrize("reader", ["pdf", "pdf-grid"])
@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_hostile_pdf_gives_only_our_error(name: str, reader: str) -> None:
    started = time.monotonic()
    with pytest.raises(gd.GovDisclosureError) as caught:
        gd.read(FIXTURES[name], reader=reader, name=f"{name}.pdf")
    assert time.monotonic() - started < 10
    assert not isinstance(caught.value, gd.ReaderBug), caught.value
    assert isinstance(caught.value, EXPECTED[name]), (name, type(caught.value), caught.value)
    assert caught.value.source == f"{name}.pdf"


def test_the_builder_makes_a_real_pdf() -> None:
    """The fixtures are only meaningful if the unbroken one is a PDF PDFium reads."""
    document, _, _ = gd.read_document(FIXTURES["valid"], reader="pdf")
    assert "Hello" in " ".join(p.text for p in document.paragraphs())
    assert len(FIXTURES["deep-arrays"]) < 10_000


def test_expensive_pdfs_are_contained_in_a_batch(tmp_path: Path) -> None:
    bomb = tmp_path / "flate-bomb.pdf"
    bomb.write_bytes(flate_bomb(200))
    operators = tmp_path / "many-operators.pdf"
    operators.write_bytes(many_operators(2_000_000))
    assert bomb.stat().st_size < 400_000
    assert operators.stat().st_size < 40_000
    good = tmp_path / "good.pdf"
    good.write_bytes((Path(__file__).parent / "data" / "perf" / "r004.pdf").read_bytes())
    out = tmp_path / "out.jsonl"
    timeout = 3.0
    started = time.monotonic()
    run = subprocess.run(
        [
            *(sys.executable, "-m", "gov_disclosure", "read"),
            *(str(bomb), str(operators), str(good)),
            *("-o", str(out), "--workers", "2", "--timeout", str(timeout), "--max-memory", "2048"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    elapsed = time.monotonic() - started
    records = {Path(r["path"]).name: r for r in map(json.loads, out.read_text().splitlines())}
    assert run.returncode == 2, run.stderr
    assert records["good.pdf"]["ok"]
    for name in ("flate-bomb.pdf", "many-operators.pdf"):
        record = records[name]
        assert not record["ok"]
        # contained: a timeout, a limit, or read to the end and refused (Hello is no report)
        assert record["category"] in {"ReadTimeout", "LimitExceeded", "TemplateNotRecognised"}
        assert record["elapsed"] < timeout + 2, record
    # two workers, worker start-up included: the batch is not held up beyond the deadline
    assert elapsed < 2 * (timeout + 2) + 10
