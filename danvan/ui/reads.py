"""Every read a page (or the UI module) makes: one named, typed function per read.

Each cached read is a ``st.cache_data`` wrapper over one function of danvan.reading.page_data
(what a page shows, shaped for display once) or danvan.reading.queries (reference lists),
keyed on the data's version (store.data_version(), read once per run) and its arguments: an
import, undo or edit in any process gives the data a new version, so the next run reads fresh
results; ui.data_changed() forgets them all at once. Page models keep at most MODEL_ENTRIES
results per read, reference reads QUERY_ENTRIES, each for at most TTL seconds.

A few reads are not kept (large downloads, the import history, accounts and the audit log,
which change without a new data version); they are read now, on every run.

Pages never pass a name: go-to-definition, types and renames work. The wrappers call the
underlying function through its module (``page_data.trend``), never a copy bound at import,
so benchmarks/scale.py can time the data path by module.

Writes (registry edits, imports, undo, accounts) are not reads: pages call the domain
function with ``ui.engine()`` as first argument (tests/test_structure_pages.py lists them)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from danvan.reading import page_data, queries
from danvan.reading.filters import Filters
from danvan.ui import store as ui

TTL = 3600
MODEL_ENTRIES = 256
QUERY_ENTRIES = 512

_model = st.cache_data(show_spinner=False, ttl=TTL, max_entries=MODEL_ENTRIES)
_query = st.cache_data(show_spinner=False, ttl=TTL, max_entries=QUERY_ENTRIES)


# --------------------------------------------------------------------------- page models (page_data)
@_model
def _overview(version: str, filters: Filters) -> page_data.Overview:
    return page_data.overview(ui.engine(), filters)


def overview(filters: Filters) -> page_data.Overview:
    """Tổng quan: cards, coverage and the latest figures."""
    return _overview(ui.data_version(), filters)


@_model
def _areas(version: str, filters: Filters) -> pd.DataFrame:
    return page_data.areas(ui.engine(), filters)


def areas(filters: Filters) -> pd.DataFrame:
    """The lineages the filters cover (one row each)."""
    return _areas(ui.data_version(), filters)


@_model
def _core_indicator_codes(version: str) -> tuple[str, ...]:
    return page_data.core_indicator_codes(ui.engine())


def core_indicator_codes() -> tuple[str, ...]:
    """The codes of the core indicators (chỉ tiêu trọng tâm), in their order."""
    return _core_indicator_codes(ui.data_version())


@_model
def _indicator_labels(version: str, filters: Filters, include_undated: bool) -> dict[str, str]:
    return page_data.indicator_labels(ui.engine(), filters, include_undated=include_undated)


def indicator_labels(filters: Filters, *, include_undated: bool = False) -> dict[str, str]:
    """Indicator menu: code → label, for indicators with figures under ``filters``."""
    return _indicator_labels(ui.data_version(), filters, include_undated)


@_model
def _theme_labels(version: str, filters: Filters) -> dict[str, str]:
    return page_data.theme_labels(ui.engine(), filters)


def theme_labels(filters: Filters) -> dict[str, str]:
    """Theme menu of Xu hướng: code → label."""
    return _theme_labels(ui.data_version(), filters)


@_model
def _all_theme_labels(version: str) -> dict[str, str]:
    return page_data.all_theme_labels(ui.engine())


def all_theme_labels() -> dict[str, str]:
    """Every theme: code → label."""
    return _all_theme_labels(ui.data_version())


@_model
def _trend_menu_filters(version: str, filters: Filters) -> Filters:
    return page_data.trend_menu_filters(ui.engine(), filters)


def trend_menu_filters(filters: Filters) -> Filters:
    """``filters`` widened with the predecessors of chosen new units (for the menus)."""
    return _trend_menu_filters(ui.data_version(), filters)


@_model
def _trend_indicator_labels(version: str, filters: Filters, theme: str) -> dict[str, str]:
    return page_data.trend_indicator_labels(ui.engine(), filters, theme)


def trend_indicator_labels(filters: Filters, theme: str) -> dict[str, str]:
    """Indicator menu of Xu hướng for one theme."""
    return _trend_indicator_labels(ui.data_version(), filters, theme)


@_model
def _trend(version: str, filters: Filters, indicator: str, mode: str) -> page_data.Trend:
    return page_data.trend(ui.engine(), filters, indicator, mode)


def trend(filters: Filters, indicator: str, mode: str) -> page_data.Trend:
    """Xu hướng: one indicator's figures over time, its groups and tables."""
    return _trend(ui.data_version(), filters, indicator, mode)


