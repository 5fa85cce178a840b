"""Caches keyed by document text, and how they let go of long texts.

Cell and label texts repeat across reports (``0``, ``规章``), so a few hot functions cache
by text with ``functools.lru_cache`` (its hits cost no Python frame: a gate in front of
it costs 5 % of a DOCX read).  A plain cache would also keep every long text it saw — a
hostile 1 MB cell, read again and again in a long batch — until evicted; so the
interpreter calls :func:`clear_text_caches` after a document that had a text longer than
:data:`LONG_TEXT`.  Caches off the hot path (HTML style attributes) use a gate instead:
``text_cache(maxsize, max_len=...)`` caches only texts up to ``max_len`` characters.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

F = TypeVar("F", bound=Callable[..., Any])

#: Texts longer than this make the interpreter clear the caches after the document.
LONG_TEXT = 4096

_CACHES: list[Any] = []


def text_cache(maxsize: int, max_len: int | None = None) -> Callable[[F], F]:
    """``lru_cache(maxsize)`` for a function whose first argument is a ``str``.  Without
    ``max_len`` it is registered for :func:`clear_text_caches`; with it, only texts of at
    most ``max_len`` characters are cached.  ``cache_clear``/``cache_info`` are kept."""

    def decorate(func: F) -> F:
        cached = functools.lru_cache(maxsize=maxsize)(func)
        if max_len is None:
            _CACHES.append(cached)
            return cast(F, cached)
        limit = max_len

        @functools.wraps(func)
        def wrapper(text: str, *args: Any, **kwargs: Any) -> Any:
            if len(text) <= limit:
                return cached(text, *args, **kwargs)
            return func(text, *args, **kwargs)

        wrapper.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        wrapper.cache_info = cached.cache_info  # type: ignore[attr-defined]
        return cast(F, wrapper)

    return decorate


def clear_text_caches() -> None:
    """Empty every registered text cache (after a document with a very long text)."""
    for cache in _CACHES:
        cache.cache_clear()
