"""The report model: immutable, dumb records.  No I/O, no format knowledge.

A :class:`Report` holds the metadata, where it came from, the narrative sections and the
three tables of the template, each cell with its value, status, raw text and location.

>>> from gov_disclosure.model import Report
>>> report = Report.from_values("2021", {"applications": {"received": {"total": 3}}})
>>> report.applications["received", "total"]
3
>>> report.applications.cell("granted", "total").status.value
'missing'
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any

import attrs

from .errors import ValidationError
from .findings import Finding, Findings
from .location import SourceLocation
from .templates import ColumnKind, Template, get_template

__all__ = [
    "Cell",
    "CellStatus",
    "Meta",
    "Report",
    "Section",
    "SourceInfo",
    "Table",
    "Value",
]

Value = int | Decimal


class CellStatus(str, enum.Enum):
    """What a cell holds.  Only ``VALUE`` cells have a value; nothing else is zero."""

    VALUE = "value"
    BLANK = "blank"  # present in the source, empty
    NOT_APPLICABLE = "not_applicable"  # -, —, /, 无, 不适用
    MISSING = "missing"  # not in the source at all (or not found)
    UNREADABLE = "unreadable"  # present, but could not be read or placed with certainty


def _check_value(instance: Cell, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is int and instance.status is CellStatus.VALUE:
        return  # the common case, and a valid one (bool is not int here)
    if value is None:
        if instance.status is CellStatus.VALUE:
            raise ValidationError(
                f"cell {instance.row}/{instance.column}: status value needs a value"
            )
        return
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise ValidationError(
            f"cell {instance.row}/{instance.column}: value must be int or Decimal, "
            f"not {type(value).__name__}"
        )
    if instance.status is not CellStatus.VALUE:
        raise ValidationError(
            f"cell {instance.row}/{instance.column}: a {instance.status.value} cell has no value"
        )
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValidationError(f"cell {instance.row}/{instance.column}: value must be finite")


@attrs.frozen(slots=True)
class Cell:
    """One table cell.  ``raw`` is the source text (``None`` when the cell is missing)."""

    row: str
    column: str
    status: CellStatus
    value: Value | None = attrs.field(default=None, validator=_check_value)
    raw: str | None = None
    location: SourceLocation | None = None

    @classmethod
    def of(cls, row: str, column: str, value: Value | None, raw: str | None = None) -> Cell:
        """A cell with a value, or a blank one when ``value`` is None."""
        if value is None:
            return cls(row, column, CellStatus.BLANK, None, "" if raw is None else raw)
        return cls(row, column, CellStatus.VALUE, value, str(value) if raw is None else raw)

    @classmethod
    def missing(cls, row: str, column: str) -> Cell:
        return cls(row, column, CellStatus.MISSING)

    @property
    def has_value(self) -> bool:
        return self.status is CellStatus.VALUE


@attrs.frozen(slots=True, repr=False)
class Table:
    """One of the three tables: ``active`` (二), ``applications`` (三), ``appeals`` (四).

    Index with ``table[row, column]`` for the value (``None`` unless the cell has a
    value) and ``table.cell(row, column)`` for the whole :class:`Cell`.
    """

    key: str
    cells: tuple[Cell, ...]
    _index: Mapping[tuple[str, str], Cell] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        index = {(c.row, c.column): c for c in self.cells}
        if len(index) != len(self.cells):
            raise ValidationError(f"table {self.key}: duplicate cells")
        object.__setattr__(self, "_index", MappingProxyType(index))

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as its key and cells (the index is rebuilt): batches send reports so."""
        return (Table, (self.key, self.cells))

    def __repr__(self) -> str:
        """Short: how many cells hold what (``to_dict()`` or ``cells`` show them all)."""
        counts: dict[str, int] = {}
        for cell in self.cells:
            counts[cell.status.value] = counts.get(cell.status.value, 0) + 1
        held = "".join(f" {status}={n}" for status, n in counts.items())
        return f"<Table {self.key} cells={len(self.cells)}{held}>"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    def __getitem__(self, key: tuple[str, str]) -> Value | None:
        return self.cell(*key).value

    def cell(self, row: str, column: str) -> Cell:
        try:
            return self._index[(row, column)]
        except KeyError:
            raise KeyError(f"{self.key} has no cell [{row!r}, {column!r}]") from None

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def get(self, key: tuple[str, str], default: Value | None = None) -> Value | None:
        """The value at ``(row, column)``, or ``default`` when the table has no such cell."""
        cell = self._index.get(key)
        return default if cell is None else cell.value

    def __iter__(self) -> Iterator[Cell]:
        return iter(self.cells)

    def __len__(self) -> int:
        return len(self.cells)

    @property
    def rows(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.row for c in self.cells))

    def row(self, row: str) -> Mapping[str, Value | None]:
        """One row as ``{column: value}``."""
        return {c.column: c.value for c in self.cells if c.row == row}

    def to_dict(self) -> dict[str, dict[str, Value | None]]:
        """``{row: {column: value}}`` — handy in a notebook."""
        out: dict[str, dict[str, Value | None]] = {}
        for c in self.cells:
            out.setdefault(c.row, {})[c.column] = c.value
        return out


