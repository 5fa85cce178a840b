"""Metadata (agency, year, dates, title) and the narrative sections."""

from __future__ import annotations

import datetime as _dt
import re

from ..document import Document, Paragraph
from ..location import SourceLocation
from ..model import Meta, Section
from ..templates import Template
from .placement import _State
from .routing import _Routed

# --------------------------------------------------------------------------- meta

_YEAR_IN_TITLE = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年\s*度?\s*(?:政府|政务)?信息公开")
#: Other places a title states its year: first (``2023年度XX局政府信息公开…``) or in a
#: bracket after it (``…年度报告（2023年）``).
_LEADING_YEAR = re.compile(r"^\s*(?P<year>(?:19|20)\d{2})\s*年度?")
_BRACKET_YEAR = re.compile(r"[（(]\s*(?P<year>(?:19|20)\d{2})\s*年度?\s*[）)]")
_CN_DIGITS = str.maketrans("〇零○一二三四五六七八九", "000123456789")
_FULL_WIDTH_DIGITS = {0xFF10 + d: str(d) for d in range(10)}  # full-width digits
_CN_YEAR = re.compile(r"[〇零○一二三四五六七八九]{4}(?=\s*年)")
_PERIOD = re.compile(
    r"(?:统计期限|数据统计期限|统计时限)[^0-9]{0,12}((?:19|20)\d{2})\s*年"
    r"(?:[^。；;\n]{0,24}?至[^0-9。；;\n]{0,6}((?:19|20)\d{2})\s*年)?"
)
_ANY_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")
_HINT_KEYS = (
    "发布时间",
    "发布日期",
    "公开日期",
    "成文日期",
    "信息来源",
    "发布机构",
    "索引号",
    "来源",
)
_HINT_LINE = re.compile(r"^\s*(" + "|".join(_HINT_KEYS) + r")\s*[:：]\s*(.*)$")
_HINT_KEY = re.compile(r"(" + "|".join(_HINT_KEYS) + r")\s*[:：]")
#: Text before a title that is not part of it: a key-value line, a breadcrumb, a label.
_NOT_TITLE = re.compile(r"[:：>\uff1e»\u203a〉/|]|附件|当前位置|首页")
#: A sentence, not a title: 根据《条例》规定，现公布本局2023年…年度报告。
_SENTENCE = re.compile(
    r"[。，,；;]|^(?:根据|依据|按照|现将|现公布|现予|本(?:局|机关|单位|委|办|院|报告|年|部门))"
)
#: Where a title ends: 年度报告, maybe 的通知/的公告, a bracket (（2023年）), quotes.
_TITLE_CORE = re.compile(
    r"^(?P<core>.*年度报告(?:\s*(?:[（(][^）)]{0,16}[）)]|的通知|的公告|[》」”\"']))*)(?P<tail>.*)$"
)
#: What pages and files put after a title: a site's name after a separator or a space
#: (``-XX市人民政府``, ``_XX网``), a file extension, a date, a 【…】 label.
_DECORATION = re.compile(
    r"\s*(?:[-_|–—]+\s*\S*|\.(?:pdf|docx?|wps)|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}.*|【[^】]*】"
    r"|\s\S*(?:政府|网|网站|门户|平台))?\s*",
    re.IGNORECASE,
)
#: Names that are a website or a menu, not an agency (门户网站, 乡镇街道, 区县政府).
_NOT_AGENCY = re.compile(r"(?:网站|门户|网|本站|平台|频道|专栏|栏目)$|^(?:乡镇街道|区县|县区|各)")
_ORG_SUFFIX = re.compile(
    r"(政府|办公室|办公厅|委员会|局|中心|厅|委|院|所|处|办|站|队|馆|署|会|公司|集团|管理处|街道|镇|乡|区"
    r"|部|大学|学校|海关|银行|台|社)$"
)


def _parse_date(text: str) -> _dt.date | None:
    match = _DATE.search(text)
    if not match:
        return None
    try:
        return _dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _normal_title(title: str) -> str:
    """Full-width digits and years in Chinese numerals (二〇二三年) made digits, one
    character for one, so that positions in it are positions in the title."""
    text = title.translate(_FULL_WIDTH_DIGITS)
    return _CN_YEAR.sub(lambda m: m.group().translate(_CN_DIGITS), text)


