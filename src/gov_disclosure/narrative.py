"""Numbers the narrative states versus the tables (GD405, warnings).

Reports restate their key figures (applications, appeals, documents issued) in prose,
e.g. "全市共受理政府信息公开申请3119件，答复3050件
（含上年度结转申请34件，另有103件顺延到下年度答复）" or "政府信息公开行政复议351件，其中结果维持
72件…".  Each recognised figure is compared with its table cell; a difference is reported
with the sentence quoted.  Only figures with an unambiguous meaning are extracted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from .findings import Finding, make_finding
from .model import Report, Value

__all__ = ["check_narrative", "narrative_figures"]

_N = r"\s*(\d+)\s*件"
#: Applications received: the verb (新收 is new ones only), what was applied for, then
#: the figure.  Applications of other kinds (行政许可, 行政复议 …) are not these, and
#: neither are last year's (上年同期受理 …).
_RECEIVED = re.compile(r"(受理|新收|收到)([^，,。；;（(]{0,12}?)申请" + _N)
_OTHER_KINDS = re.compile(r"许可|复议|诉讼|审批")
_OTHERS = r"留言|咨询|投诉|信访|举报|热线|诉求|信箱|来信|建议|提案"
_OTHER_APPLICATIONS = re.compile(_OTHERS)
#: A clause that counts requests of another kind: 网民留言300条, 通过12345热线受理群众诉求
#: 300件 — not a mention inside a description (（含通过政务咨询平台提交的3件）).
_COUNTED_OTHERS = re.compile(
    r"(?:^|[，,；;、])[^，,；;、（(]{0,8}?(?:" + _OTHERS + r")[^，,。；;（(]{0,10}?\d+\s*"
    r"(?:条|件|个|封|次)"
)
_OURS = re.compile(r"政府信息公开|信息公开申请|依申请公开")
#: A year named before a figure (``2022年受理申请15件``), except one that carried
#: applications over (``2022年结转``, ``结转至2024年``): the figure is of that year.
_YEAR = re.compile(
    r"(?:(?P<this>本年度?|今年|全年|当年)|(?P<year>\d{4})\s*年"
    r"(?!度?[^，,。；;]{0,6}?(?:结转|转结))"  # 2022年结转: carried over
    r"(?!\s*(?:修订|修正|颁布|印发|施行|发布|第)))"  # 《条例》（2019年修订）: a law's year
)
#: A year named but not as the year of the figures after it: carried on into it (结转至
#: 2024 年, 延期至2024年), compared with (与2022年相比, 较2022年, 在2022年工作基础上),
#: a date (2019年5月15日起施行), or the end of a span (2020年至2023年累计).
_INTO_YEAR = re.compile(r"(?:结转|转结|顺延|延期|转入|延续)\s*(?:到|至)?\s*$")
_COMPARED_YEAR_BEFORE = re.compile(r"(?:与|较|比|在|同)\s*$")
_COMPARED_YEAR_AFTER = re.compile(r"\s*度?\s*(?:相比|基础上|同期|的)")
#: 自2020年以来, 自2022年起: the start of a span of years.
_SINCE = re.compile(r"自\s*$")
_SINCE_AFTER = re.compile(r"\s*度?\s*(?:以来|起)")
#: 延期至2024年答复2件: replies in the next year, not this year's total.
_INTO_NEXT_YEAR = re.compile(r"(?:结转|转结|顺延|延期|转入|延续)\s*(?:到|至)?\s*\d{4}\s*年度?\s*$")
_DATE_AFTER = re.compile(r"\s*\d{1,2}\s*月")
_CLOSED = re.compile(r"[，,；;]|相比|比较")
_SPAN_BEFORE = re.compile(r"\d{4}\s*年?度?\s*(?:至|到|—|－|-|~|\uff5e)\s*$")
#: A figure summed over several years.
_CUMULATIVE = re.compile(r"累计|历年|以来")
#: Applications received through one channel (``通过网上渠道收到申请10件``, ``收到当面申请
#: 3件``) are a part, not the year's total — unless the clause says it counts them all.
_CHANNEL = re.compile(
    r"当面|信函|邮寄|网上|网络|在线|线上|传真|电子邮件|邮箱|现场|电话|渠道|通过[^，,；;]{0,10}窗口"
)
_ALL_CHANNELS = re.compile(
    r"(?<![公中])共|合计|总计|累计|各种|各类|全部|所有|多种|线上线下"
    r"|各个?(?:渠道|途径|方式)|等(?:多种)?(?:方式|渠道|途径|形式)"
)
#: Kinds of channel, by their words: two kinds named in one clause are a list of all
#: (通过网上、信函、当面收到); two words of one kind (网上在线, 现场当面) are one channel.
_CHANNEL_KINDS = (
    re.compile(r"网上|网络|在线|线上|电子邮件|邮箱"),
    re.compile(r"当面|现场|窗口"),
    re.compile(r"信函|邮寄"),
    re.compile(r"电话"),
    re.compile(r"传真"),
)
_CLAUSE_START = re.compile(r"[，,；;]")
_LAST_YEAR = re.compile(r"(?:上年|上一年|去年|同期|同比)[^，,。；;]{0,4}$")
# (pattern, row): the figure is group 1
_APPLICATION_PATTERNS = (
    (re.compile(r"(?:上年度?|上一年度?)(?:结转|转结)(?:的)?(?:申请)?" + _N), "carried_over"),
    (re.compile(r"(\d+)\s*件\s*(?:顺延|结转|转结)(?:到|至)?下一?年度"), "carried_forward"),
    (re.compile(r"结转(?:到|至)?下一?年度(?:继续办理)?" + _N), "carried_forward"),
    (re.compile(r"(?<![按及])(?:答复|办结)" + _N), "total"),
)
_DOCUMENT_PATTERNS = (
    (
        re.compile(r"(?:制发|制定|出台|印发|发布|新增公开)[^。；;，,、]{0,12}?规章" + _N),
        ("active", "regulations", "issued"),
    ),
    (
        re.compile(
            r"(?:制发|制定|出台|印发|发布|新增公开)[^。；;，,、]{0,12}?(?:行政)?规范性文件" + _N
        ),
        ("active", "normative_documents", "issued"),
    ),
)
_APPEAL_TERMS = re.compile(r"(行政复议|行政诉讼|结果维持|结果纠正|其他结果|尚未审结)" + _N)
_APPEAL_COLUMNS = {
    "结果维持": "upheld",
    "结果纠正": "corrected",
    "其他结果": "other",
    "尚未审结": "pending",
}
_SENTENCE = re.compile(r"[^。；;！!？?]+[。；;！!？?]?")
_CARRIED = r"(?:上年度?|上一年度?|以前年度|\d{4}年度?)[^）)。；;，,不未另]{0,8}?(?:结转|转结)"
#: Right after a figure of applications received (受理, 收到): it includes those carried
#: over from the year before (``收到申请5件（含上年结转2件）``, ``…5件，其中上年结转2件``,
#: ``…20件，含2022年结转3件``), so it is the sum of the two rows, not the new ones alone.
_WITH_CARRIED_OVER = re.compile(
    r"\s*[（(,，]?\s*(?:(?:其中|含|包括|包含)\s*)+[^）)。；;，,不未另]{0,12}?"
    + _CARRIED
    + r"(?![^）)。；;，,]{0,8}?另计)"
)
#: … or right after it, it says those carried over are not included.
_WITHOUT_CARRIED_OVER = re.compile(r"\s*[（(,，]?\s*(?:不含|不包括|未含|未包括|另有)")
_MENTIONS_CARRIED = re.compile(_CARRIED)
_REPLIES = re.compile(r"(?:答复|办结)\s*\d")
#: Figures that restate the sum of several rows.
_ROW_SUMS = {
    "litigation": ("litigation_direct", "litigation_after_review"),
    "received_with_carried_over": ("received", "carried_over"),
}


def _of_other_applications(sentence: str, at: int) -> bool:
    """Whether the applications a figure at ``at`` speaks of are of another kind or only
    a part: the last ones named before it are (受理行政许可申请1234件，办结1230件;
    通过网上渠道收到申请10件，已答复10件), or since then a clause counts requests of
    another kind (网民留言300条，已答复300件)."""
    named = list(_RECEIVED.finditer(sentence, 0, at))
    if named and (_other(named[-1].group(2)) or _one_channel(sentence, named[-1])):
        return True
    return _COUNTED_OTHERS.search(sentence[named[-1].end() if named else 0 : at]) is not None


def _other(what: str) -> bool:
    """Applications for something else than information: 行政许可, 行政复议 …, or 咨询,
    投诉 … unless they also say they are information requests (咨询类政府信息公开申请)."""
    if _OTHER_KINDS.search(what):
        return True
    return _OTHER_APPLICATIONS.search(what) is not None and _OURS.search(what) is None


def _one_channel(sentence: str, match: re.Match[str]) -> bool:
    """Whether a figure of applications received counts one channel only: a channel is
    named in its clause (通过网上渠道收到申请10件, 收到当面申请3件) and nothing there
    says all of them (通过网络、信函等方式共收到申请10件)."""
    clause = _clause(sentence, match)
    if _CHANNEL.search(clause) is None:
        return False
    if "其中" in clause:
        return True  # 其中网上在线收到申请6件: a part
    kinds = sum(kind.search(clause) is not None for kind in _CHANNEL_KINDS)
    return _ALL_CHANNELS.search(clause) is None and kinds < 2


def _clause(sentence: str, match: re.Match[str]) -> str:
    """The clause of a figure: from the comma or semicolon before it to its end."""
    starts = [m.end() for m in _CLAUSE_START.finditer(sentence, 0, match.start())]
    return sentence[starts[-1] if starts else 0 : match.end()]


def _cumulative(sentence: str, match: re.Match[str], year: int | None) -> bool:
    """A figure summed over years (累计收到申请99件), unless its clause says this year's
    (本年, 全年) or the last year named before it is the report's (2023年累计 is used
    loosely for the year's total)."""
    clause = _clause(sentence, match)
    if _CUMULATIVE.search(clause) is None or re.search(r"本年|今年|全年", clause):
        return False
    named = [m for m in _YEAR.finditer(sentence, 0, match.start()) if m.group("year")]
    return not (named and year is not None and int(named[-1].group("year")) == year)


