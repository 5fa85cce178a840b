"""Label normalisation and matching: the one place where label text is compared.

Every reader hands the interpreter labels exactly as the document spells them.  They
differ from the official template in width (``(一)`` vs ``（一）``), spacing (``结 果 维 持``),
quotes, numbering (``1.`` / ``1、``), script (``規範性檔案`` from converting mirrors) and
typos (``本年度止件数``).  :func:`normalize_label` removes all of that once; a
:class:`LabelIndex` then matches exactly, then without parenthetical notes, then fuzzily
with a score that the caller records as a finding.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

import attrs

from ._cache import text_cache

__all__ = [
    "LabelIndex",
    "LabelMatch",
    "normalize_label",
    "strip_numbering",
    "strip_parentheticals",
    "to_simplified",
]

# Traditional characters (and Taiwan-style vocabulary) that occur in the templates'
# vocabulary.  Mirrors that convert pages to traditional script produce them; we only
# need to map back what our labels use, so a full OpenCC table is not worth a dependency.
_T2S_CHARS = (
    "規规範范檔档開开資资訊讯處处數数總总計计請请結结轉转審审維维糾纠訴诉議议復复覆复務务費费許许"
    "強强製制發发廢废現现條条項项內内決决額额萬万單单業业構构組组織织會会護护權权類类過过執执詢询"
    "關关補补確确認认獲获繳缴納纳應应當当機机據据國国險险穩稳級级報报況况動动題题進进為为與与個个"
    "來来於于聯联繫系戶户網网門门屬属舉举訟讼經经後后辦办罰罚徵征購购採采實实際际說说明明標标準准"
    "專专歷历頁页體体編编況况態态廣广屆届區区縣县鎮镇鄉乡並并產产術术務务衛卫齊齐獨独務务對对從从"
    "門门衆众眾众這这們们義义錢钱種种簽签節节範范歲岁嚴严責责績绩評评價价導导辦办"
)
_T2S_TABLE = {ord(_T2S_CHARS[i]): _T2S_CHARS[i + 1] for i in range(0, len(_T2S_CHARS), 2)}

# Taiwan-style vocabulary substitutions made by converting mirrors (FORMATS.md §4.2),
# applied after character conversion.
_VOCABULARY = (
    ("规范性档案", "规范性文件"),
    ("档案", "文件"),
    ("入口网站", "门户网站"),
    ("资讯", "信息"),
)

# Typos and synonyms seen in real reports (FORMATS.md §4.1), applied to normalised text.
_TYPOS = (
    ("本年度止件数", "本年废止件数"),
    ("转结", "结转"),
)

_QUOTES = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "「": '"',
        "」": '"',
        "『": '"',
        "』": '"',
        "【": "(",
        "】": ")",
        "〔": "(",
        "〕": ")",
        "［": "(",
        "］": ")",
        "[": "(",
        "]": ")",
        "〈": "<",
        "〉": ">",
        "《": "<",
        "》": ">",
        "、": ",",
        "；": ";",
        "．": ".",
        "。": ".",
    }
)

_WHITESPACE = re.compile(r"\s+", re.UNICODE)
_NUMBERING = re.compile(
    r"(?:"
    r"#+"  # markdown heading marks
    r"|[一二三四五六七八九十]+[,.:]"  # 一、 (、 has become ',')
    r"|\([一二三四五六七八九十]+\)"  # （一）
    r"|[0-9]+[,.:)](?![0-9])"  # 1、 1. 1)
    r"|\([0-9]+\)"  # (1)
    r")"
)


def to_simplified(text: str) -> str:
    """Map the traditional characters and Taiwan vocabulary of our labels to simplified."""
    text = text.translate(_T2S_TABLE)
    for old, new in _VOCABULARY:
        if old in text:
            text = text.replace(old, new)
    return text


@text_cache(maxsize=8192)
def normalize_label(text: str, *, keep_numbering: bool = False) -> str:
    """Normalise a label for comparison.

    NFKC (full-width brackets and digits become ASCII), every kind of whitespace removed
    (NBSP and U+3000 included), quotes and brackets unified, traditional characters
    simplified, known typos fixed, and leading numbering such as ``一、``, ``（三）``,
    ``1.`` stripped (repeatedly, so ``三、（一）`` goes too).

    >>> normalize_label("（二） 部分公开(区分处理的, 只计这一情形)")
    '部分公开(区分处理的,只计这一情形)'
    >>> normalize_label("結 果 維 持")
    '结果维持'
    """
    text = unicodedata.normalize("NFKC", text)
    text = _WHITESPACE.sub("", text)
    text = text.translate(_QUOTES)
    text = to_simplified(text)
    for old, new in _TYPOS:
        if old in text:
            text = text.replace(old, new)
    if not keep_numbering:
        text = strip_numbering(text)
    return text


def strip_numbering(text: str) -> str:
    """Remove leading outline numbering from an already normalised label."""
    position = 0
    while True:
        match = _NUMBERING.match(text, position)
        if match is None or match.end() == position:
            break
        position = match.end()
    return text[position:] if position < len(text) else text


def strip_parentheticals(text: str) -> str:
    """Drop parenthetical notes: ``处理决定数量(2023年办件量)`` → ``处理决定数量``.

    One pass with a depth counter (nested notes included); an unmatched ``)`` is kept.
    """
    if "(" not in text:
        return text
    out = []
    depth = 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        elif not depth:
            out.append(ch)
    return "".join(out) if depth == 0 else text


@attrs.frozen(slots=True)
class LabelMatch:
    """The result of matching one label: the key, how it matched, and the score."""

    key: str
    method: str  # "exact" | "variant" | "without-notes" | "fuzzy"
    score: float
    matched_label: str


@attrs.frozen(slots=True)
class LabelIndex:
    """Match document labels against a fixed vocabulary of keyed labels.

    ``labels`` maps each key to its official label; ``variants`` maps a key to further
    accepted spellings (those matches are reported as ``variant``).
    """

    exact: Mapping[str, str]
    variant: Mapping[str, str]
    loose: Mapping[str, str]
    choices: tuple[tuple[str, str], ...]
    _cache: dict[tuple[str, float], LabelMatch | None] = attrs.field(
        factory=dict, init=False, repr=False, eq=False, hash=False
    )

    @classmethod
    def build(
        cls,
        labels: Iterable[tuple[str, str]],
        variants: Iterable[tuple[str, str]] = (),
    ) -> LabelIndex:
        exact: dict[str, str] = {}
        variant: dict[str, str] = {}
        loose: dict[str, str] = {}
        choices: list[tuple[str, str]] = []
        for key, label in labels:
            norm = normalize_label(label)
            exact.setdefault(norm, key)
            bare = strip_parentheticals(norm)
            if bare:
                loose.setdefault(bare, key)
            choices.append((norm, key))
        for key, label in variants:
            norm = normalize_label(label)
            if norm not in exact:
                variant.setdefault(norm, key)
        return cls(exact=exact, variant=variant, loose=loose, choices=tuple(choices))

    def match(self, label: str, *, fuzzy_cutoff: float = 0.86) -> LabelMatch | None:
        """Match a raw or normalised label; ``None`` when nothing is close enough.

        A fuzzy match must beat ``fuzzy_cutoff`` and the runner-up by a clear margin,
        so that two similar official labels are never confused.
        """
        if len(label) > 300:  # no official label is this long: do not spend time on it
            return None
        cache_key = (label, fuzzy_cutoff)
        if cache_key in self._cache:
            return self._cache[cache_key]
        result = self._match(label, fuzzy_cutoff)
        if len(self._cache) < 4096:  # labels repeat across reports; junk does not
            self._cache[cache_key] = result
        return result

    def _match(self, label: str, fuzzy_cutoff: float) -> LabelMatch | None:
        norm = normalize_label(label)
        if not norm:
            return None
        key = self.exact.get(norm)
        if key is not None:
            return LabelMatch(key, "exact", 1.0, norm)
        key = self.variant.get(norm)
        if key is not None:
            return LabelMatch(key, "variant", 1.0, norm)
        bare = strip_parentheticals(norm)
        key = self.loose.get(bare)
        if key is not None:
            return LabelMatch(key, "without-notes", 1.0, bare)
        return self._fuzzy(bare, fuzzy_cutoff)

    def _fuzzy(self, bare: str, cutoff: float) -> LabelMatch | None:
        if len(bare) < 3:
            return None
        import difflib  # only fuzzy matching needs it

        scored: list[tuple[float, str, str]] = []
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(bare)
        for choice, key in self.choices:
            choice_bare = strip_parentheticals(choice)
            matcher.set_seq1(choice_bare)
            if matcher.real_quick_ratio() < cutoff or matcher.quick_ratio() < cutoff:
                continue
            scored.append((matcher.ratio(), key, choice_bare))
        if not scored:
            return None
        scored.sort(reverse=True)
        best_score, best_key, best_label = scored[0]
        if best_score < cutoff:
            return None
        for score, key, _ in scored[1:]:
            if key != best_key and best_score - score < 0.08:
                return None  # two official labels are about equally close: refuse to guess
        return LabelMatch(best_key, "fuzzy", round(best_score, 3), best_label)
