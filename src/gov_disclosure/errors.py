"""The exception hierarchy: everything the library raises on purpose.

``gov_disclosure`` promises that reading a document raises nothing but
:class:`GovDisclosureError` subclasses (``KeyboardInterrupt`` and friends pass through).
The tree, and what each branch means for a batch job::

    GovDisclosureError
    ├── InputError               the file's fault; a batch records it and goes on
    │   ├── UnsupportedFormat        no reader understands it (lists what was tried)
    │   ├── MalformedInput           broken container or text
    │   ├── EncodingError            bytes that decode as no supported encoding
    │   ├── UnsafeInput              DOCTYPE, external references, ...
    │   ├── LimitExceeded            size, depth, memory or time budgets
    │   │   └── ReadTimeout          a batch worker passed its per-file deadline
    │   ├── WorkerCrashed            a batch worker died reading the file
    │   └── TemplateNotRecognised    neither the 2021 nor the 2019 template
    ├── ValidationError          a report that breaks the model's invariants
    ├── PluginError              a plugin that cannot be loaded or is misnamed
    └── ReaderBug                anything unexpected that escaped a reader (``__cause__`` set)
"""

from __future__ import annotations

__all__ = [
    "EncodingError",
    "GovDisclosureError",
    "GovDisclosureWarning",
    "InputError",
    "LimitExceeded",
    "MalformedInput",
    "OutputError",
    "PluginError",
    "PluginWarning",
    "ReadTimeout",
    "ReaderBug",
    "TemplateNotRecognised",
    "UnsafeInput",
    "UnsupportedFormat",
    "ValidationError",
    "WorkerCrashed",
]

#: Longest piece of document text quoted in an error message.
MAX_QUOTE = 200


def quote(text: str) -> str:
    """Shorten document text for an error message, so hostile input cannot flood logs."""
    text = text.replace("\n", "\\n")
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 1] + "…"


class GovDisclosureError(Exception):
    """Base of every error this library raises on purpose.

    ``source`` names the file (or ``<bytes>``) when known, so a batch log line can be
    acted on without the traceback; ``reader`` names the reader that raised it, when one
    had been chosen.
    """

    def __init__(
        self, message: str, *, source: str | None = None, reader: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.reader = reader

    def __str__(self) -> str:
        if self.source:
            return f"{self.source}: {self.message}"
        return self.message


class InputError(GovDisclosureError):
    """The input is at fault (not the library): report it and move on to the next file."""


class UnsupportedFormat(InputError):
    """No installed reader understands this input."""


class MalformedInput(InputError):
    """The container or text is broken (truncated zip, invalid markup, binary junk...)."""


class EncodingError(InputError):
    """The bytes decode as none of the encodings we try."""


class UnsafeInput(InputError):
    """The input asks for something we refuse to do (DTDs, external entities...)."""


class LimitExceeded(InputError):
    """The input exceeds a size, depth, memory or time budget."""


class ReadTimeout(LimitExceeded):
    """Reading one file in a batch took longer than its deadline; the worker was stopped."""


class WorkerCrashed(InputError):
    """A batch worker process died (crash, abort, out-of-memory kill) reading this file.

    ``exit_code`` is the worker's exit code when known (negative: the signal that ended it).
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        reader: str | None = None,
        exit_code: int | None = None,
    ) -> None:
        super().__init__(message, source=source, reader=reader)
        self.exit_code = exit_code


class TemplateNotRecognised(InputError):
    """The text was read, but it follows neither the 2021 nor the 2019 national template.

    Typical causes: a pre-2019 free-format report, a report whose tables are images,
    or a page that is not an annual report at all.  ``evidence`` lists what was seen.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        reader: str | None = None,
        evidence: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message, source=source, reader=reader)
        self.evidence = evidence


class ValidationError(GovDisclosureError):
    """A report (or a serialized report) breaks the model's invariants."""


class OutputError(GovDisclosureError):
    """A result could not be written (a missing directory, no permission, a full disk)."""


class PluginError(GovDisclosureError):
    """A plugin was named explicitly but cannot be used; the message names its distribution."""


class ReaderBug(GovDisclosureError):
    """Something unexpected escaped a reader.  The original exception is ``__cause__``.

    Please report it with the input file: every ReaderBug becomes a regression test.
    """


class GovDisclosureWarning(UserWarning):
    """Base of the warnings this library emits."""


class PluginWarning(GovDisclosureWarning):
    """A plugin was skipped (broken, duplicate or shadowing a built-in)."""
