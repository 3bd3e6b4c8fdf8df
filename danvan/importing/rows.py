"""Checks on one row of an observations import file (used by :mod:`validate`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd

from danvan.formatting import format_date, format_number, nfc
from danvan.importing.columns import IMPORT_SPEC, label, norm_text, required_keys
from danvan.importing.context import ImportContext
from danvan.importing.problems import ImportProblem
from danvan.importing.units import unit_code
from danvan.importing.values import (
    NUMBER_FIX,
    PERIOD_FIX,
    ForeignDigit,
    LocalityIndex,
    NumberRefused,
    decimals_written,
    match_locality,
    number_and_percent,
    parse_date,
    parse_period,
    parse_qualifier,
    suggest,
)

NON_NEGATIVE_KINDS = {"count", "stock", "amount"}
DEFAULT_SCOPE_CLASS = "toan_dia_ban"
L = {key: label(IMPORT_SPEC, key) for key, _ in IMPORT_SPEC}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (date, datetime)):
        return format_date(value)
    return nfc(str(value)) or ""


def obs_key(obs: dict[str, Any]) -> tuple:
    return (obs["locality_id"], obs["indicator_code"], obs["period_start"], obs["period_end"],
            obs["scope_class"], norm_text(obs["scope_vi"]))


class RowChecker:
    def __init__(self, ctx: ImportContext, sheet: str, today: date) -> None:
        self.ctx, self.sheet, self.today = ctx, sheet, today
        self.localities = LocalityIndex(ctx.unit_index if ctx.unit_index is not None else ctx.localities)
        self.problems: list[ImportProblem] = []
        self.warnings: list[ImportProblem] = []
        cat = ctx.catalogue.to_dict("records")
        self.indicators = {str(r["code"]).strip().lower(): r for r in cat}
        self.indicator_choices = {norm_text(r["code"]): str(r["code"]) for r in cat}
        self.indicator_choices.update({norm_text(r["name_vi"]): str(r["code"]) for r in cat if "name_vi" in r})
        scopes = ctx.scope_classes.to_dict("records")
        self.scope_codes = {norm_text(r["code"]): str(r["code"]) for r in scopes}
        self.scope_codes.update({norm_text(r["name_vi"]): str(r["code"]) for r in scopes})
        src = ctx.sources.to_dict("records") if not ctx.sources.empty else []
        self.sources = {(norm_text(r["title"]), norm_text(r.get("issuer"))): str(r["source_id"]) for r in src}
        self.urls = {str(r["url"]).strip().rstrip("/").lower(): str(r["source_id"]) for r in src if r.get("url")}
        self.titles: dict[str, list[str]] = {}
        for r in src:
            self.titles.setdefault(norm_text(r["title"]), []).append(str(r["source_id"]))
        self.new_sources: dict[str, dict[str, Any]] = {}
        self._new_keys: dict[tuple[str, str], str] = {}

    def problem(self, row: int | None, key: str | None, message: str, fix: str = "") -> None:
        self.problems.append(ImportProblem(self.sheet, row, L.get(key, key) if key else None, message, fix))

    def warn(self, row: int | None, key: str | None, message: str, fix: str = "") -> None:
        self.warnings.append(ImportProblem(self.sheet, row, L.get(key, key) if key else None, message, fix))

    def _date(self, row: int, key: str, value: Any) -> date | None:
        try:
            return parse_date(value)
        except ValueError as exc:
            self.problem(row, key, str(exc), "ghi ngày dạng dd/mm/yyyy, ví dụ 31/12/2021")
            return None

    def _future(self, row: int, key: str, day: date | None) -> bool:
        if day is not None and day > self.today:
            self.problem(row, key, f"ngày {format_date(day)} nằm trong tương lai (hôm nay là "
                         f"{format_date(self.today)})", "kiểm tra lại năm; chỉ nhập số liệu đã có")
            return True
        return False

    def _period(self, row: int, c: dict[str, Any]) -> tuple[bool, date | None, date | None]:
        start = end = None
        text_start = text_end = None
        good = True
        if isinstance(c.get("period"), (date, datetime)):
            self.problem(row, "period", f"Excel đã đổi ô kỳ báo cáo thành ngày {format_date(c['period'])}",
                         "ghi kỳ bằng chữ (ví dụ «tháng 5/2023», «đến 31/10/2021») hoặc dùng cột «Đến ngày»")
            good = False
        elif c.get("period") is not None:
            try:
                text_start, text_end = parse_period(c["period"])
            except ValueError as exc:
                self.problem(row, "period", str(exc), PERIOD_FIX)
                good = False
        if c.get("start") is not None:
            start = self._date(row, "start", c["start"])
            good = good and start is not None
        if c.get("end") is not None:
            end = self._date(row, "end", c["end"])
            good = good and end is not None
        if not good:
            return False, None, None
        for name, given, from_text in (("start", start, text_start), ("end", end, text_end)):
            if given is not None and from_text is not None and given != from_text:
                self.problem(row, name, f"«{L[name]}» {format_date(given)} không khớp với kỳ báo cáo "
                             f"«{c['period']}» ({format_date(from_text)})",
                             "chỉ ghi một cách (kỳ báo cáo hoặc ngày), hoặc sửa cho khớp")
                good = False
        start = start if start is not None else text_start
        end = end if end is not None else text_end
        if start is None and end is None:
            self.problem(row, "period", "chưa ghi kỳ báo cáo", PERIOD_FIX)
            return False, None, None
        where = "end" if c.get("end") is not None else "period"
        if start is not None and end is not None and end < start:
            self.problem(row, where, f"ngày kết thúc {format_date(end)} trước ngày bắt đầu "
                         f"{format_date(start)}", "đổi chỗ hai ngày hoặc sửa lại năm")
            good = False
        for name, day in (("start", start), ("end", end)):
            col = name if c.get(name) is not None else "period"
            if self._future(row, col, day):
                good = False
        return good, start, end

    def _number(self, row: int, key: str, value: Any) -> tuple[float | None, bool]:
        try:
            return number_and_percent(value)
        except ForeignDigit as exc:
            self.problem(row, key, str(exc), "gõ lại bằng chữ số 0–9 thông thường (tắt bộ gõ toàn khổ), "
                         "ví dụ 1.234 hoặc 12,5")
            return None, False
        except NumberRefused as exc:
            self.problem(row, key, str(exc), "kiểm tra lại ô (có thể đã dán nhầm cả chuỗi số) và ghi số thật, "
                         "ví dụ 1.234 hoặc 12,5")
            return None, False
        except ValueError as exc:
            self.problem(row, key, f"{exc}; không phải là số" if "không phải là số" not in str(exc)
                         else str(exc), NUMBER_FIX)
            return None, False

    def _value(self, row: int, c: dict[str, Any], ind: dict[str, Any] | None) -> float | None:
        value, percent = self._number(row, "value", c["value"])
        if value is None or ind is None:
            return value
        unit, kind = str(ind.get("unit", "")), str(ind.get("kind", ""))
        label_ = str(ind.get("unit_label") or unit)
        ok = True
        if percent and unit != "phan_tram":
            self.problem(row, "value", f"ghi dấu % nhưng chỉ tiêu «{ind['code']}» tính bằng «{label_}»",
                         "bỏ dấu %, hoặc chọn đúng mã chỉ tiêu tỷ lệ")
            ok = False
        if kind in NON_NEGATIVE_KINDS and value < 0:
            self.problem(row, "value", f"giá trị âm ({format_number(value)}) không hợp lệ với chỉ tiêu đếm "
                         "số lượng/số tiền", "kiểm tra lại dấu trừ")
            ok = False
        if (unit == "phan_tram" or percent) and not 0 <= value <= 100:
            self.problem(row, "value", f"tỷ lệ {format_number(value)}% nằm ngoài khoảng 0–100%",
                         "ghi phần trăm từ 0 đến 100 (ví dụ 12,5), không ghi dạng 0,125 hay số lượng")
            ok = False
        if ok and unit == "phan_tram":
            self._ratio(row, c, value)
        elif c.get("numerator") is not None or c.get("denominator") is not None:
            self.warn(row, "numerator", f"chỉ tiêu «{ind['code']}» không phải tỷ lệ nên «Tử số»/«Mẫu số» "
                      "được bỏ qua")
        return value if ok else None

    def _ratio(self, row: int, c: dict[str, Any], value: float) -> None:
        num = self._number(row, "numerator", c["numerator"])[0] if c.get("numerator") is not None else None
        den = self._number(row, "denominator", c["denominator"])[0] if c.get("denominator") is not None else None
        if num is None or den is None:
            if (c.get("numerator") is None) != (c.get("denominator") is None):
                self.warn(row, "numerator" if c.get("numerator") is None else "denominator",
                          "chỉ có một trong hai ô «Tử số»/«Mẫu số»; không kiểm tra được tỷ lệ")
            return
        if den <= 0:
            self.problem(row, "denominator", "mẫu số phải lớn hơn 0", "ghi đúng số làm mẫu số")
        elif num > den or num < 0:
            self.problem(row, "numerator", f"tử số {format_number(num)} lớn hơn mẫu số {format_number(den)}"
                         if num > den else "tử số âm", "kiểm tra lại tử số và mẫu số (có thể bị đổi chỗ)")
        else:
            computed = 100 * num / den
            tolerance = 0.5 * 10 ** -decimals_written(c["value"]) + 1e-9
            if abs(computed - value) > tolerance:
                self.warn(row, "value", f"tỷ lệ ghi {format_number(value)}% nhưng tử số/mẫu số cho "
                          f"{format_number(computed)}%; vẫn giữ số ghi trong nguồn",
                          "kiểm tra lại nguồn; nếu nguồn ghi như vậy thì ghi chú vào cột «Ghi chú»")

    def _unit(self, row: int, c: dict[str, Any], ind: dict[str, Any]) -> None:
        if c.get("unit") is None:
            return
        unit = str(ind.get("unit", ""))
        label_ = str(ind.get("unit_label") or unit)
        units = pd.DataFrame({"code": [unit], "name_vi": [label_]})  # the indicator's own names, and synonyms
        if unit_code(c["unit"], units) != unit:
            self.problem(row, "unit", f"đơn vị «{c['unit']}» không khớp: chỉ tiêu «{ind['code']}» tính "
                         f"bằng «{label_}»", f"ghi «{label_}» hoặc để trống cột «{L['unit']}»")

    def _source(self, row: int, c: dict[str, Any]) -> str:
        title, issuer = _text(c["source"]), _text(c.get("issuer"))
        key = (norm_text(title), norm_text(issuer))
        url = _text(c.get("reference")).strip().rstrip("/").lower()
        if url.startswith(("http://", "https://")):  # a web page is one source whatever its title
            if url in self.urls:
                return self.urls[url]
            key = ("url", url)
        if key in self.sources:
            return self.sources[key]
        if not issuer and len(self.titles.get(key[0], [])) == 1:
            return self.titles[key[0]][0]
        if key not in self._new_keys:
            ref = _text(c.get("reference"))
            is_url = ref.lower().startswith(("http://", "https://", "www."))
            published = None
            if c.get("published") is not None:
                published = self._date(row, "published", c["published"])
                self._future(row, "published", published)
            new_key = f"NEW{len(self._new_keys) + 1}"
            self._new_keys[key] = new_key
            self.new_sources[new_key] = {
                "source_id": new_key, "title": title, "issuer": issuer, "kind": "",
                "document_number": "" if is_url else ref, "url": ref if is_url else "",
                "published_date": published, "accessed_date": self.today, "licence_note": "",
                "rows": [row]}
        else:
            self.new_sources[self._new_keys[key]]["rows"].append(row)
        return self._new_keys[key]

    def check(self, row: int, c: dict[str, Any]) -> dict[str, Any] | None:
        before = len(self.problems)
        for key in required_keys(IMPORT_SPEC):
            if key in c and c[key] is None:
                self.problem(row, key, "ô bắt buộc đang để trống", f"ghi «{L[key]}» cho dòng này")
        ind = None
        if c.get("indicator") is not None:
            ind = self.indicators.get(str(c["indicator"]).strip().lower())
            if ind is None:
                self.problem(row, "indicator", f"không có mã chỉ tiêu «{c['indicator']}» trong danh mục",
                             " ".join(filter(None, [suggest(c["indicator"], self.indicator_choices),
                                                    "Xem mã ở sheet «Danh mục» của tệp mẫu"])))
            else:
                self._unit(row, c, ind)
        value = self._value(row, c, ind) if c.get("value") is not None else None
        has_period = any(c.get(k) is not None for k in ("period", "start", "end"))
        good_period, start, end = self._period(row, c) if has_period else (False, None, None)
        if not has_period and {"period", "start", "end"} & c.keys():
            self.problem(row, "period", "chưa ghi kỳ báo cáo", PERIOD_FIX)
        locality_id = None
        if c.get("locality") is not None:
            try:
                locality_id, hint = match_locality(c["locality"], self.localities,
                                                   (end or start) if good_period else None)
                if locality_id is None:
                    self.problem(row, "locality", f"không tìm thấy địa phương «{c['locality']}»",
                                 " ".join(filter(None, [hint, "Ghi tên như ở sheet «Danh mục» của tệp mẫu"])))
            except ValueError as exc:
                self.problem(row, "locality", str(exc), "kiểm tra kỳ báo cáo, hoặc ghi đúng đơn vị hành chính "
                             "tại thời điểm của số liệu (xem sheet «Danh mục»)")
        qualifier = "exact"
        try:
            qualifier = parse_qualifier(c.get("qualifier"))
        except ValueError as exc:
            self.problem(row, "qualifier", str(exc), "để trống, hoặc ghi «chính xác», «hơn», «gần», «dưới»")
        scope_class = self.scope_codes.get(norm_text(c.get("scope_class")), None)
        if c.get("scope_class") is None:
            scope_class = DEFAULT_SCOPE_CLASS
        elif scope_class is None:
            self.problem(row, "scope_class", f"không có loại phạm vi «{c['scope_class']}»",
                         " ".join(filter(None, [suggest(c["scope_class"], self.scope_codes),
                                                "Chọn mã ở sheet «Danh mục», hoặc để trống nếu là toàn địa bàn"])))
        source_key = self._source(row, c) if c.get("source") is not None else None
        if len(self.problems) > before or value is None or locality_id is None or ind is None:
            return None
        return {
            "row": row, "locality_id": locality_id, "indicator_code": str(ind["code"]),
            "period_start": start, "period_end": end, "value": value, "qualifier": qualifier,
            "scope_class": scope_class, "scope_vi": _text(c.get("scope")),
            "source_id": None if str(source_key).startswith("NEW") else source_key,
            "source_key": source_key, "locator": _text(c.get("locator")), "note_vi": _text(c.get("note")),
        }
