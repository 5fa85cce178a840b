"""Plugin registries for readers, serializers and checks.

Built-ins sit in an in-code table of ``"module:attr"`` strings and load on first use,
exactly like third-party plugins found through entry points.  Listing reads metadata
only.  Rules (ARCHITECTURE.md §6):

* a third-party plugin that fails to load warns (:class:`PluginWarning`) and is skipped;
  naming it explicitly raises :class:`PluginError` with its distribution;
* a third-party name never replaces a built-in, and the first of two duplicates wins
  (both warn);
* ``GOV_DISCLOSURE_DISABLE_PLUGIN_AUTOLOAD=1`` ignores entry points altogether;
  ``GOV_DISCLOSURE_BLOCK_PLUGINS=a,b`` ignores the named ones;
* :func:`register_reader` and friends add plugins at run time (tests, notebooks).
"""

from __future__ import annotations

import importlib
import os
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib import metadata
from types import MappingProxyType
from typing import Any, Generic, TypeVar

import attrs

from .errors import PluginError, PluginWarning

__all__ = [
    "AUTOLOAD_ENV",
    "BLOCK_ENV",
    "CHECKS_GROUP",
    "READERS_GROUP",
    "SERIALIZERS_GROUP",
    "PluginInfo",
    "Registry",
    "check_functions",
    "list_checks",
    "list_readers",
    "list_serializers",
    "register_check",
    "register_reader",
    "register_serializer",
]

READERS_GROUP = "gov_disclosure.readers"
SERIALIZERS_GROUP = "gov_disclosure.serializers"
CHECKS_GROUP = "gov_disclosure.checks"
AUTOLOAD_ENV = "GOV_DISCLOSURE_DISABLE_PLUGIN_AUTOLOAD"
BLOCK_ENV = "GOV_DISCLOSURE_BLOCK_PLUGINS"

_BUILTIN_DIST = "gov-disclosure"

T = TypeVar("T")


@attrs.frozen(slots=True)
class PluginInfo:
    """What the registry knows about a plugin without loading it."""

    name: str
    group: str
    target: str  # "module:attr"
    distribution: str
    version: str | None
    builtin: bool
    #: Extra to install when loading fails for lack of a dependency, e.g. "pdf".
    extra: str | None = None
    #: "available", "loaded", "broken: <why>", "shadowed", "blocked", "runtime".
    status: str = "available"


def _entry_points(group: str) -> Iterable[metadata.EntryPoint]:
    """Indirection so tests can substitute fake entry points."""
    return metadata.entry_points(group=group)


def _load_target(target: str) -> Any:
    module_name, _, attr = target.partition(":")
    obj: Any = importlib.import_module(module_name)
    for part in attr.split(".") if attr else ():
        obj = getattr(obj, part)
    return obj


