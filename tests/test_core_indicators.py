"""Chỉ tiêu trọng tâm: the administrator's list drives every default, and headlines prefer a
whole year to a month and never come from peripheral themes."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from danvan.data.db import get_engine
from danvan.data.loader import build_database
from danvan.reading import core_indicators, page_data, queries
from danvan.reading import tables as views
from danvan.reading.filters import Filters
from danvan.settings import ROOT
from tests.apptest_support import PASSWORD, add_user, open_page, sign_in
from tests.dbs import fresh_url

ALL = Filters(2009, 2025, ())


@pytest.fixture()
def engine(tmp_path):
    eng = get_engine(fresh_url(tmp_path, "core"))
    build_database(eng, ROOT / "data")
    return eng


def test_seed_until_an_administrator_saves_then_their_order(engine) -> None:
    assert core_indicators.is_seed(engine)
    assert core_indicators.core_codes(engine)[:2] == ("citizen_reception_visits", "petitions_received")
    saved = core_indicators.save(engine, ["petitions_received", "dvk_models_maintained", "petitions_received"], "chu")
    assert saved == ("petitions_received", "dvk_models_maintained")
    assert core_indicators.core_codes(engine) == saved and not core_indicators.is_seed(engine)
    core_indicators.reset(engine, "chu")
    assert core_indicators.core_codes(engine) == core_indicators.SEED


@pytest.mark.parametrize(("codes", "message"), [([], "ít nhất một"), (["khong_co"], "khong_co"),
                                                (["petitions_received"] * 1 + [f"x{i}" for i in range(20)], "tối đa")])
def test_bad_lists_are_refused_and_nothing_changes(engine, codes, message) -> None:
    with pytest.raises(core_indicators.CoreIndicatorError, match=message):
        core_indicators.save(engine, codes, "chu")
    assert core_indicators.is_seed(engine)


def test_pickers_open_on_the_first_core_indicator_reported_by_two_places(engine) -> None:
    labels = page_data.indicator_labels(engine, ALL, include_undated=True)
    first = next(iter(labels))
    assert first in core_indicators.SEED and labels[first].endswith("· trọng tâm")
    menu = queries.indicator_menu(engine, ALL, include_undated=True).set_index("indicator_code")
    assert menu.loc[first, "places"] >= 2
    core_indicators.save(engine, ["dvk_models_maintained", "petitions_received"], "chu")
    labels = page_data.indicator_labels(engine, ALL, include_undated=True)
    # petitions_received (4 places) before dvk_models_maintained (1 place), then the rest
    assert list(labels)[:2] == ["petitions_received", "dvk_models_maintained"]
    assert not any(label.endswith("trọng tâm") for label in list(labels.values())[2:])
    themes = page_data.theme_labels(engine, ALL)
    assert next(iter(themes)) == "don_thu"
    trend = page_data.trend_indicator_labels(engine, ALL, "don_thu")
    assert next(iter(trend)) == "petitions_received"


def test_overview_headlines_are_core_or_core_themes_only(engine) -> None:
    core = core_indicators.core_codes(engine)
    themes = set(core_indicators.core_themes(engine, core))
    headlines = page_data.overview(engine, ALL).headlines
    assert not headlines.empty and set(headlines["theme"]) <= themes
    assert "nong_thon_moi" not in set(headlines["theme"])
    nghe_an = headlines[headlines["lineage"] == "nghe-an"]
    assert list(nghe_an["indicator_code"]) == [c for c in core if c in set(nghe_an["indicator_code"])]


def _figure(obs_id: str, start: str, end: str, value: float, code: str = "petitions_received") -> dict:
    return {"obs_id": obs_id, "lineage": "gia-lai", "indicator_code": code, "theme": "don_thu", "kind": "count",
            "scope_class": "toan_dia_ban", "whole_locality": True, "value": value,
            "period_start": pd.Timestamp(start), "period_end": pd.Timestamp(end)}


def test_a_headline_is_a_whole_year_never_a_later_month() -> None:
    frame = pd.DataFrame([_figure("year", "2024-01-01", "2024-12-31", 8000),
                          _figure("month", "2025-06-01", "2025-06-30", 651),
                          _figure("half", "2025-01-01", "2025-06-30", 3000)])
    picked = views.headline_figures(frame, ("petitions_received",))
    assert list(picked["obs_id"]) == ["year"]
    picked = views.headline_figures(frame[frame["obs_id"] != "year"], ("petitions_received",))
    assert list(picked["obs_id"]) == ["half"]  # no year: the newest, longest part of a year
    picked = views.headline_figures(frame[frame["obs_id"] == "month"], ("petitions_received",))
    assert list(picked["obs_id"]) == ["month"]


def test_administrator_saves_the_list_in_the_app_and_pages_follow(own_db, app_path, root) -> None:
    at = AppTest.from_file(app_path, default_timeout=60).run()  # builds the database
    add_user(own_db, "chu", role="admin", display_name="Chủ trì")
    sign_in(at, "chu", PASSWORD)
    at = open_page(at, root, "chi_tieu_trong_tam")
    assert at.title[0].value == "Chỉ tiêu trọng tâm" and not at.exception
    at.multiselect(key="ct_codes").set_value(["dvk_models_maintained", "petitions_received"])
    at.button(key="ct_save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("Đã lưu 2" in s.value for s in at.success)
    assert core_indicators.core_codes(get_engine(own_db)) == ("dvk_models_maintained", "petitions_received")
    at = open_page(at, root, "so_sanh")
    assert at.selectbox(key="cmp_indicator").value == "petitions_received"