@_model
def _comparison(version: str, filters: Filters, indicator: str, period_mode: str, per_capita: bool | None,
                mixed_levels: bool) -> page_data.Comparison | None:
    return page_data.comparison(ui.engine(), filters, indicator, period_mode, per_capita, mixed_levels)


def comparison(filters: Filters, indicator: str, period_mode: str = "cung_ky", per_capita: bool | None = None,
               mixed_levels: bool = False) -> page_data.Comparison | None:
    """So sánh: the comparable bars of one indicator and the groups apart."""
    return _comparison(ui.data_version(), filters, indicator, period_mode, per_capita, mixed_levels)


@_model
def _map_data(version: str, filters: Filters, indicator: str, year: str, mode: str) -> page_data.MapData | None:
    return page_data.map_data(ui.engine(), filters, indicator, year, mode)


def map_data(filters: Filters, indicator: str, year: str, mode: str) -> page_data.MapData | None:
    """Bản đồ: one indicator's map layers for ``year`` (or the latest of each place)."""
    return _map_data(ui.data_version(), filters, indicator, year, mode)


def map_years(filters: Filters, indicator: str, mode: str) -> list[str]:
    """The periods of Bản đồ's «Kỳ» menu: LATEST, then the years with figures, newest first.
    Read from the cached map of the latest figures (the page's default: no second read then)."""
    from danvan.maps.layers import LATEST

    data = map_data(filters, indicator, LATEST, mode)
    return data.years if data is not None else [LATEST]


@_model
def _profile(version: str, filters: Filters, lineage: str, name: str) -> page_data.Profile:
    return page_data.profile(ui.engine(), filters, lineage, name)


def profile(filters: Filters, lineage: str, name: str) -> page_data.Profile:
    """Hồ sơ: one unit's figures."""
    return _profile(ui.data_version(), filters, lineage, name)


@_model
def _unit_profile(version: str, lineage: str) -> page_data.UnitProfile | None:
    return page_data.unit_profile(ui.engine(), lineage)


def unit_profile(lineage: str) -> page_data.UnitProfile | None:
    """Hồ sơ: one unit's names, boundaries history and links."""
    return _unit_profile(ui.data_version(), lineage)


@_model
def _predecessor_figures(version: str, filters: Filters, lineage: str) -> list[page_data.PredecessorFigures]:
    return page_data.predecessor_figures(ui.engine(), filters, lineage)


def predecessor_figures(filters: Filters, lineage: str) -> list[page_data.PredecessorFigures]:
    """Hồ sơ: the figures of a new unit's predecessors."""
    return _predecessor_figures(ui.data_version(), filters, lineage)


@_model
def _data_total(version: str, filters: Filters, themes: tuple[str, ...], text: str) -> int:
    return page_data.data_total(ui.engine(), filters, themes, text)


def data_total(filters: Filters, themes: tuple[str, ...], text: str) -> int:
    """Nguồn dữ liệu: how many figures match (capped)."""
    return _data_total(ui.data_version(), filters, themes, text)


@_model
def _data_table(version: str, filters: Filters, themes: tuple[str, ...], text: str,
                page: int) -> page_data.DataTable:
    return page_data.data_table(ui.engine(), filters, themes, text, page)


def data_table(filters: Filters, themes: tuple[str, ...], text: str, page: int) -> page_data.DataTable:
    """Nguồn dữ liệu: one page of the figures that match."""
    return _data_table(ui.data_version(), filters, themes, text, page)


def export_rows(filters: Filters, themes: tuple[str, ...], text: str) -> pd.DataFrame:
    """Nguồn dữ liệu's download: every matching figure, read now and not kept (large)."""
    return page_data.export_rows(ui.engine(), filters, themes, text)


