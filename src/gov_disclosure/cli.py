"""The ``gov-disclosure`` command (also ``python -m gov_disclosure``)."""

from __future__ import annotations

import argparse
import contextlib
import glob
import json
import os
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from . import __version__
from .errors import GovDisclosureError, OutputError

if TYPE_CHECKING:
    from .model import Report

__all__ = ["expand_inputs", "main"]

_EXIT_CODES = """exit codes:
  0  every file was read, and no report has an error finding
  1  some report has an error finding (勾稽关系不符 …)
  2  some file could not be read, or the command itself failed"""
_READ_EXIT_CODES = """exit codes:
  0  every file was read (findings are in the records, not in the exit code)
  2  some file could not be read, or the command itself failed"""


def _show(args: argparse.Namespace) -> int:
    from .api import read, sample_path
    from .display import format_findings, format_report

    paths = args.files or [str(sample_path())]
    status = 0
    for path in paths:
        try:
            report = read(path, reader=args.reader)
        except GovDisclosureError as exc:
            print(f"error: {exc}", file=sys.stderr)
            status = 2
            continue
        findings = report.check(blank_as_zero=args.blank_as_zero)
        shown = findings if args.verbose else findings.exclude("GD205")
        print(format_report(report, lang=args.lang))
        print()
        print("Findings 检查结果:")
        print(format_findings(shown, lang=args.lang))
        if not findings.ok:
            status = max(status, 1)
    return status


def _list(kind: str) -> int:
    from . import registry

    infos = {"readers": registry.list_readers, "serializers": registry.list_serializers}[kind]()
    for name, info in infos.items():
        print(f"{name:<12} {info.distribution} {info.version or ''} {info.status}")
    return 0


def _plugins(args: argparse.Namespace) -> int:
    """Every reader, serializer and check: kind, name, version, distribution, status."""
    from . import registry

    listings = {
        "reader": registry.list_readers(),
        "serializer": registry.list_serializers(),
        "check": registry.list_checks(),
    }
    rows = [
        (kind, name, info.version or "-", info.distribution, info.status)
        for kind, infos in listings.items()
        for name, info in infos.items()
        if args.all or info.distribution != "gov-disclosure"
    ]
    if args.json:
        keys = ("kind", "name", "version", "distribution", "status")
        print(json.dumps([dict(zip(keys, row, strict=True)) for row in rows], ensure_ascii=False))
        return 0
    if not rows:
        print("no third-party plugins installed (--all lists the built-in ones too)")
        return 0
    _print_table(("kind", "name", "version", "distribution", "status"), rows)
    return 0


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _print_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    table = [list(header), *([str(v) for v in row] for row in rows)]
    widths = [max(_width(r[i]) for r in table) for i in range(len(header))]
    for row in table:
        cells = [v + " " * (w - _width(v)) for v, w in zip(row, widths, strict=True)]
        print("  ".join(cells).rstrip())


def _reader_suffixes() -> set[str]:
    from . import registry

    suffixes: set[str] = set()
    for _, reader in registry.reader_registry().load_all():
        suffixes.update(s for s in getattr(reader, "suffixes", ()) if s)
    return suffixes


