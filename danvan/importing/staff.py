"""Plan the import of a staff spreadsheet as it is: each figure candidate (danvan.importing.layout)
is given an indicator (remembered alias, exact name, good fuzzy match, the editor's choice, or
a new indicator), a unit check, a period (its own or the file's default), a source and a scope,
and is then checked like a template row (danvan.importing.rows). A candidate that cannot be
imported is held with the reason, in words a staff member understands. Pure: no database."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlparse

import pandas as pd

from danvan.data.unit_names import UnitNameError
from danvan.formatting import format_number, format_period
from danvan.importing.columns import IMPORT_SPEC, header_role_key, label, norm_text
from danvan.importing.context import ImportContext
from danvan.importing.indicator_match import AUTO_SCORE, IndicatorMatcher, Match, clean, is_rate_name
from danvan.importing.layout import (
    SUB_ITEM,
    TOTAL_LINES,
    WHOLE_AREA,
    StaffRecord,
    records,
    title_period,
    title_places,
)
from danvan.importing.plausibility import plan_questions
from danvan.importing.problems import file_error
from danvan.importing.reading import FOOTNOTE_MARK, RawTable
from danvan.importing.rows import RowChecker, obs_key
from danvan.importing.units import unit_code
from danvan.importing.validate import ImportPlan, existing_index
from danvan.importing.values import decimals_written, parse_period, with_year
from danvan.vocabulary import LEVEL_RANK, LEVELS

HOLD = "__cho__"  # an editor's choice: keep the name's rows «chờ bổ sung»
NEW = "__moi__"  # an editor's choice: create a catalogue indicator for the name
REASONS = {  # reason code -> short Vietnamese label (the «Chờ bổ sung» list groups by it)
    "ky": "thiếu hoặc không hiểu kỳ báo cáo",
    "chi_tieu": "chưa khớp chỉ tiêu",
    "don_vi_tinh": "đơn vị tính không khớp",
    "dia_ban": "không xác định được địa bàn",
    "gia_tri": "giá trị không dùng được",
    "trung_dong": "trùng dòng khác trong tệp",
    "khac_so_da_co": "khác số liệu đã có",
    "tuong_lai": "kỳ báo cáo trong tương lai",
    "pham_vi": "loại phạm vi không rõ",
    "nguon": "nguồn không dùng được",
    "dong_tong": "dòng hoặc cột tổng cộng",
    "khac": "lỗi khác",
}
_KEY_REASON = {"locality": "dia_ban", "indicator": "chi_tieu", "value": "gia_tri", "numerator": "gia_tri",
               "denominator": "gia_tri", "qualifier": "gia_tri", "unit": "don_vi_tinh", "period": "ky",
               "start": "ky", "end": "ky", "scope_class": "pham_vi", "source": "nguon", "published": "nguon",
               "scope": "pham_vi"}
_LABEL_KEY = {label(IMPORT_SPEC, key): key for key, _ in IMPORT_SPEC}
_LOCALITY = label(IMPORT_SPEC, "locality")
# Words in the reporting body -> suggested scope class (danvan's scope_classes.csv codes)
SCOPE_HINTS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("thanh tra", "ban tiep cong dan", "tru so tiep cong dan"), "thanh_tra_tiep_dan"),
    (("trung tam hanh chinh cong", "trung tam phuc vu hanh chinh cong", "bo phan mot cua",
      "bo phan tiep nhan va tra ket qua"), "trung_tam_hcc"),
    (("dang uy khoi", "dang uy co quan", "chi bo"), "dang_bo_co_quan"),
    (("hdnd", "hoi dong nhan dan"), "hdnd"),
    (("tinh uy", "thanh uy", "huyen uy", "quan uy", "thi uy", "ban chi dao", "mat tran", "mttq",
      "ban dan van", "ban tuyen giao"), "he_thong_chinh_tri"),
    (("cong an", "quan su", "bien phong", "cong doan", "doan thanh nien", "hoi phu nu", "hoi nong dan",
      "hoi cuu chien binh", "so ", "nganh "), "doan_the_nganh"),
)
_QUALIFIER_PREFIX = re.compile(r"^(hơn|trên|gần|khoảng|xấp xỉ|dưới|chưa đến|~|>|<)\s*(?=[\d+-])")
# Topics a sheet's title may name, that its lines leave out («Mô hình đăng ký» under a title
# about Dân vận khéo); compared in the matcher's accent-free form.
TITLE_TOPICS = ("dan van kheo", "tiep cong dan", "tiep xuc cu tri", "doi thoai", "hoa giai o co so", "hoa giai",
                "khieu nai", "to cao", "quy che dan chu", "thu tuc hanh chinh", "dich vu cong truc tuyen")
_SUB_ITEM_WORDS = re.compile(r"^\s*(trong đó|trong số|bao gồm|gồm)\s*[:–-]?\s*", re.IGNORECASE)
_URL = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
_AMBIGUOUS = re.compile(r"^[+-]?\d{1,3}[.,]\d{3}$")
LOW_RELIABILITY_HOSTS = ("wikipedia.org", "wikiwand.com", "grokipedia.com", "wiki.", "fandom.com")


@dataclass
class StaffSettings:
    """Decisions for one file: the column mapping and the editor's (or the CLI's) choices."""

    mappings: dict[str, dict[str, str]]  # sheet -> header as written -> role (layout.ROLE_LABELS)
    file_name: str
    user: str = ""
    period: str | None = None  # default period for rows without one («năm 2025»)
    locality: str | None = None  # default locality for rows without one
    indicator_choices: dict[str, str] = field(default_factory=dict)  # norm name -> code | HOLD | NEW
    new_specs: dict[str, dict[str, Any]] = field(default_factory=dict)  # norm name -> indicator fields
    auto_new: bool = False  # create an indicator for every name that matches nothing


@dataclass
class Outcome:
    """What happens to one figure candidate."""

    row: int
    column: str | None
    status: str  # ready | held | skipped | conflict
    reason_code: str = ""
    reason: str = ""
    sheet: str = ""
    obs: dict[str, Any] | None = None
    cells: dict[str, Any] = field(default_factory=dict)


@dataclass
class StaffPlan(ImportPlan):
    """An ImportPlan (to_add, conflicts, unchanged, new_sources, warnings) plus one outcome per
    figure candidate, the names to match and the indicators to create."""

    outcomes: list[Outcome] = field(default_factory=list)
    matches: dict[str, Match] = field(default_factory=dict)  # norm name -> match
    written_names: dict[str, str] = field(default_factory=dict)  # norm name -> as first written
    name_rows: dict[str, int] = field(default_factory=dict)  # norm name -> number of candidates
    new_indicators: dict[str, dict[str, Any]] = field(default_factory=dict)  # provisional code -> fields
    decided: dict[str, str] = field(default_factory=dict)  # norm name -> code used (alias to remember)
    low_reliability: set[str] = field(default_factory=set)  # new source keys suggested as low reliability
    context: list[str] = field(default_factory=list)  # what was read from titles, for the editor

    @property
    def held(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "held"]

    def counts(self) -> Counter:
        return Counter(o.status for o in self.outcomes)


THEME_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (  # words of a name (clean form) -> theme
    (("tiep cong dan", "tiep dan"), "tiep_cong_dan"),
    (("khieu nai", "to cao", "don", "kien nghi"), "don_thu"),
    (("doi thoai", "tiep xuc", "cu tri"), "tiep_xuc_doi_thoai"),
    (("ho so", "thu tuc", "dich vu cong", "cai cach", "mot cua", "so hoa"), "cai_cach_hanh_chinh"),
    (("dan van kheo",), "dan_van_kheo"),
    (("dan chu", "hoa giai", "huong uoc", "quy uoc", "thanh tra nhan dan", "giam sat dau tu"), "qcdc"),
    (("khen thuong", "thi dua", "bang khen", "giay khen"), "khen_thuong"),
    (("tuyen truyen", "pho bien", "giao duc phap luat", "hoi thi"), "tuyen_truyen"),
)
NEW_BELOW = 65.0  # a name this close to a catalogue indicator is never made a new one without asking
_RATE_WORDS = {"ty", "le", "ti", "phan", "tram"}


def _similar(match: Match, unit: str | None) -> Any:
    """The catalogue indicator with the row's unit that a name resembles too much to create a
    new one beside it: close in score, and holding half the name's words besides «tỷ lệ» («Tỷ lệ
    hài lòng» is not «Tỷ lệ hộ nghèo», «HS thanh toán phí trực tuyến» not «Hồ sơ nộp trực tuyến»)."""
    words = set(clean(match.text).split()) - _RATE_WORDS
    return next((c for c in match.candidates if c.score >= NEW_BELOW and unit in (None, c.unit)
                 and 2 * len(words & set(clean(c.name).split())) >= len(words)), None)


MAX_CANDIDATES = 20_000  # figures in one file, also when a wide sheet unpivots
MAX_NAMES = 2_000  # distinct indicator names in one file (each is matched against the catalogue)


def _sheet_words(sheet: str) -> str:
    """A sheet name written out: «6T đầu 2025» -> «6 tháng đầu năm 2025», «Q3-2024» -> «quý 3/2024»."""
    text = re.sub(r"\b(\d{1,2})\s*[tT]\b", r"\1 tháng", sheet)
    text = re.sub(r"(tháng (?:đầu|cuối))\s+(\d{4})", r"\1 năm \2", text)
    return re.sub(r"\b[qQ]\s*([1-4])\s*[-/ ]\s*(\d{4})", r"quý \1/\2", text)


def _check_size(file_name: str, recs: list[StaffRecord]) -> None:
    """Refuse, before any matching, a file too big to check in a few seconds."""
    names = {norm_text(r.cells.get("indicator"))[:300] for r in recs}
    for count, limit, what in ((len(recs), MAX_CANDIDATES, "số liệu"), (len(names), MAX_NAMES, "tên chỉ tiêu khác nhau")):
        if count > limit:
            raise file_error(file_name, f"tệp có {format_number(count)} {what}, quá giới hạn {format_number(limit)} "
                             "cho một lần nhập", "chia bảng thành nhiều tệp nhỏ hơn (ví dụ mỗi tệp một năm hoặc một "
                             "nhóm chỉ tiêu)")


def suggest_scope_class(body: Any) -> str:
    """The scope class suggested by a reporting body («Thanh tra tỉnh» -> thanh_tra_tiep_dan);
    whole locality when nothing is written or recognised."""
    key = f" {norm_text(body)} "
    for words, code in SCOPE_HINTS:
        if any(f" {w.strip()} " in key or key.startswith(f" {w}") for w in words):
            return code
    return "toan_dia_ban"


def _number_style(text: str) -> str | None:
    """«vi» (1.234,5), «en» (1,234.5) or None when the writing fits both (1.234 / 1,234) or no
    separator is used."""
    body = re.sub(r"[\s\u00a0%+-]", "", text)
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        return "vi" if body.rfind(",") > body.rfind(".") else "en"
    if dots > 1:
        return "vi"
    if commas > 1:
        return "en"
    if _AMBIGUOUS.match(body) or not (dots or commas):
        return None
    return "vi" if commas else "en"


def file_number_style(values: list[Any]) -> str:
    """How the file writes numbers: «vi», «en» or «mixed» (both seen)."""
    styles = Counter(_number_style(str(v)) for v in values if isinstance(v, str))
    if styles["vi"] and styles["en"]:
        return "mixed"
    return "en" if styles["en"] else "vi"


def _swap(text: str) -> str:
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


_ENGLISH_PLACE = re.compile(r"^(.+?)\s+(city|province|district|ward|commune|town)\.?$", re.IGNORECASE)
_PLACE_TYPES = {"city": "thành phố", "province": "tỉnh", "district": "huyện", "ward": "phường", "commune": "xã",
                "town": "thị xã"}


_AREA_WORDS = re.compile(r"^\s*(?:toàn|trên địa bàn|địa bàn|toan|tren dia ban|dia ban)\s+(?=\S)", re.IGNORECASE)
_VINTAGE_MARK = re.compile(r"\s*\((?:mới|cũ|moi|cu|sau [^()]*|trước [^()]*|truoc [^()]*)\)\s*$", re.IGNORECASE)


def _vietnamese_place(text: Any) -> Any:
    """«Hue City» -> «thành phố Hue», «Nghe An province» -> «tỉnh Nghe An» (the names are then
    matched without accents as usual); «Toàn tỉnh Vĩnh Long (mới)» -> «tỉnh Vĩnh Long»: the
    figure's date tells which unit of the name is meant."""
    if not isinstance(text, str):
        return text
    text = _VINTAGE_MARK.sub("", _AREA_WORDS.sub("", text.strip()))
    if m := _ENGLISH_PLACE.match(text):
        return f"{_PLACE_TYPES[m[2].lower()]} {m[1]}"
    return text


