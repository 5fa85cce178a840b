"""Environment self-test: are the protections this library relies on in place here?

``gov_disclosure.selftest()`` (also ``gov-disclosure selftest``) checks that lxml and
libxml2 are recent enough to carry entity-amplification limits, and that hostile inputs
behave as stated: external entities and DTDs refused, billion laughs refused fast, deep
HTML reported instead of truncated, overlapping zip entries refused on every Python
(3.11.7 lacks CVE-2024-0450's fix).  It raises :class:`GovDisclosureError` on the first
failure and returns what it checked.
"""

from __future__ import annotations

import io
import time
import zipfile

from .errors import GovDisclosureError, InputError, LimitExceeded, UnsafeInput

__all__ = ["selftest"]


def _expect(name: str, data: bytes, reader: str, errors: tuple[type[Exception], ...]) -> str:
    from .api import read

    started = time.perf_counter()
    try:
        read(data, reader=reader, name=name)
    except errors:
        elapsed = time.perf_counter() - started
        if elapsed > 2:
            raise GovDisclosureError(f"selftest: {name} took {elapsed:.1f} s") from None
        return "refused"
    except GovDisclosureError as exc:
        raise GovDisclosureError(f"selftest: {name} gave {type(exc).__name__}: {exc}") from exc
    raise GovDisclosureError(f"selftest: {name} was read instead of refused")


def selftest() -> dict[str, str]:
    """Run the checks; returns ``{check: result}`` or raises GovDisclosureError."""
    import lxml.etree

    from .testing._hostile import minimal_docx

    results: dict[str, str] = {}
    lxml_version = lxml.etree.LXML_VERSION
    libxml2 = lxml.etree.LIBXML_VERSION
    if lxml_version < (5, 0) or libxml2 < (2, 11):
        raise GovDisclosureError(
            f"lxml {lxml_version} with libxml2 {libxml2} is too old: lxml >= 5 and libxml2 "
            ">= 2.11 are needed for entity-amplification limits"
        )
    results["lxml"] = ".".join(map(str, lxml_version))
    results["libxml2"] = ".".join(map(str, libxml2))
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    def document(prolog: str, body: str) -> bytes:
        return (
            f'<?xml version="1.0"?>{prolog}<w:document xmlns:w="{ns}"><w:body><w:p><w:r>'
            f"<w:t>{body}</w:t></w:r></w:p></w:body></w:document>"
        ).encode()

    laughs = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    results["billion laughs"] = _expect(
        "laughs.docx",
        minimal_docx(document(f"<!DOCTYPE w:document [{laughs}]>", "&a9;")),
        "docx",
        (UnsafeInput, LimitExceeded),
    )
    results["external entity"] = _expect(
        "xxe.docx",
        minimal_docx(
            document('<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "&x;")
        ),
        "docx",
        (UnsafeInput,),
    )
    deep = "<div>" * 400 + "x" + "</div>" * 400
    results["deep html"] = _expect(
        "deep.html", f"<html><body>{deep}</body></html>".encode(), "html", (LimitExceeded,)
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("word/document.xml", document("", "x"))
        zf.writestr("word/styles.xml", b"<x/>" * 10)
    overlapping = bytearray(out.getvalue())
    central = overlapping.rfind(b"PK\x01\x02", 0, overlapping.rfind(b"PK\x01\x02"))
    size = int.from_bytes(overlapping[central + 20 : central + 24], "little")
    overlapping[central + 20 : central + 24] = (size + 50).to_bytes(4, "little")
    results["overlapping zip"] = _expect("overlap.docx", bytes(overlapping), "docx", (InputError,))
    return results
