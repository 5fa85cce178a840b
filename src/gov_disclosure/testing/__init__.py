"""Test helpers for this library and for plugin authors (needs the ``testing`` extra).

* :func:`reports` — hypothesis strategy of consistent reports for either template,
  built bottom-up so every relation holds; values distinct and non-zero by default;
* :func:`perturbations` — a report with one cell changed so that at least one error
  check must fire, together with the changed cell;
* :func:`assert_reader_conforms` — render generated reports with a writer, read them
  back with a reader, and require identical values.

>>> from gov_disclosure.testing import reports  # doctest: +SKIP
>>> @given(reports("2021"))                       # doctest: +SKIP
... def test_my_thing(report): ...
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        'gov_disclosure.testing needs hypothesis: pip install "gov-disclosure[testing]"'
    ) from exc

from ..model import Cell, CellStatus, Meta, Report, Section, Table
from ..templates import CellRef, ColumnKind, Template, get_template

__all__ = [
    "assert_reader_conforms",
    "assert_same_values",
    "perturbations",
    "reports",
    "value_differences",
]

_AGENCIES = ("米易县公共资源交易中心", "淮安市人民政府办公室", "金寨县财政局", "石嘴山市自然资源局")
_OUTCOME_GROUP = "三、本年度办理结果"


def _leaf_values(draw: st.DrawFn, count: int, distinct: bool, max_value: int) -> list[int]:
    if distinct:
        values: list[int] = draw(
            st.lists(st.integers(1, max_value), min_size=count, max_size=count, unique=True)
        )
        return values
    return [draw(st.integers(0, max_value)) for _ in range(count)]


@st.composite
def _report(
    draw: st.DrawFn,
    template_id: str | None,
    distinct: bool,
    blanks: bool,
    max_value: int,
) -> Report:
    template = get_template(template_id or draw(st.sampled_from(["2021", "2019"])))
    values: dict[CellRef, int | Decimal | None] = {}
    apps = template.table("applications")
    applicant = [c.key for c in apps.rows[0].columns][:-1]
    outcomes = [r.key for r in apps.rows if r.groups[:1] == (_OUTCOME_GROUP,) and r.key != "total"]
    # leaves: every outcome row and carried_forward, per applicant column
    leaf_rows = [*outcomes, "carried_forward"]
    leaves = iter(_leaf_values(draw, len(leaf_rows) * len(applicant), distinct, max_value))
    for leaf_row in leaf_rows:
        for col in applicant:
            values[CellRef("applications", leaf_row, col)] = next(leaves)
    for col in applicant:
        total = sum(int(values[CellRef("applications", r, col)] or 0) for r in outcomes)
        values[CellRef("applications", "total", col)] = total
        forward = int(values[CellRef("applications", "carried_forward", col)] or 0)
        carried = (
            draw(st.integers(0, total + forward))
            if not distinct
            else (draw(st.integers(1, max(1, total + forward - 1))))
        )
        values[CellRef("applications", "carried_over", col)] = carried
        values[CellRef("applications", "received", col)] = total + forward - carried
    for row in apps.rows:
        values[CellRef("applications", row.key, "total")] = sum(
            int(values[CellRef("applications", row.key, c)] or 0) for c in applicant
        )
    appeals = template.table("appeals")
    parts = iter(_leaf_values(draw, 12, distinct, max_value))
    for row in appeals.rows:
        four = [next(parts) for _ in range(4)]
        for column, part in zip(row.columns[:4], four, strict=True):
            values[CellRef("appeals", row.key, column.key)] = part
        values[CellRef("appeals", row.key, "total")] = sum(four)
    active = template.table("active")
    active_refs = list(active.cell_refs())
    counts = iter(_leaf_values(draw, len(active_refs), distinct, max_value))
    for ref in active_refs:
        kind = active.column(ref.row, ref.column).kind
        number = next(counts)
        if kind is ColumnKind.AMOUNT:
            cents = draw(st.integers(0, 99))
            values[ref] = Decimal(number) + Decimal(cents) / 100 if cents else Decimal(number)
        elif kind is ColumnKind.SIGNED_COUNT:
            values[ref] = number if draw(st.booleans()) else -number
        else:
            values[ref] = number
    if blanks:
        for ref in draw(st.sets(st.sampled_from(sorted(values, key=str)), max_size=6)):
            values[ref] = None
    return _build(template, values, draw)


def _build(
    template: Template, values: dict[CellRef, int | Decimal | None], draw: st.DrawFn
) -> Report:
    tables = {}
    for spec in template.tables:
        cells = tuple(Cell.of(ref.row, ref.column, values[ref]) for ref in spec.cell_refs())
        tables[spec.key] = Table(spec.key, cells)
    year = draw(st.integers(2021, 2025) if template.id == "2021" else st.integers(2019, 2020))
    agency = draw(st.sampled_from(_AGENCIES))
    narrative = tuple(
        Section(n, template.section_title(n), text)
        for n, text in (
            (1, f"{year}年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。"),
            (5, "信息公开的及时性有待提高。"),
            (6, "本年度未收取信息处理费。"),
        )
    )
    return Report(
        meta=Meta(template=template.id, agency=agency, year=year),
        active=tables["active"],
        applications=tables["applications"],
        appeals=tables["appeals"],
        narrative=narrative,
    )


def reports(
    template: str | None = None,
    *,
    distinct: bool = True,
    blanks: bool = False,
    max_value: int = 2_000_000,
) -> st.SearchStrategy[Report]:
    """Consistent reports: every relation of the template holds.

    ``distinct=True`` makes the independent cells distinct and non-zero, so a value read
    into the wrong cell cannot go unnoticed.  ``blanks=True`` blanks a few cells.
    """
    return _report(template, distinct, blanks, max_value)


@st.composite
def _perturbation(draw: st.DrawFn, report: Report) -> tuple[Report, CellRef]:
    template = report.template
    refs = [
        ref
        for ref in template.cell_refs()
        if report.table(ref.table).cell(ref.row, ref.column).status is CellStatus.VALUE
    ]
    ref = draw(st.sampled_from(refs))
    cell = report.table(ref.table).cell(ref.row, ref.column)
    kind = template.column(ref).kind
    value = cell.value
    assert value is not None
    related = any(ref in (*eq.lhs, *eq.rhs) for eq in template.equations())
    if related:
        delta = draw(st.integers(1, 1000)) * draw(st.sampled_from([1, -1]))
        new: int | Decimal = value + delta
    elif kind is ColumnKind.SIGNED_COUNT:
        new = Decimal(value) + Decimal("0.5")  # not a whole number
    else:
        magnitude = value if value >= 0 else -value
        new = -magnitude - draw(st.integers(1, 1000))  # negative
        if kind is ColumnKind.AMOUNT:
            new = Decimal(new)
    return report.with_value(ref.table, ref.row, ref.column, new), ref


def perturbations(report: Report) -> st.SearchStrategy[tuple[Report, CellRef]]:
    """One cell of ``report`` changed so that a check must flag it; returns the cell too.

    Cells in an arithmetic relation are shifted by a non-zero delta; cells in no
    relation (section 二) become negative, or fractional where negatives are allowed.
    """
    return _perturbation(report)


def value_differences(a: Report, b: Report) -> list[tuple[str, str, str, Any, Any]]:
    """Cells whose status or value differ: ``(table, row, column, a, b)``."""
    out = []
    for table in ("active", "applications", "appeals"):
        for left, right in zip(a.table(table).cells, b.table(table).cells, strict=True):
            if (left.status, left.value) != (right.status, right.value):
                out.append(
                    (
                        table,
                        left.row,
                        left.column,
                        (left.status.value, left.value),
                        (right.status.value, right.value),
                    )
                )
    return out


def assert_same_values(actual: Report, expected: Report) -> None:
    """Fail with the differing cells unless both reports hold the same table values."""
    differences = value_differences(actual, expected)
    if differences:  # raised, not asserted: the kit must also work under python -O
        raise AssertionError(f"{len(differences)} cell(s) differ: {differences[:10]}")


def assert_reader_conforms(
    reader: str,
    writer: str | Callable[[Report], str | bytes],
    report: Report,
    **writer_options: Any,
) -> Report:
    """Render ``report`` with ``writer``, read it with ``reader``, require equal values.

    Use it inside a ``@given(reports())`` test::

        @given(reports())
        def test_my_reader(report):
            assert_reader_conforms("my-layout", my_writer, report)
    """
    from ..api import dumps, read

    rendered = (
        dumps(report, writer, **writer_options) if isinstance(writer, str) else writer(report)
    )
    data = rendered.encode("utf-8") if isinstance(rendered, str) else rendered
    result = read(data, reader=reader, name=f"generated.{reader}")
    assert_same_values(result, report)
    if result.meta.template != report.meta.template:
        raise AssertionError(
            f"read as template {result.meta.template}, written as {report.meta.template}"
        )
    return result


# --------------------------------------------------------------------------- conformance kit


def _only_our_errors(reader: str, data: bytes, secret: str | None = None) -> None:
    from ..api import dumps, read
    from ..errors import GovDisclosureError, ReaderBug

    try:
        report = read(data, reader=reader, name="fuzz.bin")
    except ReaderBug as exc:  # our type, but it means the reader let something escape
        raise AssertionError(f"{reader} let an unexpected error escape: {exc!r}") from exc
    except GovDisclosureError as exc:
        if secret and any(secret in str(e) for e in (exc, exc.__cause__, exc.__context__) if e):
            raise AssertionError(f"{reader} leaked a local file into an error") from None
        return
    if secret and secret in str(dumps(report, "json")):
        raise AssertionError(f"{reader} read a local file into a report")


def _mutate(seed: bytes, data: st.DataObject) -> bytes:
    buffer = bytearray(seed)
    for _ in range(data.draw(st.integers(1, 8), label="mutations")):
        if not buffer:
            break
        position = data.draw(st.integers(0, len(buffer) - 1), label="position")
        action = data.draw(st.sampled_from(["flip", "cut", "insert"]), label="action")
        if action == "flip":
            buffer[position] ^= data.draw(st.integers(1, 255), label="mask")
        elif action == "cut":
            del buffer[position : position + data.draw(st.integers(1, 512), label="length")]
        else:
            buffer[position:position] = data.draw(st.binary(min_size=1, max_size=16), label="bytes")
    return bytes(buffer)


def check_reader(
    reader: str,
    *,
    writer: str | Callable[[Report], str | bytes] | None = None,
    max_examples: int = 100,
    hostile: bool = True,
) -> None:
    """The conformance kit: run it from a plugin's test suite (RELIABILITY.md §6 item 22).

    * with a ``writer``: generated reports of both templates, rendered and read back,
      must give identical values;
    * arbitrary bytes, and byte-mutated rendered reports, raise only
      :class:`~gov_disclosure.errors.GovDisclosureError` (a ``ReaderBug`` fails the kit);
    * hostile inputs (entity expansion, external entities, zip bombs, deep nesting)
      raise only our errors and never leak a local file's content.

    >>> from gov_disclosure.testing import check_reader  # doctest: +SKIP
    >>> def test_my_reader():                              # doctest: +SKIP
    ...     check_reader("my-layout", writer=my_writer)
    """
    from hypothesis import HealthCheck, given, settings

    from ..api import dumps

    configured = settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
    )

    def render(report: Report) -> bytes:
        assert writer is not None
        rendered = dumps(report, writer) if isinstance(writer, str) else writer(report)
        return rendered.encode("utf-8") if isinstance(rendered, str) else rendered

    if writer is not None:

        @configured
        @given(reports())
        def round_trip(report: Report) -> None:
            assert_reader_conforms(reader, lambda r: render(r), report)

        round_trip()

    @configured
    @given(st.binary(max_size=4096))
    def arbitrary(data: bytes) -> None:
        _only_our_errors(reader, data)

    arbitrary()

    if writer is not None:

        @configured
        @given(reports(), st.data())
        def mutated(report: Report, data: st.DataObject) -> None:
            _only_our_errors(reader, _mutate(render(report), data))

        mutated()

    if hostile:
        import tempfile
        import uuid
        from pathlib import Path

        from ._hostile import hostile_inputs

        secret = f"GD-SECRET-{uuid.uuid4().hex}"
        with tempfile.TemporaryDirectory() as folder:
            marker = Path(folder) / "secret.txt"
            marker.write_text(secret, encoding="utf-8")
            for name, payload in hostile_inputs(str(marker)):
                try:
                    _only_our_errors(reader, payload, secret)
                except AssertionError as exc:
                    raise AssertionError(f"hostile input {name!r}: {exc}") from exc
