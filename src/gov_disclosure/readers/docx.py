"""DOCX reader: Word files, read straight from the package parts with a hardened parser.

We own the OPC layer instead of handing untrusted zips to python-docx (RELIABILITY.md
§1.4–§1.7): before any XML is parsed the zip is checked — entry count from the end
record, overlapping entries (quoted-overlap bombs, on every Python), names normalised
and duplicates refused, declared sizes and compression ratios within budget — and only
``word/document.xml`` is read, with a cap.  Any DOCTYPE is refused; the XML parser
resolves no entities, loads no DTD and touches no network.  Headers, footers, comments
and embedded objects are never opened.  Dangling relationships, a missing
``[Content_Types].xml``, backslash or differently-cased member names are tolerated the
way Word tolerates them.

Tables: ``gridSpan``, ``vMerge`` and the legacy ``hMerge`` are resolved once here: a
merged cell appears once, with its spans and grid position; continuation cells are
absent (``exact_cells``).
"""

from __future__ import annotations

import copy
import io
import itertools
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable
from typing import Any

from ..document import Block, DocCell, DocRow, DocTable, Document, Paragraph
from ..errors import LimitExceeded, MalformedInput, UnsafeInput, UnsupportedFormat, quote
from ..findings import Finding, make_finding
from ..limits import Limits, check_tree
from ..location import SourceLocation
from ..source import Source
from . import Reader

__all__ = ["DocxReader", "open_package"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL_OFFICE = re.compile(
    rb'Type="[^"]*/officeDocument"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Type="[^"]*/officeDocument"'
)
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _eocd_entries(data: bytes) -> int:
    """Entry count from the end-of-central-directory record, before building ZipFile."""
    start = max(0, len(data) - 65_557)
    position = data.rfind(b"PK\x05\x06", start)
    if position < 0 or position + 22 > len(data):
        raise MalformedInput("not a zip package (no end-of-central-directory record)")
    (entries,) = struct.unpack_from("<H", data, position + 10)
    return int(entries)


def _check_overlaps(zf: zipfile.ZipFile, data: bytes) -> None:
    infos = sorted(zf.infolist(), key=lambda i: i.header_offset)
    for info, following in itertools.pairwise(infos):
        offset = info.header_offset
        if offset + 30 > len(data) or data[offset : offset + 4] != b"PK\x03\x04":
            raise MalformedInput(f"bad local header for {info.filename!r}")
        name_length, extra_length = struct.unpack_from("<HH", data, offset + 26)
        end = offset + 30 + name_length + extra_length + info.compress_size
        if end > following.header_offset:
            raise LimitExceeded("overlapping zip entries (a possible zip bomb)")


def _normalise(name: str) -> str:
    name = name.replace("\\", "/")
    while name.startswith(("/", "./")):
        name = name[2:] if name.startswith("./") else name[1:]
    return name.casefold()


def open_package(data: bytes, limits: Limits) -> tuple[zipfile.ZipFile, dict[str, zipfile.ZipInfo]]:
    """Open a zip with every structural check done; returns members by normalised name."""
    if data.startswith(_OLE):
        raise UnsupportedFormat(
            "an old binary Word/WPS file (.doc/.wps) or an encrypted document; "
            "convert it to .docx (e.g. soffice --headless --convert-to docx) first"
        )
    entries = _eocd_entries(data)
    if entries > limits.max_zip_entries or entries == 0xFFFF:
        raise LimitExceeded(
            f"the package declares {entries} entries (limit {limits.max_zip_entries})"
        )
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        EOFError,
        ValueError,
        OSError,
        struct.error,
    ) as exc:
        raise MalformedInput(f"not a valid zip package: {exc}") from exc
    if len(infos) > limits.max_zip_entries:
        raise LimitExceeded(
            f"the package has {len(infos)} entries (limit {limits.max_zip_entries})"
        )
    _check_overlaps(zf, data)
    members: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        key = _normalise(info.filename)
        if key in members:
            raise MalformedInput(f"duplicate package part {info.filename!r}")
        members[key] = info
    return zf, members


