"""Find the attribute column whose values name the localities of a level (code or name)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from danvan.formatting import is_missing, nfc, strip_diacritics
from danvan.vocabulary import LEVEL_TIERS

_NAME_PREFIX = re.compile(r"^(?:thanh pho|thi xa|thi tran|quan|huyen|phuong|xa|tp|tx|tt|q|h|p|x)\s+")
_PROVINCE_PREFIX = re.compile(r"^(?:tinh|thanh pho|tp)\s+")
_ID_LIKE_COLUMNS = {"fid", "id", "gid", "oid", "objectid", "ogc_fid", "stt", "index", "shape_id"}


def _raw_text(value: Any) -> str | None:
    if is_missing(value):
        return None
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        value = int(value)
    text = nfc(str(value))
    return text or None


def _code_key(value: Any) -> str | None:
    """``"002"``, ``"2"``, ``2`` and ``2.0`` all give ``"2"``; other codes are case-folded."""
    if isinstance(value, (bool, np.bool_)):
        return None
    text = _raw_text(value)
    if text is None:
        return None
    if re.fullmatch(r"\d+(?:\.0+)?", text):
        return text.split(".")[0].lstrip("0") or "0"
    return text.casefold()


def _name_words(value: Any) -> str | None:
    text = _raw_text(value)
    if text is None:
        return None
    words = re.sub(r"[^0-9a-z]+", " ", strip_diacritics(text)).strip()
    words = re.sub(r"\d+", lambda m: str(int(m.group())), words)
    return words or None


def _name_keys(value: Any, level: str) -> tuple[str, str] | None:
    """(full key, key without the unit-type prefix), spaces removed."""
    words = _name_words(value)
    if words is None:
        return None
    prefix = _PROVINCE_PREFIX if level == "tinh" else _NAME_PREFIX
    m = prefix.match(words)
    stripped = words[m.end() :] if m else words
    return words.replace(" ", ""), (stripped or words).replace(" ", "")


@dataclass
class _LocalityIndex:
    rows: pd.DataFrame  # localities of the level, positional index
    code: dict[str, list[int]]
    code_raw: list[str | None]
    name_full: dict[str, list[int]]
    name_stripped: dict[str, list[int]]


def _build_index(locs: pd.DataFrame, level: str) -> _LocalityIndex:
    rows = locs.reset_index(drop=True)
    code: dict[str, list[int]] = {}
    code_raw: list[str | None] = []
    name_full: dict[str, list[int]] = {}
    name_stripped: dict[str, list[int]] = {}
    for i, row in rows.iterrows():
        raw = _raw_text(row.get("gso_code"))
        code_raw.append(raw)
        key = _code_key(raw)
        if key is not None:
            code.setdefault(key, []).append(i)
        for col in ("name_vi", "short_name_vi"):
            keys = _name_keys(row.get(col), level)
            if keys is None:
                continue
            full, stripped = keys
            name_full.setdefault(full, []).append(i)
            name_stripped.setdefault(stripped, []).append(i)
    return _LocalityIndex(rows, code, code_raw, name_full, name_stripped)


def _lookup_code(index: _LocalityIndex, value: Any) -> list[int]:
    key = _code_key(value)
    return index.code.get(key, []) if key is not None else []


def _lookup_name(index: _LocalityIndex, value: Any, level: str) -> list[int]:
    keys = _name_keys(value, level)
    if keys is None:
        return []
    full, stripped = keys
    for key in dict.fromkeys((full, stripped)):
        for table in (index.name_full, index.name_stripped):
            if key in table:
                return table[key]
    return []


@dataclass
class _Resolution:
    row: int | None  # position in index.rows
    ambiguous: list[int] = field(default_factory=list)
    vintages: list[int] = field(default_factory=list)


def _lineage(rows: pd.DataFrame, i: int) -> str:
    lineage = _raw_text(rows.at[i, "lineage"]) if "lineage" in rows.columns else None
    return lineage or str(rows.at[i, "locality_id"])


def _vintage_key(rows: pd.DataFrame, i: int) -> tuple[int, str]:
    valid_to = _raw_text(rows.at[i, "valid_to"]) if "valid_to" in rows.columns else None
    return (1, "") if valid_to is None else (0, valid_to)


def _resolve(rows: pd.DataFrame, candidates: list[int]) -> _Resolution:
    unique = list(dict.fromkeys(candidates))
    if not unique:
        return _Resolution(None)
    if len(unique) == 1:
        return _Resolution(unique[0])
    if len({_lineage(rows, i) for i in unique}) == 1:
        # Several vintages of one unit: take the current one (no end date), else the latest.
        best = max(unique, key=lambda i: _vintage_key(rows, i))
        return _Resolution(best, vintages=unique)
    return _Resolution(None, ambiguous=unique)


@dataclass
class _ColumnMatch:
    column: str
    kind: str  # "code" | "name"
    position: int
    resolutions: list[_Resolution]
    n_exact: int

    @property
    def n_matched(self) -> int:
        return sum(r.row is not None for r in self.resolutions)

    @property
    def n_ambiguous(self) -> int:
        return sum(bool(r.ambiguous) for r in self.resolutions)

    def score(self) -> tuple:
        id_like = self.column.casefold() in _ID_LIKE_COLUMNS
        return (
            self.n_matched,
            self.n_ambiguous,
            self.kind == "code",
            self.n_exact,
            not id_like,
            -self.position,
        )


def _attribute_columns(gdf: gpd.GeoDataFrame) -> list[str]:
    geom_name = gdf.geometry.name
    return [
        c for c in gdf.columns if c != geom_name and not isinstance(gdf[c].dtype, gpd.array.GeometryDtype)
    ]


def _match_columns(gdf: gpd.GeoDataFrame, index: _LocalityIndex, level: str) -> list[_ColumnMatch]:
    results: list[_ColumnMatch] = []
    for position, column in enumerate(_attribute_columns(gdf)):
        series = gdf[column]
        if pd.api.types.is_bool_dtype(series.dtype):
            continue
        values = series.tolist()
        code_cands = [_lookup_code(index, v) for v in values]
        n_exact = sum(
            1
            for v, cands in zip(values, code_cands, strict=True)
            if cands and _raw_text(v) in {index.code_raw[i] for i in cands}
        )
        results.append(
            _ColumnMatch(column, "code", position, [_resolve(index.rows, c) for c in code_cands], n_exact)
        )
        if not pd.api.types.is_numeric_dtype(series.dtype):
            name_cands = [_lookup_name(index, v, level) for v in values]
            results.append(
                _ColumnMatch(column, "name", position, [_resolve(index.rows, c) for c in name_cands], 0)
            )
    return results


def _examples(series: pd.Series, k: int = 2) -> list[str]:
    seen: list[str] = []
    for value in series.tolist():
        text = _raw_text(value)
        if text is not None and text not in seen:
            seen.append(text if len(text) <= 40 else text[:39] + "…")
            if len(seen) == k:
                break
    return seen


def _locality_label(rows: pd.DataFrame, i: int) -> str:
    name = _raw_text(rows.at[i, "name_vi"]) or str(rows.at[i, "locality_id"])
    return f"«{name}»"


# --------------------------------------------------------------------------
# Prepared layer
# --------------------------------------------------------------------------


def _no_match_message(
    gdf: gpd.GeoDataFrame,
    index: _LocalityIndex,
    localities: pd.DataFrame,
    level: str,
    best: _ColumnMatch | None,
) -> str:
    level_vi = LEVEL_TIERS[level]
    columns = _attribute_columns(gdf)
    if not columns:
        return (
            f"Tệp không có cột thuộc tính nào (chỉ có hình) nên không biết mỗi vùng là đơn vị {level_vi} "
            "nào. Hãy thêm một cột mã đơn vị (mã Tổng cục Thống kê) hoặc tên đơn vị rồi xuất lại."
        )
    if best is not None and best.n_ambiguous:
        return (
            f"Tên trong cột «{best.column}» trùng với nhiều đơn vị {level_vi} cùng tên nên không ghép được. "
            "Hãy dùng một cột mã đơn vị (mã Tổng cục Thống kê) để ghép."
        )
    looked = "; ".join(
        f"«{c}»" + (f" (ví dụ: {', '.join('«' + e + '»' for e in ex)})" if (ex := _examples(gdf[c])) else "")
        for c in columns[:12]
    )
    if len(columns) > 12:
        looked += f"; và {len(columns) - 12} cột khác"
    rows = index.rows
    sample = rows.iloc[0]
    sample_code = _raw_text(sample.get("gso_code"))
    sample_name = _raw_text(sample.get("name_vi"))
    expected = f"tên như «{sample_name}»" + (f" hoặc mã như «{sample_code}»" if sample_code else "")
    message = (
        f"Không tìm thấy cột nào chứa mã hoặc tên đơn vị {level_vi} khớp với dữ liệu. Đã xem các cột: "
        f"{looked}. Cần một cột có {expected}."
    )
    # Wrong level chosen? Try the others.
    for other, other_vi in LEVEL_TIERS.items():
        if other == level:
            continue
        other_locs = localities[localities["level"].astype(str) == other]
        if other_locs.empty:
            continue
        other_index = _build_index(other_locs, other)
        if any(m.n_matched for m in _match_columns(gdf, other_index, other)):
            message += f" Tệp này có vẻ là ranh giới {other_vi}: hãy chọn đúng cấp khi tải lên."
            break
    else:
        garbled = any(
            re.search(r"[µ¸¹¶·Õ¬¨©ª®¯°±²³´¼½¾ÊË]|Ã.|Æ.|Ä.", e) for c in columns for e in _examples(gdf[c], 3)
        )
        if garbled:
            message += (
                " Chữ tiếng Việt trong tệp có vẻ bị sai bảng mã (ví dụ «HoÃ n Kiáº¿m» hoặc «Hoµn KiÕm»): "
                "hãy chuyển sang Unicode (UTF-8) rồi xuất lại (Shapefile: kèm tệp .cpg ghi UTF-8)."
            )
    return message
