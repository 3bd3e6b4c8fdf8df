"""Free-text indicator names from staff spreadsheets matched to the catalogue.

Names are compared accent-insensitively after expanding the usual abbreviations (TTHC, KNTC…)
and dropping filler words («số», «tổng số»), with RapidFuzz scores. A remembered alias (an
editor's earlier choice) or the exact name always wins. A match is taken without asking only
when its score is high, clearly ahead of the next one, and its unit agrees with the unit the
row writes (or, for «tỷ lệ…» names, is a percentage).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pandas as pd
from rapidfuzz import fuzz, process

from danvan.importing.columns import norm_text

AUTO_SCORE = 88.0  # a match this good (0–100) is taken without asking, if clearly ahead and units agree
AUTO_MARGIN = 4.0  # … and at least this far ahead of the best match with another meaning
FAIR_SCORE, FAIR_MARGIN = 78.0, 15.0  # a fair match far ahead of every other one with the same unit
SHOWN = 5  # candidates shown to the editor per name
MAX_NAME = 300  # characters of a name compared (longer text is a note, not a name)

ABBREVIATIONS = {
    "tthc": "thu tuc hanh chinh", "cchc": "cai cach hanh chinh", "kntc": "khieu nai to cao",
    "knpa": "kien nghi phan anh", "qcdc": "quy che dan chu", "dvk": "dan van kheo",
    "hcc": "hanh chinh cong", "mttq": "mat tran to quoc", "tcd": "tiep cong dan",
    "dvc": "dich vu cong", "dvctt": "dich vu cong truc tuyen", "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan", "cbcc": "can bo cong chuc", "ntm": "nong thon moi",
    "par": "par", "sipas": "sipas", "papi": "papi", "qd": "quyet dinh", "tt": "thu tuc",
    "cbccvc": "can bo cong chuc vien chuc", "ccvc": "cong chuc vien chuc", "dvhc": "don vi hanh chinh",
    "hn": "hoi nghi", "pbgdpl": "pho bien giao duc phap luat", "pbpl": "pho bien phap luat",
    "gdpl": "giao duc phap luat", "hgcs": "hoa giai o co so", "tdp": "to dan pho",
    "hs": "ho so", "txct": "tiep xuc cu tri", "qh": "quoc hoi", "dbqh": "dai bieu quoc hoi",
    "bcd": "ban chi dao", "gq": "giai quyet", "tn": "tiep nhan", "ctmttq": "chu tich mat tran to quoc",
}
# Phrases with the same meaning in reports, written one way («Chủ tịch UBND tiếp» is «người
# đứng đầu tiếp» in the catalogue).
PHRASES = (
    ("chu tich uy ban nhan dan", "nguoi dung dau"), ("chu tich", "nguoi dung dau"),
    ("thu truong", "nguoi dung dau"), ("xep hang", "thu hang"), ("xep thu", "thu hang"),
    ("tiep dan", "tiep cong dan"), ("don thu", "don"), ("dung truoc han", "dung han"),
    ("dung va truoc han", "dung han"), ("so voi ca nuoc", ""), ("so voi cung ky", ""), ("truoc va dung han", "dung han"), ("thanh cong", "thanh"),
    ("tham du", "du"), ("tham gia du", "du"), ("giai quyet xong", "giai quyet"), ("bao cao", ""),
    ("nhan dan", "nguoi dan"), ("ho so", "hoso"),  # «hồ sơ» is one word: not «hộ» (households)
    ("vu viec", "vu"), ("tong cong", "tong"),
    ("dung han truoc han", "dung han"), ("truoc han dung han", "dung han"), ("qua han", "tre han"),
    ("tiep nhan truc tuyen", "nop truc tuyen"), ("hoa giai o co so", "hoa giai"), ("tham gia", "du"),
    ("gop y", "y kien"), ("lanh dao", "nguoi dung dau"), ("thuoc tham quyen giai quyet", "thuoc tham quyen"),
)
# Words that make a name narrower than a catalogue name it contains («Hồ sơ đã giải quyết trễ
# hạn» is not «Hồ sơ đã giải quyết»): a name with one of them beside the catalogue's words is
# never taken as that indicator without asking.
NARROWING = ("tre", "dung han", "chua", "khong", "phai", "nguoi dung dau", "truc tuyen", "dien tu", "nu",
             "dan toc", "thieu so", "thanh nien", "doanh nghiep", "ngheo", "huy", "rut", "ton", "tang", "ty le",
             "moi", "lai", "lan dau", "nuoc ngoai", "cao tuoi", "doan dong nguoi", "qua mang", "buu chinh",
             "ca nhan", "tap the", "binh quan", "trung binh")  # phrases, in the name's word order
# «thành» alone («hòa giải thành») and «đang» («đang giải quyết») narrow; «thành tích», «thành phố»,
# «Đảng ủy», «đảng viên» (the same letters without accents) do not
_AMBIGUOUS = {"thanh": re.compile(r"\bthanh\b(?! (?:tich|pho|vien|lap|nien|tra|phan|uy))"),
              "dang": re.compile(r"\bdang\b(?! (?:uy|vien|bo|cong san|ky))")}
# Shorter readings of a name tried when the whole name decides nothing, and taken only when
# one of them is sure (alias, exact name, one covering indicator): «Tiếp thường xuyên tại Trụ sở
# tiếp công dân huyện» is «Tiếp thường xuyên»; «Mô hình … được công nhận, đánh giá đạt» is the
# part before the comma.
_WHERE_TAIL = re.compile(r"\s+(?:tai|o|cua|ve)\s+.*$")  # «… tại Trụ sở», «… ở tổ dân phố», «… của Chủ tịch UBND»
_COMMA_TAIL = re.compile(r"\s*[,;].*$")
FILLER = {"so", "tong", "luong", "cac", "nhung", "duoc", "cua", "trong", "ky", "va",
          "nam", "thuc", "hien", "ket", "qua", "chi", "tieu"}
_PAREN = re.compile(r"\([^)]*\)")
_WORD = re.compile(r"[a-z0-9%]+")


def clean(text: Any, *, parentheses: bool = False) -> str:
    """Comparison form of an indicator name: accent-free, abbreviations expanded, phrases of
    the same meaning written one way, parentheses (unless asked for) and filler words dropped
    («Tổng số hồ sơ TTHC» -> «ho so thu tuc hanh chinh»)."""
    key = re.sub(r"^(trong do|trong so|bao gom|gom)\s*:?\s*", "", norm_text(text))  # «Trong đó: …»
    words: list[str] = []
    for word in _WORD.findall(key if parentheses else _PAREN.sub(" ", key)):
        words.extend(ABBREVIATIONS.get(word, word).split())
    joined = f" {' '.join(words)} "
    for phrase, same in PHRASES:
        joined = joined.replace(f" {phrase} ", f" {same} ")
    words = joined.split()
    kept = [w for w in words if w not in FILLER]
    return " ".join(kept or words)


def is_rate_name(text: Any) -> bool:
    key = norm_text(text)
    return key.startswith(("ty le", "ti le")) or "%" in key


def score(query: str, choice: str, **_: Any) -> float:
    """Similarity of two cleaned names, 0–100: word order free, and a name that only adds
    or drops a word keeps a good score without beating the exact one."""
    if not query or not choice:
        return 0.0
    return 0.5 * fuzz.token_sort_ratio(query, choice) + 0.3 * fuzz.token_set_ratio(query, choice) \
        + 0.2 * fuzz.ratio(query, choice)


@dataclass(frozen=True)
class Candidate:
    code: str
    name: str
    unit: str  # unit code
    unit_label: str
    score: float  # 0–100
    via: str = ""  # "alias" | "ten" (exact name) | "" (fuzzy)


@dataclass(frozen=True)
class Match:
    """The catalogue's answer for one free-text name."""

    text: str
    candidates: tuple[Candidate, ...]
    chosen: str | None  # the code taken without asking, or None (the editor must decide)
    why_not: str = ""  # when nothing is chosen: why, in Vietnamese
    rule: str = ""  # how it was chosen: alias, ten, ma, exact, covering (the name is whole) or a weaker one

    @property
    def whole(self) -> bool:
        """Chosen by the name as written: an alias, the catalogue name, or one indicator holding
        all its words; no heading may change such a match."""
        return self.chosen is not None and self.rule in {"alias", "ten", "ma", "exact", "covering"}


