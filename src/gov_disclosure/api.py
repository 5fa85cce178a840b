"""The public functions: read, check, serialize.

>>> import gov_disclosure as gd
>>> report = gd.read(gd.sample_path("jinzhai_2024.txt"))
>>> report.applications["received", "total"], report.year
(1, 2024)
>>> report.check().ok
True
"""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path
from typing import Any

import attrs

from ._files import write_file
from .document import Document
from .errors import (
    GovDisclosureError,
    InputError,
    LimitExceeded,
    MalformedInput,
    OutputError,
    PluginError,
    ReaderBug,
    UnsupportedFormat,
)
from .errors import PluginWarning as _PluginWarning
from .findings import Finding, Findings, make_finding
from .limits import Limits
from .model import CellStatus, Report, SourceInfo, Table
from .registry import reader_registry, serializer_registry
from .source import Source, SourceLike

__all__ = [
    "check",
    "detect_reader",
    "dump",
    "dumps",
    "load",
    "loads",
    "read",
    "read_all",
    "read_document",
    "sample_path",
]

#: Hints for inputs no installed reader takes, by magic bytes.
_MAGIC_HINTS = (
    (b"%PDF", "a PDF file", 'PDF support needs the "pdf" extra: pip install "gov-disclosure[pdf]"'),
    (b"PK\x03\x04", "a ZIP container (DOCX?)", "a DOCX reader is not installed in this version"),
    (b"\xd0\xcf\x11\xe0", "an old binary Word/WPS file (.doc/.wps)", "convert it to .docx first"),
    (b"<", "markup (HTML?)", "an HTML reader is not installed in this version"),
)


#: What a file's suffix says it is, when its first bytes say otherwise.
_CLAIMED_BY_SUFFIX = {
    ".pdf": "a PDF",
    ".docx": "a Word (.docx) file",
    ".doc": "a Word file",
    ".wps": "a WPS file",
    ".html": "an HTML page",
    ".htm": "an HTML page",
}


def _boundary(name: str, source: Source, what: str, call: Any) -> Any:
    """Run reader code so that nothing but our own errors escapes (RELIABILITY.md §4.3)."""
    try:
        return call()
    except GovDisclosureError as exc:
        if exc.source is None:
            exc.source = source.name
        if exc.reader is None:
            exc.reader = name
        raise
    except (MemoryError, RecursionError) as exc:
        raise LimitExceeded(
            f"{what} ran out of {type(exc).__name__.replace('Error', '').lower() or 'memory'}",
            source=source.name,
            reader=name,
        ) from exc
    except Exception as exc:
        raise ReaderBug(
            f"{what} ({name}) failed unexpectedly: {type(exc).__name__}: {exc}",
            source=source.name,
            reader=name,
        ) from exc


def detect_reader(source: Source) -> tuple[str, float, tuple[tuple[str, float], ...]]:
    """Pick a reader by suffix, then by sniff score.  Returns (name, score, all scores).

    The candidates are the readers that claim the input's suffix (``""`` for none) and
    those that claim no suffix at all; if none, every reader.  The highest sniff wins.
    """
    registry = reader_registry()
    loaded = list(registry.load_all())
    # A reader that names no suffixes is a candidate for any input: its sniff decides.
    candidates = [
        (n, r)
        for n, r in loaded
        if not getattr(r, "suffixes", ()) or source.suffix in getattr(r, "suffixes", ())
    ]
    if not candidates:
        candidates = loaded
    scores: list[tuple[str, float]] = []
    for name, reader in candidates:
        try:
            score = float(reader.sniff(source))
        except Exception as exc:  # a sniffer that raises scores 0
            warnings.warn(
                f"reader {name!r} failed to sniff {source.name}: {exc!r}",
                _PluginWarning,
                stacklevel=2,
            )
            score = 0.0
        scores.append((name, min(max(score, 0.0), 1.0)))
    best = max(scores, key=lambda item: item[1], default=("", 0.0))
    if best[1] <= 0.0:
        kind, hint = (
            "an unrecognised input",
            ("name a reader with reader=... (--reader) if you know the layout"),
        )
        head = source.head.lstrip()
        for magic, what, advice in _MAGIC_HINTS:
            if head.startswith(magic):
                kind, hint = what, advice
                break
        else:
            claimed = _CLAIMED_BY_SUFFIX.get(source.suffix)
            if claimed is not None:  # random bytes named x.pdf: say that it is not one
                kind = f"named {source.suffix} but not {claimed}: damaged, or misnamed"
        tried = ", ".join(n for n, _ in scores) or "none"
        raise UnsupportedFormat(
            f"no reader accepts this input ({kind}; tried {tried}); {hint}", source=source.name
        )
    return best[0], best[1], tuple(scores)