def _read_part(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, used: list[int]
) -> bytes:
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        # Word writes only these; bzip2 and LZMA would be decompressed in one unbounded call
        raise UnsupportedFormat(
            f"part {info.filename} uses compression method {info.compress_type}; "
            "Word packages use only stored or deflate"
        )
    if info.file_size > limits.max_part_bytes:
        raise LimitExceeded(f"part {info.filename} declares {info.file_size} bytes")
    if sum(used) + info.file_size > limits.max_total_bytes:
        raise LimitExceeded("the parts read exceed the total size budget")
    if info.file_size > limits.ratio_threshold and info.file_size > limits.max_ratio * max(
        info.compress_size, 1
    ):
        raise LimitExceeded(
            f"part {info.filename} expands {info.file_size // max(info.compress_size, 1)}:1 "
            "(a possible zip bomb)"
        )
    used.append(info.file_size)
    try:
        with zf.open(info) as handle:
            data = handle.read(limits.max_part_bytes + 1)
    except (
        zipfile.BadZipFile,
        zlib.error,
        NotImplementedError,
        EOFError,
        ValueError,
        OSError,
        RuntimeError,
    ) as exc:
        raise MalformedInput(f"cannot decompress {info.filename}: {exc}") from exc
    if len(data) > info.file_size:  # pragma: no cover - zipfile stops at file_size
        raise MalformedInput(f"part {info.filename} is larger than declared")
    return data


def _main_part(
    zf: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], limits: Limits, used: list[int]
) -> zipfile.ZipInfo:
    rels = members.get("_rels/.rels")
    if rels is not None and rels.file_size < 1_000_000:
        match = _REL_OFFICE.search(_read_part(zf, rels, limits, used))
        if match:
            target = (match.group(1) or match.group(2)).decode("utf-8", "replace")
            info = members.get(_normalise(target))
            if info is not None:
                return info
    info = members.get("word/document.xml")
    if info is None:
        raise MalformedInput("no word/document.xml in the package (not a Word document?)")
    return info


def _parse(xml: bytes, part: str = "word/document.xml") -> Any:
    import lxml.etree as etree

    if b"<!" in xml and _DOCTYPE.search(xml):
        raise UnsafeInput(f"{part} declares a DOCTYPE or entities, which OOXML never does")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        message = str(exc)
        if any(
            k in message
            for k in ("Excessive depth", "too long", "Huge input", "amplification", "Memory")
        ):
            raise LimitExceeded(f"{part} exceeds an XML parser limit: {message}") from exc
        raise MalformedInput(f"{part} is not well-formed XML: {message}") from exc
    docinfo = root.getroottree().docinfo
    if getattr(docinfo, "doctype", "") or docinfo.internalDTD is not None:
        raise UnsafeInput(f"{part} declares a DOCTYPE, which OOXML never does")
    return root