@attrs.frozen(slots=True)
class Meta:
    """What the report is: who, which year, which template, and the evidence for it."""

    template: str
    agency: str | None = None
    year: int | None = None
    title: str | None = None
    published: _dt.date | None = None
    #: ``"agency"`` (one body), ``"consolidated"`` (a region's sum), or None when unknown.
    scope: str | None = None
    #: Labels and other clues that decided the template.
    template_evidence: tuple[str, ...] = ()
    #: 发布机构 / 信息来源 as printed on the page, when present.
    publisher: str | None = None
    #: 索引号 when present.
    index_number: str | None = None
    #: For a consolidated report: the sources it sums.
    inputs: tuple[str, ...] = ()


@attrs.frozen(slots=True)
class SourceInfo:
    """Where the report was read from and how."""

    name: str | None = None
    sha256: str | None = None
    reader: str | None = None
    reader_version: str | None = None
    media_type: str | None = None
    encoding: str | None = None
    #: How the encoding was chosen: ``bom``, ``utf-8``, ``declared``, ``plausibility``.
    encoding_method: str | None = None
    #: Which report of a file holding several (1, 2 …; ``gd.read_all``), else None.
    part: int | None = None


@attrs.frozen(slots=True)
class Section:
    """A narrative section (一 总体情况, 五 问题及改进, 六 其他事项) as text."""

    number: int
    title: str
    text: str
    location: SourceLocation | None = None


def _check_tables(instance: Report, attribute: attrs.Attribute[Any], value: object) -> None:
    try:
        template = get_template(instance.meta.template)
    except KeyError as exc:
        raise ValidationError(str(exc)) from None
    for spec, table in zip(
        template.tables, (instance.active, instance.applications, instance.appeals), strict=False
    ):
        observed = tuple((c.row, c.column) for c in table.cells)
        if table.key != spec.key or observed != spec.cell_keys:
            raise ValidationError(
                f"table {spec.key} does not have the cells of template {template.id} "
                "in template order"
            )
        for position in spec.amount_positions:
            cell = table.cells[position]
            if cell.value is not None and not isinstance(cell.value, Decimal):
                raise ValidationError(f"{spec.key}[{cell.row}, {cell.column}] must be a Decimal")


