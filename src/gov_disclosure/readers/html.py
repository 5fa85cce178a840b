"""HTML reader: government CMS pages and saved web pages (lxml).

* Bytes are decoded once by us, never by lxml (RELIABILITY.md §2): BOM, then a
  ``<meta charset>`` prescan where any GB label means GB18030; a declaration the bytes
  contradict is overruled (noted), never turned into U+FFFD or silently lost text.
* The parser resolves no entities and touches no network; a libxml2 resource limit
  (nesting, huge text nodes) becomes :class:`LimitExceeded`, not truncated text.
* Navigation, scripts and styles are skipped; a 索引号/发布机构/公开日期 table becomes
  metadata hints, not a report table; a table that holds other tables is layout, and
  only innermost tables become Document tables.  Cells are exact (``exact_cells``): a
  merged cell appears once with its spans, and its grid position is in its location.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any, ClassVar

from ..document import Block, DocCell, DocRow, DocTable, Document, Paragraph
from ..errors import LimitExceeded, MalformedInput, quote
from ..findings import Finding, make_finding
from ..limits import check_tree
from ..location import SourceLocation
from ..source import Decoded, Source, decode_text
from . import Reader
from .html_styles import BLOCKS as _BLOCKS
from .html_styles import CLEAR as _CLEAR
from .html_styles import HIDE as _HIDE
from .html_styles import INVISIBLE as _INVISIBLE
from .html_styles import NOT_SHOWN as _NOT_SHOWN
from .html_styles import RAISE as _RAISE
from .html_styles import STRIKE as _STRIKE
from .html_styles import TINY as _TINY
from .html_styles import TRANSPARENT as _TRANSPARENT
from .html_styles import apply_page_rules, inherit, style_flags

__all__ = ["HtmlReader", "decode_html"]

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE
)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
#: ``</body>`` and ``</html>``: libxml2 drops everything after the first ``</html>``,
#: where a browser goes on showing it in the body (a CMS template that closes the page
#: early, text appended after it).  Without them, libxml2 keeps it as a browser does.
_END_OF_PAGE = re.compile(r"</\s*(?:body|html)\s*>", re.IGNORECASE)
_GB_LABELS = frozenset(
    {"gb2312", "gbk", "gb18030", "x-gbk", "chinese", "csgb2312", "iso-ir-58", "gb_2312-80", "cp936"}
)
_BLOCK = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "center",
        "header",
        "footer",
        "form",
        "tr",
        "caption",
        "address",
        "hr",
        "main",
        "figure",
        "figcaption",
        "table",
        "tbody",
        "thead",
        "aside",
        "fieldset",
        "legend",
        "details",
        "summary",
        "menu",
        "dialog",  # an open one: a box of its own
        # a cell is a box of its own: a cell nested in another (libxml2 keeps
        # <td>1<strong><td>2</td></strong></td>, which a browser shows as two cells),
        # or the cells of a table read as text, never run into one another
        "td",
        "th",
    }
)
_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "head",
        "title",
        "nav",
        "select",
        "option",
        "button",
        "iframe",
        "object",
        "svg",
        "template",
        "video",  # media and widgets: their content is fallback, not shown
        "audio",
        "canvas",
        "progress",
        "meter",
        "datalist",
        "rp",  # ruby's fallback parentheses, not shown where ruby is supported
    }
)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_META_KEYS = (
    "索引号",
    "发布机构",
    "公开日期",
    "发布日期",
    "成文日期",
    "发文日期",
    "信息来源",
    "来源",
    "发布时间",
)
_CELL_TAGS = frozenset(("td", "th"))
_MAX_SPAN = 100  # no report table is that wide or tall; absurd spans are clamped
_SPACE = re.compile(r"[ \t\r\n\f\u00a0\u3000]+")


def decode_html(data: bytes, *, name: str | None = None) -> tuple[Decoded, Finding | None]:
    """Decode HTML bytes: BOM, then the declared charset (GB → GB18030), checked."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_text(data, name=name), None
    match = _META_CHARSET.search(data[:4096])
    declared = match.group(1).decode("ascii", "replace").lower() if match else None
    if declared is None:
        return decode_text(data, name=name), None
    if declared in _GB_LABELS:
        return _decode_gb(data, name)
    if declared in ("utf-8", "utf8", "unicode-1-1-utf-8"):
        try:
            return Decoded(data.decode("utf-8"), "utf-8", "declared"), None
        except UnicodeDecodeError:
            decoded = decode_text(data, name=name)
            return decoded, _lying(declared, decoded.encoding)
    # Any other label (latin-1, windows-1252, or junk such as unicode_escape): never hand
    # it to a codec.  Plain ASCII is the same in all of them; otherwise detect.
    if data.isascii():
        return Decoded(data.decode("ascii"), "ascii", "declared"), None
    decoded = decode_text(data, name=name)
    return decoded, _lying(declared, decoded.encoding)


