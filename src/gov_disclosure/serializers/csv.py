"""CSV: tidy long format (one row per cell) or wide (one row per report).

Files are written UTF-8 with a BOM so Excel shows the Chinese labels.  Text cells that
a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR) are prefixed
with ``'`` unless they are plain numbers (OWASP CSV injection); ``neutralise=False``
writes them raw.  ``loads`` reads the long format back, values exact.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from ..errors import ValidationError
from ..findings import FINDING_COLUMNS, Finding, Findings
from ..location import SourceLocation
from ..model import Cell, CellStatus, Meta, Report, SourceInfo, Table
from ..source import decode_text
from ..templates import TEMPLATES, ColumnKind, get_template
from . import Serializer

__all__ = ["LONG_COLUMNS", "CsvSerializer", "csv_text"]

LONG_COLUMNS = (
    "source",
    "agency",
    "year",
    "template",
    "table",
    "row",
    "row_label",
    "column",
    "column_label",
    "value",
    "status",
    "raw",
    "location",
)
_WIDE_META = (
    "source",
    "agency",
    "year",
    "template",
    "published",
    "findings_errors",
    "findings_warnings",
    "unread",
    "blank",
    "not_applicable",
)
#: The wide layout's value columns are empty for every cell without a value; these
#: columns say which of those the reader could not read (missing or unreadable), which
#: the document left blank and which it marked not applicable (``-``, ``无``).
_WIDE_EMPTY = {
    CellStatus.MISSING: "unread",
    CellStatus.UNREADABLE: "unread",
    CellStatus.BLANK: "blank",
    CellStatus.NOT_APPLICABLE: "not_applicable",
}
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_FRACTION = re.compile(r"^[+-]?[0-9]+\.[0-9]+$")
_INTEGER = re.compile(r"^\s*[+-]?[0-9]+\s*$")
_LOCATION_FIELDS = ("line", "cell", "page", "table", "row", "col")


def _safe(text: Any, neutralise: bool) -> Any:
    if not neutralise or not isinstance(text, str):
        return text
    if text.startswith("'") and text.lstrip("'").startswith(_FORMULA):
        return "'" + text  # so that reading strips our quote, not the text's own
    if not text.startswith(_FORMULA):
        return text
    if _PLAIN_NUMBER.match(text):
        return text
    return "'" + text


def csv_text(
    header: Sequence[str], rows: Iterable[Sequence[Any]], *, neutralise: bool = True
) -> str:
    """Any table as CSV text in our dialect (CRLF, formula-like cells neutralised).

    Write it with ``encoding="utf-8-sig"`` so that Excel opens it as UTF-8.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_safe(v, neutralise) if v is not None else "" for v in row])
    return out.getvalue()


def _unsafe(text: str) -> str:
    if text.startswith("'") and text.lstrip("'").startswith(_FORMULA):
        return text[1:]
    return text


def _value_text(value: int | Decimal | None) -> str:
    if value is None:
        return ""
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def _location_text(location: SourceLocation | None) -> str:
    if location is None:
        return ""
    return ";".join(
        f"{name}={getattr(location, name)}"
        for name in _LOCATION_FIELDS
        if getattr(location, name) is not None
    )


def _location_in(text: str) -> SourceLocation | None:
    if not text:
        return None
    fields = {}
    for part in text.split(";"):
        name, _, number = part.partition("=")
        if name not in _LOCATION_FIELDS:
            raise ValueError(f"bad location {text!r}")
        fields[name] = int(number)
    return SourceLocation(**fields)