class Registry(Generic[T]):
    """One plugin group: discovery (cached, refreshable), lazy loading, runtime additions."""

    def __init__(
        self,
        group: str,
        builtins: Mapping[str, tuple[str, str | None]],
        instantiate: bool,
    ) -> None:
        self.group = group
        self._builtins = dict(builtins)
        self._instantiate = instantiate
        self._infos: dict[str, PluginInfo] | None = None
        self._loaded: dict[str, T] = {}
        self._runtime: dict[str, T] = {}
        self._broken: dict[str, str] = {}
        self._usable: tuple[tuple[str, T], ...] | None = None

    # ---- discovery
    def _discover(self) -> dict[str, PluginInfo]:
        if self._infos is not None:
            return self._infos
        version = _own_version()
        infos: dict[str, PluginInfo] = {
            name: PluginInfo(name, self.group, target, _BUILTIN_DIST, version, True, extra)
            for name, (target, extra) in self._builtins.items()
        }
        if not os.environ.get(AUTOLOAD_ENV):
            blocked = {b.strip() for b in os.environ.get(BLOCK_ENV, "").split(",") if b.strip()}
            try:
                found = sorted(
                    _entry_points(self.group),
                    key=lambda ep: (_dist_name(ep), ep.name),
                )
            except Exception as exc:  # broken metadata must not break the library
                warnings.warn(
                    f"cannot list {self.group} plugins: {exc}", PluginWarning, stacklevel=3
                )
                found = []
            for ep in found:
                dist = _dist_name(ep)
                if ep.name in blocked:
                    continue
                if ep.name in infos:
                    existing = infos[ep.name]
                    why = "a built-in" if existing.builtin else f"one from {existing.distribution}"
                    warnings.warn(
                        f"{self.group} plugin {ep.name!r} from {dist} ignored: the name is "
                        f"already taken by {why}",
                        PluginWarning,
                        stacklevel=3,
                    )
                    continue
                infos[ep.name] = PluginInfo(
                    ep.name, self.group, ep.value, dist, _dist_version(ep), False
                )
        self._infos = infos
        return infos

    def refresh(self) -> None:
        """Forget discovered and loaded plugins (runtime registrations stay)."""
        self._infos = None
        self._usable = None
        self._loaded.clear()
        self._broken.clear()

    def infos(self) -> Mapping[str, PluginInfo]:
        """Every known plugin, without loading any (runtime ones included)."""
        out = {}
        for name, info in self._discover().items():
            status = "loaded" if name in self._loaded else info.status
            if info.extra and not _extra_installed(info.extra):
                status = f'needs the extra: pip install "gov-disclosure[{info.extra}]"'
            if name in self._broken:
                status = f"broken: {self._broken[name]}"
            out[name] = attrs.evolve(info, status=status)
        for name in self._runtime:
            out[name] = PluginInfo(
                name, self.group, "<runtime>", "<runtime>", None, False, status="runtime"
            )
        return MappingProxyType(out)

    def names(self) -> tuple[str, ...]:
        return tuple(self.infos())

    # ---- loading
    def get(self, name: str) -> T:
        """Load a plugin by name; raises :class:`PluginError` if it cannot be used."""
        if name in self._runtime:
            return self._runtime[name]
        if name in self._loaded:
            return self._loaded[name]
        info = self._discover().get(name)
        if info is None:
            known = ", ".join(sorted({*self._discover(), *self._runtime})) or "none"
            raise PluginError(f"no {self.group} plugin named {name!r} (installed: {known})")
        try:
            obj: T = _load_target(info.target)
            if self._instantiate and isinstance(obj, type):
                obj = obj()
        except Exception as exc:
            why = f"{type(exc).__name__}: {exc}"
            self._broken[name] = why
            hint = (
                f'; install it with pip install "gov-disclosure[{info.extra}]"'
                if info.extra
                else ""
            )
            raise PluginError(
                f"{self.group} plugin {name!r} from {info.distribution} cannot be loaded "
                f"({why}){hint}"
            ) from exc
        self._loaded[name] = obj
        return obj

    def load_all(self) -> tuple[tuple[str, T], ...]:
        """Every usable plugin (cached); a broken one warns once and is skipped."""
        if self._usable is None:
            self._usable = tuple(self._load_all())
        return self._usable

    def _load_all(self) -> Iterator[tuple[str, T]]:
        for name in self.infos():
            if name in self._broken:
                continue
            try:
                yield name, self.get(name)
            except PluginError as exc:
                info = self._discover().get(name)
                if info is not None and info.builtin and info.extra:
                    continue  # an optional built-in whose extra is not installed
                warnings.warn(str(exc), PluginWarning, stacklevel=2)

    def register(self, name: str, plugin: T, *, replace: bool = False) -> None:
        """Add a plugin at run time.  Built-in names cannot be replaced."""
        if name in self._builtins:
            raise PluginError(f"{name!r} is a built-in {self.group} plugin and cannot be replaced")
        if not replace and (name in self._runtime or name in self._discover()):
            raise PluginError(f"a {self.group} plugin named {name!r} exists; pass replace=True")
        self._runtime[name] = plugin
        self._usable = None

    def unregister(self, name: str) -> None:
        self._runtime.pop(name, None)
        self._usable = None


#: The module each extra brings, to tell without importing it whether it is installed.
_EXTRA_MODULES = {"pdf": "pypdfium2", "pandas": "pandas", "rich": "rich"}


def _extra_installed(extra: str) -> bool:
    import importlib.util

    module = _EXTRA_MODULES.get(extra)
    return module is None or importlib.util.find_spec(module) is not None


def _dist_name(ep: metadata.EntryPoint) -> str:
    dist = getattr(ep, "dist", None)
    return str(dist.name) if dist is not None else "<unknown distribution>"


