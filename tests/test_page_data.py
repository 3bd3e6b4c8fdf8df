"""Page models (danvan.reading.page_data) read aggregated or bounded results from the database; on the
real dataset they must give exactly what the earlier whole-frame computations in pandas gave."""

from __future__ import annotations

import pandas as pd
import pytest

from danvan.data.db import get_engine
from danvan.data.loader import build_database
from danvan.reading import core_indicators, page_data, queries
from danvan.reading import tables as views
from danvan.reading.filters import Filters
from danvan.reading.rates import rate_table
from danvan.settings import ROOT
from tests import oracles
from tests.dbs import fresh_url

FILTER_SETS = [Filters(2009, 2025, ()), Filters(2016, 2021, ("tra-vinh", "huong-tra")),
               Filters(2009, 2025, (), "huyen"), Filters(2022, 2022, ())]
IDS = ["all", "two-places", "districts", "2022"]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):
    eng = get_engine(fresh_url(tmp_path_factory.mktemp("page-data"), "page_data"))
    build_database(eng, ROOT / "data")
    return eng


@pytest.mark.parametrize("filters", FILTER_SETS, ids=IDS)
def test_overview_matches_the_whole_frame_computation(engine, filters) -> None:
    frame = queries.observations(engine, filters, include_undated=True)
    lineages = page_data.areas(engine, filters)
    expected = oracles.locality_overview(views.vn_sort(lineages, "short_name_vi"),
                                         queries.localities(engine), frame)
    got = page_data.overview(engine, filters)
    if frame.empty:
        assert got.cards == []
        return
    assert [c["lineage"] for c in got.cards] == [c["lineage"] for c in expected]
    for mine, old in zip(got.cards, expected, strict=True):
        for key in ("n", "n_indicators", "latest", "population", "themes"):
            assert mine[key] == old[key], (mine["lineage"], key)
    core = core_indicators.core_codes(engine)
    old_head = views.headline_figures(frame, core, themes=core_indicators.core_themes(engine, core))
    assert sorted(got.headlines["obs_id"]) == sorted(old_head["obs_id"])
    assert got.n_sources == frame["source_id"].nunique()


@pytest.mark.parametrize("filters", FILTER_SETS, ids=IDS)
def test_indicator_menu_matches_the_picker_built_from_all_rows(engine, filters) -> None:
    frame = queries.observations(engine, filters, include_undated=True)
    assert page_data.indicator_labels(engine, filters, include_undated=True) == (
        oracles.indicator_choices(frame, core_indicators.core_codes(engine)) if not frame.empty else {})


def test_data_table_counts_pages_and_searches_in_the_database(engine) -> None:
    filters = Filters(2009, 2025, ())
    everything = queries.observations(engine, filters, include_undated=True)
    table = page_data.data_table(engine, filters, (), "", 1)
    assert page_data.data_total(engine, filters, (), "") == len(everything) == 266
    assert len(table.rows) == min(page_data.TABLE_PAGE, 266)
    for text in ("cau ke", "Cầu Kè", "tiep cong dan", "HỒ SƠ", "ho so", "B/2"):
        expected = oracles.search(everything, text)
        found = page_data.data_table(engine, filters, (), text, 1)
        assert page_data.data_total(engine, filters, (), text) == len(expected), text
        assert set(found.rows["obs_id"]) == set(expected["obs_id"]), text
    theme = everything["theme"].iloc[0]
    assert page_data.data_total(engine, filters, (theme,), "") == int((everything["theme"] == theme).sum())


def test_count_stops_at_the_cap(engine) -> None:
    filters = Filters(2009, 2025, ())
    assert queries.observation_count(engine, filters) == 266
    assert queries.observation_count(engine, filters, cap=1000) == 266
    assert queries.observation_count(engine, filters, cap=100) == 101
    assert queries.observation_count(engine, filters, (), "cau ke", cap=1) == 2


def test_data_table_pages_do_not_overlap(engine) -> None:
    filters = Filters(2009, 2025, ())
    first = queries.observation_page(engine, filters, limit=100, offset=0)
    second = queries.observation_page(engine, filters, limit=100, offset=100)
    third = queries.observation_page(engine, filters, limit=100, offset=200)
    ids = list(first["obs_id"]) + list(second["obs_id"]) + list(third["obs_id"])
    assert len(ids) == len(set(ids)) == 266


