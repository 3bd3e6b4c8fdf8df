"""Names of administrative units → locality ids, by date: the one place where typed names
(imports, command line, pickers) are resolved, so «Phường Hoàn Kiếm» never becomes the quận.

Pure (no Streamlit, no database): :class:`UnitIndex` is built once from the frame of
``queries.localities`` and answers by dictionary look-ups on normalised names.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import pandas as pd

from danvan.formatting import format_date, strip_diacritics, vn_sort_key
from danvan.vocabulary import LEVEL_RANK

MAX_LISTED = 8  # units named in one message; the rest are counted
COLUMNS = ("locality_id", "lineage", "name_vi", "short_name_vi", "level", "level_label_vi",
           "parent_id", "province_id", "valid_from", "valid_to")

# Type words: accent-free kind → accented form. A type word given by the user restricts the type.
KINDS = {
    "tinh": "tỉnh", "thanh pho": "thành phố", "quan": "quận", "huyen": "huyện", "thi xa": "thị xã",
    "phuong": "phường", "xa": "xã", "thi tran": "thị trấn", "dac khu": "đặc khu",
}
# Abbreviations (accent-free, lower case) → kind, longest first. A single letter needs no dot,
# except «t.» (tỉnh): a bare «t» would eat names.
_ABBREVIATIONS = [
    (r"t\s*\.\s*p\b\.?", "thanh pho"), (r"t\s*\.\s*x\b\.?", "thi xa"), (r"t\s*\.\s*t\b\.?", "thi tran"),
    (r"tp\b\.?", "thanh pho"), (r"tx\b\.?", "thi xa"), (r"tt\b\.?", "thi tran"), (r"dk\b\.?", "dac khu"),
    (r"q\b\.?", "quan"), (r"h\b\.?", "huyen"), (r"p\b\.?", "phuong"), (r"x\b\.?", "xa"), (r"t\s*\.", "tinh"),
]
_FULL_FORMS = sorted(KINDS, key=len, reverse=True)
# One alternation each (group aN → N-th abbreviation, fN → N-th full form); input spaces are collapsed first
_ABBREVIATION_RE = re.compile("^(?:" + "|".join(rf"(?P<a{i}>{pattern})\s*"
                                                for i, (pattern, _) in enumerate(_ABBREVIATIONS)) + ")")
_FULL_RE = re.compile("^(?:" + "|".join(rf"(?P<f{i}>{kind})\b[\s.:]*" for i, kind in enumerate(_FULL_FORMS)) + ")")
_ACCENTED_RE = {kind: re.compile(rf"^{accented}(?!\w)") for kind, accented in KINDS.items()}
_NON_WORD = re.compile(r"[\W_]+")
_PAREN = re.compile(r"\s*\([^()]*\)\s*$")
_CONTEXT_SPLIT = re.compile(r"\s*(?:[,;()]|\s[-–—]\s|[–—])\s*")


def _plain_table() -> dict[int, str]:
    """strip_diacritics as a one-to-one character table (same length, so positions carry over)."""
    table = {}
    for cp in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        plain = strip_diacritics(chr(cp))
        if len(plain) == 1 and plain != chr(cp):
            table[cp] = plain
    return table


_PLAIN = str.maketrans(_plain_table())


class UnitNameError(ValueError):
    """A name that cannot be resolved to one unit; the message is Vietnamese, for the user."""


class UnitNotFound(UnitNameError):
    """No unit has this name at any date; ``suggestion`` is «Có phải «…»?» or None."""

    def __init__(self, message: str, suggestion: str | None = None) -> None:
        super().__init__(message)
        self.suggestion = suggestion


def _lower(text: Any) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text or "")).casefold().split())


def fold(text: Any) -> str:
    """Case- and diacritic-free, punctuation and spaces folded: «T.P. Huế» → ``t p hue``."""
    return _fold_plain(_lower(text).translate(_PLAIN))


def _accented(text: str) -> str:
    return _NON_WORD.sub(" ", text).strip()


def as_date(value: Any) -> date | None:
    """date/Timestamp/ISO string/NaT/None/'' → date or None (for DataFrame cells)."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text or text.lower() in {"nan", "nat", "none"}:
        return None
    return date.fromisoformat(text[:10])


@dataclass(frozen=True)
class Reading:
    """One way of reading a typed name: the type it restricts to (None: any), the bare name's
    accent-free key and its accented key (to prefer «Tân Thành» over «Tân Thanh»)."""

    kind: str | None
    key: str
    accented: str