def _title_year(title: str) -> int | None:
    """The year a title states: before 政府信息公开 (the usual place), first
    (``2023年度XX局…``) or in a bracket (``…年度报告（2023年）``)."""
    text = _normal_title(title)
    for pattern in (_YEAR_IN_TITLE, _LEADING_YEAR, _BRACKET_YEAR):
        match = pattern.search(text)
        if match:
            return int(match.group("year"))
    return None


def _title_line(text: str) -> str | None:
    """The title a line holds — it names an annual report, maybe followed by a site's
    name, a file extension or a date (left out) — unless it is a breadcrumb or a
    sentence."""
    match = _TITLE_CORE.match(text) if len(text) <= 120 else None
    if match is None or not _DECORATION.fullmatch(match.group("tail")):
        return None
    core = match.group("core").strip()
    if len(core) > 80 or _NOT_TITLE.search(core) or _SENTENCE.search(core):
        return None
    return core


def _paragraph_hints(paragraphs: list[tuple[int, Paragraph]]) -> dict[str, str]:
    """``发布时间: 2025-01-21`` on one line, or the key on one line and the value on the next."""
    hints: dict[str, str] = {}
    texts = [p.text.strip() for _, p in paragraphs[:40]]
    for i, text in enumerate(texts):
        if not _HINT_LINE.match(text):
            continue
        # several on one line: 成文日期：2023-12-29  发布日期：2024-01-15
        keys = list(_HINT_KEY.finditer(text))
        for k, match in enumerate(keys):
            end = keys[k + 1].start() if k + 1 < len(keys) else len(text)
            key, value = match.group(1), text[match.end() : end].strip()
            last = k + 1 == len(keys)
            if not value and last and i + 1 < len(texts) and not _HINT_LINE.match(texts[i + 1]):
                value = texts[i + 1]
            if value:
                hints.setdefault(key, value)
    return hints


def _find_title(
    paragraphs: list[tuple[int, Paragraph]], first_heading: int | None
) -> tuple[str | None, SourceLocation | None]:
    """The report's title: a short paragraph before section 一 naming the annual report,
    preferably with its year (a breadcrumb such as 首页 > 年度报告 has none)."""
    texts = [(i, p) for i, p in paragraphs[:16] if first_heading is None or i < first_heading]
    fallback: tuple[str | None, SourceLocation | None] = (None, None)
    for n, (_, p) in enumerate(texts[:-1]):
        # a title broken anywhere over two lines (PDF): "…2024 年政府信息公" / "开工作年度报告"
        first = p.text.strip().lstrip("#").strip()
        second = texts[n + 1][1].text.strip()
        joined = _title_line(first + second)
        whole = _title_line(second)
        complete = whole is not None and _title_year(whole) is not None
        if (
            not complete
            and "年度报告" not in first
            and joined is not None
            and _title_year(joined) is not None
            and _agency_from_title(joined)
        ):
            return joined, p.location
        if "年度报告" in first:
            break
    for n, (_, p) in enumerate(texts):
        line = _title_line(p.text.strip().lstrip("#").strip())
        if line is None:
            continue
        text = line
        # a title wrapped over two lines: "XX中心2024年" / "政府信息公开工作年度报告", or
        # "淮安市人民政府" / "2024 年政府信息公开工作年度报告"
        starts_with_year = re.match(r"^(?:19|20)\d{2}\s*年", text) is not None
        if (
            text.startswith(("政府信息公开", "政务公开", "信息公开")) or starts_with_year
        ) and n > 0:
            previous = texts[n - 1][1].text.strip().lstrip("#").strip()
            if _title_head(previous):
                joined = previous + text
                if _title_year(joined) is not None:
                    return joined, texts[n - 1][1].location
        if _title_year(text) is not None:
            return text, p.location
        if fallback[0] is None:
            fallback = (text, p.location)
    return fallback


