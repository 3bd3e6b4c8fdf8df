"""Plausibility of a figure about to be imported: questions the editor must answer before the
file is written (never a silent import, never a silent change).

Pure: the figures stored are passed in as a DataFrame (danvan.importing.lookups.value_ranges).
Each rule is a function of one value that returns the question (Vietnamese) or None; :func:`ask`
applies them to the checked rows of a file and returns :class:`Question` s located by sheet, row
and column. Values that cannot be real at all (infinite, 400 digits, Arabic-Indic digits) are
refused earlier, by danvan.importing.values.number_and_percent.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from danvan.formatting import format_number
from danvan.importing.problems import ImportProblem
from danvan.vocabulary import LEVEL_NOUNS

WHOLE_KINDS = frozenset({"count", "stock"})  # indicators that count whole things (lượt, đơn, người, hồ sơ…)
PERCENT_UNIT = "phan_tram"
FAR_FACTOR = 10  # a figure more than this many times the largest stored at its level is asked about
MIN_STORED = 3  # stored figures at a level that make a known range (one or two figures say little)
RULES = {
    "so_le": "số lẻ cho chỉ tiêu đếm",
    "ty_le_nho": "tỷ lệ dưới 1%",
    "ngoai_khoang": "lớn bất thường so với số đã lưu",
}
CONFIRM_FIX = "nếu nguồn ghi đúng như vậy, đánh dấu xác nhận rồi nhập; nếu không, sửa tệp rồi tải lên lại"


@dataclass(frozen=True)
class Question(ImportProblem):
    """A figure that is held until the editor confirms it (``rule``: a key of :data:`RULES`)."""

    rule: str = ""


@dataclass(frozen=True)
class StoredRange:
    """The figures stored for one indicator (at one level, or at every level): how many, the
    smallest and the largest."""

    n: int
    low: float
    high: float


def exact(value: float) -> str:
    """``0.893`` -> ``"0,893"``: every decimal the value has (up to 6), the Vietnamese way."""
    text = repr(float(value))
    decimals = 0 if "e" in text or text.endswith(".0") else min(len(text.split(".")[1]), 6)
    return format_number(value, decimals)


def is_whole_indicator(ind: dict[str, Any]) -> bool:
    """The indicator counts whole things: kind count/stock, a unit shown without decimals."""
    decimals = ind.get("unit_decimals")
    whole_unit = decimals is None or (isinstance(decimals, float) and math.isnan(decimals)) or int(decimals) == 0
    return str(ind.get("kind", "")) in WHOLE_KINDS and str(ind.get("unit", "")) != PERCENT_UNIT and whole_unit


def _name(ind: dict[str, Any]) -> str:
    return str(ind.get("name_vi") or ind.get("code") or "")


def _unit(ind: dict[str, Any]) -> str:
    return str(ind.get("unit_label") or ind.get("unit") or "")


def decimal_count(value: float, ind: dict[str, Any]) -> str | None:
    """«12,5 lượt» for an indicator that counts lượt: asked."""
    if not is_whole_indicator(ind) or float(value).is_integer():
        return None
    unit = _unit(ind)
    return (f"giá trị {exact(value)} {unit} có phần lẻ, nhưng chỉ tiêu «{_name(ind)}» đếm số {unit} (số nguyên): "
            f"đúng là {exact(value)} {unit}?")


def small_percent(value: float, ind: dict[str, Any], stored: StoredRange | None) -> str | None:
    """«0,893» for a percentage whose stored figures all lie between 1 and 100: 0,893% or 89,3%?"""
    if str(ind.get("unit", "")) != PERCENT_UNIT or not 0 < value < 1:
        return None
    if stored is None or stored.n < 1 or stored.low < 1 or stored.high > 100:
        return None
    return (f"tỷ lệ {exact(value)}% nhỏ hơn 1%, trong khi các số đã lưu của chỉ tiêu «{_name(ind)}» đều từ "
            f"{format_number(stored.low)}% đến {format_number(stored.high)}%: "
            f"{exact(value)} hay {exact(round(value * 100, 6))}%?")


def far_outside(value: float, ind: dict[str, Any], level: str, stored: StoredRange | None) -> str | None:
    """A figure more than :data:`FAR_FACTOR` times the largest stored for the indicator at the
    unit's level (tỉnh, huyện, xã), when at least :data:`MIN_STORED` are stored there: asked,
    with the stored maximum stated."""
    if str(ind.get("unit", "")) == PERCENT_UNIT or stored is None or stored.n < MIN_STORED or stored.high <= 0:
        return None
    if abs(value) <= FAR_FACTOR * stored.high:
        return None
    where = LEVEL_NOUNS.get(level, level)
    return (f"giá trị {exact(value)} lớn hơn {FAR_FACTOR} lần số lớn nhất đã lưu cho chỉ tiêu «{_name(ind)}» "
            f"ở cấp {where} ({format_number(stored.high)} {_unit(ind)}, {stored.n} số liệu): có đúng không?")


def ranges_by_key(ranges: pd.DataFrame | None) -> tuple[dict[tuple[str, str], StoredRange], dict[str, StoredRange]]:
    """(indicator, level) -> range, and indicator -> range over every level, from the frame of
    danvan.importing.lookups.value_ranges (indicator_code, level, n, low, high)."""
    by_level: dict[tuple[str, str], StoredRange] = {}
    overall: dict[str, StoredRange] = {}
    if ranges is None or ranges.empty:
        return by_level, overall
    for r in ranges.to_dict("records"):
        here = StoredRange(int(r["n"]), float(r["low"]), float(r["high"]))
        code = str(r["indicator_code"])
        by_level[(code, str(r["level"]))] = here
        seen = overall.get(code)
        overall[code] = here if seen is None else StoredRange(
            seen.n + here.n, min(seen.low, here.low), max(seen.high, here.high))
    return by_level, overall


def ask(observations: Iterable[dict[str, Any]], catalogue: pd.DataFrame, levels: dict[str, str],
        ranges: pd.DataFrame | None, *, sheet: str, column: str) -> list[Question]:
    """The questions for ``observations`` (checked rows: row, locality_id, indicator_code, value;
    a staff row also ``_sheet`` and ``_column``). ``levels``: locality_id -> tinh | huyen | xa."""
    indicators = {str(r["code"]): r for r in catalogue.to_dict("records")}
    by_level, overall = ranges_by_key(ranges)
    questions: list[Question] = []
    for obs in observations:
        ind = indicators.get(str(obs["indicator_code"]))
        if ind is None:
            continue
        value = float(obs["value"])
        code, level = str(ind["code"]), levels.get(str(obs["locality_id"]), "")
        found = {
            "so_le": decimal_count(value, ind),
            "ty_le_nho": small_percent(value, ind, overall.get(code)),
            "ngoai_khoang": far_outside(value, ind, level, by_level.get((code, level))),
        }
        for rule, text in found.items():
            if text:
                questions.append(Question(obs.get("_sheet", sheet), int(obs["row"]), obs.get("_column") or column,
                                          text, CONFIRM_FIX, rule=rule))
    return questions


def stored_ranges(ctx: Any, codes: Iterable[str]) -> pd.DataFrame:
    """The ranges of ``codes`` from an ImportContext: its ``ranges`` frame, and what its
    ``range_lookup`` reads (one call)."""
    wanted = sorted(set(codes))
    frames = [ctx.ranges] if ctx.ranges is not None and not ctx.ranges.empty else []
    if ctx.range_lookup is not None and wanted:
        frames.append(ctx.range_lookup(wanted))
    frames = [f for f in frames if f is not None and not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def levels_of(localities: pd.DataFrame) -> dict[str, str]:
    """locality_id -> level (tinh | huyen | xa)."""
    if localities is None or localities.empty or "level" not in localities:
        return {}
    return dict(zip(localities["locality_id"].astype(str), localities["level"].astype(str), strict=True))


def plan_questions(ctx: Any, observations: list[dict[str, Any]], *, sheet: str, column: str,
                   catalogue: pd.DataFrame | None = None) -> list[Question]:
    """:func:`ask` for the rows of a plan, with what ``ctx`` (an ImportContext) knows."""
    if not observations:
        return []
    ranges = stored_ranges(ctx, (str(o["indicator_code"]) for o in observations))
    return ask(observations, ctx.catalogue if catalogue is None else catalogue, levels_of(ctx.localities),
               ranges, sheet=sheet, column=column)


def question_text(questions: list[ImportProblem], limit: int = 10) -> str:
    """«Cần xác nhận 2 số liệu: Dòng 3, cột «Giá trị»: …; Dòng 5 …» for a message or the audit."""
    shown = "; ".join(q.message if q.row is None else f"dòng {q.row}"
                      + (f", cột «{q.column}»" if q.column else "") + f": {q.message}" for q in questions[:limit])
    more = f" (và {len(questions) - limit} số liệu khác)" if len(questions) > limit else ""
    return f"{shown}{more}"


def ranges_of(observations: pd.DataFrame, localities: pd.DataFrame) -> pd.DataFrame:
    """What danvan.importing.lookups.value_ranges reads, computed from frames (indicator_code,
    locality_id, value; localities: locality_id, level): for checks without a database."""
    columns = ["indicator_code", "level", "n", "low", "high"]
    if observations is None or observations.empty:
        return pd.DataFrame(columns=columns)
    levels = localities[["locality_id", "level"]].astype(str)
    frame = observations.assign(value=observations["value"].astype(float)).merge(levels, on="locality_id")
    out = frame.groupby(["indicator_code", "level"])["value"].agg(["count", "min", "max"]).reset_index()
    return out.set_axis(columns, axis=1)
