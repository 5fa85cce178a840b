"""Small hostile inputs, built on the fly (nothing large is stored or committed)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

__all__ = ["hostile_inputs", "minimal_docx"]

_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def minimal_docx(document_xml: bytes, *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        package = "http://schemas.openxmlformats.org/package/2006/relationships"
        office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        zf.writestr(
            "_rels/.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{package}"><Relationship Id="rId1" '
            f'Type="{office}/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        zf.writestr("word/document.xml", document_xml, compress_type=method)
    return out.getvalue()


def _document(prolog: str, body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<w:document xmlns:w="{_NS}">'
        f"<w:body><w:p><w:r><w:t>{body}</w:t></w:r></w:p></w:body></w:document>"
    ).encode()


def hostile_inputs(marker_path: str) -> Iterator[tuple[str, bytes]]:
    """``(name, bytes)`` pairs; ``marker_path`` is a file external entities point at."""
    laughs = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    yield (
        "billion-laughs.docx",
        minimal_docx(_document(f"<!DOCTYPE w:document [{laughs}]>", "&a9;")),
    )
    yield (
        "xxe-file.docx",
        minimal_docx(
            _document(f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file://{marker_path}">]>', "&x;")
        ),
    )
    yield (
        "internal-entity.docx",
        minimal_docx(_document('<!DOCTYPE w:document [<!ENTITY org "米易县">]>', "ORG=&org;")),
    )
    yield "bzip2-member.docx", minimal_docx(_document("", "x" * 1000), method=zipfile.ZIP_BZIP2)
    deep = "<div>" * 3000 + "二、主动公开政府信息情况" + "</div>" * 3000
    yield "deep.html", f"<html><body>{deep}</body></html>".encode()
    yield (
        "xxe.html",
        (
            f'<!DOCTYPE html [<!ENTITY x SYSTEM "file://{marker_path}">]><html><body><p>&x;</p></body></html>'
        ).encode(),
    )
    yield "ole.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    yield "empty", b""
    yield "nul", b"\x00" * 4096
    yield (
        "spans.html",
        (
            "<html><body><table>"
            + '<tr><td rowspan="999999" colspan="999999">x</td></tr>' * 200
            + "</table></body></html>"
        ).encode(),
    )
