"""What CSS does to a report page's text, as far as reading it goes.

Inline ``style`` attributes are classified (removed, invisible, struck through, raised,
a block) from their declarations.  The page's own ``<style>`` rules for simple
selectors (``.x``, ``td.x``, ``#x``) that set ``display`` or ``visibility`` are cascaded
onto the elements they match (by importance, specificity and order; unconditional
screen media only) by writing the winning declarations in front of the element's
inline style, where the element's own declarations still override them.  Closed
``<details>`` and ``<dialog>`` are hidden.  Only what a report page plausibly uses is
understood; anything else is left as it is, and every scan here is linear in the page.
"""

from __future__ import annotations

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
NOT_SHOWN = HIDE | INVISIBLE | TINY | CLEAR
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


def inherit(parent: int, flags: int) -> int:
    """The INVISIBLE and TINY bits an element has: its parent's, set or undone by its own
    style (visibility and font size are inherited, and a descendant can undo them)."""
    state = parent
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
    if _is_zero(values.get("opacity", "")):
        flags |= CLEAR
    decoration = values.get("text-decoration", "") + values.get("text-decoration-line", "")
    if "line-through" in decoration:
        flags |= STRIKE
    if values.get("vertical-align") in ("super", "sub"):
        flags |= RAISE
    if display in _BLOCK_DISPLAY:
        flags |= BLOCKS
    return flags


def _top_level_rules(css: str, depth: int = 0) -> list[tuple[str, str]]:
    """(selectors, declarations) of the rules outside any @-block, in order, and of
    those inside unconditional ``@media screen`` blocks (nested at most three deep)."""
    css = css if depth else strip_comments(css)
    rules: list[tuple[str, str]] = []
    depth = 0
    start = 0
    selector = ""
    for match in _BRACES.finditer(css):
        index = match.start()
        if css[index] == "{":
            if depth == 0:
                selector = css[start:index].strip()
                start = index + 1
            depth += 1
        else:
            depth = max(depth - 1, 0)
            if depth == 0:
                body = css[start:index]
                if not selector.startswith("@"):
                    rules.append((selector, body))
                elif depth < 3 and _SCREEN_MEDIA.match(selector):
                    rules += _top_level_rules(body, depth + 1)
                start = index + 1
    return rules


_Key = tuple[str | None, str, str]  # (tag or None, "." or "#", name)
_Winner = tuple[bool, tuple[int, int, int], int, str]  # important, specificity, order, value


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


def _page_rules(root: Any) -> dict[_Key, dict[str, _Winner]]:
    """For each simple selector, its display and visibility declarations."""
    rules: dict[_Key, dict[str, _Winner]] = {}
    order = 0
    for css in _screen_styles(root):
        for selectors, body in _top_level_rules(css):
            values = _declarations(body)
            wanted = {
                p: (important, value)
                for p, (important, value) in values.items()
                if p in ("display", "visibility") and not _UNSAFE_VALUE.search(value)
            }
            if not wanted:
                continue
            for selector in selectors.split(","):
                match = _SIMPLE_SELECTOR.match(selector.strip())
                if not match:
                    continue
                tag, kind, name = match.groups()
                specificity = (1, 0, 0) if kind == "#" else (0, 1, 1 if tag else 0)
                slot = rules.setdefault((tag.lower() if tag else None, kind, name), {})
                for prop, (important, value) in wanted.items():
                    order += 1
                    candidate = (important, specificity, order, value)
                    if prop not in slot or candidate[:3] > slot[prop][:3]:
                        slot[prop] = candidate  # a later normal rule loses to !important
    return rules


def apply_page_rules(root: Any) -> None:
    """Cascade the page's display/visibility rules onto matching elements, and hide
    closed <details> bodies and <dialog>s.  A no-op (one cheap look) on most pages."""
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
    rules = _page_rules(root)
    if not rules:
        return
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        keys: list[tuple[str, str]] = [(".", c) for c in (element.get("class") or "").split()]
        if element.get("id"):
            keys.append(("#", element.get("id") or ""))
        winners: dict[str, _Winner] = {}
        for kind, name in keys:
            for key in ((None, kind, name), (element.tag, kind, name)):
                for prop, candidate in rules.get(key, {}).items():
                    if prop not in winners or candidate[:3] > winners[prop][:3]:
                        winners[prop] = candidate
        if winners:
            cascaded = "".join(
                f"{prop}:{value}{' !important' if important else ''};"
                for prop, (important, _, _, value) in winners.items()
            )
            element.set("style", cascaded + (element.get("style") or ""))
