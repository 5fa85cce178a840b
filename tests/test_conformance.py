"""The conformance kit, run against every built-in reader (RELIABILITY.md §6 items 1, 22)."""

from __future__ import annotations

import pytest

from gov_disclosure.testing import check_reader

WRITERS = {
    "text-tab": "text-tab",
    "text-cells": "text-cells",
    "text-pipe": "text-pipe",
    "text-lines": "text-lines",
    "markdown": "markdown",
    "html": "html",
    "docx": "docx",
}


@pytest.mark.parametrize("reader", sorted(WRITERS))
def test_builtin_reader_conforms(reader: str) -> None:
    check_reader(reader, writer=WRITERS[reader], max_examples=10 if reader == "docx" else 30)


def test_the_kit_catches_a_reader_that_lets_errors_escape() -> None:
    import gov_disclosure as gd
    from gov_disclosure.registry import reader_registry
    from tests.fake_plugins import CrashingReader

    gd.register_reader("kit-crashing", CrashingReader())
    try:
        with pytest.raises(AssertionError, match="escape"):
            check_reader("kit-crashing", max_examples=5, hostile=False)
    finally:
        reader_registry().unregister("kit-crashing")