#: A report compiled from subordinate units' reports (综合各乡镇、各部门…编制而成, 根据全县
#: 各乡镇…年度报告汇总编制, 根据各乡镇…情况编写, 数据来自全县各乡镇…) — not an office
#: combining its own sections (综合本单位各股室).
_UNITS = (
    r"(?<!本局)(?<!本委)(?<!本办)(?<!本院)(?<!本机关)(?<!本单位)"  # its own sections
    r"(?:各乡镇|各街道|各镇|各县|各区|各部门|各单位|所属单位|下属单位|县直|市直|区直)"
)
_CONSOLIDATED = re.compile(
    r"(?:综合|汇总|根据)[^。]{0,80}?" + _UNITS + r"[^。]{0,80}?(?:编制|汇总|编写)"
    r"|(?:数据来自|数据来源于|数据取自|数据由)[^。]{0,20}?" + _UNITS
)


#: The report itself is meant: 本报告…, or the units' annual reports it is compiled from.
_ABOUT_REPORT = re.compile(r"本(?:年度)?报告|本年报|年度报告[^。]{0,10}?(?:汇总|编制)")
#: Figures of a whole region: 全市共受理…, 全县收到…
_REGION_FIGURES = re.compile(
    r"全(?:省|市|县|区|州|盟|旗)[^，,。；;]{0,6}?(?:共|累计|共计)?(?:受理|收到|新收)"
    r"[^，,。；;]{0,8}?信息公开申请"
)
#: … unless the sentence also gives the agency's own (全省…5000件，本中心收到1件).
_OWN_UNIT = re.compile(r"本(?:中心|局|机关|单位|委|办|院|部门)|我(?:局|委|办|中心|院|单位)")


def _consolidated(text: str) -> bool:
    """A report compiled from its units' reports (a sentence about the report itself
    saying so), or stating a whole region's figures."""
    return any(
        (_REGION_FIGURES.search(sentence) and not _OWN_UNIT.search(sentence))
        or (_CONSOLIDATED.search(sentence) and _ABOUT_REPORT.search(sentence))
        for sentence in text.split("。")
    )


def _title_head(text: str) -> bool:
    """Could ``text`` be the first line of a title wrapped before its year or before
    政府信息公开: an agency's name (``淮安市人民政府``), maybe with the year
    (``XX中心2024年``) — not a date, a key-value line or a breadcrumb."""
    if not text or len(text) > 50 or "。" in text or _NOT_TITLE.search(text):
        return False
    name = re.sub(r"\s*(?:19|20)\d{2}\s*年度?$", "", text)
    place = name.endswith(("市", "县", "州", "旗", "盟", "区"))  # 淮安市 / 2023年…
    return (
        not re.search(r"\d", name)
        and not _NOT_AGENCY.search(name)
        and (not name or place or _ORG_SUFFIX.search(name) is not None)
    )


def _signature(paragraphs: list[tuple[int, Paragraph]]) -> tuple[str | None, _dt.date | None]:
    """The agency name and date that close many reports.

    For example ``米易县公共资源交易中心`` then ``2024年1月15日`` as the last two lines.
    """
    tail = [p.text.strip() for _, p in paragraphs[-4:] if p.text.strip()]
    for i in range(len(tail) - 1, 0, -1):
        date = _parse_date(tail[i]) if len(tail[i]) <= 16 else None
        if date is None:
            continue
        name = tail[i - 1]
        if len(name) <= 40 and not re.search(r"[。，,；;：:]", name) and _ORG_SUFFIX.search(name):
            return name, date
        return None, date
    return None, None


def _agency_from_title(title: str) -> str | None:
    """The agency a title names: before its year (``XX局2023年政府信息公开…``), or between
    a leading year and 政府信息公开 (``2023年度XX局政府信息公开…``).  In a notice
    (``XX办公室关于印发XX局2023年…的通知``) the report's agency follows 关于印发, and
    without a complete name there (``…关于印发安阳市2023年…``) the title names none."""
    text = _normal_title(title)  # for finding the year; names are cut from the title
    match = _YEAR_IN_TITLE.search(text)
    leading = _LEADING_YEAR.match(text)
    end = re.search(r"信息公开", text)
    if match and not (leading and leading.start("year") == match.start("year")):
        name = title[: match.start()]
    elif leading:
        name = _before_disclosure(title[leading.end() : end.start()]) if end else ""
    else:
        bracket = _BRACKET_YEAR.search(text)
        name = ""
        if end and bracket:  # …年度报告（2023年）, or XX局（2023年度）政府信息公开…
            name = title[: end.start()].replace(title[bracket.start() : bracket.end()], "")
            name = _before_disclosure(name)
    name = re.sub(r"\s+", "", name).strip('《》"“”')
    notice = list(re.finditer(r"关于(?:印发|发布|公布|公开|转发)?|转发|印发", name))
    if notice and name[notice[-1].end() :]:
        name = name[notice[-1].end() :].strip('《》"“”')
        if not _looks_complete(name):
            return None
    elif notice:
        name = name[: notice[-1].start()]  # XX中心关于2023年…: its own report
    if _NOT_AGENCY.search(name):
        return None  # 各区县2023年…, XX门户网站2023年…
    return name or None