def _decode_gb(data: bytes, name: str | None) -> tuple[Decoded, Finding | None]:
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        decoded = decode_text(data, name=name)
        return decoded, _lying("gb2312", decoded.encoding)
    # UTF-8 bytes under a GB label decode as GB18030 mojibake without error; real GB
    # text is almost never valid UTF-8, so valid UTF-8 with non-ASCII text wins.
    if len(data) >= 64 and not data.isascii():
        try:
            utf8 = data.decode("utf-8")
        except UnicodeDecodeError:
            utf8 = None
        if utf8 is not None:
            return Decoded(utf8, "utf-8", "plausibility"), _lying("gb2312", "utf-8")
    return Decoded(text, "gb18030", "declared"), None


def _lying(declared: str, actual: str) -> Finding:
    return make_finding(
        "GD118",
        f"网页声明的编码 {declared} 与内容不符，按 {actual} 解码",
        f"the page declares {declared} but its bytes are {actual}; decoded as {actual}",
    )


_STRUCK_TAGS = ("del", "s", "strike")
#: Text kept apart from its neighbours by line breaks: superscripts and subscripts
#: (7<sup>1</sup> is not 71), ruby annotations, struck-through text (<del>5</del>6 is
#: not 56).
_SCRIPTS = frozenset(("sup", "sub", "rt"))
_APART = _SCRIPTS | frozenset(_STRUCK_TAGS)


def _flags(node: Any) -> int:
    style = node.get("style")
    return style_flags(style) if style is not None else 0


def _struck_note(node: Any) -> Finding | None:
    """GD124 for struck-through text found in a table cell."""
    text = _SPACE.sub(" ", "".join(node.itertext())).strip()
    if not text:
        return None
    line = node.sourceline
    return make_finding(
        "GD124",
        f"表格单元格中有删除线文字“{quote(text)}”（源文件第 {line} 行），已与其余文字分开",
        f"struck-through text {quote(text)!r} in a table cell (source line {line}) was "
        "kept apart from the rest of the cell",
        source=SourceLocation(line=line),
    )


def _hidden(element: Any) -> bool:
    """Not shown by a browser, so not part of the page's text."""
    return element.get("hidden") is not None or bool(_flags(element) & _NOT_SHOWN)


def _removed(element: Any) -> bool:
    """No box at all (display:none, ``hidden``): a table cell or row so hidden takes no
    place in the grid; one that is only invisible keeps its place, empty."""
    return element.get("hidden") is not None or bool(_flags(element) & _HIDE)


#: Style flags that change what text shows or how it is cut into lines.
_SPECIAL = _HIDE | _STRIKE | _RAISE | _BLOCKS | _INVISIBLE | _TINY | _CLEAR | _TRANSPARENT
_BREAKS = _BLOCK | frozenset(("br",))
_ODD = _SKIP | _APART


def _text(
    element: Any,
    notes: list[Finding] | None = None,
    inherited: int = 0,
    flags_of: dict[str, int] | None = None,
) -> str:
    """The displayed text of an element (see :func:`_shown_text`); most cells take the
    fast walk, which gives up on anything that is not plain text, blocks and breaks.
    ``flags_of`` caches style flags across the cells of one table."""
    if not inherited:
        text = _plain_text(element, {} if flags_of is None else flags_of)
        if text is not None:
            return text
    return _shown_text(element, notes, inherited)


