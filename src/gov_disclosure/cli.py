"""The ``gov-disclosure`` command (also ``python -m gov_disclosure``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__
from .errors import GovDisclosureError

__all__ = ["main"]


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
        print(format_report(report))
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


def _convert(args: argparse.Namespace) -> int:
    from .api import dump, read

    try:
        report = read(args.input, reader=args.reader)
        dump(report, args.output, format=args.format)
    except GovDisclosureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _consolidate(args: argparse.Namespace) -> int:
    from .api import dump, read
    from .consolidate import consolidate
    from .display import format_findings

    try:
        reports = [read(path) for path in args.files]
        total = consolidate(
            reports, agency=args.agency, year=args.year, blank_as_zero=args.blank_as_zero
        )
        dump(total, args.output, format=args.format)
    except GovDisclosureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    findings = total.check().exclude("GD205")
    print(format_findings(findings, lang=args.lang))
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
    show.add_argument("--lang", choices=("zh", "en"), default="zh", help="findings language")
    show.add_argument("--blank-as-zero", action="store_true", help="treat blank cells as 0")
    show.add_argument(
        "-v", "--verbose", action="store_true", help="also list relations not evaluable"
    )
    convert = sub.add_parser("convert", help="read a report and write it as json, csv, md …")
    convert.add_argument("input")
    convert.add_argument("-o", "--output", required=True)
    convert.add_argument("--format", help="output format (default: from the suffix)")
    convert.add_argument("--reader", help="layout to use instead of detecting it")
    merge = sub.add_parser(
        "consolidate", help="sum reports of one template and year into a region's report (汇总)"
    )
    merge.add_argument("files", nargs="+", help="the agencies' reports")
    merge.add_argument("-o", "--output", required=True, help="where to write (json, csv, md …)")
    merge.add_argument("--agency", help="the consolidated report's agency, e.g. 某县人民政府")
    merge.add_argument("--year", type=int, help="report year (default: the inputs' common year)")
    merge.add_argument("--format", help="output format (default: from the suffix)")
    merge.add_argument(
        "--blank-as-zero", action="store_true", help="sum blank cells as 0 instead of flagging"
    )
    merge.add_argument("--lang", choices=("zh", "en"), default="zh", help="findings language")
    sub.add_parser("catalogue", help="print the findings catalogue (Markdown)")
    sub.add_parser("selftest", help="check that this environment's XML and zip protections hold")
    sub.add_parser("readers", help="list installed readers")
    sub.add_parser("serializers", help="list installed serializers")
    args = parser.parse_args(argv)
    if args.command == "show":
        return _show(args)
    if args.command == "convert":
        return _convert(args)
    if args.command == "consolidate":
        return _consolidate(args)
    if args.command == "selftest":
        from .selftest import selftest

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
