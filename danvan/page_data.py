"""What each page shows, computed once per data version and filter choice.

Every function here takes the engine and hashable arguments (the shared Filters and a page's
own choices), runs only bounded or aggregated queries from danvan.queries, shapes the result
with danvan.views and returns small frames and texts. The Streamlit glue (danvan.ui.model)
caches the result with st.cache_data keyed on the data version, so a warm page run only lays
out what is already computed. No Streamlit here: these are unit-tested directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd
from sqlalchemy.engine import Engine

from danvan import queries, views
from danvan.comparability import comparable_groups
from danvan.filters import LEVEL_ALL, Filters
from danvan.formatting import format_date, format_number, format_period, format_value, vn_sort_key
from danvan.rates import rate_table
from danvan.summary import summary_paragraph

MAX_CARDS = 12  # locality cards on Tổng quan
MAX_COVERAGE = 30  # rows of the coverage heatmap
MAX_LINES = 12  # lines on one trend chart
MAX_BARS = 40  # bars on one comparison chart
TABLE_PAGE = 500  # rows per page of the data table
COUNT_CAP = 100_000  # the data table counts exactly up to this, then says «hơn 100.000»
EXPORT_LIMIT = COUNT_CAP  # rows in one CSV/Excel download


def areas(engine: Engine, filters: Filters) -> pd.DataFrame:
    """The lineages the filters select (the group «Địa bàn trọng điểm» when none is chosen),
    in Vietnamese order."""
    if filters.lineages:
        lineages = queries.lineage_rows(engine, filters.lineages)
    else:
        lineages = queries.focus_lineages(engine)
    if filters.level != LEVEL_ALL:
        lineages = lineages[lineages["level"] == filters.level]
    return lineages.reset_index(drop=True)


def _narrowed(filters: Filters, lineages: pd.Series) -> Filters:
    return replace(filters, lineages=tuple(lineages))


@dataclass
class Overview:
    n_areas: int
    cards: list[dict[str, object]]
    headlines: pd.DataFrame
    counts: pd.DataFrame
    n_coverage: int
    n_sources: int


def overview(engine: Engine, filters: Filters) -> Overview:
    """Tổng quan: one card per locality (the first MAX_CARDS in Vietnamese order) and the
    coverage heatmap (first MAX_COVERAGE); every query is limited to the localities shown."""
    chosen = areas(engine, filters)
    shown = chosen.head(MAX_CARDS)
    if shown.empty:
        return Overview(0, [], pd.DataFrame(), pd.DataFrame(), 0, 0)
    card_filters = _narrowed(filters, shown["lineage"])
    stats = queries.lineage_stats(engine, card_filters).set_index("lineage")
    latest = queries.latest_work_figures(engine, card_filters)
    localities = queries.localities(engine, lineages=tuple(shown["lineage"]))
    coverage_lineages = chosen["lineage"].head(MAX_COVERAGE)
    coverage_filters = _narrowed(filters, coverage_lineages)
    counts = queries.indicator_counts(engine, coverage_filters)
    cards = []
    for row in shown.itertuples():
        vintages = localities[localities["lineage"] == row.lineage]
        mine = latest[(latest["lineage"] == row.lineage) & (latest["rank_in_lineage"] == 1)]
        newest = mine.iloc[0] if not mine.empty else None
        pop = vintages.dropna(subset=["population"]).sort_values("population_date").tail(1)
        themes = counts.loc[counts["lineage"] == row.lineage, "theme_name"].unique()
        n = int(stats.at[row.lineage, "n"]) if row.lineage in stats.index else 0
        cards.append({
            "lineage": row.lineage, "name": row.short_name_vi, "level": row.level_label_vi, "n": n,
            "n_indicators": int(stats.at[row.lineage, "n_indicators"]) if n else 0,
            "latest": format_period(newest["period_start"], newest["period_end"]) if newest is not None else "",
            "population": (f"{format_value(pop['population'].iloc[0], 'người')} "
                           f"({format_date(pop['population_date'].iloc[0])})" if not pop.empty else ""),
            "themes": sorted(themes, key=vn_sort_key),
        })
    in_theme = latest[latest["rank_in_theme"] == 1]
    headlines = views.headline_figures(in_theme) if not in_theme.empty else in_theme
    n_sources = queries.source_count(engine, coverage_filters)
    if not any(card["n"] for card in cards):
        cards = []
    return Overview(len(chosen), cards, headlines, counts, len(coverage_lineages),
                    n_sources)


def indicator_labels(engine: Engine, filters: Filters, *, include_undated: bool = False,
                     theme: str | None = None) -> dict[str, str]:
    """Indicator pickers: dân vận work first, then by number of localities (from an aggregate)."""
    menu = queries.indicator_menu(engine, filters, include_undated=include_undated, theme=theme)
    if menu.empty:
        return {}
    menu["context"] = menu["theme"].isin(queries.CONTEXT_THEMES) | (menu["kind"] == "context")
    menu["sort_name"] = menu["indicator_name"].map(vn_sort_key)
    menu = menu.sort_values(["context", "places", "n", "sort_name"], ascending=[True, False, False, True])
    return {row.indicator_code: f"{row.indicator_name} ({format_number(row.places)} địa phương)"
            for row in menu.itertuples()}


def theme_labels(engine: Engine, filters: Filters) -> dict[str, str]:
    """Themes that have dated figures under the filters, in Vietnamese order."""
    menu = queries.indicator_menu(engine, filters)
    if menu.empty:
        return {}
    themes = views.vn_sort(menu.drop_duplicates("theme")[["theme", "theme_name"]], "theme_name")
    return dict(zip(themes["theme"], themes["theme_name"], strict=True))


def trend_indicator_labels(engine: Engine, filters: Filters, theme: str) -> dict[str, str]:
    """Indicators of one theme, most reported first, labelled with their number of figures."""
    menu = queries.indicator_menu(engine, filters, theme=theme)
    menu["sort_name"] = menu["indicator_name"].map(vn_sort_key)
    menu = menu.sort_values(["n", "sort_name"], ascending=[False, True])
    return {row.indicator_code: f"{row.indicator_name} ({format_number(row.n)} số liệu)"
            for row in menu.itertuples()}


def first_areas(engine: Engine, filters: Filters, limit: int, *, indicator: str | None = None,
                dvk: bool = False, include_undated: bool = True) -> tuple[Filters, int]:
    """Filters narrowed to the first ``limit`` lineages (Vietnamese order) that have figures of
    ``indicator`` (or of Dân vận khéo indicators), and how many lineages have them: the rows of
    the others are never read."""
    having = queries.lineages_with(engine, filters, indicator=indicator, dvk=dvk, include_undated=include_undated)
    return _narrowed(filters, having["lineage"].head(limit)), len(having)


def first_lineages(frame: pd.DataFrame, limit: int) -> tuple[pd.DataFrame, int]:
    """Rows of the first ``limit`` lineages (Vietnamese order of their names), and how many
    lineages there were."""
    if frame.empty:
        return frame, 0
    names = frame.drop_duplicates("lineage")[["lineage", "locality_name"]]
    names = names.sort_values("locality_name", key=lambda s: s.map(vn_sort_key))
    keep = set(names["lineage"].head(limit))
    return frame[frame["lineage"].isin(keep)], len(names)


@dataclass
class Profile:
    frame: pd.DataFrame
    rates: pd.DataFrame
    summary: str
    themes: list[tuple[str, int, pd.DataFrame]] = field(default_factory=list)
    checks: pd.DataFrame = field(default_factory=pd.DataFrame)
    sources: pd.DataFrame = field(default_factory=pd.DataFrame)


def profile(engine: Engine, filters: Filters, lineage: str, name: str) -> Profile:
    """Hồ sơ địa phương: one lineage's figures, rate checks, summary and sources."""
    frame = queries.observations(engine, filters, lineage=lineage, include_undated=True)
    if frame.empty:
        return Profile(frame, pd.DataFrame(), "")
    rates = rate_table(frame, queries.catalogue(engine))
    themes = [(str(theme_name), len(rows), views.observation_table(rows))
              for theme_name, rows in views.vn_sort(frame, "theme_name").groupby("theme_name", sort=False)]
    used = queries.sources(engine)
    used = used[used["source_id"].isin(frame["source_id"])]
    return Profile(frame, rates, summary_paragraph(frame, name, rates), themes,
                   views.rate_checks_table(rates, frame, only_flagged=False), views.sources_table(used))