def _plain_text(element: Any, flags_of: dict[str, int]) -> str | None:
    """:func:`_shown_text` of an element whose subtree holds only plain text, blocks and
    line breaks: no style that hides, strikes, raises or makes a block, no ``hidden``,
    no skipped or kept-apart element.  None as soon as it meets one of those."""
    import lxml.etree

    parts: list[str] = []
    append = parts.append
    walker = lxml.etree.iterwalk(element, events=("start", "end"))
    for action, node in walker:
        tag = node.tag
        if action == "start":
            style = node.get("style")
            if style is not None:
                flags = flags_of.get(style)
                if flags is None:
                    flags = flags_of[style] = style_flags(style)
                if flags & _SPECIAL:
                    return None
            if node.get("hidden") is not None or tag in _ODD:
                return None
            if node is element:
                if node.text:
                    append(node.text)
                continue
            if not isinstance(tag, str):
                walker.skip_subtree()  # a comment: its tail counts, its text does not
                continue
            if tag in _BREAKS:
                append("\n")
            if node.text:
                append(node.text)
        else:
            if node is element:
                break
            if tag in _BLOCK:
                append("\n")
            if node.tail:
                append(node.tail)
    return _collapse("".join(parts))


@functools.cache
def _string_value_path() -> Any:
    import lxml.etree

    return lxml.etree.XPath("string()")


def _string_value(element: Any) -> str:
    """All the text under an element, joined in C (itertext and join: 20x slower)."""
    return str(_string_value_path()(element))


@functools.cache
def _cell_paths() -> tuple[Any, Any, Any]:
    """XPaths for :func:`_cell_texts`: elements with ``hidden``, style values, styled
    elements."""
    import lxml.etree

    return (
        lxml.etree.XPath(".//*[@hidden]"),
        lxml.etree.XPath(".//@style"),
        lxml.etree.XPath(".//*[@style]"),
    )


_ODD_TAGS = tuple(sorted(_ODD))
_BREAK_TAGS = tuple(sorted(_BREAKS))


def _cell_of(element: Any, table: Any) -> Any:
    """The cell of ``table`` that is or holds ``element``, or None: the outermost
    ``td`` or ``th`` under the table (libxml2 keeps a ``td`` inside a cell's ``div``
    nested in it, and the outer cell's text holds the inner one's)."""
    cell = None
    node = element
    while node is not None and node is not table:
        if node.tag in _CELL_TAGS:
            cell = node
        node = node.getparent()
    return cell


def _cell_texts(table: Any, cells: Sequence[Any], flags_of: dict[str, int]) -> dict[Any, str]:
    """:func:`_plain_text` of each of ``cells`` (cells of ``table``, a table with no
    table inside) that is plain text; the others are left out.  Keyed by the element,
    which keeps it alive (an id() would be reused).

    The same result as that walk, at a fraction of its cost (a walk over every node in
    Python cost more than the rest of the reader): the elements that make a cell not
    plain are found by tag, attribute and style value in C; each break and block in the
    plain cells gets the line breaks the walk would add (a break before, a block before
    and after); then each cell's text is serialised in C.  The marks change the
    tree, so only the plain cells asked for are marked, once."""
    import lxml.etree

    with_hidden, style_values, styled = _cell_paths()
    bad: set[Any] = {_cell_of(e, table) for e in table.iter(*_ODD_TAGS)}
    bad.update(_cell_of(e, table) for e in with_hidden(table))
    special = set()
    for style in set(style_values(table)):
        flags = flags_of.get(style)
        if flags is None:
            flags = flags_of[style] = style_flags(style)
        if flags & _SPECIAL:
            special.add(style)
    if special:
        bad.update(_cell_of(e, table) for e in styled(table) if e.get("style") in special)
    wanted = {cell for cell in cells if cell not in bad}
    for node in table.iter(*_BREAK_TAGS):
        cell = _cell_of(node, table)
        if node is not cell and cell in wanted:
            node.text = "\n" + (node.text or "")
            if node.tag in _BLOCK:
                node.tail = "\n" + (node.tail or "")
    return {
        cell: _collapse(
            lxml.etree.tostring(cell, method="text", encoding="unicode", with_tail=False)
        )
        for cell in cells
        if cell in wanted
    }


def _collapse(text: str) -> str:
    """Runs of white space made one space, and empty lines dropped."""
    if "\n" not in text:
        return _SPACE.sub(" ", text).strip()
    return "\n".join(
        line for line in (_SPACE.sub(" ", x).strip() for x in text.split("\n")) if line
    )


