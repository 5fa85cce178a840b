"""Input handling: bytes in, decoded once.

:class:`Source` accepts a path, bytes or a binary file, enforces the input-size limit and
decodes text exactly once (BOM → strict UTF-8 → strict GB18030 → UTF-16 by
plausibility), recording which encoding was chosen and how.  GB2312 and GBK are
subsets of GB18030, so one decoder serves all three (WHATWG does the same).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from pathlib import Path
from typing import BinaryIO, Union

import attrs

from .errors import EncodingError, InputError, LimitExceeded
from .limits import DEFAULT_LIMITS, Budget, Limits

__all__ = ["DEFAULT_MAX_BYTES", "Decoded", "Source", "SourceLike", "decode_text"]

SourceLike = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, BinaryIO]

#: Default cap on input size (RELIABILITY.md §6 item 7).
DEFAULT_MAX_BYTES = DEFAULT_LIMITS.max_bytes

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    # before UTF-16: the UTF-32-LE mark starts with the UTF-16-LE one
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


@attrs.frozen(slots=True)
class Decoded:
    text: str
    encoding: str
    method: str  # "bom" | "utf-8" | "gb18030" | "plausibility"


_SCORED = (
    # CJK ideographs, CJK and full-width punctuation, dashes/quotes/… common in reports
    (re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2010-\u2027]"), 1.0),
    (re.compile(r"[0-9 \t\r\n\u00a0]"), 0.8),
    (re.compile(r"[A-Za-z]"), 0.5),
    (re.compile(r"[!-/:-@\[-`{-~]"), 0.3),
    (re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"), -5.0),
)
#: Characters scored: enough to tell encodings apart, bounded for large inputs.
_SCORE_PREFIX = 512


def _plausibility(text: str) -> float:
    """Mean per-character plausibility of decoded Chinese report text (RELIABILITY §2.2):
    CJK and its punctuation 1.0, digits and whitespace 0.8, ASCII letters 0.5, other
    printable ASCII 0.3, control characters -5, anything else 0.  Counted by regular
    expressions (C speed) over at most the first 512 characters."""
    text = text[:_SCORE_PREFIX]
    if not text:
        return 0.0
    size = len(text)
    return sum((size - len(p.sub("", text))) * weight for p, weight in _SCORED) / size


def _non_ascii(text: str) -> str:
    return "".join(ch for ch in text if ord(ch) > 0x7F)


#: Latin-1 symbols real report text uses (25°C, 5 × 3, ± 2, §): plausible in a short
#: UTF-8 reading.  Not Latin-1 letters or ¥: GB18030 bytes become those (没 → û, 楼 → ¥),
#: and in these reports Chinese is far likelier than café.
_LATIN1 = re.compile(r"[\u00a7\u00b0\u00b1\u00b2\u00b3\u00b5\u00b7\u00bc-\u00be\u00d7\u00f7]")


def _utf8_reading_score(non_ascii: str) -> float:
    """Plausibility of a short UTF-8 reading's non-ASCII characters, the symbols above
    included: the Greek, Hebrew, Cyrillic … that GB18030 bytes turn into (通知 → ֪ͨ)
    score nothing."""
    if not non_ascii:
        return 0.0
    return _plausibility(non_ascii) + 0.8 * len(_LATIN1.findall(non_ascii)) / len(non_ascii)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def decode_text(data: bytes, *, name: str | None = None) -> Decoded:
    """Decode report text once.  Raises :class:`EncodingError` naming what was tried."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :] if encoding != "utf-8-sig" else data, encoding)
            if text is None:
                raise EncodingError(
                    f"starts with a {encoding} byte-order mark but is not {encoding}", source=name
                )
            return Decoded(text, encoding.replace("-sig", ""), "bom")
    tried = []
    if b"\x00" not in data:
        utf8 = _strict(data, "utf-8")
        tried.append("utf-8")
        if utf8 is not None:
            if len(data) < 64:
                # Short GB18030 text is sometimes valid UTF-8 too (通知 → ֪ͨ); prefer the
                # decoding that reads more like a report.  Only the non-ASCII characters
                # are compared: the ASCII ones decode the same either way and would
                # dilute the difference (3. 危 vs 3. Σ).
                gb = _strict(data, "gb18030")
                if gb is not None and _plausibility(_non_ascii(gb)) > (
                    _utf8_reading_score(_non_ascii(utf8)) + 0.3
                ):
                    return Decoded(gb, "gb18030", "plausibility")
            return Decoded(utf8, "utf-8", "utf-8")
        gb = _strict(data, "gb18030")
        tried.append("gb18030")
        if gb is not None and _plausibility(gb) > 0.3:
            return Decoded(gb, "gb18030", "gb18030")
    best: tuple[float, str, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        tried.append(encoding)
        text = _strict(data, encoding) if len(data) % 2 == 0 else None
        if text is not None:
            score = _plausibility(text)
            if score > 0.5 and (best is None or score > best[0]):
                best = (score, text, encoding)
    if best is not None:
        return Decoded(best[1], best[2], "plausibility")
    raise EncodingError(
        "not text in a supported encoding (tried " + ", ".join(tried) + "); "
        "if this is a DOCX, HTML or PDF file, name the reader or install its extra",
        source=name,
    )


class Source:
    """One input document: its bytes, its name, and its text decoded at most once.

    >>> Source.from_any(b"abc", name="x.txt").text
    'abc'
    """

    def __init__(
        self,
        data: bytes,
        *,
        name: str | None = None,
        media_type: str | None = None,
        limits: Limits = DEFAULT_LIMITS,
    ) -> None:
        self.data = data
        self.name = name
        self.media_type = media_type
        self.use_limits(limits)

    def use_limits(self, limits: Limits) -> None:
        """Set this read's budgets; readers consult ``source.limits`` and ``source.budget``
        (the clock for ``limits.max_seconds``, started now)."""
        self.limits = limits
        self.budget = Budget(limits.max_seconds)

    @classmethod
    def from_any(
        cls,
        obj: SourceLike | Source,
        *,
        name: str | None = None,
        limits: Limits | None = None,
    ) -> Source:
        """Accept a path (``str`` or ``PathLike``), bytes-like data or a binary file.

        The input must fit ``limits.max_bytes``; a file is never read past it.
        """
        if isinstance(obj, Source):
            if limits is not None:
                obj.use_limits(limits)
            return obj
        limits = limits or DEFAULT_LIMITS
        max_bytes = limits.max_bytes
        if isinstance(obj, (bytes, bytearray, memoryview)):
            data = bytes(obj)
            if len(data) > max_bytes:
                raise LimitExceeded(
                    f"input is {len(data)} bytes; the limit is {max_bytes}", source=name
                )
            return cls(data, name=name, limits=limits)
        if isinstance(obj, (str, os.PathLike)):
            path = Path(obj)
            label = name or str(path)
            try:
                size = path.stat().st_size
                if size > max_bytes:
                    raise LimitExceeded(
                        f"file is {size} bytes; the limit is {max_bytes}", source=label
                    )
                with path.open("rb") as handle:
                    data = handle.read(max_bytes + 1)
            except LimitExceeded:
                raise
            except OSError as exc:
                raise InputError(f"cannot read file: {exc.strerror or exc}", source=label) from exc
            if len(data) > max_bytes:
                raise LimitExceeded(f"file exceeds {max_bytes} bytes", source=label)
            return cls(data, name=label, limits=limits)
        read = getattr(obj, "read", None)
        if callable(read):
            data = read(max_bytes + 1)
            if not isinstance(data, bytes):
                raise TypeError(
                    "open the file in binary mode ('rb'): the library decodes text itself"
                )
            given = name or getattr(obj, "name", None)
            file_label = str(given) if given is not None else None
            if len(data) > max_bytes:
                raise LimitExceeded(f"input exceeds {max_bytes} bytes", source=file_label)
            return cls(data, name=file_label, limits=limits)
        raise TypeError(
            f"cannot read from {type(obj).__name__}; pass a path, bytes or a binary file"
        )

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower() if self.name else ""

    @property
    def head(self) -> bytes:
        return self.data[:4096]

    @functools.cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @functools.cached_property
    def decoded(self) -> Decoded:
        """The decoded text (computed once; raises :class:`EncodingError`)."""
        return decode_text(self.data, name=self.name)

    @property
    def decoding(self) -> Decoded | None:
        """The decoding, if the text has been decoded (without decoding it now)."""
        cached = self.__dict__.get("decoded")
        return cached if isinstance(cached, Decoded) else None

    def record_decoding(self, decoded: Decoded) -> None:
        """For readers that decode by their own rules (HTML meta charsets): keep the one
        decoding, so the report records it and nothing decodes twice."""
        self.__dict__.setdefault("decoded", decoded)

    @property
    def text(self) -> str:
        return self.decoded.text

    def looks_binary(self) -> bool:
        """Cheap test used by text sniffers: known binary magic or NUL bytes early on."""
        head = self.head
        if head.startswith((b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8")):
            return True
        return b"\x00" in head and not head.startswith(tuple(bom for bom, _ in _BOMS))

    def __repr__(self) -> str:
        return f"Source(name={self.name!r}, {len(self.data)} bytes)"