@dataclass
class DataTable:
    page: pd.DataFrame  # shaped for display
    rows: pd.DataFrame  # as read


def data_table(engine: Engine, filters: Filters, themes: tuple[str, ...], text: str, page: int) -> DataTable:
    """Nguồn & dữ liệu: one page of matching figures (LIMIT/OFFSET in SQL; the count is
    data_total)."""
    rows = queries.observation_page(engine, filters, themes, text, limit=TABLE_PAGE,
                                    offset=max(page - 1, 0) * TABLE_PAGE)
    return DataTable(views.observation_table(rows) if not rows.empty else pd.DataFrame(), rows)


def export_rows(engine: Engine, filters: Filters, themes: tuple[str, ...], text: str) -> pd.DataFrame:
    """Every matching figure up to EXPORT_LIMIT, shaped for CSV/Excel (read when a button is clicked)."""
    rows = queries.observation_page(engine, filters, themes, text, limit=EXPORT_LIMIT)
    return views.export_table(rows)


@dataclass
class Consistency:
    flagged: pd.DataFrame
    notes: pd.DataFrame


def consistency(engine: Engine, filters: Filters) -> Consistency:
    """Stated rates that disagree with their recomputation, and figures noted as inconsistent;
    reads only rate indicators with their numerators/denominators and notes that match."""
    inputs = queries.rate_inputs(engine, filters)
    flagged = views.rate_checks_table(rate_table(inputs, queries.catalogue(engine)), inputs)
    noted = queries.noted_inconsistencies(engine, filters)
    return Consistency(flagged, views.inconsistency_notes(noted) if not noted.empty else pd.DataFrame())