def read_document(
    source: SourceLike | Source,
    *,
    reader: str | None = None,
    name: str | None = None,
    limits: Limits | None = None,
) -> tuple[Document, str, Source]:
    """Read a source into a layout-neutral Document (no template interpretation)."""
    src = Source.from_any(source, name=name, limits=limits)
    if not src.data.strip():
        raise MalformedInput("the input is empty", source=src.name)
    reader_name = detect_reader(src)[0] if reader is None else reader
    try:
        reader_obj = reader_registry().get(reader_name)
    except PluginError as exc:
        exc.source = src.name
        raise
    document = _boundary(reader_name, src, "reading", lambda: reader_obj.read(src))
    if not isinstance(document, Document):
        raise ReaderBug(
            f"reader {reader_name!r} returned {type(document).__name__}, not a Document",
            source=src.name,
            reader=reader_name,
        )
    return document, reader_name, src


def read(
    source: SourceLike | Source,
    *,
    reader: str | None = None,
    name: str | None = None,
    year_hint: int | None = None,
    limits: Limits | None = None,
) -> Report:
    """Read one report from a path, bytes or a binary file.

    ``reader`` names the layout (``"text-tab"``, ``"markdown"`` …; see
    :func:`list_readers`); by default it is detected.  ``limits`` sets this read's budgets
    (input size, zip, markup, PDF pages, time; see :class:`~gov_disclosure.limits.Limits`).
    JSON this library wrote (:func:`dump`, a list of reports, a ``read`` export) is read
    back as it was written.
    Raises only :class:`GovDisclosureError` subclasses.
    """
    src = Source.from_any(source, name=name, limits=limits)
    if reader is None and (own := _own_reports(src)) is not None:
        return _first_of(own)
    document, reader_name, src = read_document(src, reader=reader)
    report = _interpret(document, reader_name, src, year_hint)
    return _with_fallbacks(report, reader_name, src, year_hint, lambda doc: doc)


#: The start of what this library writes as JSON: a report (``gd.dump``), a list of
#: them (``gd.dumps([r1, r2])``), or a ``read`` export's records.
_OWN_JSON = re.compile(
    rb'^(?:\xef\xbb\xbf)?\s*(?:\[\s*)?\{\s*(?:"schema"\s*:\s*"gov_disclosure\.report"'
    rb'|"path"\s*:\s*"(?:[^"\\]|\\.)*"\s*,\s*"abspath"\s*:)'
)


def _own_reports(src: Source) -> list[Report] | None:
    """The reports of JSON this library wrote, read back as they were written (their
    source, notes and all); None for any other input, MalformedInput for ours that
    holds none."""
    if _OWN_JSON.match(src.head) is None:
        return None
    from .serializers.json import JsonSerializer

    try:
        reports = JsonSerializer().loads_all(src.data)
    except GovDisclosureError as exc:
        raise MalformedInput(
            f"gov_disclosure JSON that cannot be read back: {exc}", source=src.name
        ) from exc
    if not reports:
        raise MalformedInput("the JSON holds no report (no input was read)", source=src.name)
    return reports


def _first_of(reports: list[Report]) -> Report:
    """:func:`read` of our JSON: its one report, or the first with a warning (GD125)."""
    first = reports[0]
    if len(reports) == 1:
        return first
    note = make_finding(
        "GD125",
        f"文件包含 {len(reports)} 份报告，只读取了第一份；请用 gd.read_all 分别读取",
        f"the file holds {len(reports)} reports; only the first was read — gd.read_all reads each",
    )
    return attrs.evolve(first, notes=(*first.notes, note))


def read_all(
    source: SourceLike | Source,
    *,
    reader: str | None = None,
    name: str | None = None,
    year_hint: int | None = None,
    limits: Limits | None = None,
) -> list[Report]:
    """Every report in one file, in order (usually one).

    Some pages and files hold several reports one after another; :func:`read` reads the
    first and warns (GD125).  A new report begins at a heading 一、总体情况 that follows
    the tables of the one before (see :mod:`gov_disclosure.interpreter.split`); each
    report's ``source.part`` then says which it is (1, 2 …).  Options as for :func:`read`.
    """
    from .interpreter.split import split_document

    src = Source.from_any(source, name=name, limits=limits)
    if reader is None and (own := _own_reports(src)) is not None:
        return own
    document, reader_name, src = read_document(src, reader=reader)
    parts = split_document(document)
    reports = []
    for index, part in enumerate(parts):

        def same_part(other: Document, index: int = index) -> Document | None:
            others = split_document(other)
            return others[index] if len(others) == len(parts) else None

        report = _interpret(part, reader_name, src, year_hint)
        report = _with_fallbacks(report, reader_name, src, year_hint, same_part)
        if len(parts) > 1:
            report = attrs.evolve(report, source=attrs.evolve(report.source, part=index + 1))
        reports.append(report)
    return reports


