"""What each page shows, computed once per data version and filter choice.

Every function here takes the engine and hashable arguments (the shared Filters and a page's
own choices), runs only bounded or aggregated queries from danvan.reading.queries, shapes the result
with danvan.reading.tables (display tables included) and returns small frames and texts. The
Streamlit glue (danvan.ui.reads) caches the result with st.cache_data keyed on the data version,
so a warm page run only lays out what is already computed. No Streamlit here: these are unit-tested directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd
from sqlalchemy.engine import Engine

from danvan.formatting import format_date, format_number, format_period, format_value, vn_sort_key
from danvan.reading import core_indicators, queries
from danvan.reading import tables as views
from danvan.reading.comparability import comparable_groups
from danvan.reading.filters import LEVEL_ALL, Filters
from danvan.reading.rates import rate_table
from danvan.reading.summary import summary_paragraph
from danvan.vocabulary import CONTEXT_KIND, CONTEXT_THEMES, DVK_KINDS, LEVEL_RANK

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
    core = core_indicators.core_codes(engine)
    core_themes = core_indicators.core_themes(engine, core)
    latest = queries.latest_work_figures(engine, card_filters, without=core, themes=core_themes)
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
    candidates = pd.concat([queries.observations(engine, card_filters, indicators=list(core)),
                            latest[latest["rank_in_theme"] == 1]])
    headlines = views.headline_figures(candidates, core, themes=core_themes)
    n_sources = queries.source_count(engine, coverage_filters)
    if not any(card["n"] for card in cards):
        cards = []
    return Overview(len(chosen), cards, headlines, counts, len(coverage_lineages),
                    n_sources)


def core_indicator_codes(engine: Engine) -> tuple[str, ...]:
    """The core indicators in the administrator's order (danvan.reading.core_indicators)."""
    return core_indicators.core_codes(engine)


def indicator_labels(engine: Engine, filters: Filters, *, include_undated: bool = False,
                     theme: str | None = None) -> dict[str, str]:
    """Indicator pickers: the core indicators first (those two localities report before the
    others, then in the administrator's order), then dân vận work, then context."""
    menu = queries.indicator_menu(engine, filters, include_undated=include_undated, theme=theme)
    return _menu_labels(menu, "địa phương", core_indicators.core_codes(engine))


def _menu_labels(menu: pd.DataFrame, places: str, core: tuple[str, ...] = ()) -> dict[str, str]:
    """An indicator menu as picker labels: core indicators, then dân vận work before context,
    then the most places."""
    if menu.empty:
        return {}
    menu["context"] = menu["theme"].isin(CONTEXT_THEMES) | (menu["kind"] == CONTEXT_KIND)
    menu["sort_name"] = menu["indicator_name"].map(vn_sort_key)
    menu["core"] = core_indicators.rank(menu["indicator_code"], menu["places"], core)
    menu = menu.sort_values(["core", "context", "places", "n", "sort_name"],
                            ascending=[True, True, False, False, True])
    return {row.indicator_code: core_indicators.label(f"{row.indicator_name} ({format_number(row.places)} {places})",
                                                      row.indicator_code, core)
            for row in menu.itertuples()}


def theme_labels(engine: Engine, filters: Filters) -> dict[str, str]:
    """Themes that have dated figures under the filters: the core indicators' themes first (in
    the order of their first core indicator), then the others in Vietnamese order."""
    menu = queries.indicator_menu(engine, filters)
    if menu.empty:
        return {}
    menu["core"] = core_indicators.rank(menu["indicator_code"], menu["places"], core_indicators.core_codes(engine))
    menu["sort_name"] = menu["theme_name"].map(vn_sort_key)
    themes = menu.sort_values(["core", "sort_name"]).drop_duplicates("theme")
    return dict(zip(themes["theme"], themes["theme_name"], strict=True))