@dataclass
class DvkGroup:
    key: str
    title: str
    unit_label: str
    rows: pd.DataFrame


@dataclass
class DvkPage:
    targets: pd.DataFrame
    n_targets: int
    programmes: list[tuple[str, list[DvkGroup], list[pd.Series]]]
    fields: pd.DataFrame
    detail: pd.DataFrame
    n_detail: int
    n_areas: int


MAX_DVK_ROWS = 2_000  # rows listed in the detail table


def dvk_page(engine: Engine, filters: Filters) -> DvkPage:
    """Dân vận khéo: targets, comparable groups per programme and kind, field table, detail;
    charts cover the first MAX_LINES localities (Vietnamese order) when more are chosen."""
    shown, n_areas = first_areas(engine, filters, MAX_LINES, dvk=True)
    frame = queries.dvk_observations(engine, shown) if n_areas else queries.dvk_observations(engine, filters)
    targets = frame[frame["dvk_kind"] == "chi_tieu"]
    counts = frame[frame["dvk_kind"] != "chi_tieu"]
    programmes = []
    for programme in sorted(counts["programme"].unique(), key=lambda p: (p != "dan_van_kheo", p)):
        rows = counts[counts["programme"] == programme]
        groups: list[DvkGroup] = []
        singles: list[pd.Series] = []
        for kind, kind_label in views.DVK_KIND_LABELS.items():
            kind_rows = rows[rows["dvk_kind"] == kind]
            for unit_label, unit_rows in kind_rows.groupby("unit_label"):
                for number, group in enumerate(comparable_groups(unit_rows.assign(indicator_code=kind),
                                                                 by_period=False)):
                    if len(group.rows) < 2:
                        singles.append(group.rows.iloc[0])
                        continue
                    scope = group.rows["scope_class_name"].iloc[0]
                    groups.append(DvkGroup(f"dvk_{programme}_{kind}_{unit_label}_{number}",
                                           f"{kind_label} ({unit_label}) – {scope}", str(unit_label), group.rows))
        programmes.append((str(programme), groups, singles))
    detail = views.dvk_table(frame.head(MAX_DVK_ROWS))
    return DvkPage(targets.head(50), len(targets), programmes, views.dvk_field_table(counts), detail,
                   len(frame), n_areas)


@dataclass
class Trend:
    rows: pd.DataFrame
    n_areas: int
    apart: pd.DataFrame | None
    notes: list[str]
    undated: pd.DataFrame
    definition: str


def trend(engine: Engine, filters: Filters, indicator: str, mode: str) -> Trend:
    """Xu hướng: one indicator's dated figures (summed into the 34 provinces when ``mode`` is
    "2025"), the first MAX_LINES localities for the chart, undated figures listed apart."""
    apart, notes = None, []
    if mode == "2025":  # sums need every old province's figures
        rows = queries.observations(engine, filters, indicator=indicator)
        if not rows.empty:
            localities = queries.localities(engine, lineages=tuple(rows["lineage"].unique()))
            gso_of = dict(zip(localities["locality_id"], localities["gso_code"], strict=True))
            rows, apart, notes = views.reform_series(rows, queries.province_crosswalk(engine), gso_of)
        rows, n_areas = first_lineages(rows, MAX_LINES)
    else:
        shown, n_areas = first_areas(engine, filters, MAX_LINES, indicator=indicator, include_undated=False)
        rows = queries.observations(engine, shown if n_areas else filters, indicator=indicator)
    undated = views.undated(queries.observations(engine, filters, indicator=indicator, include_undated=True,
                                                 undated_only=True))
    catalogue = queries.catalogue(engine)
    definition = catalogue.loc[catalogue["code"] == indicator, "definition_vi"]
    return Trend(rows, n_areas, apart, list(notes), undated,
                 str(definition.iloc[0]) if not definition.empty and definition.iloc[0] else "")