def _with_fallbacks(
    report: Report,
    reader_name: str,
    src: Source,
    year_hint: int | None,
    part_of: Any,
) -> Report:
    """The reader's fallbacks tried when its reading left cells unplaced (see
    :attr:`~gov_disclosure.readers.Reader.fallbacks`).  ``part_of`` picks, from a
    fallback's Document, the part that corresponds to ``report`` (None: no such part)."""
    fallbacks = getattr(reader_registry().get(reader_name), "fallbacks", ())
    unplaced = _unplaced(report) if fallbacks else 0
    # blanks placed by where values stand (GD130): checked against the fallback's reading
    by_position = bool(fallbacks) and any(f.code == "GD130" for f in report.notes)
    if unplaced or by_position:
        for fallback in fallbacks:
            try:
                other_document, _, _ = read_document(src, reader=fallback)
                other_document = part_of(other_document)
                if other_document is None:
                    continue  # the fallback sees the reports differently
                other = _interpret(other_document, fallback, src, year_hint)
            except GovDisclosureError:
                continue  # the fallback cannot do better; keep the first reading
            if other.meta.template != report.meta.template:
                continue  # readings of different templates cannot be checked cell by cell
            merged = _merge_readings(report, other)
            if _unplaced(merged) < unplaced or by_position:
                left = _unplaced(merged)
                if unplaced:
                    zh = f"{reader_name} 读取后有 {unplaced} 个单元格未能确定，另以 {fallback} 读取"
                    en = f"{reader_name} left {unplaced} cell(s) unplaced; read with {fallback} too"
                else:
                    zh = f"{reader_name} 按位置确定了空白单元格，已用 {fallback} 核对"
                    en = f"{reader_name} placed blank cells by position; checked with {fallback}"
                note = make_finding("GD121", f"{zh}（剩 {left} 个）", f"{en} ({left} left)")
                report = attrs.evolve(merged, notes=(*merged.notes, note))
                unplaced, by_position = left, False
    return report


def _merge_readings(first: Report, other: Report) -> Report:
    """The fallback's reading (same template), checked cell by cell against the first.

    What the first reading read (a value, a blank, a dash) stands where the fallback
    could not read the cell (missing, unreadable), and the fallback's reading where the
    first could not; where both read the cell and differ — another value, or a blank or
    a dash against a value — the cell becomes unreadable with a finding (one of the two
    readers is wrong, and we cannot tell which: a text-first reading that cannot see a
    blank cell may have shifted the row's values into it).

    The fallback's findings go with the cells it read (and findings about no cell); the
    first reading's, with the cells only it read; both, the same finding once, with a
    cell neither could read.
    """
    new_notes: list[Finding] = []
    mine_kept: set[tuple[str, str, str]] = set()  # cells only the first reading read
    theirs_kept: set[tuple[str, str, str]] = set()  # cells the fallback's reading gives
    tables = {}
    unread = (CellStatus.MISSING, CellStatus.UNREADABLE)
    for key, table in other.tables.items():
        cells = []
        for mine, theirs in zip(first.table(key).cells, table.cells, strict=True):
            ref = (key, mine.row, mine.column)
            if mine.status in unread:
                cells.append(theirs)
                theirs_kept.add(ref)
                if theirs.status in unread:
                    mine_kept.add(ref)  # why neither could: both say
            elif theirs.status in unread:
                cells.append(mine)
                mine_kept.add(ref)
            elif theirs.status is mine.status and theirs.value == mine.value:
                cells.append(mine)
                theirs_kept.add(ref)  # both agree: the fallback's findings stand
            else:
                shown = theirs.raw or "（空白）"
                cells.append(
                    attrs.evolve(
                        theirs,
                        status=CellStatus.UNREADABLE,
                        value=None,
                        raw=f"{mine.raw} | {shown}",
                    )
                )
                new_notes.append(
                    make_finding(
                        "GD123",
                        f"两种读取方式结果不一致（{mine.raw} 与 {shown}），不采用",
                        f"the two readings disagree ({mine.raw} vs {shown}); neither used",
                        table=key,
                        row=mine.row,
                        column=mine.column,
                        source=theirs.location,
                    )
                )
        tables[key] = Table(key, tuple(cells))

    def about(note: Finding, kept: set[tuple[str, str, str]]) -> bool | None:
        """Whether a finding is about cells in ``kept`` (None: about no cell)."""
        refs = set(note.cells)
        if note.table is not None and note.row is not None and note.column is not None:
            refs.add((note.table, note.row, note.column))
        if refs:
            return not refs.isdisjoint(kept)
        if note.table is not None:
            return any(ref[0] == note.table and (note.row in (None, ref[1])) for ref in kept)
        return None

    def said(note: Finding) -> tuple[Any, ...]:
        return (note.code, note.cells, note.table, note.row, note.column, note.message_en)

    notes = [n for n in other.notes if about(n, theirs_kept) is not False]
    seen = {said(n) for n in notes}
    notes += [n for n in first.notes if about(n, mine_kept) and said(n) not in seen]
    return attrs.evolve(
        other,
        active=tables["active"],
        applications=tables["applications"],
        appeals=tables["appeals"],
        notes=(*notes, *new_notes),
    )


