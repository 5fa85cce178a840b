"""The batch journal: one JSON line per input, appended as each file finishes.

``gov-disclosure read`` keeps its results in a JSONL file so that a batch can be stopped
(killed, a power cut) and re-run: inputs already in the journal are skipped, and a torn last
line is dropped and redone.  Exports (one JSON array, or CSV) are made from the journal and
written atomically (a temporary file beside the target, then ``os.replace``), so a reader of
the export never sees half a file.

A record (documented in ``docs/schema.md``)::

    {"path": "报告/a.txt", "abspath": "/data/报告/a.txt", "ok": true, "category": null,
     "error": null, "reader": "text-tab", "exit_code": null, "elapsed": 0.004,
     "report": {...the JSON document, with findings...}}

Records are appended in the order files finish (so a kill loses only the files in
flight); exports and :meth:`Journal.ordered` restore the input order.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

from ._files import write_file
from .batch import ReadResult
from .errors import quote

__all__ = ["Journal", "atomic_write", "record_for", "record_head", "records_to_reports"]


def record_head(
    path: str,
    category: str | None,
    message: str | None,
    reader: str | None,
    exit_code: int | None,
    elapsed: float,
) -> dict[str, Any]:
    """Every field of a record but ``report``; the message is cut to 200 characters."""
    return {
        "path": path,
        "abspath": _key(path),  # what a re-run matches on, wherever it is started from
        "ok": category is None,
        "category": category,
        "error": quote(message) if message is not None else None,
        "reader": reader,
        "exit_code": exit_code,
        "elapsed": round(elapsed, 6),
    }


def record_for(result: ReadResult) -> dict[str, Any]:
    """The journal record of one result."""
    from ._convert import report_to_dict

    error = result.error
    record = record_head(
        result.path,
        result.category,
        error.message if error is not None else None,
        result.report.source.reader
        if result.report is not None
        else getattr(error, "reader", None),
        getattr(error, "exit_code", None),
        result.elapsed,
    )
    record["report"] = report_to_dict(result.report) if result.report is not None else None
    return record


def _key(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def _record_key(record: dict[str, Any]) -> str:
    """The input a record is about: its absolute path as recorded when it was read."""
    stored = record.get("abspath")
    return stored if isinstance(stored, str) else _key(str(record["path"]))


class Journal:
    """A JSONL file of records; ``done`` holds the inputs it already has."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.records: list[dict[str, Any]] = []
        self.repaired = 0
        self._handle: BinaryIO | None = None
        self._load()
        #: input → None when it was read, else its error category
        self.outcomes = {
            _record_key(r): None if r.get("ok") else str(r.get("category")) for r in self.records
        }

    def _load(self) -> None:
        if not self.path.exists():
            return
        data = self.path.read_bytes()
        good_end = 0
        position = 0
        for line in data.splitlines(keepends=True):
            position += len(line)
            try:
                record = json.loads(line) if line.endswith(b"\n") else None
            except ValueError:
                record = None
            if not isinstance(record, dict) or "path" not in record:
                # A torn or foreign line: everything from here on is redone.
                self.repaired = len(data) - good_end
                break
            self.records.append(record)
            good_end = position
        if good_end < len(data):
            with self.path.open("r+b") as handle:
                handle.truncate(good_end)

    def pending(self, paths: Iterable[str]) -> list[str]:
        """The paths not yet in the journal."""
        return [p for p in paths if _key(p) not in self.outcomes]

    def write(self, path: str, line: str, category: str | None) -> None:
        """Append one record, already JSON on one line, and flush it to the file;
        ``category`` is the record's error category (None when it was read)."""
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("ab")
        self._handle.write(line.encode("utf-8") + b"\n")
        self._handle.flush()
        self.outcomes[_key(path)] = category

    def failures(self, paths: Iterable[str]) -> Counter[str]:
        """How many of ``paths`` failed, by error category."""
        outcomes = (self.outcomes.get(_key(p), "missing") for p in paths)
        return Counter(category for category in outcomes if category is not None)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ordered(self, paths: Iterable[str]) -> list[dict[str, Any]]:
        """The loaded records of ``paths`` in that order (one per input; the last wins)."""
        by_key = {_record_key(r): r for r in self.records}
        return [by_key[_key(p)] for p in paths if _key(p) in by_key]


def records_to_reports(records: Iterable[dict[str, Any]]) -> list[Any]:
    """The Reports of the successful records."""
    from ._convert import report_from_dict

    return [report_from_dict(r["report"]) for r in records if r.get("report") is not None]


def atomic_write(path: str | os.PathLike[str], data: str | bytes, encoding: str = "utf-8") -> None:
    """Write ``data`` to ``path`` so that a reader sees the old file or the new, never
    half (:func:`gov_disclosure._files.write_file`); missing directories are created."""
    payload = data.encode(encoding) if isinstance(data, str) else data
    write_file(path, payload, make_parents=True)