def _shown_text(element: Any, notes: list[Finding] | None = None, inherited: int = 0) -> str:
    """The displayed text of an element: <br> and blocks as line breaks, superscripts,
    subscripts, ruby annotations and struck-through text kept apart (see ``_APART``),
    removed and skipped elements left out, whitespace collapsed.  Visibility, a zero
    font size and a transparent colour are inherited and can be undone by a descendant
    (``visibility:visible``, an absolute ``font-size``, a colour), as in a browser;
    ``inherited`` holds the INVISIBLE, TINY, TRANSPARENT and CLEAR bits of the element's
    row.  Struck-through text is noted (GD124) in ``notes`` when given."""
    import lxml.etree

    parts: list[str] = []
    # for each open element: (a line break at its end, its text shown, its state)
    ends: list[tuple[bool, bool, int]] = []
    if inherited & _CLEAR:
        return ""  # opacity:0 cannot be undone inside
    state = inherited & (_INVISIBLE | _TINY | _TRANSPARENT)
    walker = lxml.etree.iterwalk(element, events=("start", "end"))
    for action, node in walker:
        tag = node.tag if isinstance(node.tag, str) else ""
        if action == "end":
            if node is element:
                break
            brk, _, _ = ends.pop()
            if brk:
                parts.append("\n")
            if node.tail and (not ends or ends[-1][1]):
                parts.append(node.tail)
            continue
        style = node.get("style")
        flags = style_flags(style) if style is not None else 0
        own = inherit(ends[-1][2] if ends else state, flags)
        visible = not own
        removed = node.get("hidden") is not None or flags & (_HIDE | _CLEAR)
        if node is element:
            if removed:
                return ""  # nothing of it is shown
            ends.append((False, visible, own))
            if visible and notes is not None and len(notes) < 20 and flags & _STRIKE:
                note = _struck_note(node)  # the whole cell struck through
                if note is not None:
                    notes.append(note)
        elif not tag or tag in _SKIP or removed:
            walker.skip_subtree()
            ends.append((False, False, own))
            continue
        elif tag == "br":
            parts.append("\n")
            ends.append((False, visible, own))
        elif tag in _BLOCK or flags & _BLOCKS:
            parts.append("\n")
            ends.append((True, visible, own))
        elif tag in _APART or flags & (_STRIKE | _RAISE):
            parts.append("\n")
            ends.append((True, visible, own))
            if (
                visible
                and notes is not None
                and len(notes) < 20
                and (tag in _STRUCK_TAGS or flags & _STRIKE)
            ):
                note = _struck_note(node)
                if note is not None:
                    notes.append(note)
        else:
            ends.append((False, visible, own))
        if node.text and tag and visible:
            parts.append(node.text)
    lines = ("".join(parts)).split("\n")
    return "\n".join(_SPACE.sub(" ", line).strip() for line in lines if line.strip())


def _span(value: str | None) -> int:
    try:
        number = int((value or "1").strip() or "1")
    except ValueError:
        return 1
    return min(max(number, 1), _MAX_SPAN)