def test_consistency_reads_only_rate_inputs_and_finds_the_known_errors(engine) -> None:
    everything = queries.observations(engine, None, include_undated=True)
    old = views.rate_checks_table(rate_table(everything, queries.catalogue(engine)), everything)
    got = page_data.consistency(engine, Filters(2009, 2025, ()))
    assert {"0,04%", "88,9%"} <= set(got.flagged["Số nguồn nêu"])
    assert len(got.flagged) == len(old)
    assert got.flagged.sort_values(["Địa phương", "Kỳ báo cáo"]).reset_index(drop=True).equals(
        old.sort_values(["Địa phương", "Kỳ báo cáo"]).reset_index(drop=True))
    inputs = queries.rate_inputs(engine, Filters(2009, 2025, ()))
    assert 0 < len(inputs) < len(everything)
    notes = views.inconsistency_notes(everything)
    assert len(got.notes) == len(notes)


def test_latest_per_lineage_and_theme_is_picked_in_the_database(engine) -> None:
    filters = Filters(2009, 2025, ())
    frame = views.work_figures(queries.observations(engine, filters)).copy()
    frame["ref"] = frame["period_end"].fillna(frame["period_start"])
    latest = queries.latest_work_figures(engine, filters)
    newest = latest[latest["rank_in_lineage"] == 1].set_index("lineage")
    for lineage, rows in frame.groupby("lineage"):
        assert newest.loc[lineage, "period_end"] == rows["ref"].max() or pd.isna(newest.loc[lineage, "period_end"])
    assert not latest.duplicated(["lineage", "theme", "rank_in_theme", "rank_in_lineage"]).any()


def test_comparison_caps_bars_and_keeps_groups_apart(engine) -> None:
    filters = Filters(2009, 2025, ())
    menu = queries.indicator_menu(engine, filters, include_undated=True)
    for code in menu["indicator_code"].head(25):
        got = page_data.comparison(engine, filters, code, "moi_nhat", False, mixed_levels=True)
        rows = queries.observations(engine, filters, indicator=code, include_undated=True)
        assert got is not None and len(got.chart) <= page_data.MAX_BARS
        shown = set(got.chart["obs_id"]) | {i for g in got.apart for i in g.rows["obs_id"]}
        assert shown <= set(rows["obs_id"])


def test_first_lineages_keeps_whole_lineages_in_vietnamese_order() -> None:
    frame = pd.DataFrame({"lineage": ["b", "a", "c", "a", "d"],
                          "locality_name": ["Đà Nẵng", "An Giang", "Bắc Ninh", "An Giang", "Yên Bái"]})
    rows, n = page_data.first_lineages(frame, 2)
    assert n == 4 and set(rows["lineage"]) == {"a", "c"} and len(rows) == 3


def test_year_bounds_from_indexes_equal_the_coalesced_range(engine) -> None:
    frame = queries.observations(engine, None, include_undated=False, focus_only=False)
    low = frame["period_start"].fillna(frame["period_end"]).min().year
    high = max(frame["period_end"].fillna(frame["period_start"]).max().year, 2025)
    assert queries.year_bounds(engine) == (low, high)


@pytest.mark.parametrize("mode", ["cung_ky", "moi_nhat", "tat_ca"])
def test_no_comparison_mixes_years_more_than_one_apart_without_a_note(engine, mode) -> None:
    filters = Filters(2009, 2025, ())
    for code in queries.indicator_menu(engine, filters)["indicator_code"]:
        got = page_data.comparison(engine, filters, code, mode)
        if got is None or got.chart.empty:
            continue
        years = got.chart["period_end"].fillna(got.chart["period_start"]).dt.year
        if years.max() - years.min() > 1:
            assert mode != "cung_ky" and got.note.startswith("Số liệu khác năm"), code
        if mode == "cung_ky":
            assert got.chart["level"].nunique() == 1, code
            if got.chart["kind"].iloc[0] in ("count", "amount"):
                assert got.chart[["period_start", "period_end"]].drop_duplicates().shape[0] == 1, code


def test_comparison_defaults_to_per_10000_only_when_every_population_is_known(engine) -> None:
    filters = Filters(2009, 2025, ())
    population = page_data.comparison(engine, filters, "population")
    assert population is not None and not population.per_capita  # a stock of people: never per residents
    got = page_data.comparison(engine, filters, "petitions_received", "moi_nhat")
    assert got is not None and got.per_capita == (got.value_col == "per_10k")
    if got.per_capita:
        assert not got.missing_population