def _of_another_year(sentence: str, at: int, year: int | None) -> bool:
    """Whether the last year named before ``at`` in the sentence is not the report's
    (``2022年受理申请15件`` in a 2023 report; with the report's year unknown, any).
    本年, 今年, 全年 name the report's; a law's year (2019年修订) and a year things are
    carried on into (结转至2024年) are not years of figures."""
    another = False
    for match in _YEAR.finditer(sentence, 0, at):
        if match.group("this"):
            another = False
            continue
        before = sentence[max(0, match.start() - 8) : match.start()]
        closed = _CLOSED.search(sentence, match.end(), at) is not None
        if _SPAN_BEFORE.search(before) or (
            _SINCE.search(before) and _SINCE_AFTER.match(sentence, match.end())
        ):
            another = True  # 2020年至2023年, 自2020年以来: several years' figures
        elif not (
            _INTO_YEAR.search(before)
            or _COMPARED_YEAR_AFTER.match(sentence, match.end())
            # a date in a clause before the figure's (2019年5月15日起施行的条例，收到…);
            # 2022年12月28日收到…1件 is that year's
            or (_DATE_AFTER.match(sentence, match.end()) and closed)
            # 较2022年的10件增长50%，答复15件: a reference closed before the figure (but
            # 与2022年受理申请15件相比: the figure is that year's)
            or (_COMPARED_YEAR_BEFORE.search(before) and closed)
        ):
            another = int(match.group("year")) != year
    return another


