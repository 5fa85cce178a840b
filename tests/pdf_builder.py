"""Hand-built hostile PDFs (RELIABILITY.md §3 and §6 item 12), made at test time.

``build(objects, trailer)`` lays out numbered objects, writes a correct xref table and a
trailer; the fixtures below then break one thing each.
"""

from __future__ import annotations

import zlib


def build(objects: dict[int, bytes], trailer: bytes, *, prev_self: bool = False) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets.get(number, 0)
    extra = b" /Prev %d" % xref if prev_self else b""
    out += b"trailer\n<< /Size %d " % size + trailer + extra + b" >>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _stream(content: bytes, *, compress: bool = False, length: bytes | None = None) -> bytes:
    data = zlib.compress(content, 9) if compress else content
    filters = b" /Filter /FlateDecode" if compress else b""
    declared = length if length is not None else b"%d" % len(data)
    return b"<< /Length " + declared + filters + b" >>\nstream\n" + data + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _page(content_ref: int = 4, extra: bytes = b"") -> bytes:
    return (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R" % content_ref
        + b" /Resources << /Font << /F1 3 0 R >>"
        + extra
        + b" >> >>"
    )


def one_page(content: bytes, *, compress: bool = False, extra: bytes = b"") -> bytes:
    return build(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
            3: FONT,
            4: _stream(content, compress=compress),
            5: _page(extra=extra),
        },
        b"/Root 1 0 R",
    )


TEXT = b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET"


def fixtures() -> dict[str, bytes]:
    """Small hostile PDFs: each must give a report or one of our errors, quickly."""
    valid = one_page(TEXT)
    form_cycle = build(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
            3: FONT,
            4: _stream(b"/Fm1 Do " + TEXT),
            5: _page(extra=b" /XObject << /Fm1 6 0 R >>"),
            6: b"<< /Type /XObject /Subtype /Form /BBox [0 0 100 100]"
            b" /Resources << /XObject << /Fm1 6 0 R >> >> /Length 8 >>\nstream\n/Fm1 Do\nendstream",
        },
        b"/Root 1 0 R",
    )
    kids_cycle = build(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [2 0 R 5 0 R] /Count 2 >>",
            3: FONT,
            4: _stream(TEXT),
            5: _page(),
        },
        b"/Root 1 0 R",
    )
    prev_loop = build(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
            3: FONT,
            4: _stream(TEXT),
            5: _page(),
        },
        b"/Root 1 0 R",
        prev_self=True,
    )
    length_self = build(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
            3: FONT,
            4: _stream(TEXT, length=b"4 0 R"),
            5: _page(),
        },
        b"/Root 1 0 R",
    )
    length_lie = build(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
            3: FONT,
            4: _stream(TEXT, length=b"99999999"),
            5: _page(),
        },
        b"/Root 1 0 R",
    )
    deep = one_page(b"[" * 200_000 + b"]" * 200_000 + b" " + TEXT, compress=True)
    encrypt = build(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
            3: FONT,
            4: _stream(TEXT),
            5: _page(),
            6: b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -4 /O (0123456789abcdef0123456789abcdef)"
            b" /U (0123456789abcdef0123456789abcdef) >>",
        },
        b"/Root 1 0 R /Encrypt 6 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]",
    )
    huge_count = valid.replace(b"/Count 1", b"/Count 2000000000")
    return {
        "valid": valid,
        "form-xobject-cycle": form_cycle,
        "page-tree-cycle": kids_cycle,
        "xref-prev-loop": prev_loop,
        "length-self-reference": length_self,
        "length-lie": length_lie,
        "deep-arrays": deep,
        "bogus-encrypt": encrypt,
        "count-2e9": huge_count,
        "empty": b"",
        "header-only": b"%PDF-1.7\n",
        "truncated": valid[: len(valid) // 2],
    }


def flate_bomb(megabytes: int = 200) -> bytes:
    """A page whose content stream inflates to ``megabytes`` of spaces (about 200 KB)."""
    return one_page(b" " * (megabytes * 1024 * 1024) + TEXT, compress=True)


def many_operators(count: int = 2_000_000) -> bytes:
    """A small file whose page draws ``count`` text operators (the 21 KB, 2 M Tj file)."""
    return one_page(b"BT /F1 1 Tf " + b"(a) Tj " * count + b"ET", compress=True)