@dataclass
class Comparison:
    first: pd.Series
    is_flow: bool
    undated_only: bool
    chart: pd.DataFrame  # the bars (at most MAX_BARS: the highest and lowest halves)
    n_bars: int  # bars before the cap
    value_col: str
    unit: str
    scope_name: str
    n_lineages: int
    missing_population: str
    apart: list  # comparability.Group, shown as tables with their reason


def comparison(engine: Engine, filters: Filters, indicator: str, latest_only: bool,
               per_capita: bool) -> Comparison | None:
    """So sánh: the main comparable group of one indicator as bars (per 10.000 residents only
    with that year's population), every other group apart with its reason."""
    from danvan.comparability import FLOW_KINDS, per_10k

    rows = queries.observations(engine, filters, indicator=indicator, include_undated=True)
    if rows.empty:
        return None
    first = rows.iloc[0]
    is_flow = first["kind"] in FLOW_KINDS or first["kind"] == "stock"
    groups = comparable_groups(views.with_vintage_names(rows))
    main = groups[0]
    data, unit, value_col, missing = main.rows, str(first["unit_label"]), "value", ""
    undated_only = main.key[3] == "khong_ro"
    if not undated_only:
        if latest_only:
            data = views.latest_per_locality(data)
        if per_capita and is_flow:
            data = per_10k(data, queries.population(engine))
            absent = data[data["per_10k"].isna()]
            if not absent.empty:
                missing = views.missing_population_label(absent)
            data, unit, value_col = data.dropna(subset=["per_10k"]), f"{first['unit_label']} / 10.000 dân", "per_10k"
    n_bars = len(data)
    if n_bars > MAX_BARS:
        ordered = data.sort_values(value_col)
        data = pd.concat([ordered.head(MAX_BARS // 2), ordered.tail(MAX_BARS // 2)])
    return Comparison(first, bool(is_flow), undated_only, data, n_bars, value_col, unit,
                      str(main.rows["scope_class_name"].iloc[0]), main.lineages, missing, groups[1:])


@dataclass
class MapData:
    years: list[str]  # map_data.LATEST, then the years with figures, newest first
    layers: object  # map_data.MapLayers
    indicator_name: str
    unit_label: str


def map_data(engine: Engine, filters: Filters, indicator: str, year: str, mode: str) -> MapData | None:
    """Bản đồ: one indicator's values per province (as they were, or summed into the 34
    provinces), district figures as points; one row per locality at most."""
    from danvan.map_data import LATEST, as_was, reference_year, select_period, to_2025

    rows = queries.observations(engine, filters, indicator=indicator)
    if rows.empty:
        return None
    years = [LATEST] + [str(y) for y in sorted(reference_year(rows).dropna().astype(int).unique(), reverse=True)]
    chosen = select_period(rows, year if year in years else LATEST)
    localities = queries.localities(engine, lineages=tuple(rows["lineage"].unique()))
    gso_of = dict(zip(localities["locality_id"], localities["gso_code"], strict=True))
    if mode == "2025":
        layers = to_2025(chosen, gso_of, queries.province_crosswalk(engine))
    else:
        focus = queries.localities(engine, focus_only=True)
        districts = focus[focus["level"] == "huyen"]
        districts = districts.sort_values("valid_from").groupby("lineage").tail(1)
        layers = as_was(chosen, gso_of, districts)
    first = rows.iloc[0]
    return MapData(years, layers, str(first["indicator_name"]), str(first["unit_label"]))


def all_theme_labels(engine: Engine) -> dict[str, str]:
    """Every theme of the catalogue, in Vietnamese order."""
    catalogue = queries.catalogue(engine)
    themes = views.vn_sort(catalogue.drop_duplicates("theme")[["theme", "theme_name"]], "theme_name")
    return dict(zip(themes["theme"], themes["theme_name"], strict=True))


def data_total(engine: Engine, filters: Filters, themes: tuple[str, ...], text: str) -> int:
    """Matching figures, counted exactly up to COUNT_CAP (COUNT_CAP + 1 means more than that)."""
    return queries.observation_count(engine, filters, themes, text, cap=COUNT_CAP)


def source_table(engine: Engine) -> pd.DataFrame:
    return views.sources_table(queries.sources(engine))
