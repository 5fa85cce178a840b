"""What CSS does to a report page's text, as far as reading it goes.

Inline ``style`` attributes are classified (hidden, struck through, raised, a block) by
their declarations, and the page's own ``<style>`` rules that hide simple selectors
(``.x``, ``td.x``, ``#x``) are applied to the tree, as are closed ``<details>`` and
``<dialog>``: text a browser does not show is not read, and text it shows apart is
not glued to its neighbours.  Only what a report page plausibly uses is understood;
anything else is left as it is.
"""

from __future__ import annotations

import re
from typing import Any

from .._cache import text_cache

__all__ = [
    "BLOCKS",
    "HIDE",
    "INVISIBLE",
    "RAISE",
    "STRIKE",
    "hide_by_page_rules",
    "revealing",
    "style_flags",
]

HIDE, STRIKE, RAISE, BLOCKS, INVISIBLE = 1, 2, 4, 8, 16

_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_BLOCK_DISPLAY = frozenset(("block", "flex", "grid", "list-item", "table", "table-row"))
_ZERO = re.compile(r"^[+]?0*\.?0*(?:px|pt|em|rem|%)?$")
_SIMPLE_SELECTOR = re.compile(r"^([a-z][a-z0-9]*)?([.#])([A-Za-z_][-A-Za-z0-9_]*)$")


def _declarations(style: str) -> dict[str, str]:
    """Property → value, the last declaration winning and ``!important`` over others."""
    values: dict[str, tuple[bool, str]] = {}
    for declaration in _COMMENT.sub("", style).split(";"):
        name, colon, value = declaration.partition(":")
        if not colon:
            continue
        name = name.strip().lower()
        value = value.strip().lower()
        important = value.endswith("!important")
        value = value.removesuffix("!important").strip()
        if important or not values.get(name, (False, ""))[0]:
            values[name] = (important, value)
    return {name: value for name, (_, value) in values.items()}


@text_cache(maxsize=512, max_len=256)
def style_flags(style: str) -> int:
    """Flags for a ``style`` attribute: HIDE (display:none, font-size:0, opacity:0),
    INVISIBLE (visibility:hidden/collapse), STRIKE (line-through), RAISE (vertical-align super/sub),
    BLOCKS (display:block …).  CMS pages repeat a few styles on every cell."""
    values = _declarations(style)
    display = values.get("display", "")
    flags = 0
    if (
        display == "none"
        or _ZERO.match(values.get("font-size") or "x")
        or _ZERO.match(values.get("opacity") or "x")
    ):
        flags |= HIDE
    if values.get("visibility") in ("hidden", "collapse"):
        flags |= INVISIBLE  # hidden too, but a descendant can show itself again
    decoration = values.get("text-decoration", "") + values.get("text-decoration-line", "")
    if "line-through" in decoration:
        flags |= STRIKE
    if values.get("vertical-align") in ("super", "sub"):
        flags |= RAISE
    if display in _BLOCK_DISPLAY:
        flags |= BLOCKS
    return flags


def _top_level_rules(css: str) -> list[tuple[str, str]]:
    """(selectors, declarations) of the rules outside any @-block, in order."""
    css = _COMMENT.sub("", css)
    rules: list[tuple[str, str]] = []
    depth = 0
    start = 0
    selector = ""
    skipping = False
    for index, char in enumerate(css):
        if char == "{":
            if depth == 0:
                selector = css[start:index].strip()
                skipping = selector.startswith("@")
                start = index + 1
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
            if depth == 0:
                if not skipping:
                    rules.append((selector, css[start:index]))
                start = index + 1
    return rules


def _rule_targets(root: Any) -> dict[tuple[str | None, str, str], bool]:
    """(tag or None, "." or "#", name) → hidden, from the page's <style> rules, the last
    rule that sets display or visibility for a selector deciding."""
    targets: dict[tuple[str | None, str, str], bool] = {}
    for element in root.iter("style"):
        for selectors, body in _top_level_rules(element.text or ""):
            values = _declarations(body)
            if "display" not in values and "visibility" not in values:
                continue
            hidden = bool(style_flags(body) & (HIDE | INVISIBLE))
            for selector in selectors.split(","):
                match = _SIMPLE_SELECTOR.match(selector.strip())
                if match:
                    tag, kind, name = match.groups()
                    targets[(tag.lower() if tag else None, kind, name)] = hidden
    return targets


def hide_by_page_rules(root: Any) -> None:
    """Mark with ``hidden`` what the page hides by rules, closed <details> bodies and
    closed <dialog>s.  A no-op (one cheap look at the tree) on most pages."""
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
    targets = {key: hidden for key, hidden in _rule_targets(root).items() if hidden}
    if not targets:
        return
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        names = [(".", c) for c in (element.get("class") or "").split()]
        if element.get("id"):
            names.append(("#", element.get("id")))
        for kind, name in names:
            if (None, kind, name) in targets or (element.tag, kind, name) in targets:
                style = element.get("style")
                if style is None or "display" not in _declarations(style):
                    element.set("hidden", "")
                break


def revealing(element: Any) -> bool:
    """Invisible (visibility:hidden) but with a descendant that sets visibility again:
    what shows cannot be told without a full cascade, so the reader keeps all of it,
    apart, which leaves a value cell unreadable instead of wrong."""
    style = element.get("style")
    if style is None or style_flags(style) & (HIDE | INVISIBLE) != INVISIBLE:
        return False
    return any("visib" in (d.get("style") or "") for d in element.iterdescendants())