def _unplaced(report: Report) -> int:
    """Cells a reading could not place: unreadable or missing."""
    return sum(c.status in (CellStatus.UNREADABLE, CellStatus.MISSING) for c in report.cells())


def _interpret(document: Document, reader_name: str, src: Source, year_hint: int | None) -> Report:
    from .interpreter import interpret

    src.budget.check("interpretation", src.name)
    reader_obj = reader_registry().get(reader_name)
    info = SourceInfo(
        name=src.name,
        sha256=src.sha256,
        reader=reader_name,
        reader_version=str(getattr(reader_obj, "version", "")) or None,
        media_type=document.media_type,
        encoding=src.decoding.encoding if src.decoding else None,
        encoding_method=src.decoding.method if src.decoding else None,
    )
    report: Report = _boundary(
        reader_name,
        src,
        "interpreting",
        lambda: interpret(document, source=info, year_hint=year_hint),
    )
    src.budget.check("the end of interpretation", src.name)
    return report


def check(report: Report, **options: Any) -> Findings:
    """Same as ``report.check(**options)``."""
    return report.check(**options)


def _serializer(format: str) -> Any:
    return serializer_registry().get(format)


def dumps(obj: Any, format: str = "json", **options: Any) -> str | bytes:
    """Serialize a Report (or reports, or findings) to ``format``: json, csv, markdown …"""
    result: str | bytes = _serializer(format).dumps(obj, **options)
    return result


def loads(data: str | bytes, format: str = "json", **options: Any) -> Report:
    """Read a Report back from :func:`dumps` output: ``json`` exactly as it was;
    ``csv`` only as far as a CSV holds it (cells and the metadata columns: no title,
    narrative, notes or source details)."""
    report: Report = _serializer(format).loads(data, **options)
    return report


def _format_for(path: Path, format: str | None) -> str:
    if format is not None:
        return format
    suffix = path.suffix.lower()
    for name, info in serializer_registry().infos().items():
        if info.builtin and suffix in getattr(serializer_registry().get(name), "suffixes", ()):
            return name
    raise UnsupportedFormat(
        f"cannot tell the output format from {path.name!r}; pass format=... (--format)"
    )


def dump(obj: Any, path: str | os.PathLike[str], format: str | None = None, **options: Any) -> None:
    """Write to a file; the format comes from the suffix unless given.  A file is
    replaced atomically (its permissions kept); ``/dev/stdout``, a pipe or a device is
    written to, never replaced."""
    target = Path(path)
    fmt = _format_for(target, format)
    serializer = _serializer(fmt)
    data = serializer.dumps(obj, **options)
    payload = data if isinstance(data, bytes) else data.encode(serializer.file_encoding)
    try:
        write_file(target, payload)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc


def load(path: str | os.PathLike[str], format: str | None = None) -> Report:
    """Read a Report back from a file :func:`dump` wrote (json exactly; csv as far as
    a CSV holds it, see :func:`loads`)."""
    target = Path(path)
    fmt = _format_for(target, format)
    try:
        data = target.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {target}: {exc.strerror or exc}", source=str(path)) from exc
    return loads(data, fmt)


def sample_path(name: str = "jinzhai_2024.txt") -> Path:
    """The path of a sample report bundled with the package (for examples and tests)."""
    from importlib import resources

    path = Path(str(resources.files("gov_disclosure") / "samples" / name))
    if not path.exists():
        raise FileNotFoundError(f"no bundled sample {name!r}")
    return path
