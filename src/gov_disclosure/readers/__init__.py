"""Readers: one per source layout, each turning a :class:`~gov_disclosure.source.Source`
into a layout-neutral :class:`~gov_disclosure.document.Document`.

A third-party reader subclasses :class:`Reader` and is published under the entry-point
group ``gov_disclosure.readers``::

    [project.entry-points."gov_disclosure.readers"]
    my-layout = "my_package.reader:MyReader"

It never looks at templates: the shared interpreter does that.  See
``gov_disclosure.testing.assert_reader_conforms`` to test one in three lines.
"""

from __future__ import annotations

import abc
from typing import ClassVar

from ..document import Document
from ..source import Source

__all__ = ["Reader"]


class Reader(abc.ABC):
    """Base class of readers.

    ``sniff`` must be cheap and return a score in [0, 1] (1: certainly this layout);
    ``read`` returns a Document or raises a :class:`~gov_disclosure.errors.GovDisclosureError`.
    """

    #: The registry name, e.g. ``"text-tab"``.
    name: ClassVar[str] = ""
    version: ClassVar[str] = "1"
    #: File suffixes this reader is a candidate for (lower case, with the dot; ``""`` for
    #: files without one).  Empty: a candidate for every input, chosen by ``sniff`` alone.
    suffixes: ClassVar[tuple[str, ...]] = ()
    media_types: ClassVar[tuple[str, ...]] = ()
    #: One line for ``gov-disclosure readers``.
    description: ClassVar[str] = ""
    #: Readers to try, in order, when this one's report leaves cells unreadable or
    #: missing.  ``gd.read`` merges each fallback's reading with the first cell by cell
    #: (a value the first placed stands; two different values make the cell unreadable)
    #: and keeps the merge when it placed more cells.
    fallbacks: ClassVar[tuple[str, ...]] = ()

    def sniff(self, source: Source) -> float:
        """How likely ``source`` is in this reader's layout, in [0, 1]."""
        return 0.0

    @abc.abstractmethod
    def read(self, source: Source) -> Document:
        """Read the source into a Document."""
