"""Caches keyed by document text that never keep long text alive.

Cell and label texts repeat across reports (``0``, ``规章``), so a few hot functions cache
by text.  A plain ``functools.lru_cache`` would also keep every long text it saw — a
hostile 10 MB cell, thousands of them over a long batch — alive until evicted; these
caches only store texts up to ``max_len`` characters and compute longer ones each time.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

F = TypeVar("F", bound=Callable[..., Any])

#: Longer texts are not cached (labels of the templates are under 60 characters).
MAX_CACHED_TEXT = 256


def text_cache(maxsize: int, max_len: int = MAX_CACHED_TEXT) -> Callable[[F], F]:
    """``lru_cache(maxsize)`` for a function whose first argument is a ``str``, used only
    for texts of at most ``max_len`` characters.  ``cache_clear`` and ``cache_info`` are
    kept."""

    def decorate(func: F) -> F:
        cached = functools.lru_cache(maxsize=maxsize)(func)

        @functools.wraps(func)
        def wrapper(text: str, *args: Any, **kwargs: Any) -> Any:
            if len(text) <= max_len:
                return cached(text, *args, **kwargs)
            return func(text, *args, **kwargs)

        wrapper.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        wrapper.cache_info = cached.cache_info  # type: ignore[attr-defined]
        return cast(F, wrapper)

    return decorate
