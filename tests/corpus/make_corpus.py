"""Regenerate the regression corpus: python tests/corpus/make_corpus.py

One small file per hostile or broken input met so far, with the outcome each must give
in manifest.json (an exception class name, or "report").  New fuzz finds are added here.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from gov_disclosure.testing._hostile import hostile_inputs, minimal_docx

HERE = Path(__file__).parent

EXPECTED = {
    "billion-laughs.docx": ("docx", "UnsafeInput"),
    "xxe-file.docx": ("docx", "UnsafeInput"),
    "internal-entity.docx": ("docx", "UnsafeInput"),
    "bzip2-member.docx": ("docx", "UnsupportedFormat"),
    "deep.html": ("html", "LimitExceeded"),
    "xxe.html": ("html", "TemplateNotRecognised"),
    "ole.doc": (None, "UnsupportedFormat"),
    "empty": ("text-tab", "MalformedInput"),
    "nul": (None, "UnsupportedFormat"),
    "spans.html": ("html", "LimitExceeded"),
}


def main() -> None:
    manifest = {}
    for name, payload in hostile_inputs("/nonexistent/secret.txt"):
        (HERE / name).write_bytes(payload)
        reader, outcome = EXPECTED[name]
        manifest[name] = {"reader": reader, "outcome": outcome}
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = f'<?xml version="1.0"?><w:document xmlns:w="{ns}"><w:body/></w:document>'.encode()
    (HERE / "lzma-member.docx").write_bytes(minimal_docx(xml, method=zipfile.ZIP_LZMA))
    manifest["lzma-member.docx"] = {"reader": "docx", "outcome": "UnsupportedFormat"}
    body = "二、主动公开政府信息情况" * 10
    page = f'<html><head><meta charset="undefined"></head><body><p>{body}</p></body></html>'
    (HERE / "charset-undefined.html").write_bytes(page.encode("gb18030"))
    manifest["charset-undefined.html"] = {"reader": "html", "outcome": "TemplateNotRecognised"}
    (HERE / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