@_model
def _consistency(version: str, filters: Filters) -> page_data.Consistency:
    return page_data.consistency(ui.engine(), filters)


def consistency(filters: Filters) -> page_data.Consistency:
    """Nguồn dữ liệu: the consistency checks."""
    return _consistency(ui.data_version(), filters)


@_model
def _source_table(version: str) -> pd.DataFrame:
    return page_data.source_table(ui.engine())


def source_table() -> pd.DataFrame:
    """Nguồn dữ liệu: the sources, shaped for display."""
    return _source_table(ui.data_version())


@_model
def _dvk_page(version: str, filters: Filters) -> page_data.DvkPage:
    return page_data.dvk_page(ui.engine(), filters)


def dvk_page(filters: Filters) -> page_data.DvkPage:
    """Dân vận khéo: the programme figures."""
    return _dvk_page(ui.data_version(), filters)


@_model
def _province_choices(version: str, vintage: str) -> dict[str, str]:
    return page_data.province_choices(ui.engine(), vintage)


def province_choices(vintage: str) -> dict[str, str]:
    """Provinces of the 34 or 63 list: id → name."""
    return _province_choices(ui.data_version(), vintage)


@_model
def _commune_indicator_labels(version: str, filters: Filters, province_id: str, vintage: str) -> dict[str, str]:
    return page_data.commune_indicator_labels(ui.engine(), filters, province_id, vintage)


def commune_indicator_labels(filters: Filters, province_id: str, vintage: str) -> dict[str, str]:
    """Indicators with commune figures in one province."""
    return _commune_indicator_labels(ui.data_version(), filters, province_id, vintage)


@_model
def _province_communes(version: str, filters: Filters, province_id: str, vintage: str, indicator: str | None,
                       year: str, per_capita: bool) -> page_data.ProvinceCommunes | None:
    return page_data.province_communes(ui.engine(), filters, province_id, vintage, indicator, year, per_capita)


def province_communes(filters: Filters, province_id: str, vintage: str, indicator: str | None, year: str,
                      per_capita: bool) -> page_data.ProvinceCommunes | None:
    """One province's communes with one indicator's figures."""
    return _province_communes(ui.data_version(), filters, province_id, vintage, indicator, year, per_capita)


@_model
def _unit_names(version: str, lineages: tuple[str, ...], ids: tuple[str, ...]) -> page_data.UnitNames:
    return page_data.unit_names(ui.engine(), lineages, ids)


def unit_names(lineages: tuple[str, ...] = (), ids: tuple[str, ...] = ()) -> page_data.UnitNames:
    """Names and labels of a few lineages or locality ids."""
    return _unit_names(ui.data_version(), lineages, ids)


@_model
def _province_labels(version: str) -> dict[str, str]:
    return page_data.province_labels(ui.engine())


def province_labels() -> dict[str, str]:
    """Every province of the catalogue: id → label."""
    return _province_labels(ui.data_version())


@_model
def _province_unit_choices(version: str, province_id: str) -> page_data.UnitChoices:
    return page_data.province_unit_choices(ui.engine(), province_id)


def province_unit_choices(province_id: str) -> page_data.UnitChoices:
    """The units of one province (for the unit picker)."""
    return _province_unit_choices(ui.data_version(), province_id)


@_model
def _district_unit_choices(version: str, district_id: str) -> page_data.UnitChoices:
    return page_data.district_unit_choices(ui.engine(), district_id)


def district_unit_choices(district_id: str) -> page_data.UnitChoices:
    """The communes of one district (for the unit picker)."""
    return _district_unit_choices(ui.data_version(), district_id)


# --------------------------------------------------------------------------- reference reads (queries)
@_query
def _year_bounds(version: str) -> tuple[int, int]:
    return queries.year_bounds(ui.engine())


def year_bounds() -> tuple[int, int]:
    """Earliest and latest year any dated figure touches."""
    return _year_bounds(ui.data_version())


@_query
def _catalogue(version: str) -> pd.DataFrame:
    return queries.catalogue(ui.engine())


def catalogue() -> pd.DataFrame:
    """Every indicator with its unit and theme."""
    return _catalogue(ui.data_version())