class CsvSerializer(Serializer):
    name = "csv"
    suffixes = (".csv",)
    media_type = "text/csv"
    file_encoding = "utf-8-sig"
    description = "CSV, long (one row per cell) or wide (one row per report)"

    def dumps(self, obj: Any, *, layout: str = "long", neutralise: bool = True, **_: Any) -> str:
        if isinstance(obj, Findings) or (
            isinstance(obj, (list, tuple)) and obj and all(isinstance(f, Finding) for f in obj)
        ):
            return self._findings(obj, neutralise)
        reports = [obj] if isinstance(obj, Report) else list(obj)
        if layout == "long":
            return self._long(reports, neutralise)
        if layout == "wide":
            return self._wide(reports, neutralise)
        raise ValueError(f"layout must be 'long' or 'wide', not {layout!r}")

    def _long(self, reports: Iterable[Report], neutralise: bool) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(LONG_COLUMNS)
        for report in reports:
            template = report.template
            for table in report.tables.values():
                spec = template.table(table.key)
                for cell in table.cells:
                    row = spec.row(cell.row)
                    column = spec.column(cell.row, cell.column)
                    writer.writerow(
                        [
                            _safe(report.source.name or "", neutralise),
                            _safe(report.meta.agency or "", neutralise),
                            report.meta.year if report.meta.year is not None else "",
                            report.meta.template,
                            table.key,
                            cell.row,
                            row.path,
                            cell.column,
                            column.path,
                            _value_text(cell.value),
                            cell.status.value,
                            _safe(cell.raw, neutralise) if cell.raw is not None else "",
                            _location_text(cell.location),
                        ]
                    )
        return out.getvalue()

    def _wide(self, reports: list[Report], neutralise: bool) -> str:
        columns: list[str] = []
        for template_id in sorted({r.meta.template for r in reports}, reverse=True):
            for ref in TEMPLATES[template_id].cell_refs():
                name = f"{ref.table}.{ref.row}.{ref.column}"
                if name not in columns:
                    columns.append(name)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([*_WIDE_META, *columns])
        for report in reports:
            values: dict[str, str] = {}
            empty: dict[str, list[str]] = {"unread": [], "blank": [], "not_applicable": []}
            for table in report.tables.values():
                for c in table.cells:
                    name = f"{table.key}.{c.row}.{c.column}"
                    values[name] = _value_text(c.value)
                    if c.status is not CellStatus.VALUE:
                        empty[_WIDE_EMPTY[c.status]].append(name)
            meta = report.meta
            findings = report.check()
            writer.writerow(
                [
                    _safe(report.source.name or "", neutralise),
                    _safe(meta.agency or "", neutralise),
                    meta.year if meta.year is not None else "",
                    meta.template,
                    meta.published.isoformat() if meta.published else "",
                    len(findings.errors),
                    len(findings.warnings),
                    *(";".join(names) for names in empty.values()),
                    *(values.get(name, "") for name in columns),
                ]
            )
        return out.getvalue()

    def _findings(self, findings: Iterable[Finding], neutralise: bool) -> str:
        records = [f.to_record() for f in findings]
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=FINDING_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        for record in records:
            writer.writerow({k: _safe(v, neutralise) for k, v in record.items()})
        return out.getvalue()

    def loads(self, data: str | bytes, **_: Any) -> Report:
        """Read the long format of one report back (meta: source, agency, year, template).

        Bytes are decoded as report text is (BOM, UTF-8, GB18030 as Excel saves on
        Chinese Windows, UTF-16).  Exactly one report: one row for every cell of its
        template, all with the same source, agency, year and template, else refused.
        """
        if isinstance(data, bytes):
            data = decode_text(data).text
        data = data.removeprefix("\ufeff")
        try:
            reader = csv.DictReader(io.StringIO(data))
            rows = list(reader)
            if not rows or tuple(reader.fieldnames or ()) != LONG_COLUMNS:
                raise ValueError("not a long-format gov_disclosure CSV")
            for number, r in enumerate(rows, start=2):
                if None in r or any(v is None for v in r.values()):
                    raise ValueError(
                        f"line {number} has {'more' if None in r else 'fewer'} "
                        f"fields than the header"
                    )
            first = rows[0]
            who = ("source", "agency", "year", "template")
            if any(r[k] != first[k] for r in rows for k in who):
                raise ValueError(
                    "the CSV holds several reports (source, agency, year or template "
                    "differ); split it first"
                )
            template = get_template(first["template"])
            given: dict[tuple[str, str, str], dict[str, str]] = {}
            for r in rows:
                key = (r["table"], r["row"], r["column"])
                if key in given:
                    raise ValueError(
                        f"cell {'.'.join(key)} appears twice: several reports in one CSV?"
                    )
                given[key] = r
            expected = {(ref.table, ref.row, ref.column) for ref in template.cell_refs()}
            unknown = sorted(set(given) - expected)
            if unknown:
                raise ValueError(f"cell {'.'.join(unknown[0])} is not in template {template.id}")
            absent = sorted(expected - set(given))
            if absent:
                raise ValueError(f"cell {'.'.join(absent[0])} has no row")
            tables = {}
            for spec in template.tables:
                cells = []
                for ref in spec.cell_refs():
                    r = given[(ref.table, ref.row, ref.column)]
                    kind = spec.column(ref.row, ref.column).kind
                    text = r["value"]
                    value: int | Decimal | None = None
                    if text != "":
                        # a count may hold a fraction (a misprint the checks flag, GD302);
                        # anything else there (1e3, Excel's 1.23E+11) is refused
                        if kind is ColumnKind.AMOUNT or _FRACTION.match(text):
                            value = Decimal(text)
                        elif _INTEGER.match(text):
                            value = int(text)
                        else:
                            raise ValueError(f"not a count: {text!r}")
                    status = CellStatus(r["status"])
                    raw = (
                        _unsafe(r["raw"])
                        if (r["raw"] or status is not CellStatus.MISSING)
                        else None
                    )
                    cells.append(
                        Cell(ref.row, ref.column, status, value, raw, _location_in(r["location"]))
                    )
                tables[spec.key] = Table(spec.key, tuple(cells))
            meta = Meta(
                template=template.id,
                agency=_unsafe(first["agency"]) or None,
                year=int(first["year"]) if first["year"] else None,
            )
            return Report(
                meta=meta,
                active=tables["active"],
                applications=tables["applications"],
                appeals=tables["appeals"],
                source=SourceInfo(name=_unsafe(first["source"]) or None),
            )
        except ValidationError:
            raise
        except (KeyError, ValueError, ArithmeticError, csv.Error) as exc:
            raise ValidationError(f"not a valid report CSV: {exc}") from exc