def _as_cell(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def _url_title(url: str) -> str:
    host = urlparse(url if "://" in url else f"http://{url}").netloc.removeprefix("www.")
    return f"Trang {host}" if host else url


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", clean(text)).strip("_")[:40] or "chi_tieu"


class _Planner:
    def __init__(self, tables: list[RawTable], ctx: ImportContext, settings: StaffSettings,
                 matcher: IndicatorMatcher, units: pd.DataFrame, themes: list[str], today: date) -> None:
        self.tables, self.ctx, self.settings, self.matcher = tables, ctx, settings, matcher
        self.units, self.themes, self.today = units, themes, today
        self.plan = StaffPlan(settings.file_name, tables[0].sheet)
        self.main_unit: dict[str, str | None] = {}  # norm name -> the unit its rows mostly write
        self.places = ctx.unit_index
        # the title's period, else the sheet's name when it reads as one («Năm 2023», «6T đầu 2025»)
        self.title_periods = {t.sheet: title_period(t.title) or title_period([_sheet_words(t.sheet)])
                              for t in tables}
        self.title_years: dict[str, int] = {}
        self.title_places: dict[str, str] = {}
        self.own_title_places: dict[str, str] = {}  # named by the sheet's own title, not taken from the first sheet
        self.title_provinces: dict[str, str] = {}
        for t in tables:
            period = self.title_periods[t.sheet]
            start, end = parse_period(period) if period else (None, None)
            day = end or start
            if day:
                self.title_years[t.sheet] = day.year
            place, province = self._title_place(t.title, day)
            if place:
                self.title_places[t.sheet] = self.own_title_places[t.sheet] = place
            if province:
                self.title_provinces[t.sheet] = province
            read = [f"địa bàn «{self._display(place, day)}»" if place else "",
                    f"kỳ {format_period(start, end)}" if day else ""]
            if any(read):
                where = f"trang tính «{t.sheet}»" if t.sheet else "tệp"
                self.plan.context.append(f"Tiêu đề {where} cho {' và '.join(r for r in read if r)}: dùng cho "
                                         "các dòng không ghi địa phương hoặc kỳ")
        # a sheet without a letterhead of its own is the workbook's: it takes the first sheet's place
        # (not its period: sheets of one workbook are often different periods, named by the sheet)
        first = tables[0].sheet
        for t in tables[1:]:
            for known in (self.title_places, self.title_provinces):
                if not known.get(t.sheet) and known.get(first):
                    known[t.sheet] = known[first]
        self.catalogue = {str(r["code"]): r for r in ctx.catalogue.to_dict("records")}
        self.by_heading: dict[str, str] = {}  # a name read with its heading -> the indicator it names

    def _display(self, text: str, day: date | None) -> str:
        found = self._resolve_any(text, day)
        return str(self.places.by_id[found]["name_vi"]) if found else text

    def _title_place(self, title: list[str], day: date | None) -> tuple[str | None, str | None]:
        """(the most local unit the title names, the province it names), as written there. Only
        when they agree: a commune or district of another province than the one named gives none."""
        if self.places is None:
            return None, None
        found: list[tuple[str, str]] = []  # (locality id, text)
        for readings in title_places(title):
            hit = next(((i, t) for t in readings if (i := self._resolve_any(t, day)) is not None), None)
            if hit is not None:
                found.append(hit)
        if not found:
            return None, None
        order = {level: len(LEVELS) - 1 - rank for level, rank in LEVEL_RANK.items()}  # xã first
        levels = [(order.get(self.places.level_of(i), 3), i, t) for i, t in found]
        provinces = {str(self.places.by_id[i].get("province_id") or i) for _, i, _ in levels}
        if len(provinces) > 1:
            return None, None
        _, best_id, best = min(levels)
        province_id = str(self.places.by_id[best_id].get("province_id") or best_id)
        province = self.places.by_id.get(province_id, {}).get("short_name_vi")
        return best, str(province) if province else None

    def _resolve_any(self, text: str, day: date | None) -> str | None:
        """The unit a title names, valid today, on ``day`` (the end of the title's year), or just
        before 1/7/2025."""
        for when in (None, day, date(2025, 6, 30)):
            try:
                return self.places.resolve(text, when)
            except UnitNameError:
                continue
        return None

    # ------------------------------------------------------------------ indicators
    def _new_fields(self, key: str, unit: str | None) -> dict[str, Any] | None:
        spec = dict(self.settings.new_specs.get(key) or {})
        written = self.plan.written_names[key]
        spec.setdefault("name_vi", written)
        unit = spec.get("unit") or unit or ("phan_tram" if is_rate_name(written) else None)
        if unit is None or unit not in set(self.units["code"]):  # «kg»: no indicator is created in it
            return None
        spec["unit"] = unit
        spec.setdefault("kind", "rate" if unit == "phan_tram" else "count")
        if not spec.get("theme"):
            spec["theme"] = self._theme_of(key)
        spec.setdefault("definition_vi", f"Chỉ tiêu tạo khi nhập tệp «{self.settings.file_name}», theo tên "
                                         f"trong bảng số liệu của đơn vị: «{written}».")
        return spec

    def _theme_of(self, key: str) -> str:
        """The theme of a new indicator: from words of its name, else from a close catalogue
        indicator, else the first theme."""
        words = f" {clean(key)} "
        for needles, theme in THEME_WORDS:
            if theme in self.themes and any(f" {n} " in words for n in needles):
                return theme
        best = next((c for c in self.plan.matches[key].candidates if c.score >= 70), None)
        return str(self.catalogue[best.code]["theme"]) if best else self.themes[0]

    def _wants_new(self, key: str) -> bool:
        """The editor chose «Tạo chỉ tiêu mới» for the name, or (CLI) it matches nothing and new
        indicators are to be created."""
        choice = self.settings.indicator_choices.get(key)
        match = self.plan.matches[key]
        return choice == NEW or (choice is None and match.chosen is None and self.settings.auto_new
                                 and _similar(match, self.main_unit.get(key)) is None
                                 and not SUB_ITEM.match(key))  # «Trong đó: …» is part of the line above

    def _indicator(self, key: str, unit: str | None) -> tuple[str | None, str]:
        """(code or provisional code, reason when none)."""
        choice = self.settings.indicator_choices.get(key)
        match = self.plan.matches[key]
        if choice == HOLD:
            return None, "người nhập để chờ chọn chỉ tiêu"
        if choice and choice != NEW:
            return choice, ""
        if self._wants_new(key):
            if f"moi:{_slug(key)}" in self.plan.new_indicators:
                return f"moi:{_slug(key)}", ""
            return None, f"chưa ghi đơn vị tính nên chưa tạo được chỉ tiêu mới «{self.plan.written_names[key]}»"
        if match.chosen is None and self.settings.auto_new and (near := _similar(match, self.main_unit.get(key))) is not None:
            return None, (f"«{self.plan.written_names[key]}» gần giống chỉ tiêu «{near.name}» ({near.score:.0f}%) "
                          "nhưng chưa chắc là một, nên không tạo chỉ tiêu mới trùng nghĩa; chọn chỉ tiêu ở trang "
                          "«Nhập dữ liệu» (lựa chọn được nhớ cho lần sau)")
        if match.chosen is None:
            return None, f"«{self.plan.written_names[key]}» chưa khớp chỉ tiêu nào trong danh mục ({match.why_not})"
        return match.chosen, ""

    # ------------------------------------------------------------------ rows
    def _hold(self, rec: StaffRecord, code: str, reason: str) -> None:
        self.plan.outcomes.append(Outcome(rec.row, rec.column, "held", code, reason, sheet=rec.sheet,
                                          cells={k: _as_cell(v) for k, v in rec.cells.items()}))

    def _value(self, raw: Any, style: str, whole: bool = False) -> tuple[Any, str | None, str]:
        """(value for the checker, qualifier word or None, problem). ``whole``: the indicator
        counts whole things, so «1,086» or «6.430» can only be thousands."""
        if not isinstance(raw, str):
            return raw, None, ""
        text = FOOTNOTE_MARK.sub("", raw.strip())  # «112*»: the figure, its footnote mark aside
        qualifier = None
        if m := _QUALIFIER_PREFIX.match(text.lower()):
            qualifier, text = m[1], text[len(m[0]):].strip()
        own = _number_style(text)
        if own is None and _AMBIGUOUS.match(re.sub(r"[\s%]", "", text)):
            if whole:
                return text.replace(",", "").replace(".", ""), qualifier, ""
            if style == "mixed":
                return None, qualifier, (f"«{raw}»: tệp ghi số theo cả hai kiểu (1.234,5 và 1,234.5) nên không "
                                         "rõ dấu này ngăn hàng nghìn hay là dấu thập phân")
            return (_swap(text) if style == "en" else text), qualifier, ""
        return (_swap(text) if own == "en" else text), qualifier, ""

    def _source(self, cells: dict[str, Any]) -> dict[str, Any]:
        c: dict[str, Any] = {}
        source = cells.get("source")
        text = str(source).strip() if source is not None else ""
        ref = str(cells.get("reference") or "").strip()
        if text and _URL.match(text):
            ref, text = text, ""
        if ref and _URL.match(ref) and not ref.lower().startswith("http"):
            ref = f"https://{ref}"
        if not text:
            text = _url_title(ref) if ref else f"Bảng số liệu «{self.settings.file_name}»"
        c["source"], c["reference"] = text, ref or None
        for key in ("issuer", "published", "locator"):
            if cells.get(key) is not None:
                c[key] = cells[key]
        return c

    def candidate(self, rec: StaffRecord, style: str, checker: RowChecker) -> None:
        cells = rec.cells
        own_place = self.own_title_places.get(rec.sheet)
        if rec.total and own_place and norm_text(cells.get("locality")).strip(" :") in TOTAL_LINES:
            cells = rec.cells = {**cells, "locality": own_place}  # «Tổng cộng» of the units the title's unit holds
        elif rec.total:  # «Cộng», «Tổng cộng»: the sum of the lines above, not one place's or period's figure
            self.plan.outcomes.append(Outcome(
                rec.row, rec.column, "skipped", "dong_tong", "dòng hoặc cột «Cộng»: là tổng của các số liệu khác, "
                "không phải số liệu của một địa phương hay một kỳ", sheet=rec.sheet,
                cells={k: _as_cell(v) for k, v in cells.items()}))
            return None
        key = norm_text(cells.get("indicator"))
        unit_written = cells.get("unit")
        unit = unit_code(unit_written, self.units)
        unknown_unit = unit_written is not None and str(unit_written).strip() and unit is None
        code, why = self._indicator(key, unit)
        if unknown_unit and (code is None or code.startswith("moi:")):
            return self._hold(rec, "don_vi_tinh", f"không rõ đơn vị tính «{unit_written}»")
        if code is None:
            match = self.plan.matches.get(key)
            near = next((c for c in match.candidates if c.score >= AUTO_SCORE and unit and c.unit != unit), None) \
                if match is not None and not self.settings.indicator_choices.get(key) else None
            if near is not None:
                return self._hold(rec, "don_vi_tinh", f"dòng ghi đơn vị «{unit_written}» nhưng chỉ tiêu gần nhất "
                                  f"«{near.name}» tính bằng «{near.unit_label}»; không tự đổi đơn vị")
            return self._hold(rec, "chi_tieu", why)
        ind_unit = str(self.plan.new_indicators[code]["unit"]) if code in self.plan.new_indicators else str(
            self.catalogue[code]["unit"])
        if unit is not None and unit != ind_unit:
            shown = self.units.set_index("code")["name_vi"].to_dict() if not self.units.empty else {}
            name = self.plan.new_indicators[code]["name_vi"] if code in self.plan.new_indicators else \
                self.catalogue[code]["name_vi"]
            return self._hold(rec, "don_vi_tinh", f"dòng ghi đơn vị «{unit_written}» nhưng chỉ tiêu «{name}» tính "
                              f"bằng «{shown.get(ind_unit, ind_unit)}»; không tự đổi đơn vị")
        if unknown_unit:  # the name alone was enough: the unit is the indicator's, and the editor is told
            name = self.catalogue[code]["name_vi"]
            checker.warn(rec.row, "unit", f"không rõ đơn vị tính «{unit_written}»; số liệu nhập theo đơn vị của chỉ "
                         f"tiêu «{name}» («{self.catalogue[code].get('unit_label') or ind_unit}»)")
        has_period = any(cells.get(k) is not None and str(cells.get(k)).strip() for k in ("period", "start", "end"))
        c: dict[str, Any] = {"indicator": code}
        if has_period:
            for k in ("period", "start", "end"):
                if cells.get(k) is not None:
                    c[k] = cells[k]
            if isinstance(c.get("period"), (date, datetime)) and "end" not in c:
                c["end"] = c.pop("period")  # a date in the period column: the figure stands at that date
        elif rec.year is not None:  # under a section heading «NĂM 2025», «B. 6 THÁNG ĐẦU NĂM 2025»
            c["period"] = rec.period or f"năm {rec.year}"
        elif self.settings.period:
            c["period"] = self.settings.period
        elif self.title_periods.get(rec.sheet):
            c["period"] = self.title_periods[rec.sheet]
        else:
            return self._hold(rec, "ky", "dòng không ghi kỳ báo cáo và chưa chọn kỳ mặc định cho tệp "
                              "(ví dụ «năm 2025»)")
        year = rec.year or self.title_years.get(rec.sheet)
        if year and isinstance(c.get("period"), str) and not re.search(r"\d{4}", c["period"]):
            c["period"] = with_year(c["period"], year)  # «6 tháng đầu năm» under «NĂM 2025»
        locality = cells.get("locality")
        if header_role_key(locality) in WHOLE_AREA:  # «Toàn tỉnh»: the unit the title names
            locality = self.title_places.get(rec.sheet) or self.settings.locality or locality
        if (locality is None or not str(locality).strip()) and rec.column and "(" in rec.column:
            day = _period_day(c)  # «Quý III/2025 (tỉnh Vĩnh Long sau hợp nhất)»: the column names its unit
            named = [m for m in re.findall(r"\(([^()]+)\)", rec.column) if _TYPED_START.match(m)]  # not «(so với …)»
            locality = self._title_place(named, day)[0] if named else None
        if (locality is None or not str(locality).strip()) and isinstance(cells.get("scope"), str):
            if _BELOW_COMMUNE.search(cells["scope"].lower()):  # «Chi hội thôn 3, xã …»: neither the xã nor the title's unit
                return self._hold(rec, "dia_ban", f"số liệu của «{cells['scope']}», dưới cấp xã: không có địa bàn tương ứng")
            locality = self._title_place([cells["scope"]], _period_day(c))[0]  # «HND tỉnh Kon Tum»: its unit
        if locality is None or not str(locality).strip():
            locality = self.settings.locality or self.title_places.get(rec.sheet)
        if locality is None or not str(locality).strip():
            return self._hold(rec, "dia_ban", "dòng không ghi địa phương và chưa chọn địa bàn mặc định cho tệp")
        c["locality"] = _vietnamese_place(locality)
        kind = str((self.plan.new_indicators.get(code) or self.catalogue.get(code) or {}).get("kind", ""))
        value, qualifier, problem = self._value(cells.get("value"), style, whole=kind in {"count", "stock"})
        if problem:
            return self._hold(rec, "gia_tri", problem)
        c["value"] = value
        if cells.get("qualifier") is not None:
            c["qualifier"] = cells["qualifier"]
        elif qualifier:
            c["qualifier"] = qualifier
        for k in ("numerator", "denominator"):
            if cells.get(k) is not None:
                c[k] = cells[k]
        body = cells.get("scope")
        c["scope"] = str(body).strip() if body is not None else ""
        c["scope_class"] = cells.get("scope_class") or suggest_scope_class(body)
        c.update(self._source(cells))
        if "locator" not in c:
            c["locator"] = f"trang tính «{rec.sheet}», dòng {rec.row}" if rec.sheet else f"dòng {rec.row}"
            if rec.column:
                c["locator"] += f", cột «{rec.column}»"
        if cells.get("note") is not None:
            c["note"] = cells["note"]
        before = len(checker.problems)
        obs = checker.check(rec.row, c)
        province = self.title_provinces.get(rec.sheet)
        if (obs is None and province and isinstance(c["locality"], str) and "," not in c["locality"]
                and any("trùng tên" in p.message or "không tìm thấy" in p.message
                        for p in checker.problems[before:] if p.column == _LOCALITY)):
            del checker.problems[before:]  # «Cam Tuyền» under «UBND HUYỆN CAM LỘ»: in the title's province
            obs = checker.check(rec.row, {**c, "locality": f"{c['locality']}, {province}"})
        if len(checker.problems) > before or obs is None:
            first = checker.problems[before] if len(checker.problems) > before else None
            del checker.problems[before:]
            if first is None:
                return self._hold(rec, "khac", "dòng chưa đủ thông tin để nhập")
            reason = _KEY_REASON.get(_LABEL_KEY.get(first.column or "", ""), "khac")
            if reason == "ky" and "tương lai" in first.message:
                reason = "tuong_lai"
            text = first.message + (f" ({first.fix})" if first.fix and reason in {"gia_tri", "ky"} else "")
            return self._hold(rec, reason, text)
        obs["_raw_value"] = cells.get("value")
        obs["_column"] = rec.column
        obs["_sheet"] = rec.sheet
        self.plan.outcomes.append(Outcome(rec.row, rec.column, "ready", sheet=rec.sheet, obs=obs,
                                          cells={k: _as_cell(v) for k, v in rec.cells.items()}))
        if self.settings.indicator_choices.get(key) or code.startswith("moi:"):
            self.plan.decided[key] = code
        return None

    # ------------------------------------------------------------------ file
    def run(self) -> StaffPlan:
        recs: list[StaffRecord] = []
        for table in self.tables:
            recs += records(table, self.settings.mappings[table.sheet], limit=MAX_CANDIDATES - len(recs))
            _check_size(self.settings.file_name, recs)
        self._qualify_by_section(recs)
        self._qualify_by_title(recs)
        self.plan.n_rows = len(recs)
        units_by_name: dict[str, Counter] = {}
        for rec in recs:
            key = norm_text(rec.cells.get("indicator"))
            self.plan.written_names.setdefault(key, str(rec.cells.get("indicator")).strip())
            self.plan.name_rows[key] = self.plan.name_rows.get(key, 0) + 1
            units_by_name.setdefault(key, Counter())[unit_code(rec.cells.get("unit"), self.units)] += 1
        # the unit most of a name's rows write (the first row's on a tie); rows writing another
        # unit than the indicator's are held
        self.main_unit = {key: next((u for u, _ in units.most_common() if u and not u.startswith("khac:")), None)
                          for key, units in units_by_name.items()}
        for key, written in self.plan.written_names.items():
            found = self.matcher.match(written, self.main_unit[key])
            if key in self.by_heading and found.chosen is None:  # read with its heading, as decided above
                found = Match(found.text, found.candidates, self.by_heading[key], rule="heading")
            self.plan.matches[key] = found
        styles = {t.sheet: file_number_style([r.cells.get("value") for r in recs if r.sheet == t.sheet])
                  for t in self.tables}
        catalogue = self.ctx.catalogue
        for key in self.plan.written_names:  # indicators to create, known to the checks as provisional codes
            if self._wants_new(key):
                fields = self._new_fields(key, self.main_unit[key])
                if fields is not None:
                    self.plan.new_indicators[f"moi:{_slug(key)}"] = fields
        if self.plan.new_indicators:
            extra = pd.DataFrame([{"code": code, "name_vi": f["name_vi"], "unit": f["unit"], "kind": f["kind"],
                                   "unit_label": f["unit"]} for code, f in self.plan.new_indicators.items()])
            catalogue = pd.concat([catalogue, extra], ignore_index=True)
        ctx = ImportContext(catalogue=catalogue, localities=self.ctx.localities,
                            scope_classes=self.ctx.scope_classes, sources=self.ctx.sources,
                            unit_index=self.ctx.unit_index)
        checker = RowChecker(ctx, self.tables[0].sheet, self.today)
        for rec in recs:
            checker.sheet = rec.sheet
            self.candidate(rec, styles[rec.sheet], checker)
        self.plan.warnings = [*(w for t in self.tables for w in t.warnings), *checker.warnings]
        self._duplicates_and_existing()
        self._cross_checks()
        self.plan.questions = list(plan_questions(
            self.ctx, [o.obs for o in self.plan.outcomes if o.obs is not None and o.status in {"ready", "conflict"}],
            sheet=self.tables[0].sheet, column=label(IMPORT_SPEC, "value"), catalogue=catalogue))
        used = {o.obs["source_key"] for o in self.plan.outcomes if o.obs is not None}
        self.plan.new_sources = {k: v for k, v in checker.new_sources.items() if k in used}
        for k, v in self.plan.new_sources.items():
            if any(h in (v.get("url") or "").lower() for h in LOW_RELIABILITY_HOSTS):
                self.plan.low_reliability.add(k)
        return self.plan

    def _qualify_by_section(self, recs: list[StaffRecord]) -> None:
        """«Đã giải quyết» under the heading «1. Khiếu nại» is «Khiếu nại – Đã giải quyết» when the
        two together name an indicator (and the editor has not chosen for the name alone)."""
        tried: dict[tuple[str, str], str | None] = {}
        for rec in recs:
            name = rec.cells.get("indicator")
            if (not (rec.section or rec.previous) or not isinstance(name, str)
                    or norm_text(name) in self.settings.indicator_choices
                    or re.search(r"\d{4}", rec.section)):  # a heading naming a year is a period, not a topic
                continue
            unit = unit_code(rec.cells.get("unit"), self.units)
            key = (name, rec.section, rec.previous)
            if key not in tried:  # decided once for the name under this heading, whatever unit a row writes
                tried[key] = None
                if not self._complete(name, unit):
                    for context in (rec.section, rec.previous):
                        combined = f"{context} – {_SUB_ITEM_WORDS.sub('', name)}"
                        if context and (code := self._context_fits(name, combined, unit)):
                            tried[key] = combined
                            self.by_heading[norm_text(combined)] = code
                            break
            if tried[key]:
                rec.cells["indicator"] = tried[key]

    def _context_fits(self, name: str, combined: str, unit: str | None) -> str | None:
        """The indicator a name read with its heading names, when it holds most of the name's own
        words: the heading may complete a name, not replace it («Cuộc giám sát» under «Tiếp xúc
        cử tri» is not «Cuộc tiếp xúc cử tri»)."""
        own = frozenset(clean(_SUB_ITEM_WORDS.sub("", name)).split())  # most of them: three, or 60 %
        return self.matcher.match(combined, unit, shorter=False, must=own).chosen if own else None

    def _complete(self, name: str, unit: str | None) -> bool:
        """The name alone names an indicator whole («Tổng số đơn thư tiếp nhận»): no heading is
        needed, and none may change it."""
        return self.matcher.match(name, unit, shorter=False).whole

    def _qualify_by_title(self, recs: list[StaffRecord]) -> None:
        """«Mô hình đăng ký» in a sheet titled «… PHONG TRÀO THI ĐUA "DÂN VẬN KHÉO" …» is «Dân vận
        khéo – Mô hình đăng ký», when that alone names one indicator and the name alone names none."""
        topics: dict[str, list[str]] = {}
        for t in self.tables:
            named = [w for w in TITLE_TOPICS if f" {w} " in f" {clean(' '.join(t.title))} "]
            named = [w for w in named if not any(w != o and w in o for o in named)]  # «hòa giải» in «hòa giải ở cơ sở»
            topics[t.sheet] = named if len(named) == 1 else []  # a title of several topics says nothing of one line
        first = self.tables[0].sheet
        tried: dict[tuple[str, str, str | None], str | None] = {}
        for rec in recs:
            name = rec.cells.get("indicator")
            here = topics.get(rec.sheet) or topics.get(first) or []
            if not here or not isinstance(name, str) or norm_text(name) in self.settings.indicator_choices:
                continue
            unit = unit_code(rec.cells.get("unit"), self.units)
            key = (name, rec.sheet, unit)
            if key not in tried:
                tried[key] = None
                if self.matcher.match(name, unit).chosen is None:
                    hits = {f"{topic} – {name}": self._context_fits(name, f"{topic} – {name}", unit) for topic in here}
                    codes = {c for c in hits.values() if c}
                    if len(codes) == 1:
                        tried[key] = next(t for t, c in hits.items() if c)
                        self.by_heading[norm_text(tried[key])] = codes.pop()
            if tried[key]:
                rec.cells["indicator"] = tried[key]

    def _duplicates_and_existing(self) -> None:
        ready = [o for o in self.plan.outcomes if o.status == "ready"]
        by_key: dict[tuple, list[Outcome]] = {}
        for o in ready:
            by_key.setdefault(obs_key(o.obs), []).append(o)
        kept: list[Outcome] = []
        for group in by_key.values():
            first = group[0]
            values = {round(float(o.obs["value"]), 9) for o in group}
            if len(values) > 1:
                more = "…" if len(group) > 5 else ""
                reason = (f"các dòng {', '.join(str(o.row) for o in group[:5])}{more} cùng địa phương, chỉ tiêu, kỳ "
                          f"và phạm vi nhưng khác giá trị ({', '.join(format_number(o.obs['value']) for o in group[:5])}"
                          f"{more}); chọn số đúng")
                for o in group:
                    o.status, o.reason_code, o.reason = "held", "trung_dong", reason
                continue
            kept.append(first)
            for o in group[1:]:
                o.status, o.reason_code = "skipped", "trung_dong"
                o.reason = f"trùng hoàn toàn với dòng {first.row}, không nhập hai lần"
        self._adopt_scope_text(kept)
        looked_up = None
        if self.ctx.existing_lookup is not None and kept:
            looked_up = self.ctx.existing_lookup([obs_key(o.obs) for o in kept])
        existing = existing_index(self.ctx.existing, looked_up)
        for o in kept:
            old = existing.get(obs_key(o.obs))
            if old is None:
                self.plan.to_add.append(o.obs)
            elif math.isclose(float(old["value"]), o.obs["value"], rel_tol=1e-9, abs_tol=1e-9):
                o.status, o.reason_code, o.reason = "skipped", "da_co", "số liệu này đã có, cùng giá trị"
                self.plan.unchanged.append(o.row)
            else:
                o.status, o.reason_code = "conflict", "khac_so_da_co"
                o.reason = (f"đã có số {format_number(float(old['value']))} cho cùng địa phương, chỉ tiêu, kỳ và "
                            f"phạm vi; tệp ghi {format_number(o.obs['value'])}")
                self.plan.conflicts.append({"row": o.row, "existing_obs_id": str(old["obs_id"]),
                                            "existing_value": float(old["value"]), "new_value": o.obs["value"],
                                            "existing_source_id": old.get("source_id"), "observation": o.obs})

    def _adopt_scope_text(self, kept: list[Outcome]) -> None:
        """A row that names no reporting body is about the whole locality: when the figure is
        already stored for the whole locality in other words («Cơ quan hành chính … toàn tỉnh»),
        it is that figure (the same value is not stored twice; another value is a conflict)."""
        loose = [o for o in kept if not o.obs["scope_vi"] and o.obs["scope_class"] == "toan_dia_ban"]
        if not loose or self.ctx.existing_lookup is None:
            return
        stored: dict[tuple, set[str]] = {}
        found = self.ctx.existing_lookup([obs_key(o.obs) for o in loose], any_scope_text=True)
        for key, obs in existing_index(found).items():
            stored.setdefault(key[:5], set()).add(str(obs["scope_vi"]))
        for o in loose:
            texts = stored.get(obs_key(o.obs)[:5], set())
            if len(texts) == 1:
                o.obs["scope_vi"] = texts.pop()

    def _cross_checks(self) -> None:
        """A stated rate against its numerator and denominator in the same file, and parts
        against their stated total: disagreements are flagged, the stated figure is kept."""
        figures: dict[tuple, dict[str, Any]] = {}
        for o in self.plan.outcomes:
            if o.obs is not None and o.status in {"ready", "conflict"}:
                place = (o.obs["locality_id"], o.obs["period_start"], o.obs["period_end"], o.obs["scope_class"],
                         norm_text(o.obs["scope_vi"]))
                figures[(*place, o.obs["indicator_code"])] = o.obs
        for (*place, code), obs in figures.items():
            ind = self.catalogue.get(code) or {}
            num, den = ind.get("numerator_code"), ind.get("denominator_code")
            if num and den and isinstance(num, str) and isinstance(den, str):
                n, d = figures.get((*place, num)), figures.get((*place, den))
                if n is not None and d is not None and d["value"] > 0:
                    computed = 100 * n["value"] / d["value"]
                    tolerance = 0.5 * 10 ** -decimals_written(obs.get("_raw_value")) + 1e-9
                    if abs(computed - obs["value"]) > tolerance:
                        text = (f"tỷ lệ ghi {format_number(obs['value'])}% nhưng {format_number(n['value'])}/"
                                f"{format_number(d['value'])} trong cùng tệp cho {format_number(computed, 2)}%; "
                                "vẫn giữ số ghi trong nguồn")
                        self._flag(obs, text)
        totals: dict[tuple, list[dict[str, Any]]] = {}
        parts_of: dict[str, set[str]] = {}
        for code, ind in self.catalogue.items():
            total = ind.get("part_of")
            if isinstance(total, str) and total:
                parts_of.setdefault(total, set()).add(code)
        for (*place, code), obs in figures.items():
            total = (self.catalogue.get(code) or {}).get("part_of")
            if isinstance(total, str) and total:
                totals.setdefault((*place, total), []).append(obs)
        for (*place, total), parts in totals.items():
            stated = figures.get((*place, total))
            if stated is None:
                continue
            summed = sum(p["value"] for p in parts)
            complete = {p["indicator_code"] for p in parts} >= parts_of.get(total, set())
            if summed > stated["value"] + 1e-9 or (complete and abs(summed - stated["value"]) > 1e-9):
                names = " + ".join(format_number(p["value"]) for p in parts)
                self._flag(stated, f"các phần cộng lại {names} = {format_number(summed)}, khác tổng ghi "
                                   f"{format_number(stated['value'])}; vẫn giữ số ghi trong nguồn")

    def _flag(self, obs: dict[str, Any], text: str) -> None:
        self.plan.warnings.append(_warning(obs.get("_sheet", ""), obs["row"], text))
        note = obs.get("note_vi") or ""
        obs["note_vi"] = f"{note} {text[0].upper()}{text[1:]}.".strip() if note else f"{text[0].upper()}{text[1:]}."


_TYPED_START = re.compile(r"^\s*(tỉnh|thành phố|tp\.?|huyện|quận|thị xã|tx\.?|xã|phường|thị trấn|đặc khu)\s", re.IGNORECASE)
_BELOW_COMMUNE = re.compile(r"\b(thôn|ấp|bản|tổ dân phố|khu phố|chi hội|chi bộ|làng|buôn|xóm|khu dân cư|tổ \d)")


def _period_day(c: dict[str, Any]) -> date | None:
    """The last day of a candidate's period, when it reads as one."""
    if isinstance(c.get("end"), (date, datetime)):
        return c["end"].date() if isinstance(c["end"], datetime) else c["end"]
    try:
        start, end = parse_period(c.get("period"))
    except (ValueError, TypeError):
        return None
    return end or start


def _warning(sheet: str, row: int, text: str) -> Any:
    from danvan.importing.problems import ImportProblem

    return ImportProblem(sheet, row, label(IMPORT_SPEC, "value"), text)


def plan_staff(tables: list[RawTable], ctx: ImportContext, settings: StaffSettings, *,
               matcher: IndicatorMatcher, units: pd.DataFrame, themes: list[str], today: date) -> StaffPlan:
    """Plan the import of the sheets ``tables`` read with ``settings`` (see the module docstring)."""
    return _Planner(tables, ctx, settings, matcher, units, themes, today).run()