class HtmlReader(Reader):
    name = "html"
    suffixes = (".html", ".htm", ".shtml", ".xhtml", ".jsp", ".php", ".asp", ".aspx", "")
    media_types = ("text/html", "application/xhtml+xml")
    description = "HTML pages from government sites (tables with rowspan/colspan)"
    max_text_bytes: ClassVar[int] = 50 * 1024 * 1024

    def sniff(self, source: Source) -> float:
        head = source.head.lstrip()[:2048].lower()
        if head.startswith((b"%pdf", b"pk\x03\x04", b"\xd0\xcf\x11\xe0")):
            return 0.0
        markers = (
            b"<html",
            b"<!doctype html",
            b"<table",
            b"<body",
            b"<meta",
            b"<div",
            b"<p>",
            b"<p ",
        )
        if any(m in head for m in markers):
            return 0.95
        if source.suffix in (".html", ".htm", ".shtml") and b"<" in head:
            return 0.6
        return 0.0

    def read(self, source: Source) -> Document:
        import lxml.etree

        decoded, note = decode_html(source.data, name=source.name)
        source.record_decoding(decoded)
        text = _END_OF_PAGE.sub("", _XML_DECL.sub("", decoded.text))
        if not text.strip():
            raise MalformedInput("the page is empty", source=source.name)
        # lxml.etree's HTML parser, not lxml.html's: no per-element Python class lookup
        parser = lxml.etree.HTMLParser(
            recover=True,
            no_network=True,
            remove_comments=True,
            remove_pis=True,
            huge_tree=False,
            default_doctype=False,  # type: ignore[call-arg]  # missing from lxml-stubs
        )
        try:
            root = lxml.etree.fromstring(text, parser=parser)
        except (lxml.etree.XMLSyntaxError, lxml.etree.ParserError, ValueError) as exc:
            raise MalformedInput(f"not parseable as HTML: {exc}", source=source.name) from exc
        if root is None:
            raise MalformedInput("the page is empty", source=source.name)
        for entry in parser.error_log:
            if (
                entry.type_name == "ERR_RESOURCE_LIMIT"
                or "Excessive depth" in entry.message
                or ("Huge input" in entry.message or "too long" in entry.message.lower())
            ):
                raise LimitExceeded(
                    f"the page exceeds a parser limit ({entry.message.strip()}); "
                    "content would be lost",
                    source=source.name,
                )
        notes: list[Finding] = [note] if note else []
        if decoded.method == "plausibility" and note is None:
            notes.append(
                make_finding(
                    "GD118",
                    f"网页编码按可读性推断为 {decoded.encoding}",
                    f"page encoding guessed as {decoded.encoding}",
                )
            )
        check_tree(root, source.limits, "the page")
        unapplied = apply_page_rules(root)
        if unapplied:
            shown = quote("、".join(unapplied))
            notes.append(
                make_finding(
                    "GD128",
                    f"网页样式中有本程序未应用、可能隐藏或改变表格文字的规则：{shown}",
                    f"the page's stylesheet has rules that may hide or change table text "
                    f"and are not applied here: {shown}",
                    quote=shown,
                )
            )
        source.budget.check("parsing the page", source.name)
        hints = _meta_hints(root)
        blocks = _blocks(root, hints, source.limits.max_table_cells, notes)
        if not blocks:
            raise MalformedInput("the page has no text", source=source.name)
        return Document(
            tuple(blocks), hints=tuple(hints.items()), notes=tuple(notes), media_type="text/html"
        )


def _meta_hints(root: Any) -> dict[str, str]:
    hints: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("name") or "").lower()
        content = (meta.get("content") or "").strip()
        if not content:
            continue
        if key in ("articletitle", "title"):
            hints.setdefault("title", content)
        elif key in ("contentsource", "source"):
            hints.setdefault("发布机构", content)
        elif key in ("pubdate", "publishdate", "firstpublishedtime"):
            hints.setdefault("发布日期", content)
    return hints


def _is_metadata_table(table: Any) -> bool:
    text = _string_value(table)
    return (
        sum(key in text for key in _META_KEYS) >= 2
        and "申请" not in text
        and "第二十条" not in text
    )


def _metadata_pairs(table: Any, hints: dict[str, str]) -> None:
    cells = [_text(c) for c in table.iter("td", "th")]
    for i, cell in enumerate(cells):
        for key in _META_KEYS:
            if cell.startswith(key):
                value = cell[len(key) :].lstrip(":： \u3000")
                if not value and i + 1 < len(cells):
                    value = cells[i + 1]
                if value:
                    hints.setdefault(key, value.strip())


def _blocks(
    root: Any, hints: dict[str, str], max_cells: int = 200_000, notes: list[Finding] | None = None
) -> list[Block]:
    import lxml.etree

    body = root.find("body")
    if body is None:
        body = root
    blocks: list[Block] = []
    buffer: list[str] = []
    table_count = 0
    heading_level: list[int | None] = [None]
    source_line: list[int | None] = [None]

    def flush() -> None:
        text = "".join(buffer)
        buffer.clear()
        for line in text.split("\n"):
            cleaned = _SPACE.sub(" ", line).strip()
            if cleaned:
                location = SourceLocation(line=source_line[0])
                blocks.append(Paragraph(cleaned, location, heading_level[0]))
        heading_level[0] = None
        source_line[0] = None

    walker = lxml.etree.iterwalk(body, events=("start", "end"))
    for action, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        if action == "start":
            if tag in _SKIP or not tag or _hidden(element):
                walker.skip_subtree()
                continue
            if tag == "table" and element.find(".//table") is None:
                flush()
                walker.skip_subtree()
                if _is_metadata_table(element):
                    _metadata_pairs(element, hints)
                else:
                    table_count += 1
                    table = _table(element, table_count, max_cells, notes)
                    if table.rows:
                        blocks.append(table)
                continue
            if tag in _BLOCK or tag == "br":
                buffer.append("\n")
                if tag in _HEADINGS:
                    flush()
                    heading_level[0] = _HEADINGS[tag]
            if element.text:
                if element.text.strip() and source_line[0] is None:
                    source_line[0] = element.sourceline
                buffer.append(element.text)
        else:
            if tag in _HEADINGS:
                flush()
            elif tag in _BLOCK:
                buffer.append("\n")
            if element.tail:
                buffer.append(element.tail)
    flush()
    return blocks


