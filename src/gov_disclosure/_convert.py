"""The library's one cattrs converter: Report ⇄ plain data (JSON-ready dicts).

Only serializers import this module; the model knows nothing of it.
"""

from __future__ import annotations

import datetime as _dt
import typing
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_unstructure_fn

from .errors import ValidationError
from .findings import Finding
from .location import SourceLocation
from .model import Cell, CellStatus, Meta, Report, Section, SourceInfo, Table
from .templates import get_template

__all__ = ["SCHEMA", "SCHEMA_VERSION", "converter", "report_from_dict", "report_to_dict"]

SCHEMA = "gov_disclosure.report"
SCHEMA_VERSION = 1

converter = cattrs.Converter()


def _is_value_type(tp: Any) -> bool:
    """``int | Decimal | None`` (Finding.expected/observed), however it is spelled."""
    return set(typing.get_args(tp)) == {int, Decimal, type(None)}


def _value_out(value: int | Decimal | None) -> int | str | None:
    # Decimals travel as strings so no JSON reader turns 96171.6 into a float
    return format(value, "f") if isinstance(value, Decimal) else value


def _value_in(data: Any, _: Any = None) -> int | Decimal | None:
    if data is None:
        return None
    if isinstance(data, bool):
        raise ValueError("a value cannot be a boolean")
    if isinstance(data, int):
        if abs(data) >= _MAX_INT:  # its sums would not even print (4300 digits)
            raise ValueError(f"a count of more than {_MAX_DIGITS} digits")
        return data
    if isinstance(data, str):
        return _decimal_in(data)
    raise ValueError(f"a value must be an integer or a decimal string, not {type(data).__name__}")


#: Digits a count read from JSON may have: far beyond any report's figure (readers take
#: at most 30), and sums of millions of them still print.
_MAX_DIGITS = 64
_MAX_INT = 10**_MAX_DIGITS


def _decimal_in(data: Any, _: Any = None) -> Decimal:
    """A finite decimal whose digits, written out in full as we write them, are not
    much longer than its text: ``1e99999999`` is a few bytes that write out as 100 MB.
    What we write in full reads back (its text is as long as its digits)."""
    try:
        value = Decimal(data)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"not a decimal: {str(data)[:40]!r}") from None
    if not value.is_finite():
        raise ValueError(f"not a finite decimal: {str(data)[:40]!r}")
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite
    written = len(digits) + max(exponent, 0) + max(-exponent - len(digits), 0)
    if written > len(str(data)) + _MAX_DIGITS:
        raise ValueError(f"a decimal that writes out as {written} digits: {str(data)[:40]!r}")
    return value


converter.register_unstructure_hook(Decimal, lambda d: format(d, "f"))
converter.register_structure_hook(Decimal, _decimal_in)
converter.register_unstructure_hook(_dt.date, lambda d: d.isoformat())
converter.register_structure_hook(_dt.date, lambda d, _: _dt.date.fromisoformat(d))
converter.register_structure_hook_func(_is_value_type, _value_in)
converter.register_unstructure_hook_func(_is_value_type, _value_out)
for _cls in (SourceLocation, Meta, SourceInfo, Section, Finding):
    attrs.resolve_types(_cls)
    converter.register_unstructure_hook(
        _cls, make_dict_unstructure_fn(_cls, converter, _cattrs_omit_if_default=True)
    )


def _cell_out(cell: Cell) -> dict[str, Any]:
    out: dict[str, Any] = {"value": _value_out(cell.value), "status": cell.status.value}
    if cell.raw is not None:
        out["raw"] = cell.raw
    if cell.location is not None:
        out["location"] = converter.unstructure(cell.location)
    return out


def _table_out(table: Table) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for cell in table.cells:
        rows.setdefault(cell.row, {})[cell.column] = _cell_out(cell)
    return rows


def report_to_dict(
    report: Report, *, findings: tuple[Finding, ...] | None = None
) -> dict[str, Any]:
    """The JSON document for one report.  ``findings`` defaults to ``report.check()``."""
    if findings is None:
        findings = tuple(report.check())
    out: dict[str, Any] = {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "meta": converter.unstructure(report.meta),
        "source": converter.unstructure(report.source),
        "narrative": [converter.unstructure(s) for s in report.narrative],
        "tables": {key: _table_out(table) for key, table in report.tables.items()},
        "findings": [converter.unstructure(f) for f in findings],
    }
    return out


def _cell_in(row: str, column: str, data: Any) -> Cell:
    if not isinstance(data, dict):
        raise ValueError(f"cell {row}/{column} must be an object")
    location = data.get("location")
    return Cell(
        row,
        column,
        CellStatus(data["status"]),
        _value_in(data.get("value")),
        data.get("raw"),
        converter.structure(location, SourceLocation) if location is not None else None,
    )


def report_from_dict(data: Any) -> Report:
    """Rebuild a Report from :func:`report_to_dict` output.  Raises ValidationError."""
    try:
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            raise ValueError(f"not a {SCHEMA} document")
        if data.get("schema_version") != SCHEMA_VERSION:
            raise ValueError(f"unsupported schema_version {data.get('schema_version')!r}")
        meta = converter.structure(data["meta"], Meta)
        template = get_template(meta.template)
        tables = {}
        for spec in template.tables:
            given = data["tables"][spec.key]
            cells = tuple(
                _cell_in(ref.row, ref.column, given[ref.row][ref.column])
                for ref in spec.cell_refs()
            )
            tables[spec.key] = Table(spec.key, cells)
        findings = [converter.structure(f, Finding) for f in data.get("findings", [])]
        return Report(
            meta=meta,
            active=tables["active"],
            applications=tables["applications"],
            appeals=tables["appeals"],
            source=converter.structure(data.get("source", {}), SourceInfo),
            narrative=tuple(converter.structure(s, Section) for s in data.get("narrative", [])),
            notes=tuple(f for f in findings if f.origin == "reader"),
        )
    except ValidationError:
        raise
    except (cattrs.BaseValidationError, KeyError, ValueError, TypeError) as exc:
        raise ValidationError(f"not a valid report document: {exc}") from exc