def expand_inputs(arguments: Iterable[str]) -> tuple[list[str], list[str]]:
    """Files, directories (searched recursively for files a reader knows by suffix) and
    globs → ``(paths, problems)``: paths sorted within each argument, each once; a
    problem for each directory or glob that names no file."""
    paths: list[str] = []
    seen: set[str] = set()
    warnings: list[str] = []
    suffixes: set[str] | None = None

    def add(path: str) -> None:
        key = os.path.normcase(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            paths.append(path)

    for argument in arguments:
        if os.path.isdir(argument):
            if suffixes is None:
                suffixes = _reader_suffixes()
            found = sorted(
                str(p)
                for p in Path(argument).rglob("*")
                if p.is_file()
                and p.suffix.lower() in suffixes
                and not any(part.startswith(".") for part in p.relative_to(argument).parts)
            )
            if not found:
                warnings.append(f"{argument}: no report files in this directory")
            for path in found:
                add(path)
        elif not os.path.exists(argument) and glob.has_magic(argument):
            matched = sorted(p for p in glob.glob(argument, recursive=True) if os.path.isfile(p))
            if not matched:
                warnings.append(f"{argument}: no file matches")
            for path in matched:
                add(path)
        else:
            add(argument)  # a missing file becomes that file's error record
    return paths, warnings


_OUTPUTS = (".jsonl", ".json", ".csv")


def _read(args: argparse.Namespace) -> int:
    from .journal import Journal

    output = Path(args.output)
    if output.suffix.lower() not in _OUTPUTS:
        print(f"error: -o must end in {', '.join(_OUTPUTS)}, not {output.name}", file=sys.stderr)
        return 2
    journal_path = output if output.suffix.lower() == ".jsonl" else Path(f"{output}.jsonl")
    for path in dict.fromkeys((output, journal_path)):
        problem = _output_problem(path)
        if problem is not None:  # said before reading anything, not after the batch
            print(f"error: cannot write {path}: {problem}", file=sys.stderr)
            return 2
    paths, unmatched = expand_inputs(args.inputs)
    for problem in unmatched:
        print(f"error: {problem}", file=sys.stderr)
    if args.restart and journal_path.exists():
        journal_path.unlink()
    with Journal(journal_path) as journal:
        status = _run(args, output, paths, journal)
    return 2 if unmatched else status  # a mistyped name or glob must not pass a CI job


def _run(args: argparse.Namespace, output: Path, paths: list[str], journal: Any) -> int:
    from .batch import ReadResult, read_raw
    from .journal import Journal, atomic_write, record_for, record_head
    from .progress import Progress

    journal_path = journal.path
    if journal.repaired and not args.quiet:
        print(f"{journal_path}: dropped a torn last record; redoing it", file=sys.stderr)
    todo = journal.pending(paths)
    if len(todo) < len(paths) and not args.quiet:
        print(f"resuming: {len(paths) - len(todo)} of {len(paths)} already done", file=sys.stderr)
    raw = read_raw(todo, checks=True, ordered=False, **_batch_options(args, len(todo)))
    # closing(): --fail-fast leaves the loop early; the workers stop now, not at exit
    with contextlib.closing(raw), Progress(len(todo), quiet=args.quiet) as progress:
        for path, kind, payload, elapsed in raw:
            if kind is ReadResult:  # a crash or a timeout, made by the supervisor
                record = record_for(payload)
                line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
                category = record["category"]
            elif kind == "ok":
                # The worker's JSON goes in as it is: no parsing here (PERFORMANCE: the
                # supervisor shares the machine with the workers).
                document, reader_name = payload
                head = record_head(path, None, None, reader_name, None, elapsed)
                line = _compact(head)[:-1] + f',"report":{document}}}'
                category = None
            else:
                message, reader_name = payload
                head = record_head(path, kind, message, reader_name, None, elapsed)
                line = _compact({**head, "report": None})
                category = kind
            journal.write(path, line, category)
            progress.advance(category is None)
            if category is not None and args.fail_fast:
                print(f"stopping at the first failure: {path}: {category}", file=sys.stderr)
                break
    failed = journal.failures(paths)
    if output != journal_path:
        journal.close()
        _export(output, Journal(journal_path).ordered(paths), args.format, atomic_write)
    if not args.quiet:
        detail = ", ".join(f"{k} {n}" for k, n in failed.most_common())
        print(
            f"{len(paths)} files: {len(paths) - sum(failed.values())} read, "
            f"{sum(failed.values())} failed{f' ({detail})' if detail else ''} → {output}",
            file=sys.stderr,
        )
    return 2 if failed else 0


def _output_problem(path: Path) -> str | None:
    """Why ``path`` cannot be an output file, or None: it is a directory, or its
    directory does not exist (it is not created: a typo must not make directories)."""
    if path.is_dir():
        return "it is a directory"
    parent = path.parent
    if not parent.exists():
        return f"no such directory: {parent}"
    if not parent.is_dir():
        return f"not a directory: {parent}"
    return None


def _write_output(obj: Any, output: str, format: str | None) -> None:
    """``gd.dump``, or with ``-o -`` the same bytes on standard output (the caller has
    checked the path with :func:`_output_problem`)."""
    from ._files import write_descriptor
    from .api import _serializer, dump

    if output != "-":
        dump(obj, output, format=format)
        return
    if format is None:
        raise OutputError("writing to standard output (-o -) needs --format")
    serializer = _serializer(format)
    data = serializer.dumps(obj)
    payload = data if isinstance(data, bytes) else data.encode(serializer.file_encoding)
    if sys.stdout is None:
        raise OutputError("cannot write to standard output: it is closed")
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # replaced, e.g. captured in a test
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return
    try:
        write_descriptor(descriptor, payload)
    except OSError as exc:
        raise OutputError(f"cannot write to standard output: {exc.strerror or exc}") from exc


def _compact(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def _export(output: Path, records: list[dict[str, Any]], layout: str, write: Any) -> None:
    from .journal import records_to_reports

    if output.suffix.lower() == ".json":
        plain = [{k: v for k, v in r.items() if k != "elapsed"} for r in records]
        write(output, json.dumps(plain, ensure_ascii=False, indent=1) + "\n")
        return
    from .api import dumps

    reports = records_to_reports(records)
    write(output, str(dumps(reports, "csv", layout=layout)), encoding="utf-8-sig")
    failures = output.with_name(f"{output.stem}.failed.csv")
    rows = [(r["path"], r["category"], r["error"]) for r in records if not r["ok"]]
    if rows:
        from .serializers.csv import csv_text

        write(failures, csv_text(("path", "category", "error"), rows), encoding="utf-8-sig")
    elif failures.exists():
        failures.unlink()


def _positive(kind: type) -> Any:
    """An argparse type: a positive, finite int or float (usage error otherwise)."""

    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if not (value > 0 and value != float("inf")):
            raise argparse.ArgumentTypeError(f"must be positive: {text!r}")
        return value

    return parse


def _not_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"cannot be negative: {text!r}")
    return value


def _batch_options(args: argparse.Namespace, files: int) -> dict[str, Any]:
    """read_many's options from the shared batch flags."""
    if args.workers is not None:
        workers = max(0, int(args.workers))
    else:
        workers = max(1, min(os.cpu_count() or 1, 8, files))
    from .limits import DEFAULT_LIMITS

    limits = DEFAULT_LIMITS
    if args.max_input is not None:
        limits = attrs.evolve(limits, max_bytes=max(1, int(args.max_input * 1024**2)))
    if args.max_pages is not None:
        limits = attrs.evolve(limits, max_pages=args.max_pages)
    return {
        "workers": workers,
        "timeout": args.timeout,
        "max_memory": args.max_memory * 1024**2 if args.max_memory else None,
        "reader": args.reader,
        "limits": limits,
    }


def _codes(text: str | None) -> tuple[str, ...]:
    return tuple(c.strip().upper() for c in (text or "").split(",") if c.strip())


def _unknown_codes(codes: Sequence[str]) -> list[str]:
    """The codes or prefixes that cannot be meant: one that starts like ours (``GD``,
    or ``G`` and a digit) but no code of the catalogue is or starts with (``GD2O1``,
    ``G101``), or digits alone (``101`` for GD101).  Plugins' checks use codes of their
    own (``GZ001``), which are not ours to judge."""
    from .findings import CODES

    def ours(code: str) -> bool:
        return code.startswith("GD") or (code[:1] == "G" and code[1:2].isdigit())

    return [
        c for c in codes if c.isdigit() or (ours(c) and not any(k.startswith(c) for k in CODES))
    ]


def _check(args: argparse.Namespace) -> int:
    from .batch import read_many
    from .copies import check_copies
    from .display import format_findings
    from .progress import Progress
    from .series import check_series

    select, ignore = _codes(args.select), _codes(args.ignore)
    unknown = _unknown_codes((*select, *ignore))
    if unknown:  # a typo in --select must not pass a CI job with nothing selected
        print(
            f"error: no finding code is or starts with {', '.join(unknown)} "
            "(see gov-disclosure catalogue)",
            file=sys.stderr,
        )
        return 2
    paths, unmatched = expand_inputs(args.inputs)
    for problem in unmatched:
        print(f"error: {problem}", file=sys.stderr)
    if not select and not args.verbose:
        ignore = (*ignore, "GD205")
    results = read_many(paths, **_batch_options(args, len(paths)))
    entries: list[dict[str, Any]] = []
    status = 2 if unmatched else 0  # a mistyped name or glob must not pass a CI job
    en = args.lang == "en"
    kept: list[Report] = []  # for the checks across reports
    with Progress(len(paths), quiet=args.quiet or not args.json) as progress:
        for result in results:
            progress.advance(result.ok)
            entry: dict[str, Any] = {"path": result.path, "ok": result.ok}
            if result.report is None:
                assert result.error is not None
                entry.update(category=result.category, error=result.error.message)
                status = 2
                if not args.json:
                    print(f"== {result.path}")
                    print(
                        f"{'cannot read' if en else '无法读取'}: {result.category}: {result.error}"
                    )
                    print()
                entries.append(entry)
                continue
            report = result.report
            if not args.no_across and len(kept) <= _MAX_ACROSS:
                kept.append(report)
            checked = report.check(blank_as_zero=args.blank_as_zero)
            findings = [
                f
                for f in checked
                if (not select or f.code.startswith(select)) and not f.code.startswith(ignore)
            ]
            counts = Counter(f.severity.value for f in findings)
            if counts["error"]:
                status = max(status, 1)
            entry.update(
                agency=report.meta.agency,
                year=report.meta.year,
                template=report.meta.template,
                errors=counts["error"],
                warnings=counts["warning"],
                info=counts["info"],
                not_checked=sum(f.code == "GD205" for f in checked),
                findings=[f.to_record() for f in findings],
            )
            entries.append(entry)
            if not args.json:
                meta = report.meta
                print(
                    f"== {result.path}  ({meta.agency or '?'}, {meta.year or '?'}, {meta.template})"
                )
                print(format_findings(findings, lang=args.lang))
                print()
    across = []
    if len(kept) > _MAX_ACROSS:
        print(
            f"warning: more than {_MAX_ACROSS} reports: the checks across reports (carry-over "
            "between years, copied narratives) were not run; run them on smaller sets",
            file=sys.stderr,
        )
    elif kept:
        across = [
            f
            for f in (*check_series(kept), *check_copies(kept))
            if (not select or f.code.startswith(select)) and not f.code.startswith(ignore)
        ]
        if any(f.severity.value == "error" for f in across):
            status = max(status, 1)
        about = Counter(f.report for f in across if f.severity.value != "info")
        for entry in entries:
            entry["across"] = about.get(entry["path"], 0) if entry["ok"] else 0
    if args.json:
        document = {
            "files": entries,
            "across": [f.to_record() for f in across],
            "exit_code": status,
        }
        print(json.dumps(document, ensure_ascii=False, indent=1))
    else:
        if across:
            print("== " + ("across reports" if en else "跨报告核对"))
            for finding in across:
                print(f"[{finding.report}] {format_findings([finding], lang=args.lang)}")
            print()
        _summary(entries, en)
    return status


#: Reports kept in memory for the checks across reports in ``check`` (a report is tens
#: of kilobytes; a larger batch is better checked in parts, or with gd.check_series).
_MAX_ACROSS = 5000


def _summary(entries: list[dict[str, Any]], en: bool) -> None:
    header = (
        ("file", "year", "errors", "warnings", "status")
        if en
        else ("文件", "年度", "错误", "警告", "状态")
    )
    rows = []
    for e in entries:
        if not e["ok"]:
            state = f"{'unreadable' if en else '无法读取'} ({e['category']})"
            rows.append((e["path"], "-", "-", "-", state))
        else:
            unchecked = e["not_checked"]
            if e["errors"]:
                state = "errors" if en else "有错误"
            elif unchecked:  # "ok" would claim what could not be checked
                state = (
                    f"ok, {unchecked} relation(s) not checked"
                    if en
                    else f"通过，{unchecked} 项关系未能核验"
                )
            else:
                state = "ok" if en else "通过"
            # warnings include the findings across reports about this file
            warnings = e["warnings"] + e.get("across", 0)
            rows.append((e["path"], str(e["year"] or "?"), str(e["errors"]), str(warnings), state))
    print("Summary" if en else "汇总 Summary")
    _print_table(header, rows)
    bad = sum(1 for e in entries if not e["ok"] or e["errors"])
    print(
        f"{len(entries)} files, {bad} {'with errors or unreadable' if en else '个有错误或无法读取'}"
    )


def _convert(args: argparse.Namespace) -> int:
    from .api import read

    try:
        if args.output != "-" and (problem := _output_problem(Path(args.output))):
            raise OutputError(f"cannot write {args.output}: {problem}")
        report = read(args.input, reader=args.reader)
        _write_output(report, args.output, args.format)
    except GovDisclosureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _consolidate(args: argparse.Namespace) -> int:
    from ._files import own_descriptor
    from .api import read_all
    from .consolidation import consolidate
    from .display import format_findings

    try:
        if args.output != "-" and (problem := _output_problem(Path(args.output))):
            raise OutputError(f"cannot write {args.output}: {problem}")
        # every report of a file that holds several (read() would take the first only)
        reports = [report for path in args.files for report in read_all(path)]
        total = consolidate(
            reports,
            agency=args.agency,
            year=args.year,
            blank_as_zero=args.blank_as_zero,
            allow_overlap=args.allow_overlap,
        )
        _write_output(total, args.output, args.format)
    except GovDisclosureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    findings = total.check().exclude("GD205")
    # with the report on standard output (-o -, /dev/stdout …), the findings go beside it
    on_stdout = args.output == "-" or own_descriptor(args.output) == 1
    print(format_findings(findings, lang=args.lang), file=sys.stderr if on_stdout else sys.stdout)
    return 0 if findings.ok else 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="gov-disclosure",
        description="Read and check 政府信息公开工作年度报告 (government information "
        "disclosure annual reports).",
    )
    parser.add_argument("--version", action="version", version=__version__)
    sub = parser.add_subparsers(dest="command", required=True)
    show = sub.add_parser(
        "show", help="read reports and print their tables and findings (default: a sample)"
    )
    show.add_argument("files", nargs="*", help="report files (default: the bundled sample)")
    show.add_argument("--reader", help="layout to use instead of detecting it")
    show.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help="labels and findings language"
    )
    show.add_argument("--blank-as-zero", action="store_true", help="treat blank cells as 0")
    show.add_argument(
        "-v", "--verbose", action="store_true", help="also list relations not evaluable"
    )
    convert = sub.add_parser("convert", help="read a report and write it as json, csv, md …")
    convert.add_argument("input", help="the report to read (any layout a reader knows)")
    convert.add_argument(
        "-o",
        "--output",
        required=True,
        help="where to write (json, csv, html, docx …; - for stdout)",
    )
    convert.add_argument("--format", help="output format (default: from the suffix)")
    convert.add_argument("--reader", help="layout to use instead of detecting it")
    merge = sub.add_parser(
        "consolidate", help="sum reports of one template and year into a region's report (汇总)"
    )
    merge.add_argument("files", nargs="+", help="the agencies' reports")
    merge.add_argument(
        "-o", "--output", required=True, help="where to write (json, csv, md …; - for stdout)"
    )
    merge.add_argument("--agency", help="the consolidated report's agency, e.g. 某县人民政府")
    merge.add_argument("--year", type=int, help="report year (default: the inputs' common year)")
    merge.add_argument("--format", help="output format (default: from the suffix)")
    merge.add_argument(
        "--blank-as-zero", action="store_true", help="sum blank cells as 0 instead of flagging"
    )
    merge.add_argument(
        "--allow-overlap",
        action="store_true",
        help="sum two reports of one agency (refused by default: counted twice?)",
    )
    merge.add_argument("--lang", choices=("zh", "en"), default="zh", help="findings language")
    batch = argparse.ArgumentParser(add_help=False)
    batch.add_argument(
        "inputs", nargs="+", metavar="FILES|DIRS|GLOBS", help="files, directories or globs"
    )
    batch.add_argument(
        "--workers",
        type=_not_negative,
        help="worker processes (default: the CPU count, at most 8; 0 reads in this process "
        "without isolation)",
    )
    batch.add_argument(
        "--timeout", type=_positive(float), default=60.0, help="seconds per file (default 60)"
    )
    batch.add_argument(
        "--max-memory",
        type=_positive(int),
        default=2048,
        help="MiB of memory per worker (default 2048)",
    )
    batch.add_argument(
        "--max-input",
        type=_positive(float),
        help="MiB per input file (default 50); larger files fail",
    )
    batch.add_argument("--max-pages", type=_positive(int), help="pages per PDF (default 200)")
    batch.add_argument("--reader", help="layout to use for every file instead of detecting it")
    batch.add_argument(
        "-q", "--quiet", action="store_true", help="no progress or summary on stderr"
    )
    read_cmd = sub.add_parser(
        "read",
        parents=[batch],
        help="read a batch into JSONL (resumable), JSON or CSV",
        description="Read many reports.  Each input's record is appended to a JSONL journal "
        "as it finishes (OUT itself, or OUT.jsonl beside a .json/.csv export); re-running with "
        "the same -o skips the inputs already done.  Exports are written atomically.",
        epilog=_READ_EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    read_cmd.add_argument("-o", "--output", required=True, help="out.jsonl, out.json or out.csv")
    read_cmd.add_argument(
        "--format",
        choices=("wide", "long"),
        default="wide",
        help="CSV layout: wide (one row per report, for Excel and panels) or long (one row "
        "per cell); default wide",
    )
    read_cmd.add_argument(
        "--restart", action="store_true", help="forget the journal and read everything again"
    )
    read_cmd.add_argument(
        "--fail-fast", action="store_true", help="stop at the first file that cannot be read"
    )
    check_cmd = sub.add_parser(
        "check",
        parents=[batch],
        help="check reports: findings per file (勾稽关系 …) and a summary",
        description="Read and check reports; print what is wrong, where, expected vs observed.",
        epilog=_EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check_cmd.add_argument("--lang", choices=("zh", "en"), default="zh", help="language (zh)")
    check_cmd.add_argument("--json", action="store_true", help="one JSON document on stdout")
    check_cmd.add_argument(
        "--select", help="only these codes or prefixes, comma-separated (e.g. GD2,GD101)"
    )
    check_cmd.add_argument("--ignore", help="leave out these codes or prefixes")
    check_cmd.add_argument("--blank-as-zero", action="store_true", help="treat blank cells as 0")
    check_cmd.add_argument(
        "-v", "--verbose", action="store_true", help="also list relations not evaluable (GD205)"
    )
    check_cmd.add_argument(
        "--no-across",
        action="store_true",
        help="skip the checks across reports (carry-over between years, copied narratives)",
    )
    plugins = sub.add_parser(
        "plugins", help="installed third-party readers, serializers and checks"
    )
    plugins.add_argument("--all", action="store_true", help="list the built-in ones too")
    plugins.add_argument("--json", action="store_true", help="as JSON")
    sub.add_parser("catalogue", help="print the findings catalogue (Markdown)")
    sub.add_parser("selftest", help="check that this environment's XML and zip protections hold")
    sub.add_parser("readers", help="list installed readers")
    sub.add_parser("serializers", help="list installed serializers")
    args = parser.parse_args(argv)
    try:
        return _dispatch(args)
    except BrokenPipeError:  # `gov-disclosure show … | head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except (OSError, GovDisclosureError) as exc:  # an output or journal not writable …
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "show":
        return _show(args)
    if args.command == "convert":
        return _convert(args)
    if args.command == "consolidate":
        return _consolidate(args)
    if args.command == "read":
        return _read(args)
    if args.command == "check":
        return _check(args)
    if args.command == "plugins":
        return _plugins(args)
    if args.command == "selftest":
        from .self_check import selftest

        try:
            for check, result in selftest().items():
                print(f"{check:<16} {result}")
        except GovDisclosureError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        return 0
    if args.command == "catalogue":
        from .findings import catalogue_markdown

        sys.stdout.write(catalogue_markdown())
        return 0
    return _list(args.command)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