def trend_indicator_labels(engine: Engine, filters: Filters, theme: str) -> dict[str, str]:
    """Indicators of one theme: core ones first, then the most reported, labelled with their
    number of figures."""
    menu = queries.indicator_menu(engine, filters, theme=theme)
    core = core_indicators.core_codes(engine)
    menu["sort_name"] = menu["indicator_name"].map(vn_sort_key)
    menu["core"] = core_indicators.rank(menu["indicator_code"], menu["places"], core)
    menu = menu.sort_values(["core", "n", "sort_name"], ascending=[True, False, True])
    return {row.indicator_code: core_indicators.label(f"{row.indicator_name} ({format_number(row.n)} số liệu)",
                                                      row.indicator_code, core)
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
    """Hồ sơ địa phương: one lineage's figures, rate checks, summary and sources (any unit of
    the catalogue, whatever the sidebar's choice and level)."""
    scoped = replace(filters, lineages=(lineage,), level=LEVEL_ALL)
    frame = queries.observations(engine, scoped, lineage=lineage, include_undated=True)
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
    reported: pd.DataFrame = field(default_factory=pd.DataFrame)  # locality × year, Dân vận khéo only


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
        for kind, kind_label in DVK_KINDS.items():
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
    detail = views.dvk_table(frame)  # whole, kept on the server; the page sends one page of it
    return DvkPage(targets.head(50), len(targets), programmes, views.dvk_field_table(counts), detail,
                   len(frame), n_areas, views.dvk_reported_table(counts))


@dataclass
class Trend:
    rows: pd.DataFrame
    n_areas: int
    apart: pd.DataFrame | None
    notes: list[str]
    undated: pd.DataFrame
    definition: str
    predecessor_notes: list[str] = field(default_factory=list)
    groups: list = field(default_factory=list)  # comparability.Group of ``rows``, one chart each
    table: pd.DataFrame = field(default_factory=pd.DataFrame)  # ``rows`` for display
    apart_table: pd.DataFrame = field(default_factory=pd.DataFrame)  # ``apart`` for display, with its reason
    undated_table: pd.DataFrame = field(default_factory=pd.DataFrame)  # ``undated`` for display


def _with_reasons(frame: pd.DataFrame | None) -> pd.DataFrame:
    """Figures left apart (each with a «reason») as a display table with the column «Lý do»."""
    if frame is None or frame.empty:
        return pd.DataFrame()
    return views.observation_table(frame).assign(**{"Lý do": frame["reason"].tolist()})


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
    predecessor_notes: list[str] = []
    if mode != "2025":
        earlier, predecessor_notes = predecessor_rows(engine, filters, indicator)
        if not earlier.empty:
            rows = pd.concat([rows, earlier], ignore_index=True) if not rows.empty else earlier
    undated = views.undated(queries.observations(engine, filters, indicator=indicator, include_undated=True,
                                                 undated_only=True))
    catalogue = queries.catalogue(engine)
    definition = catalogue.loc[catalogue["code"] == indicator, "definition_vi"]
    return Trend(rows, n_areas, apart, list(notes), undated,
                 str(definition.iloc[0]) if not definition.empty and definition.iloc[0] else "",
                 predecessor_notes, groups=comparable_groups(rows, by_period=False) if not rows.empty else [],
                 table=views.observation_table(rows), apart_table=_with_reasons(apart),
                 undated_table=views.observation_table(undated))


REFORM_DAY = pd.Timestamp("2025-07-01")


def _predecessor_links(engine: Engine, filters: Filters) -> pd.DataFrame:
    """The links from their predecessors (same level) to the chosen units that are new units,
    valid from 1/7/2025; empty when none is chosen (the group «Địa bàn trọng điểm»)."""
    if not filters.lineages:
        return pd.DataFrame()
    chosen = queries.localities(engine, lineages=filters.lineages)
    new = chosen[chosen["valid_from"] == REFORM_DAY]
    if filters.level != LEVEL_ALL:
        new = new[new["level"] == filters.level]
    if new.empty:
        return pd.DataFrame()
    links = queries.predecessors(engine, tuple(new["locality_id"]))
    # A district's figure covers far more than one new commune: only units of the same level.
    return links[links["old_level"] == links["new_level"]].reset_index(drop=True)


def predecessor_rows(engine: Engine, filters: Filters, indicator: str) -> tuple[pd.DataFrame, list[str]]:
    """Xu hướng: for each chosen new unit, its predecessors' figures of ``indicator`` before
    1/7/2025 as marked series (added up only where the reform rules allow), and the notes."""
    links = _predecessor_links(engine, filters)
    if links.empty:
        return pd.DataFrame(), []
    figures = queries.observations_at(engine, indicator, tuple(links["old_id"].unique()), filters)
    if not figures.empty:
        figures = figures[figures["period_end"].fillna(figures["period_start"]) < REFORM_DAY]
    return views.predecessor_series(figures, links, filters.lineages)


def trend_menu_filters(engine: Engine, filters: Filters) -> Filters:
    """The filters the Xu hướng pickers use: the chosen units and the predecessors of those that
    are new units (so a new unit without figures of its own still offers its predecessors')."""
    links = _predecessor_links(engine, filters)
    if links.empty:
        return filters
    extra = sorted(set(links["old_lineage"]) - set(filters.lineages))
    return replace(filters, lineages=filters.lineages + tuple(extra))


PERIOD_MODES = {"cung_ky": "Cùng kỳ", "moi_nhat": "Số mới nhất của mỗi địa phương", "tat_ca": "Mọi kỳ"}


@dataclass
class Comparison:
    first: pd.Series
    is_flow: bool
    undated_only: bool
    chart: pd.DataFrame  # the bars (at most MAX_BARS: the largest and smallest halves)
    n_bars: int  # bars before the cap
    value_col: str
    unit: str
    scope_name: str
    n_lineages: int
    missing_population: str
    apart: list  # comparability.Group, shown as tables with their reason
    per_capita: bool = False  # the bars are per 10.000 residents
    period: str = ""  # the shared period in words, when every bar has it
    left_out: str = ""  # places without a figure of the shared period (their latest instead)
    note: str = ""  # on the chart: periods or levels that differ, said out loud
    unshared: pd.DataFrame | None = None  # no period shared by two places: each place's latest figure
    unshared_table: pd.DataFrame | None = None  # ``unshared`` for display
    apart_tables: list = field(default_factory=list)  # one display table per group of ``apart``
    higher_is_better: bool | None = None  # the indicator's direction (colours of the bars)


def comparison(engine: Engine, filters: Filters, indicator: str, period_mode: str = "cung_ky",
               per_capita: bool | None = None, mixed_levels: bool = False) -> Comparison | None:
    """So sánh: the main comparable group of one indicator as bars; by default one level and one
    period (the latest every place has) and per 10.000 residents when every population of that
    year is known (``per_capita`` None). Other periods or levels only when asked, with a note;
    every other group apart with its reason."""
    from danvan.reading.comparability import (
        FLOW_KINDS,
        Group,
        level_reason,
        one_level,
        per_10k,
        same_period,
        year_gap_note,
    )

    rows = queries.observations(engine, filters, indicator=indicator, include_undated=True)
    if rows.empty:
        return None
    first = rows.iloc[0]
    # Counts and stocks may be put per 10.000 residents; not rates, nor population itself.
    is_flow = (first["kind"] in FLOW_KINDS or first["kind"] == "stock") and first["theme"] not in CONTEXT_THEMES
    groups = comparable_groups(views.with_vintage_names(rows))
    main = groups[0]
    apart = list(groups[1:])
    data, unit, value_col, missing = main.rows, str(first["unit_label"]), "value", ""
    undated_only = main.key[3] == "khong_ro"
    period, left_out, notes, wants_per_capita, unshared = "", "", [], bool(per_capita), None
    if not undated_only:
        kept, other = one_level(data)
        if mixed_levels and not other.empty:
            notes.append("Gồm đơn vị khác cấp hành chính: số liệu không so sánh trực tiếp.")
        elif not other.empty:
            data = kept
            apart.insert(0, Group(("cap",), other, level_reason(kept, other)))
        if period_mode == "cung_ky":
            choice = same_period(data)
            unshared = views.latest_per_locality(data) if choice.rows.empty else None
            data, period, left_out = choice.rows, choice.period, choice.left_out
            notes.append(choice.note)
        else:
            if period_mode == "moi_nhat":
                data = views.latest_per_locality(data)
            notes.append(year_gap_note(data))
        if is_flow and not data.empty:
            with_population = per_10k(data, queries.population(engine))
            known = with_population["per_10k"].notna()
            wants_per_capita = bool(known.all()) if per_capita is None else bool(per_capita)
            if wants_per_capita:
                if not known.all():
                    missing = views.missing_population_label(with_population[~known])
                data = with_population[known]
                unit, value_col = f"{first['unit_label']} / 10.000 dân", "per_10k"
    n_bars = len(data)
    if n_bars > MAX_BARS:
        ordered = data.sort_values(value_col)
        data = pd.concat([ordered.head(MAX_BARS // 2), ordered.tail(MAX_BARS // 2)])
    return Comparison(first, bool(is_flow), undated_only, data, n_bars, value_col, unit,
                      str(main.rows["scope_class_name"].iloc[0]), int(data["lineage"].nunique()), missing, apart,
                      per_capita=wants_per_capita and value_col == "per_10k", period=period, left_out=left_out,
                      note=" ".join(n for n in notes if n), unshared=unshared,
                      unshared_table=views.observation_table(unshared) if unshared is not None else None,
                      apart_tables=[views.observation_table(group.rows) for group in apart],
                      higher_is_better=views.optional_bool(first["higher_is_better"]))


@dataclass
class MapData:
    years: list[str]  # map_data.LATEST, then the years with figures, newest first
    layers: object  # map_data.MapLayers
    indicator_name: str
    unit_label: str
    apart_table: pd.DataFrame = field(default_factory=pd.DataFrame)  # layers.apart for display, with its reason


def map_data(engine: Engine, filters: Filters, indicator: str, year: str, mode: str) -> MapData | None:
    """Bản đồ: one indicator's values per province (as they were, or summed into the 34
    provinces), district figures as points; one row per locality at most."""
    from danvan.maps.layers import LATEST, as_was, reference_year, select_period, to_2025

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
    return MapData(years, layers, str(first["indicator_name"]), str(first["unit_label"]),
                   apart_table=_with_reasons(layers.apart))


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


# --- Bản đồ and So sánh: «Các xã, phường của một tỉnh» ----------------------------------------

# The communes of a province as they were on the last day before the reform (63 provinces, old
# communes) or on its first day (34 provinces, new xã, phường, đặc khu).
COMMUNE_DAYS = {"34": date(2025, 7, 1), "63": date(2025, 6, 30)}
COMMUNE_VINTAGES = {"34": "34 tỉnh, thành phố từ 1/7/2025 (xã, phường mới)",
                    "63": "63 tỉnh, thành phố trước 1/7/2025 (xã, phường cũ)"}


def province_choices(engine: Engine, vintage: str) -> dict[str, str]:
    """Provinces of one vintage (locality_id → «Nghệ An (130 xã, phường)»), in Vietnamese order."""
    provinces = queries.provinces_on(engine, COMMUNE_DAYS[vintage])
    return {row.locality_id: f"{row.short_name_vi} ({format_number(row.n_units)} xã, phường)"
            for row in provinces.itertuples()}


def commune_indicator_labels(engine: Engine, filters: Filters, province_id: str, vintage: str) -> dict[str, str]:
    """Indicators with dated figures at the communes of one province, dân vận work first, then by
    number of communes reporting them."""
    menu = queries.commune_indicator_menu(engine, province_id, COMMUNE_DAYS[vintage], filters)
    return _menu_labels(menu, "xã, phường", core_indicators.core_codes(engine))


@dataclass
class ProvinceCommunes:
    province_id: str
    province_name: str
    gso_code: str
    vintage: str
    years: list[str]  # map_data.LATEST, then the years with figures, newest first
    layer: object  # map_data.CommuneLayer
    table: pd.DataFrame  # every commune, ranked, «không có số liệu» last
    indicator_name: str
    title: str
    source: str  # figures' sources and where the communes' points come from
    chart: pd.DataFrame  # the bars (at most MAX_BARS: the highest and lowest halves)
    n_bars: int
    higher_is_better: bool | None
    choice: tuple = ()  # the arguments it was made from (a key for cached figures)


def province_communes(engine: Engine, filters: Filters, province_id: str, vintage: str, indicator: str | None,
                      year: str, per_capita: bool) -> ProvinceCommunes | None:
    """Every commune (xã, phường, đặc khu) of one province in force before or from 1/7/2025, and
    one indicator's figures there for the chosen period: one indicator × one province's units."""
    from danvan.data.catalogue import SOURCE_ID
    from danvan.maps.layers import LATEST, commune_layer, reference_year, select_period

    day = COMMUNE_DAYS[vintage]
    provinces = queries.provinces_on(engine, day).set_index("locality_id")
    if province_id not in provinces.index:
        return None
    province = provinces.loc[province_id]
    units = queries.commune_units(engine, province_id, day)
    rows = (queries.commune_observations(engine, indicator, province_id, day, filters)
            if indicator else pd.DataFrame())
    years = [LATEST]
    if not rows.empty:
        years += [str(y) for y in sorted(reference_year(rows).dropna().astype(int).unique(), reverse=True)]
        rows = select_period(rows, year if year in years else LATEST)
    population = queries.commune_population(engine, province_id, day) if per_capita else None
    layer = commune_layer(units, rows, population, per_capita=per_capita)
    name = str(province["short_name_vi"])
    indicator_name = str(rows["indicator_name"].iloc[0]) if not rows.empty else ""
    when = "số mới nhất của mỗi xã" if year not in years[1:] else f"năm {year}"
    scale = "tính trên 10.000 dân" if layer.per_capita else "số tuyệt đối"
    title = (f"{indicator_name} – các xã, phường của {name} ({when}; {scale})" if indicator_name
             else f"Các xã, phường của {name}")
    catalogue = queries.sources(engine)
    places = catalogue[catalogue["source_id"] == SOURCE_ID]
    where = f"Vị trí xã, phường: {places['title'].iloc[0]}" if not places.empty else ""
    source = ". ".join(part for part in (layer.source, where) if part)
    chart, n_bars = layer.drawn, len(layer.drawn)
    if n_bars > MAX_BARS:
        ordered = chart.sort_values(layer.value_col)
        chart = pd.concat([ordered.head(MAX_BARS // 2), ordered.tail(MAX_BARS // 2)])
    higher = views.optional_bool(rows["higher_is_better"].iloc[0]) if not rows.empty else None
    return ProvinceCommunes(province_id, name, str(province["gso_code"]), vintage, years, layer,
                            views.commune_table(layer.points, layer.per_capita), indicator_name, title, source,
                            chart, n_bars, higher, (province_id, vintage, indicator, year, per_capita))



# --------------------------------------------------------------------------- any unit of the catalogue
# Pickers (sidebar «Địa bàn», Hồ sơ, the registry form) list one province's or one district's
# units, never the whole catalogue; the profile reads one lineage and its links.

REFORM_DAY = pd.Timestamp("2025-07-01")
_PAREN = re.compile(r"\s*\([^()]*\)\s*$")
_KIND_WORDS = {"thành phố trực thuộc TW": "thành phố trực thuộc trung ương"}


def _bare(name: object) -> str:
    """«Tỉnh Gia Lai (từ 1/7/2025)» → «Tỉnh Gia Lai»; «Vĩnh Long (mới)» → «Vĩnh Long»."""
    return _PAREN.sub("", str(name or "")).strip()


def _when(value: object) -> pd.Timestamp | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value)


def validity(valid_from: object, valid_to: object) -> str:
    """«từ 01/07/2025», «đến 30/06/2025», «từ 15/11/2011 đến 30/06/2021» or «» (no dates)."""
    start, end = _when(valid_from), _when(valid_to)
    if start is not None and end is not None:
        return f"từ {format_date(start)} đến {format_date(end)}"
    if start is not None:
        return f"từ {format_date(start)}"
    if end is not None:
        return f"đến {format_date(end)}"
    return ""


def _with_span(name: str, valid_from: object, valid_to: object) -> str:
    span = validity(valid_from, valid_to)
    return f"{name} ({span})" if span else name


def _sorted_ids(frame: pd.DataFrame, names: pd.Series) -> list[str]:
    order = frame.assign(_key=names.map(vn_sort_key),
                         _rank=frame["level"].map(LEVEL_RANK).fillna(3),
                         _new=frame["valid_to"].isna())  # old (ended) before new
    order = order.sort_values(["_rank", "_key", "_new"], kind="stable")
    return list(order["locality_id"])


def province_labels(engine: Engine) -> dict[str, str]:
    """Every province of the catalogue (63 before, 34 from 1/7/2025; ~87 entries), in
    Vietnamese order, old and new told apart: «Gia Lai (đến 30/06/2025)», «Gia Lai (mới, từ
    01/07/2025)», «Hà Nội (trước và sau 01/07/2025)»."""
    frame = queries.provinces(engine)
    labels = {}
    for row in frame.itertuples():
        name, start, end = _bare(row.short_name_vi), _when(row.valid_from), _when(row.valid_to)
        if end is not None:
            label = f"{name} (đến {format_date(end)})"
        elif start is not None:
            new = "mới, " if "(mới)" in str(row.short_name_vi) else ""
            label = f"{name} ({new}từ {format_date(start)})"
        else:
            label = f"{name} (trước và sau {format_date(REFORM_DAY)})"
        labels[row.locality_id] = label
    names = frame["short_name_vi"].map(_bare)
    return {code: labels[code] for code in _sorted_ids(frame, names)}


@dataclass
class UnitChoices:
    labels: dict[str, str]  # locality_id → label, the whole province or district first
    districts: tuple[str, ...]  # those whose communes can be listed next


def _unit_choices(whole: pd.DataFrame, units: pd.DataFrame, whole_word: str) -> UnitChoices:
    labels: dict[str, str] = {}
    if not whole.empty:
        row = whole.iloc[0]
        labels[row["locality_id"]] = f"{whole_word} {_bare(row['name_vi'])}"
    if not units.empty:
        names = units["name_vi"].map(_bare)
        texts = {i: _with_span(n, f, t) for i, n, f, t in
                 zip(units["locality_id"], names, units["valid_from"], units["valid_to"], strict=True)}
        for code in _sorted_ids(units, units["short_name_vi"].map(_bare)):
            labels[code] = texts[code]
    districts = tuple(units.loc[units["level"] == "huyen", "locality_id"]) if not units.empty else ()
    return UnitChoices(labels, districts)


def province_unit_choices(engine: Engine, province_id: str) -> UnitChoices:
    """«Đơn vị thuộc tỉnh»: the province itself, then its districts (before 1/7/2025) and the
    communes directly under it (from 1/7/2025); at most a few hundred options."""
    whole = queries.provinces(engine)
    return _unit_choices(whole[whole["locality_id"] == province_id], queries.province_units(engine, province_id),
                         "Toàn địa bàn")


def district_unit_choices(engine: Engine, district_id: str) -> UnitChoices:
    """A district itself, then its communes (before 1/7/2025)."""
    whole = queries.unit_vintages(engine, district_id)
    whole = whole[whole["locality_id"] == district_id]
    return _unit_choices(whole, queries.child_units(engine, district_id), "Toàn địa bàn")


def _kind(label: object) -> str:
    text = _KIND_WORDS.get(str(label or ""), str(label or ""))
    return text[:1].upper() + text[1:]


def _place(parent_name: object, parent_level: object, province_name: object, level: object) -> str:
    """«Quận Hoàn Kiếm, Hà Nội» for an old commune, «Hà Nội» below a province, «» for a province."""
    if level == "tinh":
        return ""
    parts = []
    if parent_level == "huyen" and isinstance(parent_name, str):
        parts.append(_bare(parent_name))
    if isinstance(province_name, str) and province_name:
        parts.append(_bare(province_name))
    return ", ".join(parts)


def _linked_label(row: pd.Series) -> str:
    """«Phường Cửa Nam (Quận Hoàn Kiếm, Hà Nội, đến 30/06/2025)» for a linked unit."""
    place = _place(row["parent_name"], row["parent_level"], row["province_name"], row["other_level"])
    parts = [p for p in (place, validity(row["other_valid_from"], row["other_valid_to"])) if p]
    name = _bare(row["other_name"])
    return f"{name} ({', '.join(parts)})" if parts else name


def _part_words(whole: object) -> str:
    if whole is None or pd.isna(whole):
        return "chưa ghi rõ"
    return "toàn bộ địa bàn" if bool(whole) else "một phần địa bàn"


def _ordered_links(links: pd.DataFrame) -> pd.DataFrame:
    if links.empty:
        return links
    return links.assign(
        _rank=links["other_level"].map(LEVEL_RANK).fillna(3),
        _whole=~links["whole"].fillna(False).astype(bool),
        _key=links["other_name"].map(lambda n: vn_sort_key(_bare(n))),
    ).sort_values(["effective_date", "_rank", "_whole", "_key"], kind="stable").drop(
        columns=["_rank", "_whole", "_key"])


def _link_table(links: pd.DataFrame, *, successors: bool) -> pd.DataFrame:
    if links.empty:
        return pd.DataFrame()
    main_note = "đơn vị kế thừa chính" if successors else "nơi kế thừa chính của đơn vị cũ"
    notes = [", ".join(p for p in ((main_note if bool(m) and not pd.isna(w) else ""), str(n or "")) if p)
             for m, w, n in zip(links["main"], links["whole"], links["note"], strict=True)]
    return pd.DataFrame({
        "Từ ngày": [format_date(d) or "không rõ" for d in links["effective_date"]],
        "Đơn vị kế thừa" if successors else "Đơn vị tiền thân": [_linked_label(r) for _, r in links.iterrows()],
        "Loại": links["other_level_label"].map(_kind),
        "Phần địa bàn chuyển sang" if successors else "Phần địa bàn chuyển vào":
            [_part_words(w) for w in links["whole"]],
        "Ghi chú": notes,
    }).reset_index(drop=True)


MAX_LINK_LINES = 6  # links worded one sentence each; more are summed up in one sentence


def _link_lines(links: pd.DataFrame, *, successors: bool, name: str) -> list[str]:
    if links.empty:
        return []
    verb = "sáp nhập vào" if successors else "tiếp nhận"
    if len(links) <= MAX_LINK_LINES:
        lines = []
        for _, row in links.iterrows():
            when = format_date(row["effective_date"])
            start = f"Từ {when}" if when else "Khi sắp xếp"
            lines.append(f"{start} {verb} **{_linked_label(row)}** – {_part_words(row['whole'])}.")
        return lines
    when = format_date(links["effective_date"].min())
    whole = links["whole"].fillna(False).astype(bool)
    if successors:
        return [f"Từ {when} địa bàn của {name} chia vào {format_number(len(links))} đơn vị mới (xem bảng)."]
    summary = (f"Từ {when} {name} hình thành từ {format_number(len(links))} đơn vị: toàn bộ địa bàn của "
               f"{format_number(int(whole.sum()))} đơn vị và một phần địa bàn của "
               f"{format_number(int((~whole).sum()))} đơn vị (xem bảng).")
    return [summary]


@dataclass
class UnitProfile:
    lineage: str
    locality_id: str  # the latest vintage
    name: str  # «Phường Cửa Nam»
    short_name: str  # «Cửa Nam»
    label: str  # «Phường Cửa Nam (Hà Nội, từ 01/07/2025)»
    facts: list[tuple[str, str]]
    history: pd.DataFrame  # the lineage's vintages
    lines: list[str]  # predecessors and successors, one sentence each (or a summary)
    successors: pd.DataFrame
    predecessors: pd.DataFrame
    predecessor_lineages: tuple[str, ...]
    reform_date: str  # the date the predecessors ended («01/07/2025»), «» without predecessors
    successions: pd.DataFrame  # curated notes on district changes
    locator: dict[str, object]


def unit_profile(engine: Engine, lineage: str) -> UnitProfile | None:
    """Hồ sơ địa phương for any unit of the catalogue: what it is, where it lies, when it was
    valid, what it came from and what it went into (locality_link and the curated
    successor_id / district_succession rows), and what the locator map shows."""
    vintages = queries.unit_vintages(engine, lineage)
    if vintages.empty:
        return None
    latest = vintages.iloc[-1]
    ids = tuple(vintages["locality_id"])
    successors = _ordered_links(queries.unit_links(engine, ids, successors=True))
    predecessors = _ordered_links(queries.unit_links(engine, ids, successors=False))
    successors = successors[successors["other_lineage"] != lineage]
    predecessors = predecessors[predecessors["other_lineage"] != lineage]
    name = _bare(latest["name_vi"])
    place = _place(latest["parent_name"], latest["parent_level"], latest["province_name"], latest["level"])
    starts, ends = vintages["valid_from"], vintages["valid_to"]
    start = None if starts.isna().any() else starts.min()
    end = None if ends.isna().any() else ends.max()
    span = validity(start, end)
    label = f"{name} ({', '.join(p for p in (place, span) if p)})" if place or span else name

    facts = [("Loại đơn vị", _kind(latest["level_label_vi"]))]
    if latest["level"] != "tinh":
        parent = _bare(latest["parent_name"]) if isinstance(latest["parent_name"], str) else ""
        province = _bare(latest["province_name"]) if isinstance(latest["province_name"], str) else ""
        within = parent if latest["parent_level"] != "huyen" else ", ".join(p for p in (parent, province) if p)
        if within:
            facts.append(("Thuộc", within))
    if span:
        facts.append(("Hiệu lực", span))
    elif latest["level"] == "tinh":
        facts.append(("Hiệu lực", f"trước và sau {format_date(REFORM_DAY)} (không sáp nhập)"))
    if latest["gso_code"]:
        facts.append(("Mã đơn vị hành chính", str(latest["gso_code"])))
    if pd.notna(latest["area_km2"]):
        facts.append(("Diện tích", format_value(latest["area_km2"], "km²")))
    known = vintages.dropna(subset=["population"])
    if not known.empty:
        pop = known.iloc[-1]
        when = format_date(pop["population_date"])
        facts.append(("Dân số", format_value(pop["population"], "người") + (f" ({when})" if when else "")))

    names = pd.concat([vintages[["locality_id", "name_vi", "lineage"]],
                       successors.rename(columns={"other_id": "locality_id", "other_name": "name_vi",
                                                  "other_lineage": "lineage"})[["locality_id", "name_vi", "lineage"]]],
                      ignore_index=True).drop_duplicates("locality_id")
    history = views.boundary_history(pd.concat([vintages, names[~names["locality_id"].isin(ids)]],
                                               ignore_index=True), lineage)

    lines = (_link_lines(predecessors, successors=False, name=name)
             + _link_lines(successors, successors=True, name=name))
    successions = queries.district_successions(engine, list(ids))
    if not successions.empty:
        old_names = dict(zip(vintages["locality_id"], vintages["name_vi"].map(_bare), strict=True))
        successions = views.succession_table(successions.assign(
            old_locality_id=successions["old_locality_id"].map(old_names)))
    reform = predecessors["effective_date"].dropna()
    return UnitProfile(
        lineage, str(latest["locality_id"]), name, _bare(latest["short_name_vi"]), label, facts, history, lines,
        _link_table(successors, successors=True), _link_table(predecessors, successors=False),
        tuple(dict.fromkeys(predecessors["other_lineage"])), format_date(reform.min()) if len(reform) else "",
        successions, _locator(latest, name))


def _locator(latest: pd.Series, name: str) -> dict[str, object]:
    """The locator map: the unit's province coloured on the map of its time (63 provinces
    before 1/7/2025, 34 for a unit still valid), a point for a district or commune."""
    from danvan.maps import geo

    vintage = "63" if pd.notna(latest["valid_to"]) else "34"
    gso = str(latest["gso_code"] if latest["level"] == "tinh" else latest["province_gso"] or "")
    if gso not in set(geo.province_table(vintage)["gso_code"]):
        other = "34" if vintage == "63" else "63"
        vintage, gso = (other, gso) if gso in set(geo.province_table(other)["gso_code"]) else (vintage, "")
    point = None
    if latest["level"] != "tinh" and pd.notna(latest["lon"]) and pd.notna(latest["lat"]):
        point = (float(latest["lon"]), float(latest["lat"]), _bare(latest["short_name_vi"]))
    province = _bare(latest["province_name"]) if isinstance(latest["province_name"], str) else ""
    title = f"Vị trí: {name}" + (f" ({province})" if province and latest["level"] != "tinh" else "")
    return {"vintage": vintage, "gso_code": gso, "point": point, "title": title}


@dataclass
class PredecessorFigures:
    title: str  # «Quận Hoàn Kiếm (Hà Nội, đến 30/06/2025) – một phần địa bàn»
    key: str  # the predecessor's locality_id
    n: int
    table: pd.DataFrame


def predecessor_figures(engine: Engine, filters: Filters, lineage: str) -> list[PredecessorFigures]:
    """The figures of a unit's predecessors (units that went into it on a reorganisation), one
    group per predecessor, each labelled with that unit's name: never added together, since
    a predecessor often gave only part of its area."""
    vintages = queries.unit_vintages(engine, lineage)
    if vintages.empty:
        return []
    links = _ordered_links(queries.unit_links(engine, tuple(vintages["locality_id"]), successors=False))
    links = links[links["other_lineage"] != lineage]
    if links.empty:
        return []
    scoped = replace(filters, lineages=tuple(dict.fromkeys(links["other_lineage"])), level=LEVEL_ALL)
    frame = queries.observations(engine, scoped, include_undated=True)
    groups = []
    for _, link in links.iterrows():  # only the vintage that went into the unit (its area then)
        rows = frame[frame["locality_id"] == link["other_id"]]
        if rows.empty:
            continue
        groups.append(PredecessorFigures(f"{_linked_label(link)} – {_part_words(link['whole'])}",
                                         str(link["other_id"]), len(rows), views.observation_table(rows)))
    return groups


@dataclass(frozen=True)
class UnitNames:
    """How chosen lineages are named: each lineage's latest vintage and its label
    («Phường Cửa Nam (Hà Nội, từ 01/07/2025)»), and the lineage of each vintage read."""

    latest: dict[str, str]
    labels: dict[str, str]  # lineage -> label of its latest vintage
    lineage_of: dict[str, str]
    unit_labels: dict[str, str]  # each of ``ids`` -> its label


def unit_names(engine: Engine, lineages: tuple[str, ...] = (), ids: tuple[str, ...] = ()) -> UnitNames:
    """Names for a few units from a bounded read (no index over the whole catalogue)."""
    from danvan.data.unit_names import UnitIndex

    frame = queries.units_with_ancestors(engine, lineages=lineages, ids=ids)
    index = UnitIndex(frame)
    own = frame[frame["lineage"].isin(lineages)]
    latest = (own.sort_values("valid_from", na_position="first", kind="stable")
              .groupby("lineage")["locality_id"].last().to_dict())
    labels = {lineage: index.describe(vintage) for lineage, vintage in latest.items()}
    return UnitNames(latest, labels, dict(zip(frame["locality_id"], frame["lineage"], strict=True)),
                     {unit: index.describe(unit) for unit in ids})