@lru_cache(maxsize=65536)
def readings(text: str) -> tuple[Reading, ...]:
    """Typed name → its readings. A type word with its accents («Phường») or an abbreviation
    («p.», «TP») is a prefix; an accent-free «phuong …» may be a prefix or part of a name
    (Xã Phương Đình), so both readings are kept."""
    lower = _lower(text)
    plain = lower.translate(_PLAIN)
    m = _ABBREVIATION_RE.match(plain)
    if m and (key := _fold_plain(plain[m.end():])):
        return (Reading(_ABBREVIATIONS[int(str(m.lastgroup)[1:])][1], key, _accented(lower[m.end():])),)
    m = _FULL_RE.match(plain)
    if m and (key := _fold_plain(plain[m.end():])):
        kind = _FULL_FORMS[int(str(m.lastgroup)[1:])]
        reading = Reading(kind, key, _accented(lower[m.end():]))
        if _ACCENTED_RE[kind].match(lower):
            return (reading,)
        if plain == lower:  # typed without accents: prefix or part of the name
            return (reading, Reading(None, _fold_plain(plain), _accented(lower)))
    return (Reading(None, _fold_plain(plain), _accented(lower)),)


def _fold_plain(plain: str) -> str:
    return _NON_WORD.sub(" ", plain).strip()


def _strip_paren(text: str) -> str:
    return _PAREN.sub("", text).strip() if text.endswith(")") else text.strip()


def _span(row: dict[str, Any]) -> str:
    start, end = row["valid_from"], row["valid_to"]
    if start and end:
        return f"từ {format_date(start)} đến {format_date(end)}"
    if start:
        return f"từ {format_date(start)}"
    if end:
        return f"đến {format_date(end)}"
    return ""


def _valid_on(row: dict[str, Any], day: date) -> bool:
    start, end = row["valid_from"], row["valid_to"]
    return (start is None or start <= day) and (end is None or day <= end)


def _rank(row: dict[str, Any]) -> int:
    return LEVEL_RANK.get(str(row.get("level")), 3)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _name_profile(name: str, short: str) -> tuple:
    """(kind from the name's type word, bare keys, accented bare keys, full keys, search blob)."""
    names = {name, _strip_paren(name)} if name.endswith(")") else {name}
    shorts = {short, _strip_paren(short)} if short.endswith(")") else {short}
    name_readings = [readings(n)[0] for n in names]
    lowered = [_lower(s) for s in shorts]
    bare = {_NON_WORD.sub(" ", s.translate(_PLAIN)).strip() for s in lowered} | {rd.key for rd in name_readings}
    bare.discard("")
    accented = frozenset({_accented(s) for s in lowered} | {rd.accented for rd in name_readings})
    full = frozenset(fold(n) for n in names) - {""}
    kind = readings(_strip_paren(name))[0].kind
    return kind, frozenset(bare), accented, full, "\x00" + "\x00".join(sorted(bare)) + "\x00"


