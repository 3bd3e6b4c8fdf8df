"""The communes of one province (Bản đồ, So sánh) and a new unit's predecessors (Xu hướng), read
from the real catalogue with synthetic figures for a few Nghệ An communes (written by the test)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import insert

from danvan.data import version as data_version
from danvan.data.db import get_engine
from danvan.data.loader import build_database
from danvan.data.models import Observation
from danvan.maps.layers import LATEST
from danvan.reading import page_data, queries
from danvan.reading.filters import Filters
from danvan.reading.tables import PREDECESSOR, PREDECESSORS_SUMMED
from danvan.settings import ROOT
from tests.communes_data import INDICATOR, add_nghe_an_figures
from tests.dbs import fresh_url

ALL_YEARS = Filters(2009, 2025, ())
# Phường Thành Vinh (from 1/7/2025) = six whole old communes of Vinh
THANH_VINH = "xa-16681-2025"
THANH_VINH_FROM = ["xa-16663", "xa-16669", "xa-16672", "xa-16678", "xa-16681", "xa-18013"]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):
    eng = get_engine(fresh_url(tmp_path_factory.mktemp("communes"), "communes"))
    build_database(eng, ROOT / "data")
    add_nghe_an_figures(eng, population_for=5)
    rows = [{"obs_id": f"TEST-CU-{year}-{n}", "locality_id": old, "indicator_code": INDICATOR,
             "period_start": date(year, 1, 1), "period_end": date(year, 12, 31), "value": 10 * (n + 1),
             "qualifier": "exact", "scope_class": "toan_dia_ban", "scope_vi": "toàn xã (thử nghiệm)",
             "source_id": "S46", "locator": "kiểm thử", "note_vi": ""}
            for year, olds in ((2024, THANH_VINH_FROM), (2023, THANH_VINH_FROM[:5]))
            for n, old in enumerate(olds)]
    with eng.begin() as conn:
        conn.execute(insert(Observation), rows)
        data_version.bump(conn)
    return eng


def test_province_lists_are_the_34_and_the_63(engine) -> None:
    new, old = page_data.province_choices(engine, "34"), page_data.province_choices(engine, "63")
    assert len(new) == 34 and len(old) == 63
    assert new["nghe-an"] == "Nghệ An (130 xã, phường)" and "gia-lai-2025" in new and "gia-lai" not in new
    assert "binh-dinh" in old and "gia-lai-2025" not in old


def test_nghe_an_communes_every_one_drawn_grey_without_figure(engine) -> None:
    label = page_data.commune_indicator_labels(engine, ALL_YEARS, "nghe-an", "34")[INDICATOR]
    assert "(7 xã, phường)" in label and label.endswith("· trọng tâm")  # a core dân vận indicator
    data = page_data.province_communes(engine, ALL_YEARS, "nghe-an", "34", INDICATOR, LATEST, False)
    points = data.layer.points
    assert len(points) == 130 and points["locality_id"].str.endswith("-2025").all()
    assert sorted(points.loc[points["status"] == "co_so_lieu", "value"]) == [10, 45, 80, 120, 300]
    assert (points["status"] == "khong_co").sum() == 123 and (points["status"] == "de_rieng").sum() == 2
    assert points.loc[points["status"] == "khong_co", "value"].isna().all()  # never 0
    assert data.table["Giá trị"].iloc[0] == "300 lượt" and data.table["Hạng"].iloc[0] == "1"
    assert data.table["Giá trị"].iloc[-1] == "không có số liệu"
    assert set(data.layer.apart["obs_id"]) == {"TEST-XA-5", "TEST-XA-6"}
    assert "số tuyệt đối" in data.title and data.gso_code == "40" and data.years == [LATEST, "2025"]
    assert "Vị trí xã, phường" in data.source


def test_per_10k_with_the_population_of_every_drawn_commune(engine) -> None:
    data = page_data.province_communes(engine, ALL_YEARS, "nghe-an", "34", INDICATOR, "2025", True)
    assert data.layer.per_capita and data.layer.unit_label == "lượt / 10.000 dân"
    assert "tính trên 10.000 dân" in data.title and "Trên 10.000 dân" in data.table.columns
    assert data.layer.points["value"].max() == 120  # 120 lượt for 10.000 residents


def test_old_nghe_an_draws_its_old_communes(engine) -> None:
    data = page_data.province_communes(engine, ALL_YEARS, "nghe-an", "63", INDICATOR, LATEST, False)
    points = data.layer.points
    assert len(points) > 400 and not points["locality_id"].str.endswith("-2025").any()
    assert (points["status"] == "co_so_lieu").sum() == 6  # the 2024 figures of Vinh's old communes


def test_new_province_shows_its_predecessors_marked(engine) -> None:
    filters = Filters(2009, 2025, ("gia-lai-2025",))
    assert set(page_data.trend_menu_filters(engine, filters).lineages) == {"gia-lai-2025", "gia-lai", "binh-dinh"}
    data = page_data.trend(engine, filters, "ntm_communes_recognized", "nhu_cu")
    assert set(data.rows["locality_name"]) == {"Gia Lai (đơn vị tiền thân)"}
    assert set(data.rows["series"]) == {PREDECESSOR}
    assert "thiếu số liệu cùng kỳ của Bình Định" in data.predecessor_notes[0]


def test_new_commune_sums_its_whole_old_communes_only_when_all_reported(engine) -> None:
    filters = Filters(2009, 2025, (THANH_VINH,))
    rows, notes = page_data.predecessor_rows(engine, filters, INDICATOR)
    summed = rows[rows["series"] == PREDECESSORS_SUMMED]
    assert list(summed["value"]) == [210] and summed["period_end"].iloc[0] == pd.Timestamp("2024-12-31")
    apart = rows[rows["series"] == PREDECESSOR]
    assert len(apart) == 5 and (apart["period_end"] == pd.Timestamp("2023-12-31")).all()
    assert apart["locality_name"].str.endswith("(đơn vị tiền thân)").all()
    assert "năm 2024" in notes[0] and "thiếu số liệu cùng kỳ của Hưng Chính" in notes[0]


def test_reads_are_bounded_to_one_province(engine) -> None:
    day = page_data.COMMUNE_DAYS["34"]
    assert len(queries.commune_units(engine, "nghe-an", day)) == 130
    rows = queries.commune_observations(engine, INDICATOR, "nghe-an", day, ALL_YEARS)
    assert set(rows["obs_id"]) == {f"TEST-XA-{n}" for n in range(7)}