class IndicatorMatcher:
    """The catalogue (code, name_vi, unit, unit_label, kind) and remembered aliases
    (alias, indicator_code), prepared once for many names."""

    def __init__(self, catalogue: pd.DataFrame, aliases: pd.DataFrame | None = None) -> None:
        rows = catalogue.to_dict("records")
        self.by_code = {str(r["code"]): r for r in rows}
        self.codes = [str(r["code"]) for r in rows]
        self.cleaned = [clean(r["name_vi"]) for r in rows]
        # the name with what its parentheses say (SIPAS, PAR Index), compared as well
        self.choices = self.cleaned + [clean(r["name_vi"], parentheses=True) for r in rows]
        self.words = {code: set(full.split()) for code, full in zip(self.codes, self.choices[len(rows):], strict=True)}
        counts = Counter(w for ws in self.words.values() for w in ws)
        self.rare = {w for w, n in counts.items() if n <= 2 and len(w) >= 3}  # words few indicators use
        self.exact = {norm_text(r["name_vi"]): str(r["code"]) for r in rows}
        self.aliases: dict[str, str] = {}
        if aliases is not None and not aliases.empty:
            self.aliases = {str(a): str(c) for a, c in zip(aliases["alias"], aliases["indicator_code"], strict=True)
                            if str(c) in self.by_code}

    def _candidate(self, code: str, value: float, via: str = "") -> Candidate:
        r = self.by_code[code]
        return Candidate(code, str(r["name_vi"]), str(r["unit"]), str(r.get("unit_label") or r["unit"]),
                         round(value, 1), via)

    def match(self, text: Any, unit: str | None = None, shorter: bool = True,
              must: frozenset[str] | None = None) -> Match:
        """Candidates for ``text`` (best first) and the one taken without asking, if any.
        ``unit``: the catalogue unit code the row writes, when known; ``shorter``: also try the
        name without a place («tại …») or a comma's tail; ``must``: for a name read with its
        heading, the name's own words, most of which the indicator taken must hold."""
        found = self._match(text, unit, must=must)
        if found.chosen is None and shorter:
            key = norm_text(found.text)
            # without a place: sure as usual; without a comma's tail (which may be the rest of a
            # list, «khiếu nại, tố cáo»): only as an exact name
            for reading, sure in ((_WHERE_TAIL.sub("", key), "covering"), (_COMMA_TAIL.sub("", key), "exact")):
                if reading != key and len(clean(reading).split()) >= 3:
                    alt = self._match(reading, unit, sure_only=sure)
                    if alt.chosen is not None:
                        return Match(found.text, alt.candidates, alt.chosen, rule="shorter")
        return found

    def _match(self, text: Any, unit: str | None = None, sure_only: str = "",
               must: frozenset[str] | None = None) -> Match:
        """:meth:`match` on one reading; ``sure_only``: choose only by alias or exact name
        («exact»), or also by covering («covering»), never by score alone."""
        written = str(text or "").strip()[:MAX_NAME]
        key = norm_text(written)
        if key in self.aliases:
            return self._sure(written, self.aliases[key], "alias", unit)
        if key in self.exact:
            return self._sure(written, self.exact[key], "ten", unit)
        if key in self.by_code:  # a catalogue code, as the template writes it
            return self._sure(written, key, "ma", unit)
        query = clean(written)
        scores: dict[str, float] = {}
        for form in {query, clean(written, parentheses=True)}:  # what the name's parentheses say counts too
            for _, value, i in process.extract(form, self.choices, scorer=score, limit=SHOWN * 6):
                code = self.codes[i % len(self.codes)]
                scores[code] = max(scores.get(code, 0.0), value)
        candidates = [self._candidate(code, value) for code, value in scores.items()]
        rate = is_rate_name(written)
        expected = unit or ("phan_tram" if rate else None)

        def fits(c: Candidate) -> bool:
            if must and len(must & self.words[c.code]) < min(3.0, 0.6 * len(must)):
                return False  # the heading chose it, not the name
            if expected is not None:
                return c.unit == expected
            return self.by_code[c.code].get("kind") != "rate"  # a name without «tỷ lệ» or % is not a rate

        candidates.sort(key=lambda c: (fits(c), c.score), reverse=True)
        candidates = candidates[:SHOWN]
        if not candidates:
            return Match(written, (), None, "danh mục chưa có chỉ tiêu nào")
        best = candidates[0]
        others = [c for c in candidates[1:] if c.score > 0 and fits(c)]
        # the lead over the next indicator with this unit; when no other has the unit, over the next
        # of any unit (the unit alone never makes a weak name sure)
        runner_up = others[0] if others else next((c for c in candidates[1:] if c.score > 0), None)
        margin = best.score - (runner_up.score if runner_up else 0.0)
        words = set(query.split())
        fitting = [c for c in candidates if fits(c)]
        # every word of the name in one indicator only (an acronym alone: in its parentheses)
        covering = [c for c in fitting if (len(words) >= 2 and words <= set(clean(c.name, parentheses=True).split()))
                    or (len(words) == 1 and words <= set(clean(" ".join(_PAREN.findall(c.name)), parentheses=True).split()))]
        exact = [c for c in fitting if set(query.split()) in ({*clean(c.name).split()},
                                                              {*clean(c.name, parentheses=True).split()})]
        if len(exact) == 1:  # the catalogue name with filler words («Số …») added or dropped
            return Match(written, tuple(candidates), exact[0].code, rule="exact")
        if sure_only == "exact":
            return Match(written, tuple(candidates), None, "")
        if len(covering) == 1 and covering[0].score >= 40:
            return Match(written, tuple(candidates), covering[0].code, rule="covering")
        if len(covering) > 1 and not sure_only:  # «Khiếu nại – Đã giải quyết»: the indicator adding fewest words, if only one
            extra = {c.code: len(set(clean(c.name).split()) - words) for c in covering}
            least = min(extra.values())
            tightest = [c for c in covering if extra[c.code] == least]
            if len(tightest) == 1 and least <= 2 and not self._narrows(query, tightest[0].code, must):
                return Match(written, tuple(candidates), tightest[0].code, rule="tightest")
        # the name holds a whole catalogue name and only adds words that do not narrow it («Cuộc
        # TXCT của đại biểu QH, HĐND các cấp» is «Cuộc tiếp xúc cử tri»): the longest such name
        within = {c.code: set(clean(c.name).split()) for c in fitting}
        within = {code: w for code, w in within.items() if len(w) >= 3 and w <= words}
        if within:
            longest = max(len(w) for w in within.values())
            top = [code for code, w in within.items() if len(w) == longest]
            if len(top) > 1 and must:  # read with a heading: the one holding most of the name's own words
                most = max(len(must & within[code]) for code in top)
                top = [code for code in top if len(must & within[code]) == most]
            if len(top) == 1 and not self._narrows(query, top[0], must):
                return Match(written, tuple(candidates), top[0], rule="within")
        if sure_only:
            return Match(written, tuple(candidates), None, "")
        # Rare words (PAR, SIPAS, FDI: in two names at most) point to the indicator that has most of
        # them, if it lacks none of the name's rare words; between equals, the one holding
        # the name's other words («thứ hạng») wins.
        shared = {c.code: len(words & self.rare & self.words[c.code]) for c in fitting}
        most = max(shared.values(), default=0)
        holding = [c for c in fitting if most and shared[c.code] == most]
        if len(holding) > 1:
            known = words & set().union(*(self.words[c.code] for c in holding))
            holding = [c for c in holding if known <= self.words[c.code]]
        missed = len(words & self.rare - self.words[holding[0].code]) if len(holding) == 1 else 99
        # … and only when those words are half the name at least («sửa chữa» alone decides nothing)
        if len(holding) == 1 and not missed and 2 * most >= len(words) and (most >= 2 or len(words) <= 2):
            return Match(written, tuple(candidates), holding[0].code, rule="rare")
        if not fits(best):
            why = "không chỉ tiêu nào trong danh mục có cùng đơn vị tính"
            return Match(written, tuple(candidates), None, why)
        if best.score < AUTO_SCORE and not (best.score >= FAIR_SCORE and margin >= FAIR_MARGIN):
            why = f"tên gần nhất «{best.name}» chỉ giống {best.score:.0f}%"
            return Match(written, tuple(candidates), None, why)
        if best.score >= AUTO_SCORE and margin < AUTO_MARGIN:
            why = f"hai chỉ tiêu gần giống nhau: «{best.name}» và «{others[0].name}»"
            return Match(written, tuple(candidates), None, why)
        if self._narrows(query, best.code, must):
            return Match(written, tuple(candidates), None, f"tên có thêm ý riêng so với «{best.name}»")
        return Match(written, tuple(candidates), best.code, rule="score")

    def _narrows(self, query: str, code: str, must: frozenset[str] | None) -> bool:
        """The name adds to the indicator's words a phrase that narrows it («… trễ hạn»); with a
        heading, only the name's own words count."""
        words = self.words[code]
        added = f" {' '.join(w for w in query.split() if w not in words and (not must or w in must))} "
        if any(f" {phrase} " in added for phrase in NARROWING):
            return True
        return any(word not in words and pattern.search(query) and (not must or word in must)
                   for word, pattern in _AMBIGUOUS.items())

    def _sure(self, written: str, code: str, via: str, unit: str | None) -> Match:
        candidate = self._candidate(code, 100.0, via)
        return Match(written, (candidate,), code, rule=via)
