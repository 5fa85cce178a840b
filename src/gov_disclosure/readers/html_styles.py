"""What CSS does to a report page's text, as far as reading it goes.

Inline ``style`` attributes are classified (removed, invisible, struck through, raised,
a block) from their declarations.  The page's own ``<style>`` rules that set those
properties (display, visibility, font size, opacity, text decoration, vertical
alignment) are cascaded onto the elements they match — selectors of tags, classes and
ids joined by descendant or child combinators (``.TRS_Editor td .hid``), by importance,
specificity and order; unconditional screen media only — by writing the winning
declarations in front of the element's inline style, where the element's own
declarations still override them.  Closed ``<details>`` and ``<dialog>`` are hidden.
Rules this module does not understand (pseudo-classes, attribute and sibling selectors,
``::after`` content) that would hide, strike, raise or add text and could reach a
table cell are returned, for the reader to report.  Every scan here is bounded by the
page's size times the rules' (a selector has at most six compounds).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from .._cache import text_cache

__all__ = [
    "BLOCKS",
    "CLEAR",
    "HIDE",
    "INVISIBLE",
    "NOT_SHOWN",
    "RAISE",
    "SIZED",
    "STRIKE",
    "TINY",
    "TRANSPARENT",
    "VISIBLE",
    "apply_page_rules",
    "inherit",
    "style_flags",
]

#: display:none — no box at all (a hidden table cell takes no place in the grid).
HIDE = 1
STRIKE, RAISE, BLOCKS = 2, 4, 8
#: visibility:hidden/collapse, font-size:0, opacity:0 — the box stays, its text is not
#: seen (a descendant can show itself again, except under opacity:0).
INVISIBLE, TINY, CLEAR = 16, 32, 64
#: color:transparent (or a fill colour with alpha 0) — inherited; a descendant with a
#: colour of its own (COLORED) is seen again.
TRANSPARENT, COLORED = 512, 1024
NOT_SHOWN = HIDE | INVISIBLE | TINY | CLEAR | TRANSPARENT
#: visibility:visible/initial and a non-zero font size not relative to the parent's:
#: what a descendant of an invisible or zero-size element needs to be seen again.
VISIBLE, SIZED = 128, 256

_BLOCK_DISPLAY = frozenset(("block", "flex", "grid", "list-item", "table", "table-row"))
_ZERO = re.compile(r"^\+?(?:0+(?:\.0*)?|\.0+)(?:px|pt|em|rem|%)?$")
_CSS_SPACE = " \t\n\r\f"
_RELATIVE_SIZES = ("%", "smaller", "larger", "inherit", "unset")
_SIMPLE_SELECTOR = re.compile(r"^([a-z][a-z0-9]*)?([.#])([A-Za-z_][-A-Za-z0-9_]*)$")
_IMPORTANT = re.compile(r"!\s*important\s*$")
_BRACES = re.compile(r"[{}]")
_UNSAFE_VALUE = re.compile(r"[^\t\n\r\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd]")
#: ``@media screen`` / ``@media all`` with no further condition (a width query may or
#: may not hold: its rules are not applied).
_SCREEN_MEDIA = re.compile(r"^@media\s+(?:only\s+)?(?:screen|all)\s*$", re.IGNORECASE)
_PRINT_MEDIA = re.compile(r"^@media\s+(?:only\s+)?print\s*$", re.IGNORECASE)


def inherit(parent: int, flags: int) -> int:
    """The INVISIBLE, TINY and TRANSPARENT bits an element has: its parent's, set or
    undone by its own style (visibility, font size and colour are inherited, and a
    descendant can undo them)."""
    state = parent
    if flags & TRANSPARENT:
        state |= TRANSPARENT
    elif flags & COLORED:
        state &= ~TRANSPARENT
    if flags & INVISIBLE:
        state |= INVISIBLE
    elif flags & VISIBLE:
        state &= ~INVISIBLE
    if flags & TINY:
        state |= TINY
    elif flags & SIZED:
        state &= ~TINY
    return state


def strip_comments(css: str) -> str:
    """CSS without ``/* … */`` (an unclosed comment runs to the end), in linear time."""
    if "/*" not in css:
        return css
    out: list[str] = []
    position = 0
    while True:
        start = css.find("/*", position)
        if start < 0:
            out.append(css[position:])
            break
        out.append(css[position:start])
        end = css.find("*/", start + 2)
        if end < 0:
            break
        position = end + 2
    return "".join(out)


def _relative(size: str) -> bool:
    """A font size relative to the parent's (em, %, smaller …; not rem, the root's)."""
    return size.endswith(_RELATIVE_SIZES) or (size.endswith("em") and not size.endswith("rem"))


def _is_zero(value: str) -> bool:
    """``0``, ``0px``, ``.0em`` …; values longer than any real length are not looked at
    (bounded work whatever the page holds)."""
    return 0 < len(value) <= 32 and _ZERO.match(value) is not None


def _declarations(style: str) -> dict[str, tuple[bool, str]]:
    """Property → (important, value): the last declaration wins, ``!important`` first."""
    values: dict[str, tuple[bool, str]] = {}
    for declaration in strip_comments(style).split(";"):
        name, colon, value = declaration.partition(":")
        if not colon:
            continue
        name = name.strip(_CSS_SPACE).lower()
        value = value.strip(_CSS_SPACE).lower()  # CSS white space only: NBSP is not
        important = _IMPORTANT.search(value) is not None
        if important:
            value = _IMPORTANT.sub("", value).strip()
        if important or not values.get(name, (False, ""))[0]:
            values[name] = (important, value)
    return values


@text_cache(maxsize=512, max_len=256)
def style_flags(style: str) -> int:
    """Flags for a ``style`` attribute (HIDE, INVISIBLE, TINY, CLEAR, STRIKE, RAISE,
    BLOCKS).  CMS pages repeat a few styles on every cell, hence the cache."""
    values = {name: value for name, (_, value) in _declarations(style).items()}
    display = values.get("display", "")
    flags = 0
    if display == "none":
        flags |= HIDE
    if values.get("visibility") in ("hidden", "collapse"):
        flags |= INVISIBLE
    size = values.get("font-size", "")
    shorthand = values.get("font", "").split()
    if "font-size" not in values and shorthand:
        size = next((t.split("/")[0] for t in shorthand if t[:1].isdigit() or t[:1] == "."), "")
        size = size or "medium"  # a font shorthand always states a size
    if _is_zero(size):
        flags |= TINY
    elif size and not _relative(size):
        flags |= SIZED  # em and % of a zero size stay zero; anything else shows again
    if values.get("visibility") in ("visible", "initial"):
        flags |= VISIBLE
    if _is_zero(values.get("opacity", "")) or _scaled_away(values.get("transform", "")):
        flags |= CLEAR
    colour = values.get("-webkit-text-fill-color") or values.get("color", "")
    clip = values.get("background-clip", "") + values.get("-webkit-background-clip", "")
    if colour and colour not in ("inherit", "unset", "currentcolor"):
        # transparent text over a background clipped to it is gradient text: shown
        shown = "text" in clip or not _transparent(colour)
        flags |= COLORED if shown else TRANSPARENT
    decoration = values.get("text-decoration", "") + values.get("text-decoration-line", "")
    if "line-through" in decoration:
        flags |= STRIKE
    if values.get("vertical-align") in ("super", "sub"):
        flags |= RAISE
    if display in _BLOCK_DISPLAY:
        flags |= BLOCKS
    return flags


_Rules = list[tuple[str, str]]


_SCALE = re.compile(r"scale(x|y|z|3d)?\(([^()]{0,64})\)")
_COLOUR_FUNCTION = re.compile(r"^(?:rgba?|hsla?)\((.*)\)$")
_HEX_ZERO = re.compile(r"^#(?:[0-9a-f]{3}0|[0-9a-f]{6}00)$")


def _scaled_away(transform: str) -> bool:
    """``scale(0)``, ``scaleY(0)``, ``scale(1, 0)``: the text drawn at no size."""
    if "scale" not in transform or len(transform) > 256:
        return False
    for match in _SCALE.finditer(transform):
        axis, args = match.group(1), [a.strip() for a in match.group(2).split(",")]
        if axis == "z":
            continue  # depth only: flat text stays as it is
        if any(_is_zero(a) for a in (args[:2] if axis in (None, "3d") else args[:1])):
            return True
    return False


def _transparent(colour: str) -> bool:
    """``transparent``, ``#rgb0``, ``#rrggbb00``, or an rgb()/hsl() colour whose alpha —
    the fourth component, or the one after ``/`` — is zero (``rgb(0, 0, 0)`` is black)."""
    if colour == "transparent" or _HEX_ZERO.match(colour) is not None:
        return True
    match = _COLOUR_FUNCTION.match(colour) if len(colour) <= 64 else None
    if match is None:
        return False
    inside = match.group(1)
    if "/" in inside:
        alpha = inside.rsplit("/", 1)[1]
    else:
        parts = inside.split(",")
        if len(parts) != 4:
            return False
        alpha = parts[3]
    return _is_zero(alpha.strip().rstrip("%"))


_CDO_CDC = re.compile(r"^(?:\s*(?:<!--|-->))+")


def _top_level_rules(css: str, level: int = 0) -> tuple[_Rules, _Rules]:
    """(selectors, declarations) of the rules outside any @-block, in order, and of
    those inside unconditional ``@media screen`` and ``@layer`` blocks; then those inside
    conditional ``@media``, ``@supports`` and ``@container`` blocks (a condition that
    may or may not hold: not applied, only reported).  Such blocks are looked into at
    most three deep."""
    css = css if level else strip_comments(css)
    rules: _Rules = []
    conditional: _Rules = []
    depth = 0
    start = 0
    selector = ""
    for match in _BRACES.finditer(css):
        index = match.start()
        if css[index] == "{":
            if depth == 0:
                selector = css[start:index]
                if not level:
                    # ``<!--`` and ``-->`` around a stylesheet (old CMS pages) are no part
                    # of the rule after them: CSS ignores them between top-level rules
                    # (elsewhere they void the rule)
                    selector = _CDO_CDC.sub("", selector)
                selector = selector.strip()
                start = index + 1
            depth += 1
        else:
            depth = max(depth - 1, 0)
            if depth == 0:
                body = css[start:index]
                if not selector.startswith("@"):
                    rules.append((selector, body))
                elif level < 3 and selector[:6].lower() in ("@media", "@layer", "@suppo", "@conta"):
                    inner, inner_conditional = _top_level_rules(body, level + 1)
                    if _SCREEN_MEDIA.match(selector) or selector[:6].lower() == "@layer":
                        rules += inner
                        conditional += inner_conditional
                    elif not _PRINT_MEDIA.match(selector):
                        conditional += inner + inner_conditional
                start = index + 1
    return rules, conditional


_Winner = tuple[bool, tuple[int, int, int], int, str]  # important, specificity, order, value

#: Properties cascaded from the page's rules onto the elements they match: those
#: :func:`style_flags` reads.
_CASCADED = frozenset(
    (
        "display",
        "visibility",
        "font-size",
        "font",
        "opacity",
        "text-decoration",
        "text-decoration-line",
        "vertical-align",
        "transform",
        "color",
        "-webkit-text-fill-color",
    )
)
#: Properties stylesheets set for hundreds of selectors: cascaded only on a page where
#: some rule uses them to hide text (cascading them all would cost time for nothing).
_COMMON = {
    TINY: frozenset(("font-size", "font")),
    TRANSPARENT: frozenset(("color", "-webkit-text-fill-color")),
}
#: A compound selector: a tag (or ``*``) and/or classes and ids — nothing else.
_COMPOUND = re.compile(r"^(\*|[a-z][a-z0-9]*)?((?:[.#][A-Za-z_][-A-Za-z0-9_]*)*)$", re.I)
_PARTS = re.compile(r"[.#][A-Za-z_][-A-Za-z0-9_]*")
#: The last compound's plain part, to test whether a rule we cannot apply could reach
#: a table cell (``td.x:hover`` → ``td.x``).
_LEAD = re.compile(r"^(\*|[a-z][a-z0-9]*)?((?:[.#][A-Za-z_][-A-Za-z0-9_]*)*)", re.I)
_MAX_COMPOUNDS = 6
#: Rules applied to a page at most (after dropping those needing a class or id that no
#: element has), and (element, rule) tests at most; beyond, the rest is reported.
_MAX_RULES = 2000
_MAX_WORK = 2_000_000

_Compound = tuple[str | None, frozenset[str], frozenset[str]]  # tag, classes, ids


def _compound(text: str) -> _Compound | None:
    match = _COMPOUND.match(text)
    if not match or not text:
        return None
    tag, rest = match.groups()
    parts = _PARTS.findall(rest or "")
    return (
        tag.lower() if tag and tag != "*" else None,
        frozenset(p[1:] for p in parts if p[0] == "."),
        frozenset(p[1:] for p in parts if p[0] == "#"),
    )


def _selector(text: str) -> tuple[list[_Compound], list[str], tuple[int, int, int]] | None:
    """Compounds left to right, the combinators between them (" " or ">") and the
    specificity; None for anything else (attributes, pseudo-classes, ~ and +)."""
    tokens = text.replace(">", " > ").split()
    compounds: list[_Compound] = []
    combinators: list[str] = []
    pending = " "
    for token in tokens:
        if token == ">":
            if not compounds or pending == ">":
                return None
            pending = ">"
            continue
        compound = _compound(token)
        if compound is None:
            return None
        if compounds:
            combinators.append(pending)
        compounds.append(compound)
        pending = " "
    if not compounds or pending == ">" or len(compounds) > _MAX_COMPOUNDS:
        return None
    ids = sum(len(c[2]) for c in compounds)
    classes = sum(len(c[1]) for c in compounds)
    tags = sum(c[0] is not None for c in compounds)
    return compounds, combinators, (ids, classes, tags)


def _matches_compound(element: Any, compound: _Compound) -> bool:
    tag, classes, ids = compound
    if tag is not None and element.tag != tag:
        return False
    if classes and not classes <= set((element.get("class") or "").split()):
        return False
    return not ids or (element.get("id") in ids and len(ids) == 1)


_Memo = dict[tuple[int, int], tuple[Any, bool]]


def _matches(
    element: Any, compounds: list[_Compound], combinators: list[str], k: int, memo: _Memo
) -> bool:
    """Whether ``element`` matches the first ``k`` compounds, right to left as browsers
    match: the element, then its ancestors.  ``memo`` (one per rule) keeps each
    (element, k) answer — and the element, so its id stays its own — and, under
    ``(id, -k)``, whether the element or an ancestor matches: each is decided once, so a
    rule costs elements × compounds, whatever the depth."""
    key = (id(element), k)
    known = memo.get(key)
    if known is not None:
        return known[1]
    result = False
    if _matches_compound(element, compounds[k - 1]):
        if k == 1:
            result = True
        else:
            parent = element.getparent()
            if combinators[k - 2] == ">":
                result = (
                    parent is not None
                    and isinstance(parent.tag, str)
                    and _matches(parent, compounds, combinators, k - 1, memo)
                )
            else:
                result = _at_or_above(parent, compounds, combinators, k - 1, memo)
    memo[key] = (element, result)
    return result


def _at_or_above(
    node: Any, compounds: list[_Compound], combinators: list[str], k: int, memo: _Memo
) -> bool:
    """Whether ``node`` or one of its ancestors matches the first ``k`` compounds."""
    path: list[Any] = []
    result = False
    while node is not None and isinstance(node.tag, str):
        known = memo.get((id(node), -k))
        if known is not None:
            result = known[1]
            break
        path.append(node)
        if _matches(node, compounds, combinators, k, memo):
            result = True
            break
        node = node.getparent()
    for visited in path:
        memo[(id(visited), -k)] = (visited, result)
    return result


def _screen_styles(root: Any) -> list[str]:
    """Texts of the page's <style> elements that apply on screen (no print-only media,
    none inside <noscript> or <template>)."""
    texts = []
    for element in root.iter("style"):
        media = (element.get("media") or "").strip().lower()
        if media and media not in ("all", "screen", "only screen"):
            continue  # print, or a condition that may not hold
        if next(element.iterancestors("noscript", "template"), None) is not None:
            continue
        texts.append(element.text or "")
    return texts


_Rule = tuple[list[_Compound], list[str], dict[str, _Winner]]


def _changes_text(values: dict[str, tuple[bool, str]]) -> bool:
    """Declarations that hide, strike, raise or add text."""
    style = ";".join(f"{name}:{value}" for name, (_, value) in values.items())
    flags = style_flags(style)
    content = values.get("content", (False, ""))[1]
    return bool(flags & (NOT_SHOWN | STRIKE | RAISE)) or any(c.isdigit() for c in content)


@functools.cache
def _inline_styles() -> Any:
    import lxml.etree

    return lxml.etree.XPath("descendant-or-self::*/@style", smart_strings=False)


def _page_rules(root: Any) -> tuple[list[_Rule], list[str]]:
    """The page's rules for the selectors understood here, with the declarations they
    cascade; and the selectors of rules not understood that would hide, strike, raise
    or add text (their effect is not applied)."""
    rules: list[_Rule] = []
    unapplied: list[str] = []
    order = 0
    parsed_rules: list[tuple[str, dict[str, tuple[bool, str]]]] = []
    for css in _screen_styles(root):
        applied, conditional = _top_level_rules(css)
        parsed_rules += ((selectors, _declarations(body)) for selectors, body in applied)
        for selectors, body in conditional:  # reported when they could change a cell
            if _changes_text(_declarations(body)) and len(unapplied) < 1000:
                unapplied += (s.strip() for s in selectors.split(",") if s.strip())
    skipped: set[str] = set()
    inline: int | None = None
    for bit, names in _COMMON.items():
        if any(
            style_flags(f"{name}:{value}") & bit
            for _, values in parsed_rules
            for name, (_, value) in values.items()
            if name in names
        ):
            continue
        if inline is None:  # a rule may also show again what an inline style hides
            inline = 0
            for style in set(_inline_styles()(root)):  # a few distinct ones, in C
                inline |= style_flags(style)
        if not inline & bit:
            skipped |= names
    for selectors, values in parsed_rules:
        wanted = {
            p: (important, value)
            for p, (important, value) in values.items()
            if p in _CASCADED and p not in skipped and not _UNSAFE_VALUE.search(value)
        }
        changes = _changes_text(values)
        for selector in selectors.split(","):
            selector = selector.strip()
            parsed = _selector(selector) if wanted else None
            if parsed is None:
                if changes and selector and len(unapplied) < 1000:
                    unapplied.append(selector)
                continue
            compounds, combinators, specificity = parsed
            slot: dict[str, _Winner] = {}
            for prop, (important, value) in wanted.items():
                order += 1
                slot[prop] = (important, specificity, order, value)
            rules.append((compounds, combinators, slot))
    return rules, unapplied


_Inside = set[tuple[str, frozenset[str], str, frozenset[str]]]  # tag, classes, id, attributes
_ATTRIBUTE = re.compile(r"\[\s*([-\w]+)")


def _could_reach_a_cell(selector: str, inside: _Inside) -> bool:
    """Whether the last compound's plain part of a selector not applied here — its tag,
    classes, ids and attribute names — matches an element inside a table (``inside``:
    their distinct such parts), or has no such part to test (then it could)."""
    last = selector.replace(">", " ").replace("+", " ").replace("~", " ").split()
    if not last:
        return False
    lead = _LEAD.match(last[-1])
    compound = _compound(lead.group(0)) if lead and lead.group(0) else None
    needed = frozenset(_ATTRIBUTE.findall(last[-1]))
    if compound is None and not needed:
        return True
    tag, classes, ids = compound if compound is not None else (None, frozenset(), frozenset())
    return any(
        (tag is None or tag == t) and classes <= c and (not ids or ids == {i}) and needed <= a
        for t, c, i, a in inside
    )


def _in_tables(root: Any) -> _Inside:
    return {
        (
            e.tag,
            frozenset((e.get("class") or "").split()),
            e.get("id") or "",
            frozenset(e.attrib.keys()),
        )
        for table in root.iter("table")
        for e in table.iter()
        if isinstance(e.tag, str)
    }


def apply_page_rules(root: Any) -> list[str]:
    """Cascade the page's rules for hiding, striking and raising text onto the elements
    they match (tag, class and id compounds joined by descendant and child
    combinators), and hide closed <details> bodies and <dialog>s.  Returns the
    selectors of rules that would hide, strike, raise or add text but are not
    understood here (attribute selectors, pseudo-classes, sibling combinators,
    ``::after`` content) and could reach a table cell.  A no-op (one cheap look) on
    most pages."""
    for dialog in root.iter("dialog"):
        if dialog.get("open") is None:
            dialog.set("hidden", "")
    for details in root.iter("details"):
        if details.get("open") is None:
            details.text = None
            for child in details:
                if isinstance(child.tag, str) and child.tag != "summary":
                    child.set("hidden", "")
                child.tail = None
    rules, unapplied = _page_rules(root)
    work = 0
    if rules:
        # rules needing a class or id no element has cannot match (most of a CMS
        # stylesheet); of the rest at most _MAX_RULES are applied, the others reported
        present_classes: set[str] = set()
        present_ids: set[str] = set()
        for element in root.iter():
            if isinstance(element.tag, str):
                present_classes.update((element.get("class") or "").split())
                present_ids.add(element.get("id") or "")
        rules = [
            rule
            for rule in rules
            if all(c[1] <= present_classes and c[2] <= present_ids for c in rule[0])
        ]
        if len(rules) > _MAX_RULES:
            unapplied.append(f"({len(rules) - _MAX_RULES} more rules)")
            rules = rules[:_MAX_RULES]
        # index by what the last compound requires, so each element tests few rules
        by_key: dict[tuple[str, str], list[_Rule]] = {}
        for rule in rules:
            tag, classes, ids = rule[0][-1]
            key = ("#", min(ids)) if ids else (".", min(classes)) if classes else ("t", tag or "*")
            by_key.setdefault(key, []).append(rule)
        memos: dict[int, _Memo] = {}
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            keys = [(".", c) for c in (element.get("class") or "").split()]
            if element.get("id"):
                keys.append(("#", element.get("id") or ""))
            keys += [("t", element.tag), ("t", "*")]
            winners: dict[str, _Winner] = {}
            for key in keys:
                candidates = by_key.get(key, ())
                work += len(candidates)
                if work > _MAX_WORK:  # a hostile stylesheet: stop, and say so
                    break
                for compounds, combinators, slot in candidates:
                    memo = memos.setdefault(id(slot), {})
                    if not _matches(element, compounds, combinators, len(compounds), memo):
                        continue
                    for prop, candidate in slot.items():
                        if prop not in winners or candidate[:3] > winners[prop][:3]:
                            winners[prop] = candidate
            if winners:
                cascaded = "".join(
                    f"{prop}:{value}{' !important' if important else ''};"
                    for prop, (important, _, _, value) in sorted(
                        winners.items(), key=lambda item: item[1][:3]
                    )
                )
                element.set("style", cascaded + (element.get("style") or ""))
    if work > _MAX_WORK:
        unapplied.append("(more rules than can be applied)")
    if not unapplied:
        return []
    inside = _in_tables(root)
    return [
        s for s in dict.fromkeys(unapplied) if s.startswith("(") or _could_reach_a_cell(s, inside)
    ][:5]
