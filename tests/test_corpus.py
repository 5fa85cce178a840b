"""The regression corpus: each past hostile or broken input gives exactly its outcome,
and none is a ReaderBug (RELIABILITY.md §6 item 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import gov_disclosure as gd

CORPUS = Path(__file__).parent / "corpus"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text())


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_corpus_file(name: str) -> None:
    entry = MANIFEST[name]
    data = (CORPUS / name).read_bytes()
    if entry["outcome"] == "report":
        assert isinstance(gd.read(data, reader=entry["reader"], name=name), gd.Report)
        return
    expected = getattr(gd, entry["outcome"])
    with pytest.raises(gd.GovDisclosureError) as info:
        gd.read(data, reader=entry["reader"], name=name)
    assert type(info.value) is expected, repr(info.value)
    assert not isinstance(info.value, gd.ReaderBug)


def test_selftest_passes_here() -> None:
    results = gd.selftest()
    assert set(results) >= {"billion laughs", "external entity", "deep html", "overlapping zip"}
    assert all(v == "refused" for k, v in results.items() if k not in ("lxml", "libxml2"))
