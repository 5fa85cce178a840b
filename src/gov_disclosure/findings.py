"""Findings: what a reader noticed or a check found, with a stable code.

Codes are grouped: ``GD1xx`` reading and structure, ``GD2xx`` arithmetic, ``GD3xx``
values, ``GD4xx`` across reports, ``GD9xx`` internal.  A code is never reused for a
different meaning.  :data:`CODES` is the catalogue; ``docs/findings.md`` is generated from
it by :func:`catalogue_markdown` (a test keeps the file current).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any, overload

import attrs

from .location import SourceLocation

__all__ = [
    "CODES",
    "FINDING_COLUMNS",
    "CodeInfo",
    "Finding",
    "Findings",
    "Severity",
    "catalogue_markdown",
    "make_finding",
]


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@attrs.frozen(slots=True)
class CodeInfo:
    code: str
    slug: str
    severity: Severity
    title_zh: str
    title_en: str
    explanation: str


def _codes(*infos: CodeInfo) -> MappingProxyType[str, CodeInfo]:
    return MappingProxyType({info.code: info for info in infos})


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

#: The catalogue of every finding code.
CODES = _codes(
    # ---- GD1xx: reading and structure
    CodeInfo(
        "GD101",
        "template-ambiguous",
        _W,
        "模板版本存疑",
        "template ambiguous",
        "The labels fit both templates equally; the report year decided.",
    ),
    CodeInfo(
        "GD102",
        "table-not-found",
        _E,
        "未找到表格",
        "table not found",
        "A table of the template was not found; its cells are missing.",
    ),
    CodeInfo(
        "GD103",
        "row-not-found",
        _E,
        "未找到表格行",
        "row not found",
        "A row of the template was not found; its cells are missing.",
    ),
    CodeInfo(
        "GD104",
        "row-values-unplaceable",
        _E,
        "无法确定数值位置",
        "values cannot be placed",
        "A row's values could not be placed in columns with certainty (too many, too "
        "few, or ambiguous blanks); its cells are left unreadable and the raw row is quoted.",
    ),
    CodeInfo(
        "GD105",
        "value-unreadable",
        _E,
        "数值无法识别",
        "unreadable value",
        "A cell's text is not a number the column can hold.",
    ),
    CodeInfo(
        "GD106",
        "label-fuzzy-match",
        _I,
        "表格标签近似匹配",
        "label matched fuzzily",
        "A label matched an official label only approximately; the score is given.",
    ),
    CodeInfo(
        "GD107",
        "label-variant",
        _I,
        "表格标签为变体写法",
        "label variant",
        "A label is a known variant (typo, 2019 wording, traditional script).",
    ),
    CodeInfo(
        "GD108",
        "blank-placed-by-position",
        _W,
        "空白单元格按位置推定",
        "blank cells placed by position",
        "A row had fewer values than columns; the blanks were placed by the only "
        "arrangement consistent with the layout.",
    ),
    CodeInfo(
        "GD109",
        "unit-converted",
        _I,
        "金额单位已换算",
        "unit converted",
        "An amount written in 元 was converted to the column's unit 万元.",
    ),
    CodeInfo(
        "GD110",
        "cells-blank",
        _I,
        "单元格为空",
        "blank cells",
        "Cells are present but empty in the source; they are kept blank, not zero.",
    ),
    CodeInfo(
        "GD111",
        "row-duplicated",
        _E,
        "表格行重复",
        "row duplicated",
        "The same row appears twice with different values; both are left unreadable.",
    ),
    CodeInfo(
        "GD112",
        "row-unexpected",
        _W,
        "存在模板外的表格行",
        "unexpected row",
        "A row with values matched no row of the template; its values were not used.",
    ),
    CodeInfo(
        "GD113",
        "agency-not-found",
        _W,
        "未识别发布机关",
        "agency not found",
        "The issuing agency could not be identified with certainty.",
    ),
    CodeInfo(
        "GD114",
        "year-not-found",
        _W,
        "未识别报告年度",
        "year not found",
        "The report year could not be identified.",
    ),
    CodeInfo(
        "GD115",
        "year-inferred",
        _I,
        "报告年度为推断",
        "year inferred",
        "The report year was inferred (from the narrative or the publication date).",
    ),
    CodeInfo(
        "GD116",
        "label-joined",
        _I,
        "跨行标签已合并",
        "label re-joined",
        "A label broken across lines or pages was joined back together.",
    ),
    CodeInfo(
        "GD117",
        "cell-cut-off",
        _E,
        "单元格可能被截断",
        "cell may be cut off",
        "A value touches the end of the input without a line end; it may be truncated.",
    ),
    CodeInfo(
        "GD118",
        "encoding-guessed",
        _I,
        "文本编码为推断",
        "encoding guessed",
        "The text's encoding was chosen by plausibility, not declared.",
    ),
    CodeInfo(
        "GD119",
        "artefacts-removed",
        _I,
        "已删除版面杂项",
        "artefacts removed",
        "Page numbers or editor artefacts were removed from the text.",
    ),
    CodeInfo(
        "GD120",
        "values-without-label",
        _W,
        "存在无标签的数值",
        "values without a label",
        "A run of values had no row label; they were not used.",
    ),
    CodeInfo(
        "GD121",
        "reader-fallback",
        _I,
        "改用备用读取方式",
        "read with a fallback reader",
        "The detected reader left cells unplaced (e.g. numbers wrapped in narrow PDF cells), "
        "or placed blank cells by position (GD130); its fallback (pdf-grid: the table's "
        "ruling lines) read the file too, and the two readings were merged cell by cell "
        "(GD123 where they disagree).",
    ),
    CodeInfo(
        "GD122",
        "row-rejoined",
        _I,
        "跨页表格行已接续",
        "a table row cut by a page break was re-joined",
        "pdf-grid: the first row of a table at the top of a page held only the rest of the "
        "last row of the page before (numbers, or a label cut mid-sentence); its pieces were "
        "appended to the cells above them by column position.",
    ),
    CodeInfo(
        "GD123",
        "readings-disagree",
        _W,
        "两种读取方式结果不一致",
        "two readings of the file disagree",
        "A reader and its fallback both placed a value in this cell and the values differ; "
        "the cell is left unreadable rather than trusting either.",
    ),
    CodeInfo(
        "GD124",
        "struck-text",
        _W,
        "表格中有删除线文字",
        "struck-through text in a table cell",
        "Text in a table cell is struck through (HTML del/s/strike or line-through, Word "
        "strike). It is kept apart from the rest of the cell, so 5̶6 is not read as 56; a "
        "cell holding only struck text reads as that text — check what the author meant.",
    ),
    CodeInfo(
        "GD125",
        "several-reports",
        _W,
        "文件包含多份报告",
        "the file holds several reports",
        "A second report begins after the first (a heading 一、总体情况 after the first "
        "report's tables). gd.read reads the first only; gd.read_all returns each.",
    ),
    CodeInfo(
        "GD126",
        "columns-unexpected",
        _E,
        "列标题与模板不符",
        "the column headers do not follow the template",
        "Values are placed by column position, so a table whose headers stand in another "
        "order than the template's (商业企业 before 自然人), or that carries the other "
        "template's columns (2019's 本年新制作数量 in a 2021 report), would put values in "
        "the wrong columns while every sum still holds. Its values are left unreadable.",
    ),
    CodeInfo(
        "GD127",
        "wrapped-number-suspected",
        _W,
        "数值行旁有无标签的数字",
        "a line of numbers without a label next to a row of values",
        "In a text copy, a line holding only numbers next to a row of values may be part of "
        "a number wrapped across lines (12 / 34 is 1234; centred text can put the first "
        "part above the row's label) or a page number; the text cannot say which. The "
        "values of the rows before and after it are left unreadable rather than read as 12 "
        "or 34.",
    ),
    CodeInfo(
        "GD128",
        "css-not-applied",
        _W,
        "网页样式规则未能应用",
        "page style rules not applied",
        "The page's stylesheet has rules that would hide, strike, raise or add text (a "
        "selector such as td:nth-child(2) span, [data-x] or ::after with digits) in a way "
        "this reader does not apply, and they could reach a table cell. What the reader "
        "read may differ from what the page shows; check the values against the page.",
    ),
    CodeInfo(
        "GD129",
        "docx-hidden-uncertain",
        _W,
        "Word 样式组合导致文字是否隐藏不确定",
        "hidden or not depends on how styles combine",
        "In a Word file, text is hidden (w:vanish) by one style level and turned on or off "
        "by another in a way the standard (ECMA-376 §17.7.3) and Word resolve differently. "
        "The text is replaced by ? so that a cell holding it is unreadable rather than read "
        "with or without it.",
    ),
    CodeInfo(
        "GD130",
        "blank-placed-by-columns",
        _I,
        "空白单元格按列位置确定",
        "blank cells placed by column positions",
        "A row of a PDF table read from its text had fewer values than columns. The "
        "columns were measured from where the values of the table's full rows stand on "
        "the page, and each of the row's values fell in one of them, in order; the columns "
        "with nothing in them are read as blank. Where the page has ruling lines the "
        "reading is checked against them (GD121, GD123).",
    ),
    # ---- GD2xx: arithmetic
    CodeInfo(
        "GD201",
        "applications-balance",
        _E,
        "勾稽关系不平衡",
        "applications do not balance",
        "三、申请情况, per column: 本年新收 + 上年结转 = （七）总计 + 结转下年度.",
    ),
    CodeInfo(
        "GD202",
        "applications-row-total",
        _E,
        "申请人总计不符",
        "row total mismatch",
        "三、申请情况, per row: 总计 = 自然人 + the five 法人或其他组织 columns.",
    ),
    CodeInfo(
        "GD203",
        "applications-outcome-total",
        _E,
        "办理结果总计不符",
        "outcome total mismatch",
        "三、申请情况, per column: （七）总计 = the sum of every outcome row.",
    ),
    CodeInfo(
        "GD204",
        "appeals-group-total",
        _E,
        "复议诉讼总计不符",
        "appeal total mismatch",
        "四、复议诉讼, per group: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.",
    ),
    CodeInfo(
        "GD205",
        "relation-not-evaluable",
        _I,
        "关系无法核对",
        "relation not evaluable",
        "A relation could not be checked because a cell is blank, not applicable, "
        "missing or unreadable.",
    ),
    # ---- GD3xx: values
    CodeInfo(
        "GD301",
        "value-negative",
        _E,
        "数值为负",
        "negative value",
        "A count or amount is negative where the template allows only values >= 0.",
    ),
    CodeInfo(
        "GD302",
        "count-not-whole",
        _E,
        "件数不是整数",
        "count not whole",
        "A count holds a fractional number.",
    ),
    CodeInfo(
        "GD303",
        "cell-not-applicable",
        _I,
        "单元格标为不适用",
        "cell not applicable",
        "A cell is marked not applicable (-, —, /, 无); it is not treated as zero.",
    ),
    # ---- GD4xx: across reports
    CodeInfo(
        "GD401",
        "consolidated-input-without-value",
        _W,
        "汇总单元格有输入无数值",
        "consolidated cell lacks inputs",
        "A consolidated cell has inputs that are blank, not applicable, missing or "
        "unreadable; it is left without a value instead of summing them as zero.",
    ),
    CodeInfo(
        "GD402",
        "carry-over-mismatch",
        _W,
        "上年结转与上年度结转下年度不一致",
        "carry-over mismatch",
        "Last year's 结转下年度继续办理 differs from this year's 上年结转 (same agency, "
        "per column).",
    ),
    CodeInfo(
        "GD403",
        "items-chain-mismatch",
        _W,
        "事项数量前后年度不衔接",
        "item chain mismatch",
        "2019 template: 上一年项目数量 + 本年增/减 differs from next year's 上一年项目数量.",
    ),
    CodeInfo(
        "GD404",
        "stock-flow-mismatch",
        _I,
        "现行有效件数前后年度不衔接",
        "stock-flow mismatch",
        "现行有效件数 (N-1) + 本年制发 - 本年废止 differs from 现行有效件数 (N); revisions "
        "and reclassification can explain it.",
    ),
    CodeInfo(
        "GD405",
        "narrative-table-mismatch",
        _W,
        "正文数字与表格不一致",
        "narrative differs from table",
        "A number stated in the narrative differs from the table; the sentence is quoted.",
    ),
    CodeInfo(
        "GD406",
        "narrative-copied",
        _W,
        "报告内容雷同",
        "narrative copied",
        "The narrative is a near-duplicate of another report's (内容雷同); the other "
        "report and the estimated similarity are given.",
    ),
    CodeInfo(
        "GD407",
        "consolidated-overlap",
        _W,
        "汇总的输入可能重复计算",
        "consolidated inputs may overlap",
        "Inputs of a consolidation may count the same applications twice: two reports of "
        "one agency (summed only when allowed), an agency name that ends another's, two "
        "inputs whose values agree wherever both have one, a consolidated report summed "
        "with agencies' own reports, or one input whose tables are the sum of the others'.",
    ),
    CodeInfo(
        "GD408",
        "duplicate-reports",
        _W,
        "同一机关同一年度有多份报告",
        "several reports of one agency and year",
        "A set of reports holds more than one report of one agency for one year (a copy, a "
        "revision, the page and its PDF): the carry-over checks with the years before and "
        "after are not run for it, since it cannot be told which one holds.",
    ),
    CodeInfo(
        "GD409",
        "consolidated-year-unknown",
        _W,
        "汇总的输入年度不明",
        "consolidated input of unknown year",
        "An input of a consolidation states no year; it was summed as a report of the "
        "year asked for, which nothing in it confirms.",
    ),
    # ---- GD9xx: internal
    CodeInfo(
        "GD901",
        "check-crashed",
        _E,
        "检查程序出错",
        "check crashed",
        "A check raised an exception; please report it.  Other checks still ran.",
    ),
)


@attrs.frozen(slots=True)
class Finding:
    """One thing a reader noticed or a check found.

    ``cells`` lists every ``(table, row, column)`` the finding is about; ``table``,
    ``row`` and ``column`` name the main one.  ``origin`` is ``"reader"`` for reading
    notes stored on a report and ``"check"`` for findings computed from it.
    """

    code: str
    slug: str
    severity: Severity
    message_zh: str
    message_en: str
    section: int | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    cells: tuple[tuple[str, str, str], ...] = ()
    source: SourceLocation | None = None
    expected: int | Decimal | None = None
    observed: int | Decimal | None = None
    quote: str | None = None
    origin: str = "reader"
    #: For findings across reports: the report this finding is about (its source name).
    report: str | None = None

    def message(self, lang: str = "zh") -> str:
        return self.message_zh if lang == "zh" else self.message_en

    def involves(self, table: str, row: str, column: str) -> bool:
        """Whether the finding is about this cell."""
        if (table, row, column) in self.cells:
            return True
        return (self.table, self.row, self.column) == (table, row, column)

    def to_record(self) -> dict[str, Any]:
        """A flat dict, one value per column, for CSV and data frames."""
        return {
            "code": self.code,
            "slug": self.slug,
            "severity": self.severity.value,
            "section": self.section,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "cells": ";".join("/".join(c) for c in self.cells),
            "location": self.source.describe() if self.source else None,
            "expected": _plain(self.expected),
            "observed": _plain(self.observed),
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "quote": self.quote,
            "origin": self.origin,
            "report": self.report,
        }


#: The keys of :meth:`Finding.to_record`: the columns of a findings CSV or frame, also
#: when there are no findings.
FINDING_COLUMNS = (
    "code",
    "slug",
    "severity",
    "section",
    "table",
    "row",
    "column",
    "cells",
    "location",
    "expected",
    "observed",
    "message_zh",
    "message_en",
    "quote",
    "origin",
    "report",
)


def _plain(value: int | Decimal | None) -> int | str | None:
    return str(value) if isinstance(value, Decimal) else value


def make_finding(
    code: str,
    message_zh: str,
    message_en: str,
    *,
    origin: str = "reader",
    **location: Any,
) -> Finding:
    """Build a finding whose slug and severity come from the catalogue."""
    info = CODES[code]
    return Finding(
        code=code,
        slug=info.slug,
        severity=info.severity,
        message_zh=message_zh,
        message_en=message_en,
        origin=origin,
        **location,
    )


@attrs.frozen(slots=True)
class Findings(Sequence[Finding]):
    """An immutable, ordered collection of findings with convenient filters.

    >>> from gov_disclosure.findings import Findings
    >>> Findings(()).ok
    True
    """

    items: tuple[Finding, ...] = ()

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> Findings:
        return cls(tuple(findings))

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> Findings: ...
    def __getitem__(self, index: int | slice) -> Finding | Findings:
        if isinstance(index, slice):
            return Findings(self.items[index])
        return self.items[index]

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.items)

    def filter(
        self,
        *,
        severity: Severity | str | None = None,
        code: str | Iterable[str] | None = None,
        table: str | None = None,
        origin: str | None = None,
    ) -> Findings:
        """Keep findings that match every given criterion.

        ``code`` accepts exact codes or prefixes (``"GD2"`` selects all arithmetic).
        """
        codes = (code,) if isinstance(code, str) else tuple(code) if code is not None else None
        sev = Severity(severity) if severity is not None else None
        return Findings(
            tuple(
                f
                for f in self.items
                if (sev is None or f.severity == sev)
                and (codes is None or any(f.code.startswith(c) for c in codes))
                and (table is None or f.table == table)
                and (origin is None or f.origin == origin)
            )
        )

    def exclude(self, code: str | Iterable[str]) -> Findings:
        codes = (code,) if isinstance(code, str) else tuple(code)
        return Findings(
            tuple(f for f in self.items if not any(f.code.startswith(c) for c in codes))
        )

    @property
    def errors(self) -> Findings:
        return self.filter(severity=Severity.ERROR)

    @property
    def warnings(self) -> Findings:
        return self.filter(severity=Severity.WARNING)

    @property
    def ok(self) -> bool:
        """True when there is no error finding."""
        return not any(f.severity is Severity.ERROR for f in self.items)

    def codes(self) -> tuple[str, ...]:
        return tuple(sorted({f.code for f in self.items}))

    def to_records(self) -> list[dict[str, Any]]:
        return [f.to_record() for f in self.items]

    def to_frame(self) -> Any:
        """A pandas DataFrame of :meth:`to_records` (needs the ``pandas`` extra)."""
        from .frames import findings_frame

        return findings_frame(self)

    def _repr_html_(self) -> str:
        from .display import findings_html

        return findings_html(self)

    def __add__(self, other: Iterable[Finding]) -> Findings:
        return Findings(self.items + tuple(other))


def catalogue_markdown() -> str:
    """The findings catalogue as Markdown (the source of ``docs/findings.md``)."""
    lines = [
        "# Findings catalogue",
        "",
        "Generated from `gov_disclosure.findings.CODES` by",
        "`gov-disclosure catalogue > docs/findings.md`; do not edit by hand.",
        "",
        "Codes: `GD1xx` reading and structure, `GD2xx` arithmetic, `GD3xx` values,",
        "`GD4xx` across reports, `GD9xx` internal. A code is never reused.",
        "",
        "| code | slug | severity | 中文 | English | meaning |",
        "|---|---|---|---|---|---|",
    ]
    for info in CODES.values():
        lines.append(
            f"| {info.code} | `{info.slug}` | {info.severity.value} | {info.title_zh} "
            f"| {info.title_en} | {info.explanation} |"
        )
    return "\n".join(lines) + "\n"