def _dist_version(ep: metadata.EntryPoint) -> str | None:
    dist = getattr(ep, "dist", None)
    return str(dist.version) if dist is not None else None


def _own_version() -> str:
    from . import __version__

    return __version__


# --------------------------------------------------------------------------- the groups

#: Built-in readers: name → ("module:attr", extra needed or None).
BUILTIN_READERS: Mapping[str, tuple[str, str | None]] = MappingProxyType(
    {
        "text-tab": ("gov_disclosure.readers.text:TabTextReader", None),
        "text-cells": ("gov_disclosure.readers.text:TextCellsReader", None),
        "text-pipe": ("gov_disclosure.readers.text:PipeRowsReader", None),
        "text-lines": ("gov_disclosure.readers.text:TextLinesReader", None),
        "markdown": ("gov_disclosure.readers.text:MarkdownReader", None),
        "html": ("gov_disclosure.readers.html:HtmlReader", None),
        "docx": ("gov_disclosure.readers.docx:DocxReader", None),
        "pdf": ("gov_disclosure.readers.pdf:PdfReader", "pdf"),
        "pdf-grid": ("gov_disclosure.readers.pdf_grid:PdfGridReader", "pdf"),
    }
)

BUILTIN_SERIALIZERS: Mapping[str, tuple[str, str | None]] = MappingProxyType(
    {
        "json": ("gov_disclosure.serializers.json:JsonSerializer", None),
        "csv": ("gov_disclosure.serializers.csv:CsvSerializer", None),
        "text-tab": ("gov_disclosure.serializers.text:TabTextWriter", None),
        "text-cells": ("gov_disclosure.serializers.text:TextCellsWriter", None),
        "text-pipe": ("gov_disclosure.serializers.text:PipeRowsWriter", None),
        "text-lines": ("gov_disclosure.serializers.text:TextLinesWriter", None),
        "markdown": ("gov_disclosure.serializers.text:MarkdownWriter", None),
        "html": ("gov_disclosure.serializers.html:HtmlWriter", None),
        "docx": ("gov_disclosure.serializers.docx:DocxWriter", None),
    }
)

BUILTIN_CHECKS: Mapping[str, tuple[str, str | None]] = MappingProxyType(
    {
        "relations": ("gov_disclosure.checks:check_relations", None),
        "values": ("gov_disclosure.checks:check_values", None),
        "narrative": ("gov_disclosure.narrative:check_narrative", None),
    }
)

_READERS: Registry[Any] = Registry(READERS_GROUP, BUILTIN_READERS, instantiate=True)
_SERIALIZERS: Registry[Any] = Registry(SERIALIZERS_GROUP, BUILTIN_SERIALIZERS, instantiate=True)
_CHECKS: Registry[Callable[..., Any]] = Registry(CHECKS_GROUP, BUILTIN_CHECKS, instantiate=False)


def reader_registry() -> Registry[Any]:
    return _READERS


def serializer_registry() -> Registry[Any]:
    return _SERIALIZERS


def check_registry() -> Registry[Callable[..., Any]]:
    return _CHECKS


def list_readers() -> Mapping[str, PluginInfo]:
    """Installed readers (built-in and plugins), read from metadata without loading them."""
    return _READERS.infos()


def list_serializers() -> Mapping[str, PluginInfo]:
    return _SERIALIZERS.infos()


def list_checks() -> Mapping[str, PluginInfo]:
    return _CHECKS.infos()


def register_reader(name: str, reader: Any, *, replace: bool = False) -> None:
    """Register a reader object (an instance of :class:`gov_disclosure.readers.Reader`)."""
    _READERS.register(name, reader, replace=replace)


def register_serializer(name: str, serializer: Any, *, replace: bool = False) -> None:
    _SERIALIZERS.register(name, serializer, replace=replace)


def register_check(name: str, function: Callable[..., Any], *, replace: bool = False) -> None:
    _CHECKS.register(name, function, replace=replace)


def check_functions(names: Iterable[str] | None = None) -> Iterator[tuple[str, Callable[..., Any]]]:
    if names is None:
        yield from _CHECKS.load_all()
        return
    for name in names:
        yield name, _CHECKS.get(name)


def refresh() -> None:
    """Re-read entry points (after installing a plugin in a running notebook)."""
    for registry in (_READERS, _SERIALIZERS, _CHECKS):
        registry.refresh()