class DocxReader(Reader):
    name = "docx"
    suffixes = (".docx", ".docm", ".dotx", ".wps", ".doc", "")
    media_types = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",)
    description = "Word .docx files (zip + lxml; old .doc/.wps refused with advice)"

    def sniff(self, source: Source) -> float:
        head = source.head
        if head.startswith(b"PK\x03\x04"):
            return 0.95 if b"word/" in source.data[-65_557:] or source.suffix == ".docx" else 0.5
        if head.startswith(_OLE) and source.suffix in (".doc", ".wps", ".docx"):
            return 0.5  # so the user hears "convert it", not "unknown format"
        return 0.0

    def read(self, source: Source) -> Document:
        try:
            return self._read(source)
        except (LimitExceeded, MalformedInput, UnsafeInput, UnsupportedFormat) as exc:
            exc.source = exc.source or source.name
            raise

    def _read(self, source: Source) -> Document:
        limits = source.limits  # this call's budgets (gd.read(..., limits=...))
        zf, members = open_package(source.data, limits)
        used: list[int] = []
        main = _main_part(zf, members, limits, used)
        xml = _read_part(zf, main, limits, used)
        root = _parse(xml)
        check_tree(root, limits, "word/document.xml")
        source.budget.check("parsing word/document.xml", source.name)
        style_notes = _apply_run_styles(root, zf, members, limits, used)
        _drop_fallbacks(root)
        # Most files have no hidden, raised or tracked-change runs: then a plain text walk
        # gives the same text, much faster than looking at every run's properties.
        plain = next(root.iter(*_SPECIAL_RUNS), None) is None
        body = root.find(f"{W}body")
        if body is None:
            raise MalformedInput("word/document.xml has no body")
        # text boxes: their paragraphs sit inside a paragraph (rare; found at C speed)
        boxes = next(root.iter(f"{W}txbxContent"), None) is not None
        blocks = _blocks(body, plain, limits.max_table_cells, boxes)
        notes = (*style_notes, *(() if plain else _struck_notes(body)))
        return Document(tuple(blocks), notes=notes, media_type=DocxReader.media_types[0])


# --------------------------------------------------------------------------- body walk

_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


_MC_CHOICE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Choice"


def _drop_fallbacks(root: Any) -> None:
    """Markup compatibility: Word writes a text box twice, as a DrawingML ``mc:Choice``
    and a VML ``mc:Fallback``.  A reader shows one of them; we keep the first choice, so
    the box's text is read once (a 5 in a text box is not 55)."""
    for fallback in list(root.iter(_MC_FALLBACK)):
        parent = fallback.getparent()
        if parent is not None:
            parent.remove(fallback)
    for choice in list(root.iter(_MC_CHOICE)):
        parent = choice.getparent()
        if parent is not None and parent.index(choice) > 0:
            parent.remove(choice)  # a second choice: only one is ever shown
    _set_boxes_apart(root)


def _set_boxes_apart(root: Any) -> None:
    """A text box is drawn apart from the paragraph it is anchored in, so its text must
    not run into the paragraph's (1 and a box holding 2 is not 12): a line break is put
    before each of its paragraphs and after the last."""
    from lxml import etree

    for box in root.iter(f"{W}txbxContent"):
        paragraphs = list(box.iter(_P))
        for p in paragraphs:
            p.insert(0, etree.fromstring(_BREAK_RUN))
        if paragraphs:
            paragraphs[-1].append(etree.fromstring(_BREAK_RUN))


_BREAK_RUN = f'<w:r xmlns:w="{W[1:-1]}"><w:br/></w:r>'.encode()


#: Run properties styles lend their runs that change what is read: toggle properties
#: (ECMA-376 §17.7.3), and properties where the nearest setting wins.
_TOGGLES = (f"{W}vanish", f"{W}strike")
_NEAREST = (f"{W}dstrike", f"{W}vertAlign")
_STYLE_TOGGLES = frozenset(_TOGGLES + _NEAREST)

_Props = dict[str, Any]  # property tag → its element
#: Added to a toggle's tag: a table style turns it on for some of its cells only.
_SOME = "#some"


def _is_on(element: Any) -> bool:
    return element.get(f"{W}val", "true") not in ("0", "false", "off")