@_query
def _themes(version: str) -> pd.DataFrame:
    return queries.themes(ui.engine())


def themes() -> pd.DataFrame:
    return _themes(ui.data_version())


@_query
def _units(version: str) -> pd.DataFrame:
    return queries.units(ui.engine())


def units() -> pd.DataFrame:
    """Units of measure."""
    return _units(ui.data_version())


@_query
def _scope_classes(version: str) -> pd.DataFrame:
    return queries.scope_classes(ui.engine())


def scope_classes() -> pd.DataFrame:
    return _scope_classes(ui.data_version())


@_query
def _localities(version: str) -> pd.DataFrame:
    return queries.localities(ui.engine())


def localities() -> pd.DataFrame:
    """Every locality vintage of the catalogue."""
    return _localities(ui.data_version())


@_query
def _locality_ids(version: str) -> frozenset[str]:
    return queries.locality_ids(ui.engine())


def locality_ids() -> frozenset[str]:
    """Every locality_id of the catalogue."""
    return _locality_ids(ui.data_version())


@_query
def _lineage_ids(version: str, among: tuple[str, ...] | None) -> frozenset[str]:
    return queries.lineage_ids(ui.engine(), among)


def lineage_ids(among: tuple[str, ...] | None = None) -> frozenset[str]:
    """The lineages of the catalogue: all, or those of ``among`` that exist."""
    return _lineage_ids(ui.data_version(), among)


@_query
def _focus_lineages(version: str) -> pd.DataFrame:
    return queries.focus_lineages(ui.engine())


def focus_lineages() -> pd.DataFrame:
    """The lineages of the group «Địa bàn trọng điểm»."""
    return _focus_lineages(ui.data_version())


@_query
def _lineage_rows(version: str, lineages: tuple[str, ...]) -> pd.DataFrame:
    return queries.lineage_rows(ui.engine(), lineages)


def lineage_rows(lineages: tuple[str, ...]) -> pd.DataFrame:
    """Like focus_lineages for any chosen lineages."""
    return _lineage_rows(ui.data_version(), lineages)


@_query
def _province_crosswalk(version: str) -> pd.DataFrame:
    return queries.province_crosswalk(ui.engine())


def province_crosswalk() -> pd.DataFrame:
    """Old (63) to new (34) provinces."""
    return _province_crosswalk(ui.data_version())


@_query
def _boundary_layers(version: str, level: str | None, with_geojson: bool) -> pd.DataFrame:
    return queries.boundary_layers(ui.engine(), level, with_geojson=with_geojson)


def boundary_layers(level: str | None = None, *, with_geojson: bool = False) -> pd.DataFrame:
    """Uploaded boundary layers (the active ones), newest first."""
    return _boundary_layers(ui.data_version(), level, with_geojson)


@_query
def _dvk_models(version: str, filters: Filters | None, text: str, status: str, field: str) -> pd.DataFrame:
    return queries.dvk_models(ui.engine(), filters, text=text, status=status, field=field)


def dvk_models(filters: Filters | None = None, *, text: str = "", status: str = "", field: str = "") -> pd.DataFrame:
    """Registry entries (mô hình) with their locality, filtered."""
    return _dvk_models(ui.data_version(), filters, text, status, field)


# --------------------------------------------------------------------------- read now, not kept
def import_history() -> pd.DataFrame:
    """Lịch sử nhập: every import batch, newest first."""
    from danvan.importing.batches import history

    return history(ui.engine())


def audit_entries(limit: int = 50) -> list[dict[str, Any]]:
    """The newest ``limit`` rows of the audit log."""
    from danvan.accounts import audit

    return audit.recent(ui.engine(), limit)


def accounts() -> list[dict[str, Any]]:
    """Every account (without hashes)."""
    from danvan.accounts import auth

    return auth.list_users(ui.engine())


def sign_in_locks() -> list[dict[str, Any]]:
    """The sign-in locks in force, longest wait first."""
    from danvan.accounts import throttle

    return throttle.locks(ui.engine())


def core_indicators_are_default() -> bool:
    """True while no administrator has saved a list of core indicators of their own."""
    from danvan.reading import core_indicators

    return core_indicators.is_seed(ui.engine())
