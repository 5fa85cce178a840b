"""Test-only readers for the batch tests: one aborts its process, one hangs."""

from __future__ import annotations

import os
import time

import gov_disclosure as gd
from gov_disclosure.document import Document
from gov_disclosure.readers import Reader
from gov_disclosure.readers.text import TabTextReader
from gov_disclosure.source import Source


class MisbehavingReader(Reader):
    """Tab text, except: ABORT kills the process, HANG sleeps, HOG allocates without end.

    It claims only files that start with one of those markers, so installed through an
    entry point (as the CLI tests do) it leaves every other file to the built-in readers.
    """

    name = "misbehaving"

    def sniff(self, source: Source) -> float:
        return 1.0 if source.data.startswith((b"ABORT", b"HANG", b"HOG")) else 0.0

    def read(self, source: Source) -> Document:
        if source.data.startswith(b"ABORT"):
            os.abort()
        if source.data.startswith(b"HANG"):
            time.sleep(600)
        if source.data.startswith(b"HOG"):
            hog = []
            while True:
                hog.append(bytearray(64 * 1024 * 1024))
        return TabTextReader().read(source)


def register() -> None:
    gd.register_reader("misbehaving", MisbehavingReader(), replace=True)


def broken() -> None:
    """An initializer that fails: no worker can start."""
    raise RuntimeError("this initializer always fails")
