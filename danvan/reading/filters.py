"""The filters shared by all pages, and their round trip through the URL (pure)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from danvan.vocabulary import LEVEL_AREAS

LEVEL_ALL = "all"
LEVEL_CHOICES = {LEVEL_ALL: "Tất cả"} | LEVEL_AREAS
DEFAULT_YEARS = (2009, 2025)


@dataclass(frozen=True)
class Filters:
    year_from: int
    year_to: int
    lineages: tuple[str, ...]  # empty = the group «Địa bàn trọng điểm» (focus units and successors)
    level: str = LEVEL_ALL


def _year(raw: str | None, default: int, bounds: tuple[int, int]) -> int:
    try:
        year = int(str(raw))
    except (TypeError, ValueError):
        return default
    return min(max(year, bounds[0]), bounds[1])


def from_query_params(
    params: Mapping[str, str | Sequence[str]],
    known_lineages: Collection[str],
    bounds: tuple[int, int] = DEFAULT_YEARS,
) -> Filters:
    """Build filters from URL parameters, ignoring anything unknown or malformed."""

    def first(name: str) -> str | None:
        value = params.get(name)
        if value is None or isinstance(value, str):
            return value
        return value[0] if value else None

    year_from = _year(first("tu"), bounds[0], bounds)
    year_to = _year(first("den"), bounds[1], bounds)
    if year_from > year_to:
        year_from, year_to = year_to, year_from
    raw_areas = first("dia_ban") or ""
    lineages = tuple(a for a in raw_areas.split(",") if a in known_lineages)
    level = first("cap") or LEVEL_ALL
    if level not in LEVEL_CHOICES:
        level = LEVEL_ALL
    return Filters(year_from, year_to, lineages, level)


def to_query_params(filters: Filters, bounds: tuple[int, int] = DEFAULT_YEARS) -> dict[str, str]:
    """Only what differs from the defaults goes into the URL, so links stay short."""
    params: dict[str, str] = {}
    if filters.year_from != bounds[0]:
        params["tu"] = str(filters.year_from)
    if filters.year_to != bounds[1]:
        params["den"] = str(filters.year_to)
    if filters.lineages:
        params["dia_ban"] = ",".join(filters.lineages)
    if filters.level != LEVEL_ALL:
        params["cap"] = filters.level
    return params
