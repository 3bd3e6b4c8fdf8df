"""Downloads open in Excel with Vietnamese intact and no formula runs; queries filter in SQL."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from danvan.data.db import get_engine
from danvan.data.loader import build_database
from danvan.exporting.downloads import csv_bytes, xlsx_bytes
from danvan.reading import queries
from danvan.reading.filters import Filters
from tests.dbs import fresh_url

MINI = Path(__file__).parent / "fixtures" / "mini"


def test_csv_has_bom_vietnamese_and_escaped_formulas() -> None:
    frame = pd.DataFrame({"Địa phương": ["Hương Trà", "=HYPERLINK(\"x\")", "Trà Vinh"],
                          "Giá trị": [89.3, -1, 173.201], "Số": [20985, 1234567, 0]})
    data = csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "Hương Trà" in text
    assert "'=HYPERLINK" in text
    assert ",-1," in text  # numbers are not escaped
    assert '"89,3"' in text and "173,201" in text and "20.985" in text and "1.234.567" in text


def test_xlsx_round_trip() -> None:
    frame = pd.DataFrame({"Địa phương": ["Trà Vinh", "@SUM(A1)"], "Giá trị": [0.04, 20985]})
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame, sheet="Số liệu")))
    sheet = book["Số liệu"]
    assert [c.value for c in sheet[1]] == ["Địa phương", "Giá trị"]
    assert sheet["A2"].value == "Trà Vinh" and sheet["B3"].value == 20985
    assert sheet["A3"].value == "'@SUM(A1)" and sheet["A3"].data_type == "s"
    assert sheet["B2"].number_format == "#,##0.######"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):
    eng = get_engine(fresh_url(tmp_path_factory.mktemp('q'), "q"))
    build_database(eng, MINI)
    return eng


def test_year_filter_keeps_periods_that_overlap(engine) -> None:
    rows = queries.observations(engine, Filters(2021, 2021, ()))
    assert set(rows["obs_id"]) == {"O1", "O2", "O3", "O4"}
    # an open-ended period (start 10/2016, no end) counts from its start year
    assert "O5" in set(queries.observations(engine, Filters(2016, 2016, ()))["obs_id"])
    assert "O5" not in set(queries.observations(engine, Filters(2015, 2015, ()))["obs_id"])


def test_area_and_level_filters(engine) -> None:
    only_tv = queries.observations(engine, Filters(2009, 2025, ("tra-vinh",)))
    assert set(only_tv["lineage"]) == {"tra-vinh"}
    districts = queries.observations(engine, Filters(2009, 2025, (), "huyen"))
    assert set(districts["level"]) == {"huyen"}


def test_undated_only_on_request(engine) -> None:
    without = queries.observations(engine, Filters(2009, 2025, ()))
    with_undated = queries.observations(engine, Filters(2009, 2025, ()), include_undated=True)
    assert set(with_undated["obs_id"]) - set(without["obs_id"]) == {"O13"}


def test_joined_columns_carry_provenance(engine) -> None:
    row = queries.observations(engine, None, indicator="dossiers_late_rate").iloc[0]
    assert row["source_title"] == "Báo cáo thử B"
    assert row["source_document"] == "12/BC-UBND"
    assert row["scope_class_name"] == "Trung tâm hành chính công"
    assert row["unit_label"] == "%"
    assert row["locator"] == "đoạn 9"


def test_counts_population_and_bounds(engine) -> None:
    counts = queries.indicator_counts(engine).set_index(["lineage", "theme"])["n"]
    assert counts[("huong-tra", "cai_cach_hanh_chinh")] == 6
    pop = queries.population(engine)
    assert pop[["locality_id", "year", "value"]].values.tolist() == [["tra-vinh", 2017, 1_000_000.0]]
    assert queries.year_bounds(engine) == (2016, 2025)
    # the group «Địa bàn trọng điểm»: the focus units and the new units that mainly continue them
    group = queries.focus_lineages(engine)
    # two units named Hương Trà (the thị xã, then the phường): each named with its level
    assert list(group["short_name_vi"]) == ["Bình Điền", "Hương Trà (phường)", "Hương Trà (thị xã)", "Kim Trà",
                                            "Trà Vinh", "Vĩnh Long (mới)"]
    assert {"huong-tra", "tra-vinh", "vinh-long-2025", "xa-19996-2025"} <= set(group["lineage"])
    dvk = queries.dvk_observations(engine)
    assert list(dvk["obs_id"]) == ["O11"]