def _before_disclosure(name: str) -> str:
    """The name before 信息公开: XX局政府 → XX局, but XX县人民政府 stays whole, and
    政府 alone (2023年政府信息公开…) is no name."""
    for word in ("政府", "政务"):
        if name.strip() == word:
            return ""
        if name.endswith(word) and _looks_complete(name[: -len(word)]):
            return name[: -len(word)]
    return name


#: ``市公共资源交易中心``, ``县财政局``, ``市场监督管理局``: a level word with no place name
#: before it (镇江市, 市中区, 乡宁县 are places: a level word follows within a few
#: characters).
_NO_PLACE = re.compile(r"^[市县区省镇乡](?!.{0,3}[市县区省州旗盟镇乡村])")


def _names_no_place(name: str) -> bool:
    return _NO_PLACE.match(name) is not None


def _looks_complete(name: str) -> bool:
    """``市公共资源交易中心`` names no place: it is not enough to identify the agency."""
    return (
        len(name) >= 4
        and not _names_no_place(name)
        and not _NOT_AGENCY.search(name)
        and bool(_ORG_SUFFIX.search(name))
    )


def _read_meta(
    state: _State,
    routed: _Routed,
    document: Document,
    template: Template,
    evidence: tuple[str, ...],
) -> Meta:
    paragraphs = routed.paragraphs
    first_heading = min(routed.headings.values()) if routed.headings else None
    hints = _paragraph_hints(paragraphs)
    hints.update(dict(document.hints))
    title, _ = _find_title(paragraphs, first_heading)
    hinted = hints.get("title")
    if hinted and (title is None or _title_year(title) is None):
        title = hinted
    signature_name, signature_date = _signature(paragraphs)

    year = _title_year(title) if title else None
    all_text = "\n".join(p.text for _, p in paragraphs)
    if year is None:
        match = _PERIOD.search(all_text)
        if match and match.group(2) not in (None, match.group(1)):
            state.note(
                "GD115",
                f"统计期限跨越 {match.group(1)} 年和 {match.group(2)} 年，未据此确定报告年度",
                f"the statistics period spans {match.group(1)} and {match.group(2)}; "
                "the report year is not taken from it",
            )
        elif match:
            year = int(match.group(1))
    published = None
    for key in ("发布时间", "发布日期", "公开日期", "成文日期"):
        if key in hints:
            published = _parse_date(hints[key])
            if published:
                break
    if published is None:
        published = signature_date
    if year is None:
        narrative_year = _first_narrative_year(routed)
        if (
            narrative_year is not None
            and published is not None
            and narrative_year != published.year - 1
        ):
            state.note(
                "GD114",
                f"未能确定报告年度：正文首个年份为 {narrative_year}，发布日期为 "
                f"{published.isoformat()}",
                f"the report year is uncertain: the narrative's first year is {narrative_year}, "
                f"the publication date {published.isoformat()}",
            )
        elif narrative_year is not None:
            year = narrative_year
            state.note(
                "GD115",
                f"报告年度 {year} 取自正文“总体情况”中首次出现的年份",
                f"report year {year} inferred from the first year in the 总体情况 narrative",
            )
        elif published is not None:
            year = published.year - 1
            state.note(
                "GD115",
                f"报告年度 {year} 由发布日期 {published.isoformat()} 推断",
                f"report year {year} inferred from the publication date {published.isoformat()}",
            )
        else:
            state.note("GD114", "未能识别报告年度", "the report year could not be identified")

    if year is not None and published is not None and published.year <= year:
        state.note(
            "GD114",
            f"报告年度 {year} 与发布日期 {published.isoformat()} 矛盾（年度报告在年度结束后发布）",
            f"report year {year} contradicts the publication date {published.isoformat()} "
            "(an annual report is published after its year ends); check both",
        )

    publisher = hints.get("发布机构") or hints.get("信息来源") or hints.get("来源")
    agency = None
    title_agency = _agency_from_title(title) if title else None
    if signature_name and not _looks_complete(signature_name) and title_agency:
        agency = title_agency  # 县公共资源交易中心 signed under 攀枝花市米易县…'s title
    elif signature_name and not title_agency and not _looks_complete(signature_name):
        state.note(
            "GD113",
            f"落款机关“{signature_name}”不含地名，不足以确定机关",
            f"the signature {signature_name!r} names no place; not enough to identify it",
        )
    elif signature_name:
        agency = signature_name
        if title_agency and not title_agency.endswith(signature_name):
            state.note(
                "GD113",
                f"落款机关“{signature_name}”与标题中的“{title_agency}”不一致，采用落款",
                f"signature {signature_name!r} differs from the title's {title_agency!r}; "
                "using the signature",
            )
    elif title_agency and _names_no_place(title_agency):
        state.note(
            "GD113",
            f"标题中的机关名称“{title_agency}”不含地名，不足以确定机关",
            f"the title's agency {title_agency!r} names no place; not enough to identify it",
        )
    elif (
        title_agency
        and publisher
        and _looks_complete(publisher)
        and not _in_one_line(paragraphs, title)
        and not (title_agency.endswith(publisher) or publisher.endswith(title_agency))
    ):
        # a title joined from two lines: the first may be the site's header (XX市人民政府)
        state.note(
            "GD113",
            f"标题中的“{title_agency}”与发布机构“{publisher}”不一致，未能确定机关",
            f"the title's {title_agency!r} differs from the publisher {publisher!r}; "
            "the agency is uncertain",
        )
    elif title_agency:
        agency = title_agency
    elif publisher and _looks_complete(publisher):
        agency = publisher
    else:
        state.note(
            "GD113",
            "未能确定发布机关" + (f"（仅见“{publisher}”，不足以确定机关）" if publisher else ""),
            "the issuing agency could not be identified"
            + (f" (only {publisher!r}, which names no place)" if publisher else ""),
        )

    if agency is not None and ("?" in agency or "？" in agency):
        state.note(
            "GD113",
            f"机关名称“{agency}”含无法确定的文字，不采用",
            f"the agency name {agency!r} holds text that could not be read; not used",
        )
        agency = None

    scope = "consolidated" if _consolidated(all_text[:3000]) else None
    return Meta(
        template=template.id,
        agency=agency,
        year=year,
        title=title,
        published=published,
        scope=scope,
        template_evidence=evidence,
        publisher=publisher,
        index_number=hints.get("索引号"),
    )


