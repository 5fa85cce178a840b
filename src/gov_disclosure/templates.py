"""The national report templates, as data.  Everything template-specific lives here.

Two templates exist (``shared/reference/FORMATS.md``):

* ``"2021"`` — 国办公开办函〔2021〕30号, for reports on 2021 and later;
* ``"2019"`` — 国办公开办函〔2019〕60号, for reports on 2019 and 2020.

Each has six sections and three tables.  The keys (``received``, ``carried_over``,
``withheld_state_secret`` …) are our public JSON/CSV vocabulary; the official Chinese
label stands next to each key, here and nowhere else.  Relations (勾稽关系) are data too:
:func:`Template.equations` expands them into one equation per column or row.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from types import MappingProxyType

import attrs

from .labels import LabelIndex

__all__ = [
    "TEMPLATES",
    "TEMPLATE_2019",
    "TEMPLATE_2021",
    "CellRef",
    "ColumnKind",
    "ColumnSpec",
    "Equation",
    "RowSpec",
    "TableSpec",
    "Template",
    "get_template",
]

#: The three tables, in document order: section 二, 三, 四.
TABLE_KEYS = ("active", "applications", "appeals")


class ColumnKind(str, enum.Enum):
    """What a column holds, which decides how its cells are parsed and checked."""

    COUNT = "count"  # whole number >= 0
    SIGNED_COUNT = "signed_count"  # whole number, may be negative (2019 本年增/减)
    AMOUNT = "amount"  # Decimal in 万元, >= 0


@attrs.frozen(slots=True)
class ColumnSpec:
    key: str
    label: str
    kind: ColumnKind = ColumnKind.COUNT
    #: The label of the merged header above this column, e.g. 法人或其他组织.
    parent: str | None = None
    #: The unit of the model's values in this column (万元 for every amount).  The
    #: printed label may not state it: 2019's 采购总金额 does not, so a reader refuses a
    #: bare amount under that label (元 or 万元?), and writers put the unit in the header.
    unit: str | None = None

    @property
    def path(self) -> str:
        return f"{self.parent} / {self.label}" if self.parent else self.label

    @property
    def header(self) -> str:
        """The label as a header should print it: with the unit of an amount when the
        label does not state it (2019's 采购总金额 → 采购总金额（单位：万元）)."""
        if self.kind is ColumnKind.AMOUNT and self.unit and self.unit not in self.label:
            return f"{self.label}（单位：{self.unit}）"
        return self.label


@attrs.frozen(slots=True)
class RowSpec:
    key: str
    label: str
    columns: tuple[ColumnSpec, ...]
    #: Enclosing group labels, outermost first, e.g. ("三、本年度办理结果", "（三）不予公开").
    groups: tuple[str, ...] = ()
    #: Section-二 item caption this row belongs to, e.g. 第二十条第（一）项.
    item: str | None = None
    #: Other spellings accepted for this row, each reported as a variant when used.
    variants: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        return " / ".join((*self.groups, self.label))


@attrs.frozen(slots=True)
class CellRef:
    """A cell's address in a report: table, row key, column key."""

    table: str
    row: str
    column: str

    def __str__(self) -> str:
        return f"{self.table}[{self.row}, {self.column}]"


@attrs.frozen(slots=True)
class Equation:
    """``sum(lhs) == sum(rhs)``, one instance of a relation, with the finding code to use."""

    relation: str
    code: str
    lhs: tuple[CellRef, ...]
    rhs: tuple[CellRef, ...]
    #: The row or column the equation is about (for messages), e.g. "column total".
    scope: str


@attrs.frozen(slots=True)
class TableSpec:
    key: str
    section: int
    title: str
    rows: tuple[RowSpec, ...]
    #: Labels of group rows that carry no numbers (三、本年度办理结果, （三）不予公开 …).
    groups: tuple[str, ...] = ()
    #: Header labels that identify the table (used to locate it by content).
    header_labels: tuple[str, ...] = ()
    _row_index: Mapping[str, RowSpec] = attrs.field(init=False, repr=False, eq=False)
    # label indexes are built on first use: import stays cheap
    _labels: LabelIndex | None = attrs.field(init=False, default=None, repr=False, eq=False)
    _group_labels: LabelIndex | None = attrs.field(init=False, default=None, repr=False, eq=False)
    _columns: Mapping[tuple[str, str], ColumnSpec] = attrs.field(init=False, repr=False, eq=False)
    _keys: tuple[tuple[str, str], ...] = attrs.field(init=False, repr=False, eq=False)
    _amounts: tuple[int, ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        columns = {(row.key, col.key): col for row in self.rows for col in row.columns}
        object.__setattr__(self, "_columns", MappingProxyType(columns))
        object.__setattr__(self, "_keys", tuple(columns))
        amounts = (i for i, col in enumerate(columns.values()) if col.kind is ColumnKind.AMOUNT)
        object.__setattr__(self, "_amounts", tuple(amounts))
        object.__setattr__(
            self, "_row_index", MappingProxyType({row.key: row for row in self.rows})
        )

    def row(self, key: str) -> RowSpec:
        return self._row_index[key]

    def has_row(self, key: str) -> bool:
        return key in self._row_index

    @property
    def row_labels(self) -> LabelIndex:
        if self._labels is None:
            index = LabelIndex.build(
                ((row.key, row.label) for row in self.rows),
                ((row.key, variant) for row in self.rows for variant in row.variants),
            )
            object.__setattr__(self, "_labels", index)
            return index
        return self._labels

    @property
    def group_labels(self) -> LabelIndex:
        if self._group_labels is None:
            index = LabelIndex.build((label, label) for label in self.groups)
            object.__setattr__(self, "_group_labels", index)
            return index
        return self._group_labels

    def cell_refs(self) -> Iterator[CellRef]:
        """Every cell of the table, in reading order."""
        for row in self.rows:
            for column in row.columns:
                yield CellRef(self.key, row.key, column.key)

    def column(self, row: str, column: str) -> ColumnSpec:
        try:
            return self._columns[(row, column)]
        except KeyError:
            raise KeyError(f"{self.key}[{row}, {column}]") from None

    @property
    def cell_keys(self) -> tuple[tuple[str, str], ...]:
        """``(row, column)`` of every cell, in reading order."""
        return self._keys

    @property
    def amount_positions(self) -> tuple[int, ...]:
        """Where the amount cells stand in :attr:`cell_keys`."""
        return self._amounts


@attrs.frozen(slots=True)
class Template:
    id: str
    name: str
    sections: tuple[tuple[int, str], ...]
    tables: tuple[TableSpec, ...]
    #: Labels found only in this template; their presence is evidence for it.
    evidence: tuple[str, ...]
    _tables: Mapping[str, TableSpec] = attrs.field(init=False, repr=False, eq=False)
    _equations: tuple[Equation, ...] | None = attrs.field(
        init=False, default=None, repr=False, eq=False
    )

    def __attrs_post_init__(self) -> None:
        object.__setattr__(
            self, "_tables", MappingProxyType({table.key: table for table in self.tables})
        )

    def table(self, key: str) -> TableSpec:
        return self._tables[key]

    def cell_refs(self) -> Iterator[CellRef]:
        for table in self.tables:
            yield from table.cell_refs()

    def column(self, ref: CellRef) -> ColumnSpec:
        return self._tables[ref.table].column(ref.row, ref.column)

    def equations(self) -> tuple[Equation, ...]:
        """Every arithmetic relation of the template, one equation per column/row/group."""
        if self._equations is None:
            equations = tuple(_expand_relations(self))
            object.__setattr__(self, "_equations", equations)
            return equations
        return self._equations

    def section_title(self, number: int) -> str:
        return dict(self.sections)[number]


# --------------------------------------------------------------------------- shared parts

SECTIONS = (
    (1, "一、总体情况"),
    (2, "二、主动公开政府信息情况"),
    (3, "三、收到和处理政府信息公开申请情况"),
    (4, "四、政府信息公开行政复议、行政诉讼情况"),
    (5, "五、存在的主要问题及改进情况"),
    (6, "六、其他需要报告的事项"),
)

APPLICANT_COLUMNS = (
    ColumnSpec("natural_person", "自然人"),
    ColumnSpec("commercial", "商业企业", parent="法人或其他组织"),
    ColumnSpec("research", "科研机构", parent="法人或其他组织"),
    ColumnSpec("social_welfare", "社会公益组织", parent="法人或其他组织"),
    ColumnSpec("legal_services", "法律服务机构", parent="法人或其他组织"),
    ColumnSpec("other_org", "其他", parent="法人或其他组织"),
    ColumnSpec("total", "总计"),
)

_RESULTS = "三、本年度办理结果"
_WITHHELD = "（三）不予公开"
_UNAVAILABLE = "（四）无法提供"
_NOT_PROCESSED = "（五）不予处理"
_OTHER = "（六）其他处理"


def _app_row(key: str, label: str, *groups: str) -> RowSpec:
    return RowSpec(key, label, APPLICANT_COLUMNS, groups=tuple(groups))


_APPLICATION_ROWS_HEAD = (
    _app_row("received", "一、本年新收政府信息公开申请数量"),
    _app_row("carried_over", "二、上年结转政府信息公开申请数量"),
    _app_row("granted", "（一）予以公开", _RESULTS),
    _app_row(
        "partially_granted",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        _RESULTS,
    ),
    _app_row("withheld_state_secret", "1.属于国家秘密", _RESULTS, _WITHHELD),
    _app_row("withheld_prohibited_by_law", "2.其他法律行政法规禁止公开", _RESULTS, _WITHHELD),
    _app_row("withheld_security_stability", "3.危及“三安全一稳定”", _RESULTS, _WITHHELD),
    _app_row("withheld_third_party", "4.保护第三方合法权益", _RESULTS, _WITHHELD),
    _app_row("withheld_internal_affairs", "5.属于三类内部事务信息", _RESULTS, _WITHHELD),
    _app_row("withheld_process_info", "6.属于四类过程性信息", _RESULTS, _WITHHELD),
    _app_row("withheld_enforcement_files", "7.属于行政执法案卷", _RESULTS, _WITHHELD),
    _app_row("withheld_inquiry_matters", "8.属于行政查询事项", _RESULTS, _WITHHELD),
    _app_row("unavailable_not_held", "1.本机关不掌握相关政府信息", _RESULTS, _UNAVAILABLE),
    _app_row("unavailable_needs_creation", "2.没有现成信息需要另行制作", _RESULTS, _UNAVAILABLE),
    _app_row("unavailable_unclear", "3.补正后申请内容仍不明确", _RESULTS, _UNAVAILABLE),
    _app_row("not_processed_petition", "1.信访举报投诉类申请", _RESULTS, _NOT_PROCESSED),
    _app_row("not_processed_duplicate", "2.重复申请", _RESULTS, _NOT_PROCESSED),
    _app_row("not_processed_publication", "3.要求提供公开出版物", _RESULTS, _NOT_PROCESSED),
    _app_row("not_processed_excessive", "4.无正当理由大量反复申请", _RESULTS, _NOT_PROCESSED),
    _app_row(
        "not_processed_confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
        _RESULTS,
        _NOT_PROCESSED,
    ),
)
_APPLICATION_ROWS_TAIL = (
    _app_row("total", "（七）总计", _RESULTS),
    _app_row("carried_forward", "四、结转下年度继续办理"),
)

APPLICATIONS_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_APPLICATION_HEADERS = (
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "总计",
)

APPEAL_COLUMNS = (
    ColumnSpec("upheld", "结果维持"),
    ColumnSpec("corrected", "结果纠正"),
    ColumnSpec("other", "其他结果"),
    ColumnSpec("pending", "尚未审结"),
    ColumnSpec("total", "总计"),
)

APPEALS = TableSpec(
    key="appeals",
    section=4,
    title="四、政府信息公开行政复议、行政诉讼情况",
    rows=(
        RowSpec("review", "行政复议", APPEAL_COLUMNS),
        RowSpec("litigation_direct", "未经复议直接起诉", APPEAL_COLUMNS, groups=("行政诉讼",)),
        RowSpec("litigation_after_review", "复议后起诉", APPEAL_COLUMNS, groups=("行政诉讼",)),
    ),
    header_labels=("行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", "结果维持"),
)

# --------------------------------------------------------------------------- relations

#: Relation ids, their finding codes and their official wording.
RELATIONS = {
    "T3-BAL": ("GD201", "本列数据的勾稽关系：第一项加第二项之和，等于第三项加第四项之和"),
    "T3-ROW": ("GD202", "总计 = 自然人 + 法人或其他组织各列之和"),
    "T3-SUM": ("GD203", "（七）总计 = 各项办理结果之和"),
    "T4-SUM": ("GD204", "总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结"),
}


def _expand_relations(template: Template) -> Iterator[Equation]:
    apps = template.table("applications")
    columns = [c.key for c in APPLICANT_COLUMNS]
    outcome_rows = [
        r.key for r in apps.rows if r.groups and r.groups[0] == _RESULTS and r.key != "total"
    ]
    for col in columns:
        yield Equation(
            "T3-BAL",
            RELATIONS["T3-BAL"][0],
            (
                CellRef("applications", "received", col),
                CellRef("applications", "carried_over", col),
            ),
            (
                CellRef("applications", "total", col),
                CellRef("applications", "carried_forward", col),
            ),
            f"column {col}",
        )
    for row in apps.rows:
        yield Equation(
            "T3-ROW",
            RELATIONS["T3-ROW"][0],
            (CellRef("applications", row.key, "total"),),
            tuple(CellRef("applications", row.key, c) for c in columns[:-1]),
            f"row {row.key}",
        )
    for col in columns:
        yield Equation(
            "T3-SUM",
            RELATIONS["T3-SUM"][0],
            (CellRef("applications", "total", col),),
            tuple(CellRef("applications", r, col) for r in outcome_rows),
            f"column {col}",
        )
    for row in template.table("appeals").rows:
        parts = [c.key for c in APPEAL_COLUMNS]
        yield Equation(
            "T4-SUM",
            RELATIONS["T4-SUM"][0],
            (CellRef("appeals", row.key, "total"),),
            tuple(CellRef("appeals", row.key, c) for c in parts[:-1]),
            f"group {row.key}",
        )


# --------------------------------------------------------------------------- 2021

_ISSUED = (
    ColumnSpec("issued", "本年制发件数"),
    ColumnSpec("repealed", "本年废止件数"),
    ColumnSpec("in_force", "现行有效件数"),
)
_DECISIONS_2021 = (ColumnSpec("decisions", "本年处理决定数量"),)
_FEES_2021 = (ColumnSpec("amount", "本年收费金额（单位：万元）", ColumnKind.AMOUNT, unit="万元"),)

ITEM_1 = "第二十条第（一）项"
ITEM_5 = "第二十条第（五）项"
ITEM_6 = "第二十条第（六）项"
ITEM_8 = "第二十条第（八）项"
ITEM_9 = "第二十条第（九）项"

ACTIVE_2021 = TableSpec(
    key="active",
    section=2,
    title="二、主动公开政府信息情况",
    rows=(
        RowSpec("regulations", "规章", _ISSUED, item=ITEM_1),
        RowSpec(
            "normative_documents",
            "行政规范性文件",
            _ISSUED,
            item=ITEM_1,
            variants=("规范性文件",),  # the 2019 label, kept by some 2021 reports (sample 003)
        ),
        RowSpec("administrative_licensing", "行政许可", _DECISIONS_2021, item=ITEM_5),
        RowSpec("administrative_penalty", "行政处罚", _DECISIONS_2021, item=ITEM_6),
        RowSpec("administrative_coercion", "行政强制", _DECISIONS_2021, item=ITEM_6),
        RowSpec("administrative_fees", "行政事业性收费", _FEES_2021, item=ITEM_8),
    ),
    header_labels=(
        "信息内容",
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年处理决定数量",
        "本年收费金额（单位：万元）",
    ),
)

APPLICATIONS_2021 = TableSpec(
    key="applications",
    section=3,
    title="三、收到和处理政府信息公开申请情况",
    rows=(
        *_APPLICATION_ROWS_HEAD,
        _app_row(
            "other_no_correction",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            _RESULTS,
            _OTHER,
        ),
        _app_row(
            "other_unpaid_fee",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            _RESULTS,
            _OTHER,
        ),
        _app_row("other_other", "3.其他", _RESULTS, _OTHER),
        *_APPLICATION_ROWS_TAIL,
    ),
    groups=(_RESULTS, _WITHHELD, _UNAVAILABLE, _NOT_PROCESSED, _OTHER),
    header_labels=(APPLICATIONS_NOTE, *_APPLICATION_HEADERS),
)

TEMPLATE_2021 = Template(
    id="2021",
    name="国办公开办函〔2021〕30号",
    sections=SECTIONS,
    tables=(ACTIVE_2021, APPLICATIONS_2021, APPEALS),
    evidence=(
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年处理决定数量",
        "本年收费金额（单位：万元）",
        "行政规范性文件",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
)

# --------------------------------------------------------------------------- 2019

_MADE_2019 = (
    ColumnSpec("new_made", "本年新制作数量"),
    ColumnSpec("new_published", "本年新公开数量"),
    ColumnSpec("total_published", "对外公开总数量"),
)
_ITEMS_2019 = (
    ColumnSpec("items_prev_year", "上一年项目数量"),
    ColumnSpec("items_change", "本年增/减", ColumnKind.SIGNED_COUNT),
    ColumnSpec("decisions", "处理决定数量"),
)
_PROCUREMENT_2019 = (
    ColumnSpec("procurement_items", "采购项目数量"),
    ColumnSpec("procurement_amount", "采购总金额", ColumnKind.AMOUNT, unit="万元"),
)

ACTIVE_2019 = TableSpec(
    key="active",
    section=2,
    title="二、主动公开政府信息情况",
    rows=(
        RowSpec("regulations", "规章", _MADE_2019, item=ITEM_1),
        RowSpec("normative_documents", "规范性文件", _MADE_2019, item=ITEM_1),
        RowSpec("administrative_licensing", "行政许可", _ITEMS_2019, item=ITEM_5),
        RowSpec("other_external_services", "其他对外管理服务事项", _ITEMS_2019, item=ITEM_5),
        RowSpec("administrative_penalty", "行政处罚", _ITEMS_2019, item=ITEM_6),
        RowSpec("administrative_coercion", "行政强制", _ITEMS_2019, item=ITEM_6),
        RowSpec("administrative_fees", "行政事业性收费", _ITEMS_2019[:2], item=ITEM_8),
        RowSpec("government_procurement", "政府集中采购", _PROCUREMENT_2019, item=ITEM_9),
    ),
    header_labels=(
        "信息内容",
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "本年增/减",
        "处理决定数量",
        "采购项目数量",
        "采购总金额",
    ),
)

APPLICATIONS_2019 = TableSpec(
    key="applications",
    section=3,
    title="三、收到和处理政府信息公开申请情况",
    rows=(
        *_APPLICATION_ROWS_HEAD,
        _app_row("other_handling", "（六）其他处理", _RESULTS),
        *_APPLICATION_ROWS_TAIL,
    ),
    groups=(_RESULTS, _WITHHELD, _UNAVAILABLE, _NOT_PROCESSED),
    header_labels=(APPLICATIONS_NOTE, *_APPLICATION_HEADERS),
)

TEMPLATE_2019 = Template(
    id="2019",
    name="国办公开办函〔2019〕60号",
    sections=SECTIONS,
    tables=(ACTIVE_2019, APPLICATIONS_2019, APPEALS),
    evidence=(
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "本年增/减",
        "采购项目数量",
        "采购总金额",
        "政府集中采购",
        "其他对外管理服务事项",
    ),
)

TEMPLATES: Mapping[str, Template] = MappingProxyType(
    {TEMPLATE_2021.id: TEMPLATE_2021, TEMPLATE_2019.id: TEMPLATE_2019}
)


def get_template(template_id: str) -> Template:
    """Look up a template by id (``"2021"`` or ``"2019"``)."""
    try:
        return TEMPLATES[template_id]
    except KeyError:
        raise KeyError(f"unknown template {template_id!r}; known: {', '.join(TEMPLATES)}") from None
