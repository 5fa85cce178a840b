"""HTML writer: a report as a clean standalone page with the official tables.

The tables carry the merged cells of the official format (rowspan/colspan), so a
disclosure office can publish a correct table from its numbers.  ``cms=True`` renders
the page the way government CMS sites do — navigation, breadcrumb, a 索引号/发布机构/公开日期
table, Word-pasted cells (``<p class=MsoNormal><span>``), spaced-out header labels — so
the HTML reader can be tested against what real sites produce.  ``encoding="gb18030"``
returns bytes declared as ``gb2312``, as many sites do.
"""

from __future__ import annotations

from html import escape
from typing import Any

from ..model import Report
from . import Serializer
from .layout import GridCell, GridTable, official_tables

__all__ = ["HtmlWriter"]

_STYLE = """
body { font-family: "SimSun", "Songti SC", serif; max-width: 60em; margin: 2em auto; }
table { border-collapse: collapse; margin: 1em 0; }
td, th { border: 1px solid #444; padding: 2px 6px; text-align: center; }
td.value { text-align: right; }
"""


def _title(report: Report) -> str:
    meta = report.meta
    year = f"{meta.year}年" if meta.year is not None else ""
    return f"{meta.agency or ''}{year}政府信息公开工作年度报告"


class HtmlWriter(Serializer):
    name = "html"
    suffixes = (".html", ".htm")
    media_type = "text/html"
    description = "a standalone HTML page with the official tables"

    def dumps(
        self,
        obj: Any,
        *,
        cms: bool = False,
        encoding: str | None = None,
        split_active: bool = False,
        **_: Any,
    ) -> str | bytes:
        if not isinstance(obj, Report):
            raise TypeError(f"html writes one Report, not {type(obj).__name__}")
        charset = "gb2312" if encoding and encoding.lower().startswith("gb") else "utf-8"
        page = self._page(obj, cms=cms, charset=charset, split_active=split_active)
        if encoding is None:
            return page
        return page.encode("gb18030" if charset == "gb2312" else encoding)

    def _page(self, report: Report, *, cms: bool, charset: str, split_active: bool) -> str:
        title = escape(_title(report))
        out = [
            "<!DOCTYPE html>",
            '<html lang="zh-CN"><head>',
            f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
            f"<title>{title}</title>",
            f'<meta name="ArticleTitle" content="{title}">',
            f"<style>{_STYLE}</style>",
            "</head><body>",
        ]
        if cms:
            out += [
                '<div class="nav"><a href="/">首页</a> | <a href="/xxgk/">政府信息公开</a></div>',
                '<div class="breadcrumb">当前位置：首页 &gt; 政府信息公开 &gt; 年度报告</div>',
                '<table class="meta"><tr><td>索引号：</td><td>11340000/2024-00001</td>'
                f"<td>发布机构：</td><td>{escape(report.meta.agency or '')}</td></tr>"
                "<tr><td>公开日期：</td><td>2025-01-20</td><td>信息来源：</td>"
                f"<td>{escape(report.meta.agency or '')}</td></tr></table>",
                '<script>var x = "<table><tr><td>不是表格</td></tr></table>";</script>',
                '<div class="TRS_Editor">',
            ]
        out.append(f"<h1>{title}</h1>")
        tables = {t.section: t for t in official_tables(report)}
        for number, heading in report.template.sections:
            text = escape(heading)
            out.append(f"<p><strong>{text}</strong></p>" if cms else f"<h2>{text}</h2>")
            if number in tables:
                out.extend(self._tables(tables[number], cms=cms, split=split_active))
                continue
            section = report.section(number)
            if section is not None:
                out.extend(f"<p>{escape(p)}</p>" for p in section.text.split("\n") if p)
        if cms:
            out += ["</div>", '<div class="footer">主办单位：某某人民政府办公室 版权所有</div>']
        out.append("</body></html>")
        return "\n".join(out) + "\n"

    def _tables(self, table: GridTable, *, cms: bool, split: bool) -> list[str]:
        rows = list(table.rows)
        groups = [rows]
        if split and table.key == "active":  # 二 as four separate tables, one per item
            groups = []
            for row in rows:
                if row[0].role == "caption":
                    groups.append([])
                groups[-1].append(row)
        out = []
        for group in groups:
            out.append('<table class="MsoNormalTable" border="1">' if cms else "<table>")
            for i, row in enumerate(group):
                out.append("<tr>" + "".join(self._cell(c, i, cms) for c in row) + "</tr>")
            out.append("</table>")
        return out

    @staticmethod
    def _cell(cell: GridCell, index: int, cms: bool) -> str:
        attrs = ""
        if cell.row_span > 1:
            attrs += f' rowspan="{cell.row_span}"'
        if cell.col_span > 1:
            attrs += f' colspan="{cell.col_span}"'
        if cell.role == "value":
            attrs += ' class="value"'
        text = cell.text
        if cms and cell.role == "header" and len(text) == 4 and index % 2 == 0:
            text = " ".join(text)  # 结 果 维 持
        if cms and cell.role == "label" and "（" in text and index % 3 == 1:
            text = text.replace("（", "(").replace("）", ")")
        body = escape(text)
        if cms:
            body = (
                '<p class="MsoNormal" align="center"><span style="font-size:10.5pt;'
                f'font-family:宋体">{body}<o:p></o:p></span></p>'
            )
        return f"<td{attrs}>{body}</td>"
