"""JSON: one document per report (``ensure_ascii=False``), exact round trip."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from .._convert import converter, report_from_dict, report_to_dict
from ..errors import ValidationError
from ..findings import Finding, Findings
from ..model import Report
from . import Serializer

__all__ = ["JsonSerializer"]


class JsonSerializer(Serializer):
    name = "json"
    suffixes = (".json",)
    media_type = "application/json"
    description = "JSON document with meta, tables (row → column → cell) and findings"

    def dumps(self, obj: Any, *, indent: int | None = 1, checks: bool = True, **_: Any) -> str:
        """A Report → one object; several reports → an array; Findings → an array.

        ``checks=False`` stores only the reader's notes, not the check findings.
        """
        if isinstance(obj, Report):
            data: Any = self._report(obj, checks)
        elif isinstance(obj, Findings):
            data = [converter.unstructure(f) for f in obj]
        elif isinstance(obj, Iterable):
            items = list(obj)
            if items and all(isinstance(f, Finding) for f in items):
                data = [converter.unstructure(f) for f in items]
            else:
                data = [self._report(r, checks) for r in items]
        else:
            raise TypeError(f"cannot write {type(obj).__name__} as JSON")
        return json.dumps(data, ensure_ascii=False, indent=indent)

    @staticmethod
    def _report(report: Report, checks: bool) -> dict[str, Any]:
        return report_to_dict(report, findings=None if checks else report.notes)

    def loads(self, data: str | bytes, **_: Any) -> Report:
        return report_from_dict(_parse(data))

    def loads_all(self, data: str | bytes) -> list[Report]:
        """The reports of one report's JSON, of a list of them (``dumps([r1, r2])``), or
        of a ``read`` export (records whose ``report`` is one, or null for a file that
        could not be read)."""
        parsed = _parse(data)
        if not isinstance(parsed, list):
            return [report_from_dict(parsed)]
        return [
            report_from_dict(item["report"] if isinstance(item, dict) and "ok" in item else item)
            for item in parsed
            if not (isinstance(item, dict) and "ok" in item and item.get("report") is None)
        ]


def _parse(data: str | bytes) -> Any:
    try:
        # strictly: json.loads of bytes lets UTF-8 of lone surrogates through
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
        parsed = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ValidationError(f"not JSON: {exc}") from exc
    if _has_surrogate(parsed):  # "\ud800": not text; no file or terminal takes it
        raise ValidationError("a string holds a lone surrogate (\\ud800 …): not text")
    return parsed


_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_surrogate(parsed: Any) -> bool:
    """Whether any key or string in parsed JSON holds a lone surrogate."""
    stack = [parsed]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False