def _carried_in_it(sentence: str, match: re.Match[str]) -> bool:
    """Whether the figure's part of the sentence (between figures of replies, 答复/办结
    N件) speaks of those carried over as part of it — before it as part of a total
    (…上年结转3件，共受理20件), added (加上年结转), in a breakdown after it (其中 …,
    本年新收 …) or a bracket right after it — so that a figure of applications 受理 or
    收到 may or may not include them.  Listed beside it (收到申请17件，上年结转3件), they
    are not part of it."""
    before = [m.end() for m in _REPLIES.finditer(sentence, 0, match.start())]
    after = _REPLIES.search(sentence, match.end())
    start, end = (before[-1] if before else 0), (after.start() if after else len(sentence))
    if _MENTIONS_CARRIED.search(sentence, start, match.start()):
        return True  # a total after them
    rest = sentence[match.end() : end]
    if "加上年" in rest:
        return True
    if _MENTIONS_CARRIED.search(rest) is None:
        return False
    return "其中" in rest or "新收" in rest or rest.lstrip()[:1] in ("(", "（")


def _flatten(text: str) -> str:
    """PDF and Word copies break lines mid-sentence: join them back."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s*\n\s*", "", text)


def _candidate_sentences(text: str) -> Iterator[str]:
    """The sentences that can state a figure: every pattern ends in 件.  NFKC (full-width
    digits) is applied to those only — to the whole text it cost more than all the rest —
    and they are split again after it, so the sentences are those of the normalised text
    (normalisation keeps every sentence end a sentence end)."""
    joined = re.sub(r"\s*\n\s*", "", text)
    for raw in _SENTENCE.findall(joined):
        if "件" in raw:
            yield from _SENTENCE.findall(_flatten(raw))


def narrative_figures(
    text: str, year: int | None = None
) -> Iterator[tuple[str, str, tuple[str, ...], int, str]]:
    """``(table, row, columns summed, figure, sentence)`` for every recognised figure of
    the report's ``year``; ``row`` may name a sum of rows (``litigation``,
    ``received_with_carried_over``).  A figure after another year's name is left out,
    and with ``year`` unknown one after any year's name."""
    for sentence in _candidate_sentences(text):
        for match in _RECEIVED.finditer(sentence):
            if (
                _other(match.group(2))
                or _LAST_YEAR.search(sentence, 0, match.start())
                or _of_another_year(sentence, match.start(), year)
                or _one_channel(sentence, match)
                or _cumulative(sentence, match, year)
            ):
                continue
            row: str | None = "received"
            if _WITHOUT_CARRIED_OVER.match(sentence, match.end()):
                pass  # new applications only
            elif _WITH_CARRIED_OVER.match(sentence, match.end()):
                row = "received_with_carried_over"
            elif match.group(1) != "新收" and _carried_in_it(sentence, match):
                row = None  # with or without those carried over: the text does not say
            if row is not None:
                yield "applications", row, ("total",), int(match.group(3)), sentence.strip()
        for pattern, row in _APPLICATION_PATTERNS:
            for match in pattern.finditer(sentence):
                if (
                    _of_other_applications(sentence, match.start())
                    or _of_another_year(sentence, match.start(), year)
                    or _INTO_NEXT_YEAR.search(sentence, 0, match.start())
                ):
                    continue  # 受理行政许可申请1234件，办结1230件: not information requests
                yield "applications", row, ("total",), int(match.group(1)), sentence.strip()
        for pattern, (table, row, column) in _DOCUMENT_PATTERNS:
            for match in pattern.finditer(sentence):
                if not _of_another_year(sentence, match.start(), year):
                    yield table, row, (column,), int(match.group(1)), sentence.strip()
        group: str | None = None
        for match in _APPEAL_TERMS.finditer(sentence):
            term, figure = match.group(1), int(match.group(2))
            if _of_another_year(sentence, match.start(), year):
                group = None
                continue
            if term == "行政复议":
                group = "review"
                yield "appeals", "review", ("total",), figure, sentence.strip()
            elif term == "行政诉讼":
                group = "litigation"
                yield "appeals", "litigation", ("total",), figure, sentence.strip()
            elif group is not None:
                yield "appeals", group, (_APPEAL_COLUMNS[term],), figure, sentence.strip()


