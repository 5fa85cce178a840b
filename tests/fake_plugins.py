"""Plugins used by the registry tests (loaded through fake entry points)."""

from __future__ import annotations

from gov_disclosure.document import Document
from gov_disclosure.readers import Reader
from gov_disclosure.readers.text import TabTextReader
from gov_disclosure.source import Source


class UpperCaseTabReader(Reader):
    """A toy layout: tab text whose first line is the magic word REPORT-TSV."""

    name = "upper-tsv"
    suffixes = (".utsv",)
    description = "toy reader for the tests"

    def sniff(self, source: Source) -> float:
        return 1.0 if source.data.startswith(b"REPORT-TSV") else 0.0

    def read(self, source: Source) -> Document:
        return TabTextReader().read(source)


class CrashingReader(Reader):
    name = "crashing"
    suffixes = (".txt",)

    def sniff(self, source: Source) -> float:
        raise ZeroDivisionError("sniffing went wrong")

    def read(self, source: Source) -> Document:
        return {}["nothing"]  # type: ignore[no-any-return]
