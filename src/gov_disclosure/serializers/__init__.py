"""Serializers: a Report (or several, or findings) to a format and, where the format
allows, back.

Built-ins: ``json`` and ``csv`` (data), ``text-tab``, ``text-cells``, ``text-pipe``,
``text-lines`` and ``markdown`` (the official tables rendered in each text layout we
read, so every reader can be tested by round trip).  A third-party serializer subclasses
:class:`Serializer` and registers under the entry-point group ``gov_disclosure.serializers``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..errors import GovDisclosureError
from ..model import Report

__all__ = ["Serializer"]


class Serializer:
    """Base class.  ``dumps`` returns ``str`` (or ``bytes`` when ``binary``)."""

    name: ClassVar[str] = ""
    suffixes: ClassVar[tuple[str, ...]] = ()
    media_type: ClassVar[str] = "text/plain"
    binary: ClassVar[bool] = False
    #: The encoding ``dump`` writes text files with (CSV: UTF-8 with BOM, for Excel).
    file_encoding: ClassVar[str] = "utf-8"
    description: ClassVar[str] = ""

    def dumps(self, obj: Any, **options: Any) -> str | bytes:
        raise NotImplementedError

    def loads(self, data: str | bytes, **options: Any) -> Report:
        raise GovDisclosureError(f"the {self.name} format cannot be read back into a report")
