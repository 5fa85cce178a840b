"""Where a value or a paragraph came from in the source document."""

from __future__ import annotations

import attrs

__all__ = ["SourceLocation"]


@attrs.frozen(slots=True)
class SourceLocation:
    """A place in a source document, as precise as the layout allows.

    All numbers are 1-based so they can be shown to a person as they are:
    ``line`` (text layouts), ``page`` (PDF), ``table``/``row``/``col`` (the n-th table of
    the document and the cell's grid position), ``cell`` (the n-th cell on a text line).
    """

    line: int | None = None
    cell: int | None = None
    page: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None

    def describe(self) -> str:
        """A short human-readable form, e.g. ``line 42, cell 3``."""
        parts = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.cell is not None:
            parts.append(f"cell {self.cell}")
        if self.table is not None:
            parts.append(f"table {self.table}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.col is not None:
            parts.append(f"col {self.col}")
        return ", ".join(parts) or "unknown"