#: What ends a run of cells standing without a row: a row, a row group, a caption.
_ROW_BOUNDARIES = frozenset(("tr", "tbody", "thead", "tfoot", "caption", "colgroup", "col"))


def _imply_rows(table: Any) -> None:
    """Put cells that stand in a table or a row group without a ``tr`` (libxml2 keeps
    ``<table><td>5</td><td>6</td></table>``) into a row of their own, as a browser
    shows them: each run of such cells is one row."""
    import lxml.etree

    for parent in (table, *table.iterchildren("tbody", "thead", "tfoot")):
        run: list[Any] = []
        for child in [*parent, None]:  # None: the end closes the last run
            if child is not None and child.tag in _CELL_TAGS:
                run.append(child)
                continue
            if child is not None and child.tag not in _ROW_BOUNDARIES:
                continue  # a script, a form, a stray div: the row goes on past it
            if run:
                row = lxml.etree.Element("tr")
                run[0].addprevious(row)
                row.extend(run)
                run = []


def _table(
    table: Any, number: int, max_cells: int = 200_000, notes: list[Finding] | None = None
) -> DocTable:
    """Rows of origin cells, each located at its grid position (spans resolved once)."""
    _imply_rows(table)
    rows_out: list[DocRow] = []
    occupied: set[tuple[int, int]] = set()
    row_elements = [
        tr
        for child in table.iterchildren()
        for tr in (
            (child,)
            if child.tag == "tr"
            else child.iterchildren("tr")
            if child.tag in ("tbody", "thead", "tfoot")
            else ()
        )
        if not _removed(tr) and not (child is not tr and _removed(child))
    ]
    # an invisible row (or row group) keeps its place in the grid; its cells inherit
    # the invisibility (which a descendant may undo, except for opacity:0)
    inherited: dict[int, int] = {}
    for tr in row_elements:
        group = tr.getparent()
        group_flags = _flags(group) if group is not None and group is not table else 0
        row_flags = _flags(tr)
        bits = inherit(inherit(0, group_flags), row_flags)
        inherited[id(tr)] = bits | ((group_flags | row_flags) & _CLEAR)
    n_rows = len(row_elements)
    plain = _cell_texts(
        table,
        [
            td
            for tr in row_elements
            if not inherited[id(tr)]
            for td in tr
            if td.tag in _CELL_TAGS and not _removed(td)
        ],
        {},
    )
    for r, tr in enumerate(row_elements):
        cells = []
        c = 0
        for td in tr:
            if td.tag not in ("td", "th") or _removed(td):
                continue  # a hidden cell takes no place in the grid a browser draws
            while (r, c) in occupied:
                c += 1
            rowspan, colspan = td.get("rowspan"), td.get("colspan")
            row_span = 1 if rowspan is None else min(_span(rowspan), max(n_rows - r, 1))
            col_span = 1 if colspan is None else _span(colspan)
            if row_span == col_span == 1:
                occupied.add((r, c))
            else:
                occupied.update(
                    (r + dr, c + dc) for dr in range(row_span) for dc in range(col_span)
                )
            if len(occupied) > max_cells:
                raise LimitExceeded(f"table {number} spans more than {max_cells} grid cells")
            bits = inherited[id(tr)]
            text = None if bits else plain.get(td)
            cells.append(
                DocCell(
                    _shown_text(td, notes, bits) if text is None else text,
                    SourceLocation(line=td.sourceline, table=number, row=r + 1, col=c + 1),
                    row_span=row_span,
                    col_span=col_span,
                )
            )
            c += col_span
        if cells:
            rows_out.append(DocRow(tuple(cells), SourceLocation(table=number, row=r + 1)))
    return DocTable(tuple(rows_out), exact_cells=True, location=SourceLocation(table=number))