def _apply_run_styles(
    root: Any,
    zf: zipfile.ZipFile,
    members: dict[str, zipfile.ZipInfo],
    limits: Limits,
    used: list[int],
) -> list[Finding]:
    """Resolve hidden, struck and raised for each run from word/styles.xml and write the
    result onto the run, so the run walk sees it.  Sources: document defaults, the
    table's style, the paragraph's style (the default paragraph style when it names
    none or one that does not exist), the run's character style, the run's own
    properties — each style through the styles it is based on, the nearest setting first;
    a table naming no style (or one that does not exist) has the default table style.

    A run's own setting is absolute; dstrike and vertAlign: the nearest setting wins.
    vanish and strike are toggles, which the standard and Word resolve differently
    (see :func:`_combine`): where the two agree, that is what is read; where they do
    not, struck text is kept apart (as struck) and hidden text is replaced by ``?`` —
    the cell is unreadable, not read with or without it — and noted (GD129).  Costs
    nothing for files whose styles set none of these properties."""
    info = members.get("word/styles.xml")
    if info is None:
        return []
    data = _read_part(zf, info, limits, used)
    if not any(name in data for name in (b"vanish", b"strike", b"vertAlign")):
        return []
    styles = _parse(data, "word/styles.xml")  # broken: refused, as Word refuses it
    check_tree(styles, limits, "word/styles.xml")

    def lent(props: Any) -> _Props:
        return {c.tag: c for c in (props if props is not None else ()) if c.tag in _STYLE_TOGGLES}

    own: dict[tuple[str, str], tuple[_Props, str | None]] = {}
    defaults_of = {"paragraph": "", "table": ""}  # the default styles
    for style in styles.iter(f"{W}style"):
        kind = style.get(f"{W}type", "paragraph")  # the schema's default type
        if kind not in ("character", "paragraph", "table"):
            continue
        style_id = style.get(f"{W}styleId", "")
        based = style.find(f"{W}basedOn")
        props = lent(style.find(f"{W}rPr"))
        if kind == "table":
            # formatting for some rows or columns only (first row, banded …): which cells
            # it reaches depends on the table's look — a toggle turned on there is unsure
            for part in style.iter(f"{W}tblStylePr"):
                for tag, element in lent(part.find(f"{W}rPr")).items():
                    if tag in _TOGGLES and _is_on(element):
                        props[tag + _SOME] = element
        own[(kind, style_id)] = (props, based.get(f"{W}val") if based is not None else None)
        if kind in defaults_of and style.get(f"{W}default", "0") in ("1", "true", "on"):
            defaults_of[kind] = style_id  # several: the last one (ECMA-376 §17.7.4.17)
    defaults = lent(styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr"))

    resolved_styles: dict[tuple[str, str], _Props] = {}

    def resolved(kind: str, style_id: str) -> _Props:
        """The style's properties over those of the styles it is based on (cycles cut)."""
        key = (kind, style_id)
        if key not in resolved_styles:
            chain: list[_Props] = []
            seen: set[str] = set()
            current: str | None = style_id
            while current is not None and (kind, current) in own and current not in seen:
                if len(seen) >= 20:
                    break
                seen.add(current)
                props, current = own[(kind, current)]
                chain.append(props)
            merged: _Props = {}
            for props in reversed(chain):
                merged.update(props)
            resolved_styles[key] = merged
        return resolved_styles[key]

    def value_of(element: Any, tag: str) -> str:
        properties = element.find(tag)
        return properties.get(f"{W}val", "") if properties is not None else ""

    def style_of(kind: str, element: Any, path: str) -> str:
        """The style an element names, or the default one when it names none or one
        that does not exist."""
        named = value_of(element, path)
        return named if (kind, named) in own else defaults_of[kind]

    everywhere = bool(defaults or resolved("paragraph", defaults_of["paragraph"])) or any(
        resolved(kind, style_id) for kind, style_id in own if kind == "table"
    )
    if everywhere:
        paragraphs: Iterable[Any] = root.iter(_P)
    else:  # only where a paragraph or a run names a style that lends something
        chosen: dict[Any, None] = {}
        for kind, tag in (("paragraph", "pStyle"), ("character", "rStyle")):
            for reference in root.iter(f"{W}{tag}"):
                if resolved(kind, reference.get(f"{W}val", "")):
                    paragraph = next(reference.iterancestors(_P), None)
                    if paragraph is not None:
                        chosen[paragraph] = None
        paragraphs = list(chosen)
    notes: list[Finding] = []
    combined: dict[tuple[str, str, str], tuple[list[Any], bool]] = {}
    tables: dict[Any, str] = {}
    for paragraph in paragraphs:
        paragraph_style = style_of("paragraph", paragraph, f"{W}pPr/{W}pStyle")
        # a text box is a story of its own: a table around its anchor lends it nothing
        holder = next(paragraph.iterancestors(f"{W}tbl", f"{W}txbxContent"), None)
        if holder is None or holder.tag != f"{W}tbl":
            table_style = ""
        elif holder in tables:
            table_style = tables[holder]
        else:
            table_style = tables[holder] = style_of("table", holder, f"{W}tblPr/{W}tblStyle")
        for run in paragraph.iter(f"{W}r"):
            if next(run.iterancestors(_P), None) is not paragraph:
                continue  # a run of a text box's own paragraph
            properties = run.find(f"{W}rPr")
            character_style = value_of(properties, f"{W}rStyle") if properties is not None else ""
            key = (table_style, paragraph_style, character_style)
            if key not in combined:
                combined[key] = _combine(
                    defaults,
                    resolved("table", table_style) if table_style else {},
                    resolved("paragraph", paragraph_style) if paragraph_style else {},
                    resolved("character", character_style) if character_style else {},
                )
            elements, unsure = combined[key]
            if not elements and not unsure:
                continue
            if properties is None:
                properties = run.makeelement(f"{W}rPr", {})
                run.insert(0, properties)
            if unsure and properties.find(f"{W}vanish") is None:
                _mark_unsure(run, notes)
            for element in elements:
                if properties.find(element.tag) is None:  # the run's own setting wins
                    properties.append(copy.deepcopy(element))
    return notes


#: A run's own children that put characters in the text, and those that may be digits.
_RUN_TEXT = frozenset(
    f"{W}{name}" for name in ("t", "sym", "noBreakHyphen", "softHyphen", "tab", "ptab")
)
_RUN_CONTENT = frozenset(f"{W}{name}" for name in ("t", "sym", "noBreakHyphen"))


def _mark_unsure(run: Any, notes: list[Finding]) -> None:
    """A run that Word may show or hide: its text becomes ``?`` (a cell holding it is
    unreadable, never read with or without it), noted with the text (GD129).  Only the
    run's own characters: a text box it anchors is a story of its own."""
    from lxml import etree

    texts = [child for child in run if child.tag in _RUN_TEXT]
    shown = "".join(
        (c.text or "")
        if c.tag == f"{W}t"
        else f"<{etree.QName(c).localname}>"
        if c.tag in _RUN_CONTENT
        else ""
        for c in texts
    ).strip()
    if not shown:
        return  # white space and tabs: the same text, shown or not
    at = run.index(texts[0])
    for child in texts:
        run.remove(child)
    marker = run.makeelement(f"{W}t", {})
    marker.text = "?"
    run.insert(at, marker)
    if len(notes) < 20:
        notes.append(
            make_finding(
                "GD129",
                f"文字“{quote(shown)}”是否隐藏取决于样式的组合方式（标准与 Word 不一致），"
                "已按无法读取处理",
                f"whether the text {quote(shown)!r} is hidden depends on how its styles "
                "combine, where the standard and Word differ; it is read as unreadable",
                quote=quote(shown),
            )
        )


def _combine(
    defaults: _Props, table: _Props, paragraph: _Props, character: _Props
) -> tuple[list[Any], bool]:
    """The properties the styles give a run (see :func:`_apply_run_styles`), and whether
    its vanish is uncertain.

    Toggles (vanish, strike), as the standard has them (ECMA-376 §17.7.3): on in the
    defaults is on; otherwise on where an odd number of the table, paragraph and
    character styles turn it on — a style that turns it off changes nothing.  As Word
    has them (MS-OI29500 §2.1.258 and the behaviour docx4j's tests record): the
    paragraph style's setting, else the table style's, else the defaults', flipped by a
    character style that turns it on; one that turns it off changes nothing.  Where the
    two differ, strike is on (kept apart: never glued) and vanish is uncertain; so too
    where the table style turns one on for some of its cells only."""
    from lxml import etree

    out = []
    unsure = False
    for tag in _TOGGLES:
        on = [tag in level and _is_on(level[tag]) for level in (table, paragraph, character)]
        standard = (tag in defaults and _is_on(defaults[tag])) or (sum(on) % 2 == 1)
        word = False
        for level in (defaults, table, paragraph):
            if tag in level:
                word = _is_on(level[tag])
        if on[2]:
            word = not word
        if standard == word and tag + _SOME not in table:
            if standard:
                out.append(etree.Element(tag))
        elif tag == f"{W}strike":
            out.append(etree.Element(tag))
        else:
            unsure = True
    for tag in _NEAREST:
        for level in (character, paragraph, table, defaults):
            if tag in level:
                out.append(level[tag])
                break
    return out, unsure


_STYLE_LEVEL = re.compile(r"(?:heading|标题)\s*(\d)", re.IGNORECASE)


_WRAPPERS = frozenset((f"{W}sdt", f"{W}customXml", f"{W}smartTag"))


def _children(element: Any) -> list[Any]:
    """Children, with content controls and custom-XML wrappers unwrapped (iteratively)."""
    children = list(element)
    for child in children:
        if child.tag in _WRAPPERS:
            break
    else:
        return children  # the usual case: nothing to unwrap
    out: list[Any] = []
    stack = list(reversed(children))
    while stack:
        child = stack.pop()
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in (f"{W}sdt", f"{W}customXml", f"{W}smartTag"):
            content = child.find(f"{W}sdtContent") if tag == f"{W}sdt" else child
            if content is not None:
                stack.extend(reversed(list(content)))
            continue
        out.append(child)
    return out


def _on(props: Any, name: str) -> bool:
    """A w:rPr toggle such as ``<w:vanish/>`` or ``<w:strike w:val="0"/>``."""
    element = props.find(f"{W}{name}")
    return element is not None and element.get(f"{W}val", "true") not in ("0", "false", "off")


def _run_props(run: Any) -> tuple[bool, bool]:
    """(hidden, kept apart) for a w:r: kept apart are superscripts and subscripts (7 ¹ is
    not 71) and struck-through text (5̶6 is not 56)."""
    props = run.find(f"{W}rPr")
    if props is None:
        return False, False
    align = props.find(f"{W}vertAlign")
    script = align is not None and align.get(f"{W}val") in ("superscript", "subscript")
    return _on(props, "vanish"), script or _on(props, "strike") or _on(props, "dstrike")


def _struck_notes(root: Any) -> list[Finding]:
    """GD124 for struck-through runs inside table cells."""
    notes: list[Finding] = []
    for run in root.iter(f"{W}r"):
        props = run.find(f"{W}rPr")
        if props is None or not (_on(props, "strike") or _on(props, "dstrike")):
            continue
        cell = next(run.iterancestors(f"{W}tc"), None)
        text = "".join(t.text or "" for t in run.iter(f"{W}t")).strip()
        if cell is None or not text:
            continue
        notes.append(
            make_finding(
                "GD124",
                f"表格单元格中有删除线文字“{quote(text)}”，已与其余文字分开",
                f"struck-through text {quote(text)!r} in a table cell was kept apart from "
                "the rest of the cell",
            )
        )
        if len(notes) >= 20:
            break
    return notes


#: Elements that need the run-by-run walk.  Looked for with ``root.iter(*tags)`` on the
#: parsed tree: lxml answers at once when the names never occur (a regex over the bytes
#: cost 1.3 ms a report, substring tests 0.6 ms).
_SPECIAL_RUNS = tuple(
    f"{W}{name}"
    for name in (
        "vanish",
        "vertAlign",
        "moveFrom",
        "del",
        "rPrChange",
        "strike",
        "dstrike",
        "sym",
        "ptab",
        "ruby",
    )
)
_PLAIN_TAGS = (f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen")


_T, _TAB, _HYPHEN = f"{W}t", f"{W}tab", f"{W}noBreakHyphen"


def _plain_text(p: Any) -> str:
    parts: list[str] = []
    for node in p.iter(*_PLAIN_TAGS):
        tag = node.tag
        if tag == _T:
            parts.append(node.text or "")
        elif tag == _TAB:
            parts.append(" ")
        elif tag == _HYPHEN:
            parts.append("-")
        else:
            parts.append("\n")
    return "".join(parts)


def _paragraph_text(p: Any, plain: bool = False) -> str:
    """The displayed text: hidden runs left out, deleted text (w:delText) and the source
    of tracked moves ignored, superscripts and subscripts kept apart (7 ¹ is not 71)."""
    if plain:
        return _plain_text(p)
    parts: list[str] = []
    for run in p.iter(f"{W}r"):
        # deleted (also through a smart tag or content control inside the deletion)
        if next(run.iterancestors(f"{W}del", f"{W}moveFrom"), None) is not None:
            continue
        hidden, script = _run_props(run)
        if hidden:
            continue
        # a ruby annotation stands apart from its base text (4 with 8 above is not 84)
        script = script or next(run.iterancestors(f"{W}rt"), None) is not None
        if script:
            parts.append("\n")
        for node in run:
            tag = node.tag
            if tag == f"{W}t":
                parts.append(node.text or "")
            elif tag in (f"{W}tab", f"{W}ptab"):
                parts.append(" ")
            elif tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
            elif tag == f"{W}noBreakHyphen":
                parts.append("-")
            elif tag == f"{W}sym":
                parts.append(_symbol(node))
        if script:
            parts.append("\n")
    return "".join(parts)


def _symbol(sym: Any) -> str:
    """A w:sym: a digit when it is one in the Symbol font (F030-F039 are 0-9), otherwise
    a break, so a symbol is never silently dropped from between digits or read as one."""
    if sym.get(f"{W}font", "").strip().lower() != "symbol":
        return "\n"  # Wingdings' F038 is a mouse, not an 8
    try:
        code = int(sym.get(f"{W}char", ""), 16)
    except ValueError:
        return "\n"
    code = code - 0xF000 if code >= 0xF000 else code
    return chr(code) if 0x30 <= code <= 0x39 else "\n"


def _heading_level(p: Any) -> int | None:
    style = p.find(f"{W}pPr/{W}pStyle")
    if style is None:
        return None
    match = _STYLE_LEVEL.search(style.get(f"{W}val", ""))
    return int(match.group(1)) if match else None


def _blocks(
    body: Any, plain: bool = False, max_cells: int = 200_000, boxes: bool = False
) -> list[Block]:
    blocks: list[Block] = []
    tables = 0
    paragraphs = 0
    for child in _children(body):
        if child.tag == f"{W}p":
            paragraphs += 1
            text = _paragraph_text(child, plain)
            for line in text.split("\n"):
                if line.strip():
                    blocks.append(
                        Paragraph(line, SourceLocation(row=paragraphs), _heading_level(child))
                    )
        elif child.tag == f"{W}tbl":
            tables += 1
            blocks.append(_table(child, tables, plain, max_cells, boxes))
    return blocks


def _int(value: str | None, default: int, low: int = 1) -> int:
    """A span or offset from the XML, clamped: no report table is 100 columns wide."""
    try:
        return max(low, min(int(value) if value is not None else default, 100))
    except ValueError:
        return default


_TR, _TC, _P = f"{W}tr", f"{W}tc", f"{W}p"
_TR_PR, _TC_PR, _GRID_BEFORE = f"{W}trPr", f"{W}tcPr", f"{W}gridBefore"
_GRID_SPAN, _V_MERGE, _VAL = f"{W}gridSpan", f"{W}vMerge", f"{W}val"
_H_MERGE = f"{W}hMerge"


def _child(element: Any, tag: str) -> Any:
    """The first child with this tag (a loop: cheaper than ``find``'s path handling)."""
    for child in element:
        if child.tag == tag:
            return child
    return None


def _outermost(p: Any, tc: Any) -> bool:
    """Is ``p`` not inside another paragraph of the cell ``tc``?"""
    parent = p.getparent()
    while parent is not None and parent is not tc:
        if parent.tag == _P:
            return False
        parent = parent.getparent()
    return True


def _table(
    tbl: Any, number: int, plain: bool = False, max_cells: int = 200_000, boxes: bool = False
) -> DocTable:
    """Resolve gridSpan/vMerge once: origin cells with spans at their grid columns."""
    grid: list[list[tuple[int, int, Any, bool, bool]]] = []  # (col, span, tc, vmerge, restart)
    for tr in _children(tbl):
        if tr.tag != _TR:
            continue
        row: list[tuple[int, int, Any, bool, bool]] = []
        col = 0
        row_props = _child(tr, _TR_PR)
        if row_props is not None:
            before = _child(row_props, _GRID_BEFORE)
            if before is not None:
                col = _int(before.get(_VAL), 0, low=0)
        for tc in _children(tr):
            if tc.tag != _TC:
                continue
            span = 1
            vmerge = restart = joins = False
            props = _child(tc, _TC_PR)
            if props is not None:
                for prop in props:
                    tag = prop.tag
                    if tag == _GRID_SPAN:
                        span = _int(prop.get(_VAL), 1)
                    elif tag == _V_MERGE:
                        vmerge = True
                        restart = prop.get(_VAL) == "restart"
                    elif tag == _H_MERGE:
                        joins = prop.get(_VAL) != "restart"
            if joins and row and not "".join(tc.itertext()).strip():
                # a legacy horizontal merge (Word 97 files): an empty continuation
                # widens the cell before it; one with text is kept apart (and the row
                # then refused), since which text Word shows is not certain
                start, width, first, first_vmerge, first_restart = row[-1]
                row[-1] = (start, width + span, first, first_vmerge, first_restart)
            else:
                row.append((col, span, tc, vmerge, restart))
            col += span
        grid.append(row)
    if sum(len(row) for row in grid) > max_cells:
        raise LimitExceeded(f"table {number} has more than {max_cells} cells")
    # vertical merges, bottom-up in one pass: a continuation adds to the span above it
    spans_below: dict[tuple[int, int], int] = {}
    for r in range(len(grid) - 1, -1, -1):
        for col, _, _, vmerge, restart in grid[r]:
            if vmerge and not restart:
                spans_below[(r, col)] = 1 + spans_below.get((r + 1, col), 0)
    rows: list[DocRow] = []
    for r, row in enumerate(grid):
        cells = []
        for col, span, tc, vmerge, restart in row:
            if vmerge and not restart:
                continue  # covered by the cell above
            row_span = 1 + spans_below.get((r + 1, col), 0) if restart else 1
            # a text box's paragraphs are inside a paragraph of the cell, whose text
            # already includes them
            paragraphs: Any = tc.iter(_P)
            if boxes:
                paragraphs = [p for p in paragraphs if _outermost(p, tc)]
            if plain:
                text = "\n".join([_plain_text(p) for p in paragraphs])
            else:
                text = "\n".join([_paragraph_text(p) for p in paragraphs])
            cells.append(
                DocCell(
                    text,
                    SourceLocation(table=number, row=r + 1, col=col + 1),
                    row_span=row_span,
                    col_span=span,
                )
            )
        if cells:
            rows.append(DocRow(tuple(cells), SourceLocation(table=number, row=r + 1)))
    return DocTable(tuple(rows), exact_cells=True, location=SourceLocation(table=number))
