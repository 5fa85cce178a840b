"""gov_disclosure: read 政府信息公开工作年度报告 into validated, structured records.

>>> import gov_disclosure as gd
>>> report = gd.read(gd.sample_path())
>>> report.meta.agency, report.year, report.meta.template
('金寨县公共资源交易中心', 2024, '2021')
>>> report.applications["received", "natural_person"]
1

``import gov_disclosure`` is light: readers, serializers and their libraries load on
first use.  The public names are in ``__all__``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import (
    EncodingError,
    GovDisclosureError,
    GovDisclosureWarning,
    InputError,
    LimitExceeded,
    MalformedInput,
    OutputError,
    PluginError,
    PluginWarning,
    ReaderBug,
    ReadTimeout,
    TemplateNotRecognised,
    UnsafeInput,
    UnsupportedFormat,
    ValidationError,
    WorkerCrashed,
)
from .findings import CODES, Finding, Findings, Severity
from .location import SourceLocation
from .model import Cell, CellStatus, Meta, Report, Section, SourceInfo, Table
from .templates import TEMPLATE_2019, TEMPLATE_2021, TEMPLATES, get_template

__version__ = "0.1.0.dev0"

__all__ = [
    "CODES",
    "TEMPLATES",
    "TEMPLATE_2019",
    "TEMPLATE_2021",
    "Cell",
    "CellStatus",
    "ConsolidationError",
    "EncodingError",
    "Finding",
    "Findings",
    "GovDisclosureError",
    "GovDisclosureWarning",
    "InputError",
    "LimitExceeded",
    "Limits",
    "MalformedInput",
    "Meta",
    "OutputError",
    "PluginError",
    "PluginWarning",
    "ReadResult",
    "ReadTimeout",
    "ReaderBug",
    "Report",
    "Section",
    "Severity",
    "SourceInfo",
    "SourceLocation",
    "Table",
    "TemplateNotRecognised",
    "UnsafeInput",
    "UnsupportedFormat",
    "ValidationError",
    "WorkerCrashed",
    "__version__",
    "check",
    "check_copies",
    "check_series",
    "consolidate",
    "dump",
    "dumps",
    "find_copies",
    "get_template",
    "list_checks",
    "list_readers",
    "list_serializers",
    "load",
    "loads",
    "read",
    "read_all",
    "read_document",
    "read_many",
    "register_check",
    "register_reader",
    "register_serializer",
    "sample_path",
    "selftest",
    "to_frame",
]

_LAZY = {
    "Limits": "limits",
    "ReadResult": "batch",
    "check_copies": "copies",
    "check_series": "series",
    "consolidate": "consolidation",
    "ConsolidationError": "consolidation",
    "find_copies": "copies",
    "check": "api",
    "dump": "api",
    "dumps": "api",
    "load": "api",
    "loads": "api",
    "read": "api",
    "read_all": "api",
    "read_document": "api",
    "read_many": "batch",
    "sample_path": "api",
    "to_frame": "frames",
    "selftest": "self_check",
    "list_checks": "registry",
    "list_readers": "registry",
    "list_serializers": "registry",
    "register_check": "registry",
    "register_reader": "registry",
    "register_serializer": "registry",
}

if TYPE_CHECKING:  # pragma: no cover
    from .api import (
        check,
        dump,
        dumps,
        load,
        loads,
        read,
        read_all,
        read_document,
        sample_path,
    )
    from .batch import ReadResult, read_many
    from .consolidation import ConsolidationError, consolidate
    from .copies import check_copies, find_copies
    from .frames import to_frame
    from .limits import Limits
    from .registry import (
        list_checks,
        list_readers,
        list_serializers,
        register_check,
        register_reader,
        register_serializer,
    )
    from .self_check import selftest
    from .series import check_series


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'gov_disclosure' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
