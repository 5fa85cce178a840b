"""Budgets for reading one document, configurable per call.

>>> import gov_disclosure as gd
>>> strict = gd.Limits(max_bytes=5_000_000, max_pages=20, max_seconds=10)
>>> report = gd.read(gd.sample_path(), limits=strict)

Every reader honours the limits that apply to its format and raises
:class:`~gov_disclosure.errors.LimitExceeded` (``ReadTimeout`` for time) when one is
passed.  The defaults are RELIABILITY.md's.  The markup limits (``max_depth``,
``max_text_node``) can only be lowered: above libxml2's own ceilings (256 levels, 10 MB
text nodes without ``huge_tree``, which we never turn on) the parser refuses first.
``max_seconds`` is checked between steps (pages, parse, interpretation), so a single
step stuck in C code is not interrupted — in a batch the worker's deadline
(``read_many(timeout=...)``) covers that.
"""

from __future__ import annotations

import math
import time
from typing import Any

import attrs

from .errors import LimitExceeded, ReadTimeout

__all__ = ["DEFAULT_LIMITS", "LIBXML2_MAX_DEPTH", "LIBXML2_MAX_TEXT", "Limits"]

#: libxml2's ceilings without ``huge_tree``.
LIBXML2_MAX_DEPTH = 256
LIBXML2_MAX_TEXT = 10_000_000


def _positive(instance: Any, attribute: Any, value: Any) -> None:
    if value is not None and not (value > 0 and math.isfinite(value)):
        raise ValueError(f"{attribute.name} must be a positive number, not {value!r}")


@attrs.frozen(slots=True)
class Limits:
    """Budgets for one read.  ``attrs.evolve(limits, max_pages=10)`` derives a variant."""

    #: Input size, before anything is parsed.
    max_bytes: int = attrs.field(default=50 * 1024 * 1024, validator=_positive)
    #: Zip (DOCX): entries declared in the end-of-central-directory record.
    max_zip_entries: int = attrs.field(default=1000, validator=_positive)
    #: Zip: one part's declared uncompressed size.
    max_part_bytes: int = attrs.field(default=64 * 1024 * 1024, validator=_positive)
    #: Zip: all parts read, together.
    max_total_bytes: int = attrs.field(default=200 * 1024 * 1024, validator=_positive)
    #: Zip: compression ratio allowed for parts larger than ``ratio_threshold`` bytes.
    max_ratio: int = attrs.field(default=100, validator=_positive)
    ratio_threshold: int = attrs.field(default=100 * 1024, validator=_positive)
    #: Markup (HTML, DOCX XML): element nesting depth.
    max_depth: int = attrs.field(default=LIBXML2_MAX_DEPTH, validator=_positive)
    #: Markup: characters in one run of text between tags.
    max_text_node: int = attrs.field(default=LIBXML2_MAX_TEXT, validator=_positive)
    #: Tables: grid positions of one table once spans are expanded.
    max_table_cells: int = attrs.field(default=200_000, validator=_positive)
    #: PDF: pages.
    max_pages: int = attrs.field(default=200, validator=_positive)
    #: PDF: objects (text, paths, images) on one page.
    max_page_objects: int = attrs.field(default=200_000, validator=_positive)
    #: Wall-clock seconds for the whole read, checked between steps; None: no budget.
    max_seconds: float | None = attrs.field(default=None, validator=_positive)


DEFAULT_LIMITS = Limits()


class Budget:
    """A running read's clock against ``Limits.max_seconds``."""

    __slots__ = ("deadline", "seconds")

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.deadline = None if seconds is None else time.monotonic() + seconds

    def check(self, step: str, source: str | None = None) -> None:
        """Raise :class:`ReadTimeout` if the budget is spent (``step``: what was running)."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise ReadTimeout(
                f"reading took longer than {self.seconds:g} s (Limits.max_seconds; at {step})",
                source=source,
            )


def check_tree(root: Any, limits: Limits, what: str) -> None:
    """Depth and text-node limits lowered below libxml2's ceilings, on a parsed tree.

    Costs a walk, so it runs only when a limit was lowered; at the defaults libxml2 has
    already refused anything larger.
    """
    if limits.max_depth >= LIBXML2_MAX_DEPTH and limits.max_text_node >= LIBXML2_MAX_TEXT:
        return
    import lxml.etree

    depth = 0
    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        if event == "end":
            depth -= 1
            continue
        depth += 1
        if depth > limits.max_depth:
            raise LimitExceeded(f"{what} nests deeper than {limits.max_depth} levels")
        for text in (element.text, element.tail):
            if text is not None and len(text) > limits.max_text_node:
                raise LimitExceeded(
                    f"{what} has a text node of {len(text)} characters "
                    f"(limit {limits.max_text_node})"
                )