def _table_value(report: Report, table: str, row: str, columns: tuple[str, ...]) -> Value | None:
    total: Value = 0
    for r in _ROW_SUMS.get(row, (row,)):
        for column in columns:
            value = report.table(table)[r, column]
            if value is None:
                return None
            total = total + value
    return total


def check_narrative(report: Report, **_: Any) -> Iterator[Finding]:
    """Compare the figures stated in the narrative with the tables."""
    text = "\n".join(s.text for s in report.narrative)
    seen: set[tuple[str, str, tuple[str, ...], int]] = set()
    for table, row, columns, figure, sentence in narrative_figures(text, report.year):
        key = (table, row, columns, figure)
        if key in seen:
            continue
        seen.add(key)
        value = _table_value(report, table, row, columns)
        if value is None or value == figure:
            continue
        cell_rows = _ROW_SUMS.get(row, (row,))
        cells = tuple((table, r, c) for r in cell_rows for c in columns)
        yield make_finding(
            "GD405",
            f"正文称 {figure}，表格（{table}/{'+'.join(cell_rows)}/{'+'.join(columns)}）"
            f"为 {value}：“{sentence}”",
            f"the narrative says {figure} but the table "
            f"({table}/{'+'.join(cell_rows)}/{'+'.join(columns)}) "
            f"has {value}: “{sentence}”",
            origin="check",
            section={"active": 2, "applications": 3}.get(table, 4),
            table=table,
            row=cell_rows[0],
            column=columns[0],
            cells=cells,
            expected=value,
            observed=figure,
            quote=sentence,
        )