@attrs.frozen(slots=True, repr=False)
class Report:
    """One annual report, read and structured.

    Built by the interpreter (``gov_disclosure.read``), by :meth:`from_values`, or by
    ``gov_disclosure.loads``.  Use :func:`attrs.evolve` to derive a changed copy.
    """

    meta: Meta
    active: Table
    applications: Table
    appeals: Table = attrs.field(validator=_check_tables)
    source: SourceInfo = SourceInfo()
    narrative: tuple[Section, ...] = ()
    #: What the reader guessed or could not do (origin ``"reader"``).
    notes: tuple[Finding, ...] = ()

    def __repr__(self) -> str:
        filled = sum(1 for c in self.cells() if c.status is CellStatus.VALUE)
        total = sum(1 for _ in self.cells())
        return (
            f"<Report {self.meta.agency or '?'} {self.meta.year or '?'} "
            f"template={self.meta.template} cells={filled}/{total} "
            f"notes={len(self.notes)} source={self.source.name!r}>"
        )

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """IPython (and hypothesis) pretty-printing: the short form, not every cell."""
        printer.text(repr(self))

    # ---- convenient access
    @property
    def template(self) -> Template:
        return get_template(self.meta.template)

    @property
    def year(self) -> int | None:
        return self.meta.year

    @property
    def agency(self) -> str | None:
        return self.meta.agency

    @property
    def tables(self) -> Mapping[str, Table]:
        return MappingProxyType(
            {"active": self.active, "applications": self.applications, "appeals": self.appeals}
        )

    def table(self, key: str) -> Table:
        return self.tables[key]

    def cells(self) -> Iterator[Cell]:
        yield from self.active.cells
        yield from self.applications.cells
        yield from self.appeals.cells

    def section(self, number: int) -> Section | None:
        for section in self.narrative:
            if section.number == number:
                return section
        return None

    def with_value(self, table: str, row: str, column: str, value: Value | None) -> Report:
        """A copy with one cell replaced: a value, or ``None`` for blank.

        The cell keeps its location; its raw text becomes the new value's.  Use it to
        correct a misprinted cell before summing, or to try what a check says.
        """
        old = self.table(table).cell(row, column)
        if value is None:
            new = attrs.evolve(old, value=None, status=CellStatus.BLANK, raw="")
        else:
            new = attrs.evolve(old, value=value, status=CellStatus.VALUE, raw=str(value))
        cells = tuple(new if c is old else c for c in self.table(table).cells)
        tables = dict(self.tables) | {table: Table(table, cells)}
        return attrs.evolve(
            self,
            active=tables["active"],
            applications=tables["applications"],
            appeals=tables["appeals"],
        )

    def check(self, *, blank_as_zero: bool = False, **options: Any) -> Findings:
        """Reader notes followed by every check's findings.  Never raises for bad data.

        ``blank_as_zero=True`` treats blank cells as 0 in arithmetic checks.
        """
        from .checks import run_checks  # checks depend on the model, not the reverse

        return Findings(self.notes) + run_checks(self, blank_as_zero=blank_as_zero, **options)

    def to_frame(self) -> Any:
        """A long pandas DataFrame, one row per cell (needs the ``pandas`` extra)."""
        from .frames import to_frame

        return to_frame(self)

    def _repr_html_(self) -> str:
        """Jupyter: the three tables with cells in error highlighted, then the findings."""
        from .display import report_html

        return report_html(self)

    # ---- construction helpers
    @classmethod
    def from_values(
        cls,
        template: str,
        tables: Mapping[str, Mapping[str, Any]],
        *,
        meta: Meta | None = None,
        **meta_fields: Any,
    ) -> Report:
        """Build a report from plain values, e.g. a truth file.

        ``tables`` maps ``active``/``applications``/``appeals`` to ``{row: {column: value}}``;
        a single-column row may be given as ``{row: value}``.  ``None`` means blank; a cell
        not given at all is missing.  Strings become ``Decimal`` in amount columns.
        """
        spec = get_template(template)
        built: dict[str, Table] = {}
        for table_spec in spec.tables:
            given = tables.get(table_spec.key, {})
            cells = []
            for ref in table_spec.cell_refs():
                row_values = given.get(ref.row, _ABSENT)
                if row_values is not _ABSENT and not isinstance(row_values, Mapping):
                    only = table_spec.row(ref.row).columns
                    if len(only) != 1:
                        raise ValidationError(f"{ref}: row {ref.row} needs a {{column: value}} map")
                    row_values = {only[0].key: row_values}
                value = _ABSENT if row_values is _ABSENT else row_values.get(ref.column, _ABSENT)
                if value is _ABSENT:
                    cells.append(Cell.missing(ref.row, ref.column))
                    continue
                kind = table_spec.column(ref.row, ref.column).kind
                cells.append(Cell.of(ref.row, ref.column, _coerce(value, kind)))
            built[table_spec.key] = Table(table_spec.key, tuple(cells))
        if meta is None:
            meta = Meta(template=template, **meta_fields)
        return cls(
            meta=meta,
            active=built["active"],
            applications=built["applications"],
            appeals=built["appeals"],
        )


_ABSENT: Any = object()


def _coerce(value: object, kind: ColumnKind) -> Value | None:
    if value is None:
        return None
    if isinstance(value, (bool, float)):
        raise ValidationError(f"{value!r}: use int or Decimal (or a decimal string), never float")
    try:
        if kind is ColumnKind.AMOUNT:
            if isinstance(value, (int, Decimal, str)):
                return Decimal(value)
            raise ValidationError(f"{value!r} is not an amount")
        if isinstance(value, str):
            return int(value)
    except (InvalidOperation, ValueError):
        raise ValidationError(f"{value!r} is not a number") from None
    if isinstance(value, (int, Decimal)):
        return value
    raise ValidationError(f"{value!r} is not a count")