def _in_one_line(paragraphs: list[tuple[int, Paragraph]], title: str | None) -> bool:
    """Whether the title stands on one line (not joined from two by :func:`_find_title`)."""
    return title is not None and any(
        p.text.strip().lstrip("#").strip() == title for _, p in paragraphs[:16]
    )


def _first_narrative_year(routed: _Routed) -> int | None:
    start = routed.headings.get(1)
    if start is None:
        return None
    end = min((i for n, i in routed.headings.items() if n > 1), default=None)
    for index, paragraph in routed.paragraphs:
        if index <= start or (end is not None and index >= end):
            continue
        match = _ANY_YEAR.search(paragraph.text)
        if match:
            return int(match.group(1))
    return None


def _narrative(routed: _Routed, template: Template) -> tuple[Section, ...]:
    sections = []
    ordered = sorted(routed.headings.items(), key=lambda item: item[1])
    for position, (number, start) in enumerate(ordered):
        if number not in (1, 5, 6):
            continue
        end = ordered[position + 1][1] if position + 1 < len(ordered) else None
        texts = [
            p.text.strip()
            for i, p in routed.paragraphs
            if i > start and (end is None or i < end) and p.text.strip()
        ]
        heading = next(p for i, p in routed.paragraphs if i == start)
        sections.append(
            Section(number, template.section_title(number), "\n".join(texts), heading.location)
        )
    return tuple(sections)
