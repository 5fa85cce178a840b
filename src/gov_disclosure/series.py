"""Year-over-year checks for one agency's reports (GD4xx, warnings and info, never errors).

* 结转下年度继续办理 (N-1) = 上年结转 (N), per applicant column (GD402);
* 2019 template: 上一年项目数量 + 本年增/减 (N) = 上一年项目数量 (N+1) (GD403);
* 2021 template: 现行有效件数 (N-1) + 本年制发 - 本年废止 (N) ≈ 现行有效件数 (N) (GD404, info).

Reports are paired only with the same normalised agency name and the same scope, so a
city government is never paired with its general office, nor with a consolidated report.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator

from .findings import Finding, Findings, make_finding
from .labels import to_simplified
from .model import Report, Value

__all__ = ["agency_key", "check_series"]

_APPLICANT = (
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_services",
    "other_org",
    "total",
)
_ITEM_ROWS = (
    "administrative_licensing",
    "other_external_services",
    "administrative_penalty",
    "administrative_coercion",
    "administrative_fees",
)


def agency_key(name: str) -> str:
    """Normalised agency identity: width, whitespace, quotes and script removed."""
    text = unicodedata.normalize("NFKC", name)
    text = "".join(ch for ch in text if not ch.isspace())
    return to_simplified(text).replace("(", "（").replace(")", "）")


def _name(report: Report) -> str:
    return report.source.name or f"{report.meta.agency} {report.meta.year}"


def check_series(reports: Iterable[Report]) -> Findings:
    """Check every pair of consecutive years of the same agency and scope."""
    groups: dict[tuple[str, str], dict[int, list[Report]]] = defaultdict(lambda: defaultdict(list))
    for report in reports:
        if report.meta.agency and report.meta.year is not None:
            key = (agency_key(report.meta.agency), report.meta.scope or "agency")
            groups[key][report.meta.year].append(report)
    findings: list[Finding] = []
    for by_year in groups.values():
        for year in sorted(by_year):
            if len(by_year[year]) > 1:
                findings.extend(_duplicates(by_year[year]))
            if year + 1 not in by_year or len(by_year[year]) > 1 or len(by_year[year + 1]) > 1:
                continue  # no next year, or two reports for one year: nothing safe to pair
            findings.extend(_pair(by_year[year][0], by_year[year + 1][0]))
    return Findings(tuple(findings))


def _duplicates(reports: list[Report]) -> Iterator[Finding]:
    """GD408 on each of several reports of one agency for one year: the years around
    them are not paired (which one holds?)."""
    names = [_name(r) for r in reports]
    for report, name in zip(reports, names, strict=True):
        others = "、".join(n for n in names if n != name) or name
        yield make_finding(
            "GD408",
            f"{report.meta.agency} {report.meta.year}年有多份报告（另见 {others}），"
            "未与前后年度核对",
            f"{report.meta.agency} has several reports for {report.meta.year} (also "
            f"{others}); not checked against the years before and after",
            origin="check",
            quote=others,
            report=name,
        )


def _value(report: Report, table: str, row: str, column: str) -> Value | None:
    t = report.table(table)
    return t.get((row, column), None)


def _pair(previous: Report, current: Report) -> Iterator[Finding]:
    before, now = _name(previous), _name(current)
    for column in _APPLICANT:
        forward = _value(previous, "applications", "carried_forward", column)
        carried = _value(current, "applications", "carried_over", column)
        if forward is not None and carried is not None and forward != carried:
            yield make_finding(
                "GD402",
                f"{current.year}年上年结转（{column}）为 {carried}，而 {previous.year}年报告"
                f"（{before}）结转下年度为 {forward}",
                f"carried_over/{column} in {current.year} is {carried}, but the {previous.year} "
                f"report ({before}) carried {forward} forward",
                origin="check",
                section=3,
                table="applications",
                row="carried_over",
                column=column,
                cells=(("applications", "carried_over", column),),
                expected=forward,
                observed=carried,
                quote=before,
                report=now,
            )
    if previous.meta.template == current.meta.template == "2019":
        for row in _ITEM_ROWS:
            last = _value(previous, "active", row, "items_prev_year")
            change = _value(previous, "active", row, "items_change")
            this = _value(current, "active", row, "items_prev_year")
            if None in (last, change, this):
                continue
            assert last is not None
            assert change is not None
            if last + change != this:
                yield make_finding(
                    "GD403",
                    f"{row}：{previous.year}年上一年项目数量 {last} + 本年增/减 {change} ≠ "
                    f"{current.year}年上一年项目数量 {this}",
                    f"{row}: {previous.year} items {last} + change {change} != {current.year} "
                    f"items {this}",
                    origin="check",
                    section=2,
                    table="active",
                    row=row,
                    column="items_prev_year",
                    cells=(("active", row, "items_prev_year"),),
                    expected=last + change,
                    observed=this,
                    quote=before,
                    report=now,
                )
    if previous.meta.template == current.meta.template == "2021":
        for row in ("regulations", "normative_documents"):
            stock = _value(previous, "active", row, "in_force")
            issued = _value(current, "active", row, "issued")
            repealed = _value(current, "active", row, "repealed")
            now_stock = _value(current, "active", row, "in_force")
            if None in (stock, issued, repealed, now_stock):
                continue
            assert stock is not None
            assert issued is not None
            assert repealed is not None
            expected = stock + issued - repealed
            if expected != now_stock:
                yield make_finding(
                    "GD404",
                    f"{row}：{previous.year}年现行有效 {stock} + 制发 {issued} - 废止 {repealed} "
                    f"= {expected}，而 {current.year}年现行有效为 {now_stock}",
                    f"{row}: {previous.year} in force {stock} + issued {issued} - repealed "
                    f"{repealed} = {expected}, but {current.year} reports {now_stock}",
                    origin="check",
                    section=2,
                    table="active",
                    row=row,
                    column="in_force",
                    cells=(("active", row, "in_force"),),
                    expected=expected,
                    observed=now_stock,
                    quote=before,
                    report=now,
                )