class UnitIndex:
    """The locality table prepared once: rows by id, lineage and normalised name (full, and
    bare of its type word), ancestors, alphabetical ranks, and a word index for suggestions."""

    def __init__(self, localities: pd.DataFrame) -> None:
        columns = [c for c in COLUMNS if c in localities.columns]
        values = zip(*(localities[c].tolist() for c in columns), strict=True)
        self.rows: list[dict[str, Any]] = []
        for n, row_values in enumerate(values):
            row = dict.fromkeys(COLUMNS) | dict(zip(columns, row_values, strict=True))
            row["locality_id"] = str(row["locality_id"])
            row["lineage"] = _text(row["lineage"]) or row["locality_id"]
            row["valid_from"], row["valid_to"] = as_date(row["valid_from"]), as_date(row["valid_to"])
            row["n"] = n
            self.rows.append(row)
        self.by_id = {r["locality_id"]: r for r in reversed(self.rows)}
        self.by_lineage: dict[str, list[dict[str, Any]]] = {}
        self.by_full: dict[str, list[int]] = {}
        self.by_bare: dict[str, list[int]] = {}
        self.kind: list[str | None] = []
        self.accented: list[frozenset[str]] = []
        self.names: dict[str, str] = {}  # bare key → short name shown in «Có phải …?»
        self.words: dict[str, set[str]] = {}  # word → bare keys holding it
        self._ancestors: dict[str, tuple[dict[str, Any], ...]] = {}
        profiles: dict[tuple[str, str], tuple] = {}
        self._blob: list[str] = []
        for n, r in enumerate(self.rows):
            self.by_lineage.setdefault(r["lineage"], []).append(r)
            name, short = _text(r["name_vi"]), _text(r["short_name_vi"])
            if (name, short) not in profiles:
                profiles[(name, short)] = _name_profile(name, short)
            name_kind, bare, accented, full, blob = profiles[(name, short)]
            self.kind.append(self._row_kind(_text(r["level_label_vi"]), name_kind))
            self.accented.append(accented)
            self._blob.append(blob)
            for key in bare:
                self.by_bare.setdefault(key, []).append(n)
                if key not in self.names:
                    self.names[key] = _strip_paren(short) or _strip_paren(name)
                    for word in key.split():
                        self.words.setdefault(word, set()).add(key)
            for key in full:
                self.by_full.setdefault(key, []).append(n)
        self._alpha: dict[int, tuple] = {}
        self._collation: dict[str, tuple] = {}

    @staticmethod
    @lru_cache(maxsize=256)
    def _row_kind(level_label: Any, name_kind: str | None) -> str | None:
        label = fold(level_label)
        if label.startswith("thanh pho"):
            return "thanh pho"
        return label if label in KINDS else name_kind

    def _collate(self, text: str) -> tuple:
        if text not in self._collation:
            self._collation[text] = vn_sort_key(text)
        return self._collation[text]

    def alpha(self, n: int) -> tuple:
        """Vietnamese order of row ``n``: short name, province, start (computed when first asked)."""
        if n not in self._alpha:
            r = self.rows[n]
            self._alpha[n] = (self._collate(_strip_paren(_text(r["short_name_vi"]) or _text(r["name_vi"]))),
                              self._collate(self._province_name(r)), r["valid_from"] or date.min, n)
        return self._alpha[n]

    # ------------------------------------------------------------------ places and labels

    def level_of(self, locality_id: str) -> str:
        """«tinh», «huyen» or «xa»."""
        return str(self.by_id[locality_id]["level"])

    def ancestors(self, row: dict[str, Any]) -> tuple[dict[str, Any], ...]:
        """Parent chain up to the province (nearest first), then the province of record."""
        rid = row["locality_id"]
        if rid not in self._ancestors:
            chain: list[dict[str, Any]] = []
            seen = {rid}
            parent = _text(row["parent_id"])
            while parent and parent not in seen and parent in self.by_id:
                seen.add(parent)
                chain.append(self.by_id[parent])
                parent = _text(self.by_id[parent]["parent_id"])
            province = _text(row["province_id"])
            if province and province not in seen and province in self.by_id:
                chain.append(self.by_id[province])
            self._ancestors[rid] = tuple(chain)
        return self._ancestors[rid]

    def _province_name(self, row: dict[str, Any]) -> str:
        provinces = [a for a in self.ancestors(row) if a["level"] == "tinh"]
        return _strip_paren(_text(provinces[0]["short_name_vi"])) if provinces else ""

    def _place(self, row: dict[str, Any]) -> list[str]:
        """«Quận Hoàn Kiếm», «Hà Nội»: the district of an old commune, then the province."""
        parts: list[str] = []
        for a in self.ancestors(row):
            if a["level"] == "huyen" and row["level"] == "xa" and not parts:
                parts.append(_strip_paren(_text(a["name_vi"])))
            elif a["level"] == "tinh":
                parts.append(_strip_paren(_text(a["short_name_vi"])))
                break
        return parts

    def _name(self, row: dict[str, Any]) -> str:
        return _strip_paren(_text(row["name_vi"])) or row["locality_id"]

    def label(self, row: dict[str, Any]) -> str:
        """«Phường Cửa Nam (Quận Hoàn Kiếm, Hà Nội) đến 30/06/2025», as listed in messages."""
        place = self._place(row)
        text = self._name(row) + (f" ({', '.join(place)})" if place else "")
        span = _span(row)
        return f"{text} {span}" if span else text

    def describe(self, locality_id: str) -> str:
        """«Phường Cửa Nam (Quận Hoàn Kiếm, Hà Nội, đến 30/06/2025)» for messages and pickers."""
        row = self.by_id.get(str(locality_id))
        if row is None:
            return str(locality_id)
        parts = [p for p in [*self._place(row), _span(row)] if p]
        return f"{self._name(row)} ({', '.join(parts)})" if parts else self._name(row)

    def _sorted(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(rows, key=lambda r: (_rank(r), self.alpha(r["n"])))

    def _listing(self, rows: list[dict[str, Any]]) -> str:
        ordered = self._sorted(rows)
        shown = "; ".join(self.label(r) for r in ordered[:MAX_LISTED])
        more = len(ordered) - MAX_LISTED
        return shown + (f"; và {more} đơn vị khác" if more > 0 else "")

    def _example(self, rows: list[dict[str, Any]]) -> tuple[str, str]:
        """(what to add, example) for telling apart ``rows``: «Phường Cửa Nam, Hà Nội»."""
        first = self._sorted(rows)[0]
        place = self._place(first)
        if len({self._province_name(r) for r in rows}) == 1 and len(place) == 2:
            return "tên huyện và tỉnh", ", ".join([self._name(first), *place])
        return "tên tỉnh", ", ".join([self._name(first), *place[-1:]])

    # ------------------------------------------------------------------ look-ups

    def _named(self, text: str) -> tuple[list[dict[str, Any]], bool]:
        """Rows named ``text`` (any date), and whether a type word restricted them. When the
        text has accents and some names match them exactly, only those are kept."""
        found: dict[int, bool] = {}  # row number → matched through a type (prefix or full name)
        exact: set[int] = set()
        for reading in readings(text):
            if reading.kind is None:
                for n in self.by_full.get(reading.key, ()):
                    found[n] = True
                    exact.add(n)
                hits = self.by_bare.get(reading.key, ())
                for n in hits:
                    found.setdefault(n, False)
            else:
                hits = [n for n in self.by_bare.get(reading.key, ()) if self.kind[n] == reading.kind]
                for n in hits:
                    found[n] = True
            exact.update(n for n in hits if reading.accented in self.accented[n])
        lower = _lower(text)
        if exact and lower.translate(_PLAIN) != lower:  # typed with accents: «Tân Thành» is not «Tân Thanh»
            found = {n: t for n, t in found.items() if n in exact}
        rows = [self.rows[n] for n in sorted(found)]
        return rows, bool(found) and all(found.values())

    def _in_context(self, rows: list[dict[str, Any]], contexts: list[str]) -> tuple[list[dict[str, Any]], list[str]]:
        """Rows lying in every context place (matched by name, any vintage of its lineage);
        contexts that name no unit at all are ignored and returned."""
        ignored = []
        for context in contexts:
            places, _ = self._named(context)
            if not places:
                ignored.append(context)
                continue
            lineages = {p["lineage"] for p in places}
            rows = [r for r in rows if any(a["lineage"] in lineages for a in self.ancestors(r))]
        return rows, ignored

    def _not_found(self, raw: str, name: str) -> UnitNotFound:
        """«không tìm thấy …» with «Có phải «…»?»: another type of the same name, else the
        closest name among those sharing a word (or the first letters) with ``name``."""
        hint = None
        for reading in readings(name):
            others = {self._name(self.rows[n]) for n in self.by_bare.get(reading.key, ())}
            if reading.kind and others:
                hint = "Có phải " + " hay ".join(f"«{o}»" for o in sorted(others, key=vn_sort_key)[:3]) + "?"
                return UnitNotFound(f"không có {KINDS[reading.kind]} nào tên «{self.names[reading.key]}». {hint}",
                                    hint)
        key = readings(name)[0].key
        if key:
            pool: set[str] = set()
            for word in key.split():
                pool |= self.words.get(word, set())
            if not pool:
                pool = {k for k in self.names if k[:2] == key[:2]}
            close = difflib.get_close_matches(key, sorted(pool)[:5000], n=1, cutoff=0.6)
            hint = f"Có phải «{self.names[close[0]]}»?" if close else None
        return UnitNotFound(f"không tìm thấy đơn vị hành chính «{raw}»" + (f". {hint}" if hint else ""), hint)

    def resolve(self, text: Any, when: date | None = None) -> str:
        """The locality_id meant by ``text`` on ``when`` (None: today, as for an undated figure).

        ``text`` is a locality_id, a lineage, or a name with an optional type word and place
        («Phường Hương Trà, Huế»). Raises :class:`UnitNotFound` or :class:`UnitNameError`.
        """
        raw = " ".join(unicodedata.normalize("NFC", str(text or "")).split())
        by_id = self.by_id.get(raw) or self.by_id.get(raw.lower())
        if by_id is not None:  # ids (URLs, templates) stand for themselves, checked against the date
            if when is not None and not _valid_on(by_id, when):
                raise UnitNameError(f"«{raw}» không có vào ngày {format_date(when)}: {self.label(by_id)}")
            return by_id["locality_id"]
        lineage = self.by_lineage.get(raw) or self.by_lineage.get(raw.lower())
        if lineage:
            return self._pick(raw, lineage, when, typed=True)
        rows, typed = self._named(raw)
        if rows:
            return self._pick(raw, rows, when, typed)
        name, *contexts = [p for p in _CONTEXT_SPLIT.split(raw) if p] or [""]
        rows, typed = self._named(name) if contexts else ([], False)
        if not rows:
            raise self._not_found(raw, name)
        named = rows
        rows, ignored = self._in_context(rows, contexts)
        if not rows:
            where = ", ".join(f"«{c}»" for c in contexts if c not in ignored)
            raise UnitNameError(f"không có «{name}» thuộc {where}; các đơn vị mang tên này: {self._listing(named)}")
        return self._pick(raw, rows, when, typed)

    def _pick(self, raw: str, rows: list[dict[str, Any]], when: date | None, typed: bool) -> str:
        """The one row of ``rows`` valid on ``when``. A name without type word («Gia Lai»,
        «Hương Trà») means the largest units of that name, never a smaller namesake."""
        day = when or date.today()
        main = rows
        if not typed or {self.kind[r["n"]] for r in rows} == {"thanh pho"}:
            top = min(_rank(r) for r in rows)
            main = [r for r in rows if _rank(r) == top]
        valid = [r for r in main if _valid_on(r, day)]
        if not valid:  # renamed in place (Thừa Thiên Huế → Huế): another vintage of the lineage
            levels = {r["level"] for r in main}
            valid = [s for lineage in sorted({r["lineage"] for r in main}) for s in self.by_lineage[lineage]
                     if s["level"] in levels and _valid_on(s, day)]
        if not valid and when is None:
            if len({r["lineage"] for r in main}) == 1:  # undated, for a place now gone: its last vintage
                return max(main, key=lambda r: r["valid_from"] or date.min)["locality_id"]
            valid = main
        if not valid:
            message = f"«{raw}» không có vào ngày {format_date(day)}; đơn vị mang tên này: {self._listing(main)}"
            in_main = {r["n"] for r in main}
            namesakes = [r for r in rows if r["n"] not in in_main and _valid_on(r, day)]
            if namesakes:
                _, example = self._example(namesakes)
                message += (f". Cùng tên vào ngày đó có {self._listing(namesakes)}: nếu là "
                            f"{'đơn vị này' if len(namesakes) == 1 else 'một trong các đơn vị này'}, "
                            f"ghi rõ loại đơn vị và tỉnh, ví dụ «{example}»")
            raise UnitNameError(message)
        if len(valid) == 1:
            return valid[0]["locality_id"]
        what, example = self._example(valid)
        kinds = {self.kind[r["n"]] for r in valid}
        if not typed and len(kinds) > 1:
            what += " hoặc loại đơn vị (phường, xã, quận, huyện…)"
        on = f" vào ngày {format_date(when)}" if when else ""
        raise UnitNameError(f"«{raw}» trùng tên {len(valid)} đơn vị{on}: {self._listing(valid)}. "
                            f"Ghi thêm {what}, ví dụ «{example}»")

    def search(self, text: Any, limit: int = 20, when: date | None = None) -> list[str]:
        """Locality ids for a picker, prefix- and diacritic-insensitive: exact names first, then
        provinces, districts, communes; names starting with the query before those containing it
        (at a word start); ties in Vietnamese alphabetical order. ``when``: only units valid then."""
        raw = " ".join(unicodedata.normalize("NFC", str(text or "")).split())
        name, *contexts = [p for p in _CONTEXT_SPLIT.split(raw) if p] or [""]
        hits: dict[int, tuple] = {}
        for reading in readings(name):
            key = reading.key
            starts, inside, whole = "\x00" + key, " " + key, "\x00" + key + "\x00"
            for n, blob in enumerate(self._blob):
                if key and starts not in blob and inside not in blob:
                    continue
                if reading.kind and self.kind[n] != reading.kind:
                    continue
                rank = (0 if not key or whole in blob else 1, _rank(self.rows[n]),
                        0 if not key or starts in blob else 1)
                hits[n] = min(hits.get(n, rank), rank)
        exact = self.by_id.get(raw)
        if exact is not None:
            hits[exact["n"]] = (-1, 0, 0)
        rows = [self.rows[n] for n in hits]
        if when is not None:
            rows = [r for r in rows if _valid_on(r, when)]
        if contexts:
            rows, _ = self._in_context(rows, contexts)
        rows.sort(key=lambda r: hits[r["n"]])
        if len(rows) > limit > 0:  # collation only for the rows that can still make the list
            last = hits[rows[limit - 1]["n"]]
            rows = [r for r in rows if hits[r["n"]] <= last]
        rows.sort(key=lambda r: (hits[r["n"]], self.alpha(r["n"])))
        return [r["locality_id"] for r in rows[:limit]]
