"""Templates as data match the reference keys; label normalisation and matching."""

from __future__ import annotations

import json
from typing import Any

import pytest

from gov_disclosure.labels import normalize_label
from gov_disclosure.templates import TEMPLATES

from .conftest import DATA


def _reference(template: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (DATA / "reference" / f"template_{template}.json").read_text(encoding="utf-8")
    )
    return data


@pytest.mark.parametrize("template_id", ["2021", "2019"])
def test_keys_and_labels_match_the_reference(template_id: str) -> None:
    ref = _reference(template_id)
    template = TEMPLATES[template_id]
    assert dict(template.sections) == {int(k): v for k, v in ref["sections"].items()}
    active = template.table("active")
    ref_rows = [
        (row_key, row_label, item["item"], tuple(item["columns"].items()))
        for item in ref["active_disclosure"]["items"]
        for row_key, row_label in item["rows"].items()
    ]
    ours = [
        (r.key, r.label, r.item, tuple((c.key, c.label) for c in r.columns)) for r in active.rows
    ]
    assert ours == ref_rows
    apps = template.table("applications")
    assert [(c.key, c.path) for c in apps.rows[0].columns] == [
        tuple(c) for c in ref["applications"]["columns"]
    ]
    assert [(r.key, r.path) for r in apps.rows] == [tuple(r) for r in ref["applications"]["rows"]]
    appeals = template.table("appeals")
    assert [(r.key, r.path) for r in appeals.rows] == [tuple(g) for g in ref["appeals"]["groups"]]
    assert [(c.key, c.label) for c in appeals.rows[0].columns] == [
        tuple(c) for c in ref["appeals"]["columns"]
    ]


def test_relation_counts() -> None:
    for template_id, outcomes in (("2021", 21), ("2019", 19)):
        template = TEMPLATES[template_id]
        sums = [e for e in template.equations() if e.relation == "T3-SUM"]
        assert len(sums) == 7
        assert all(len(e.rhs) == outcomes for e in sums)
        assert len([e for e in template.equations() if e.relation == "T3-BAL"]) == 7
        rows = len(template.table("applications").rows)
        assert len([e for e in template.equations() if e.relation == "T3-ROW"]) == rows
        assert len([e for e in template.equations() if e.relation == "T4-SUM"]) == 3


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        (
            "（二） 部分公开(区分处理的, 只计这一情形, 不计其他情形)",
            "部分公开(区分处理的,只计这一情形,不计其他情形)",
        ),
        ("结 果 维 持", "结果维持"),
        ("结果\n维持", "结果维持"),
        ("尚\u00a0未\u3000审结", "尚未审结"),
        ("3. 危及“三安全一稳定”", '危及"三安全一稳定"'),
        ('3.危及"三安全一稳定"', '危及"三安全一稳定"'),
        ("1、申请人无正当理由逾期不补正", "申请人无正当理由逾期不补正"),
        ("三、（一）予以公开", "予以公开"),
        ("## 一、总体情况", "总体情况"),
        ("規範性檔案", "规范性文件"),
        ("本年度止件数", "本年废止件数"),
        ("第二十条第（一）项", "第二十条第(一)项"),
        ("本年收费金额（单位：万元）", "本年收费金额(单位:万元)"),
    ],
)
def test_normalize_label(raw: str, normalised: str) -> None:
    assert normalize_label(raw) == normalised


def test_row_matching_exact_variant_and_fuzzy() -> None:
    apps = TEMPLATES["2021"].table("applications")
    match = apps.row_labels.match("(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)")
    assert match is not None
    assert (match.key, match.method) == ("partially_granted", "exact")
    match = apps.row_labels.match("（二）部分公开")
    assert match is not None
    assert (match.key, match.method) == ("partially_granted", "without-notes")
    # a dropped character (spam mirrors): fuzzy, with a score
    match = apps.row_labels.match("5.要求行政机关确认或重新出具已获信息")
    assert match is not None
    assert match.key == "not_processed_confirmation"
    assert match.method == "fuzzy"
    assert 0.86 <= match.score < 1
    # too far from anything: no guess
    assert apps.row_labels.match("本机关") is None
    active = TEMPLATES["2021"].table("active")
    variant = active.row_labels.match("規範性檔案")
    assert variant is not None
    assert (variant.key, variant.method) == (
        "normative_documents",
        "variant",
    )
    assert TEMPLATES["2019"].table("active").row_labels.match("規範性檔案").method == "exact"  # type: ignore[union-attr]


def test_fuzzy_matching_refuses_near_ties() -> None:
    apps = TEMPLATES["2021"].table("applications")
    # equally close to 属于国家秘密 and 属于行政查询事项? no: require a clear winner
    assert apps.row_labels.match("属于") is None
