"""Parsing one cell's text into a value: the only number parser in the library.

>>> parse_cell(" 1,234\u00a0", ColumnKind.COUNT).value
1234
>>> parse_cell("12 34", ColumnKind.COUNT).status.value  # two numbers run together?
'unreadable'
>>> parse_cell("2792220.8元", ColumnKind.AMOUNT).value
Decimal('279.22208')
>>> parse_cell("—", ColumnKind.COUNT).status.value
'not_applicable'
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import attrs

from ._cache import text_cache
from .model import CellStatus, Value
from .templates import ColumnKind

__all__ = [
    "NOT_APPLICABLE_MARKERS",
    "UNREADABLE_MARKERS",
    "ParsedCell",
    "looks_like_number",
    "looks_like_number_piece",
    "looks_like_value",
    "parse_cell",
    "shift",
]

#: Cell texts meaning "not applicable" (FORMATS.md §4.3).  Never zero.
NOT_APPLICABLE_MARKERS = frozenset(
    {"-", "--", "—", "——", "–", "/", "无", "不适用", "n/a", "na", "/ ", "\\", "×"}
)

#: What our writers put in a cell that could not be read (its raw text may look like a
#: number, "0" of two disagreeing readings): read back as unreadable, never as a value.
UNREADABLE_MARKERS = frozenset({"?", "？"})

_SPACES = re.compile(r"[\s\u00a0\u3000\u2000-\u200b\ufeff]+")
# ASCII digits only: \d would accept Arabic-Indic and other scripts' digits
# at most 30 digits before the point, grouped or not: no report's figure is longer
_NUMBER = re.compile(r"^[+-]?(?:[0-9]{1,3}(?:,[0-9]{3}){1,9}|[0-9]{1,30})(?:\.[0-9]{1,12})?$")
_UNIT = re.compile(r"(万元|元|件|个|项|条)$")
# starts like a number and has no ideographs: a (possibly garbled) value, not a label
_NUMBERISH = re.compile(r"^[+-]?\d[^\u3400-\u9fff\uf900-\ufaff]*$")
# Only the full-width forms of what a number is made of.  NFKC would also turn ①, ⁵ and
# ₀ into digits and glue a footnote mark onto a value (7① → 71).
_FULLWIDTH = str.maketrans(
    {**{0xFF10 + i: str(i) for i in range(10)}, 0xFF0C: ",", 0xFF0E: ".", 0xFF0B: "+", 0xFF0D: "-"}
)
_UNIT_SPACE = re.compile(r" (万元|元|件|个|项|条)$")


def shift(amount: Decimal, places: int) -> Decimal:
    """``amount`` × 10^places, exactly (division and ``scaleb`` round to the context's
    28 digits; a cell may hold up to 42)."""
    sign, digits, exponent = amount.as_tuple()
    if not isinstance(exponent, int):  # not finite: never parsed from digits
        return amount
    return Decimal((sign, digits, exponent + places))


@attrs.frozen(slots=True)
class ParsedCell:
    status: CellStatus
    value: Value | None = None
    #: Why the text could not be read, or what was converted (for a finding).
    problem: str | None = None
    converted_unit: bool = False
    #: The money unit written in the cell (``元``, ``万元``), if any.
    stated_unit: str | None = None


def _clean(text: str) -> str:
    """Full-width digits and signs made ASCII, outer whitespace removed; inner whitespace
    is kept (and refused later)."""
    text = text.translate(_FULLWIDTH)
    text = _SPACES.sub(" ", text).strip()
    return _UNIT_SPACE.sub(r"\1", text)


_PIECE = re.compile(r"^(?:[.,][0-9][0-9,.]*(?:万元|元)?|万元|元)$")


def looks_like_number(text: str) -> bool:
    """A plain number (``5``, ``1,234``, ``-3``, ``0.5``) — not a date, a phone number
    or a not-applicable mark, which :func:`looks_like_value` also admits."""
    return _NUMBER.match(_clean(text)) is not None


def looks_like_number_piece(text: str) -> bool:
    """The rest of a number wrapped across lines: ``.56``, ``,567`` or a lone unit
    (``元``) — not a value on its own, and not a label either."""
    return _PIECE.match(_clean(text)) is not None


def _why_not(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if len(lines) > 1 and all(
        looks_like_number(line) or looks_like_number_piece(line) for line in lines
    ):
        return (
            f"numbers on {len(lines)} lines ({' / '.join(lines)}): one number wrapped across "
            "lines, or a number and a page number; the text cannot say which"
        )
    return f"not a number: {text.strip()!r}"


@text_cache(maxsize=8192)
def looks_like_value(text: str) -> bool:
    """Whether a cell's text is a value (number, blank or not-applicable marker) rather
    than a label.  Used by the interpreter to tell label cells from value cells.

    Number-like junk such as ``1 2`` or ``3.5.1`` counts as a value: it is then placed
    and reported unreadable, instead of being mistaken for a row label.
    """
    cleaned = _clean(text)
    if not cleaned or cleaned.lower() in NOT_APPLICABLE_MARKERS or cleaned in UNREADABLE_MARKERS:
        return True
    cleaned = _UNIT.sub("", cleaned)
    return bool(_NUMBER.match(cleaned) or _NUMBERISH.match(cleaned))


@text_cache(maxsize=8192)
def parse_cell(text: str, kind: ColumnKind) -> ParsedCell:
    """Parse a cell for a column of the given kind.  Never raises."""
    cleaned = _clean(text)
    if not cleaned:
        return ParsedCell(CellStatus.BLANK)
    if cleaned.lower() in NOT_APPLICABLE_MARKERS:
        return ParsedCell(CellStatus.NOT_APPLICABLE)
    if cleaned in UNREADABLE_MARKERS:
        return ParsedCell(CellStatus.UNREADABLE, problem="marked as unreadable (?)")
    unit_match = _UNIT.search(cleaned)
    unit = unit_match.group(1) if unit_match else None
    number = cleaned[: unit_match.start()] if unit_match else cleaned
    if not _NUMBER.match(number):
        return ParsedCell(CellStatus.UNREADABLE, problem=_why_not(text))
    number = number.replace(",", "")
    if kind is ColumnKind.AMOUNT:
        if unit not in (None, "万元", "元"):
            return ParsedCell(CellStatus.UNREADABLE, problem=f"unit {unit} in an amount column")
        try:
            amount = Decimal(number)
        except InvalidOperation:  # pragma: no cover - the regex admits only decimals
            return ParsedCell(CellStatus.UNREADABLE, problem=f"not a number: {text!r}")
        if unit == "元":
            return ParsedCell(
                CellStatus.VALUE, shift(amount, -4), converted_unit=True, stated_unit=unit
            )
        return ParsedCell(CellStatus.VALUE, amount, stated_unit=unit)
    if unit in ("万元", "元"):
        return ParsedCell(
            CellStatus.UNREADABLE, problem=f"a money amount in a count column: {text!r}"
        )
    if "." in number:
        return ParsedCell(
            CellStatus.UNREADABLE, problem=f"a count must be a whole number: {text!r}"
        )
    return ParsedCell(CellStatus.VALUE, int(number))
