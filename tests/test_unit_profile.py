"""Any unit of the catalogue: bounded pickers, the unit profile (type, parent, validity,
predecessors and successors from locality_link and the curated columns) and predecessors'
figures kept apart (page_data, without Streamlit)."""

from __future__ import annotations

import pytest

from danvan.data.db import get_engine
from danvan.data.loader import build_database
from danvan.reading import page_data, queries
from danvan.reading.filters import Filters
from danvan.settings import ROOT
from tests.dbs import fresh_url

ALL_YEARS = Filters(2009, 2025, ())


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):
    eng = get_engine(fresh_url(tmp_path_factory.mktemp("unit-profile"), "unit_profile"))
    build_database(eng, ROOT / "data")
    return eng


def test_province_labels_tell_old_and_new_apart(engine) -> None:
    labels = page_data.province_labels(engine)
    assert 80 <= len(labels) <= 100
    assert labels["gia-lai"] == "Gia Lai (đến 30/06/2025)"
    assert labels["gia-lai-2025"] == "Gia Lai (mới, từ 01/07/2025)"
    assert labels["ha-noi"] == "Hà Nội (trước và sau 01/07/2025)"
    assert len(set(labels.values())) == len(labels)
    assert next(iter(labels)) == "an-giang"  # Vietnamese order, old before new
    assert list(labels).index("gia-lai") + 1 == list(labels).index("gia-lai-2025")


def test_pickers_list_a_few_hundred_units_at_most(engine) -> None:
    sizes = {p: len(page_data.province_unit_choices(engine, p).labels) for p in queries.provinces(engine)["locality_id"]}
    assert max(sizes.values()) <= 300
    hanoi = page_data.province_unit_choices(engine, "ha-noi")
    assert next(iter(hanoi.labels.values())) == "Toàn địa bàn Thành phố Hà Nội"
    assert hanoi.labels["hoan-kiem"] == "Quận Hoàn Kiếm (đến 30/06/2025)"
    assert hanoi.labels["xa-00082-2025"] == "Phường Cửa Nam (từ 01/07/2025)"
    assert "xa-00073" not in hanoi.labels and "hoan-kiem" in hanoi.districts  # old communes: per district
    district = page_data.district_unit_choices(engine, "hoan-kiem")
    assert district.labels["xa-00073"] == "Phường Cửa Nam (đến 30/06/2025)"
    assert len(district.labels) <= 100


def test_new_commune_lists_its_predecessors_whole_or_in_part(engine) -> None:
    unit = page_data.unit_profile(engine, "xa-00082-2025")
    assert unit.label == "Phường Cửa Nam (Hà Nội, từ 01/07/2025)"
    facts = dict(unit.facts)
    assert facts["Loại đơn vị"] == "Phường" and facts["Thuộc"] == "Thành phố Hà Nội"
    assert facts["Hiệu lực"] == "từ 01/07/2025"
    table = unit.predecessors
    parts = dict(zip(table["Đơn vị tiền thân"], table["Phần địa bàn chuyển vào"], strict=True))
    assert parts["Quận Hoàn Kiếm (Hà Nội, đến 30/06/2025)"] == "một phần địa bàn"
    assert parts["Phường Hàng Bài (Quận Hoàn Kiếm, Hà Nội, đến 30/06/2025)"] == "toàn bộ địa bàn"
    assert parts["Phường Cửa Nam (Quận Hoàn Kiếm, Hà Nội, đến 30/06/2025)"] == "một phần địa bàn"
    assert set(table["Từ ngày"]) == {"01/07/2025"}
    assert unit.successors.empty and unit.reform_date == "01/07/2025"
    assert {"hoan-kiem", "xa-00073"} <= set(unit.predecessor_lineages)
    assert unit.locator["vintage"] == "34" and unit.locator["gso_code"] == "01" and unit.locator["point"]


def test_old_units_name_their_successors(engine) -> None:
    province = page_data.unit_profile(engine, "tra-vinh")
    assert province.successors["Đơn vị kế thừa"].tolist() == ["Tỉnh Vĩnh Long (từ 01/07/2025)"]
    assert province.lines == ["Từ 01/07/2025 sáp nhập vào **Tỉnh Vĩnh Long (từ 01/07/2025)** – toàn bộ địa bàn."]
    assert province.locator == {"vintage": "63", "gso_code": "84", "point": None, "title": "Vị trí: Tỉnh Trà Vinh"}
    commune = page_data.unit_profile(engine, "xa-00073")
    assert dict(commune.facts)["Thuộc"] == "Quận Hoàn Kiếm, Hà Nội"
    assert "Phường Cửa Nam (Hà Nội, từ 01/07/2025)" in set(commune.successors["Đơn vị kế thừa"])
    assert "một phần địa bàn" in " ".join(commune.lines)
    district = page_data.unit_profile(engine, "huong-tra")  # two vintages; curated notes of 2021
    assert len(district.history) == 2 and not district.successions.empty
    assert set(district.successions["Đơn vị cũ"]) == {"Thị xã Hương Trà"}
    assert len(district.successors) == 3
    new_province = page_data.unit_profile(engine, "vinh-long-2025")
    assert len(new_province.predecessors) == 3
    assert page_data.unit_profile(engine, "khong-co") is None


def test_predecessor_figures_are_labelled_and_never_summed(engine) -> None:
    groups = page_data.predecessor_figures(engine, ALL_YEARS, "vinh-long-2025")
    assert [g.title for g in groups] == ["Tỉnh Trà Vinh (đến 30/06/2025) – toàn bộ địa bàn"]
    own = queries.observations(engine, Filters(2009, 2025, ("tra-vinh",)), include_undated=True)
    assert groups[0].n == len(own) == len(groups[0].table)
    assert set(groups[0].table["Địa phương"]) == {"Trà Vinh"}
    groups = page_data.predecessor_figures(engine, ALL_YEARS, "xa-00082-2025")
    assert [g.key for g in groups] == ["hoan-kiem"]
    assert groups[0].title == "Quận Hoàn Kiếm (Hà Nội, đến 30/06/2025) – một phần địa bàn"
    assert page_data.predecessor_figures(engine, ALL_YEARS, "tra-vinh") == []


def test_profile_reads_any_unit_whatever_the_sidebar(engine) -> None:
    chosen_elsewhere = Filters(2009, 2025, ("gia-lai",), "huyen")
    assert len(page_data.profile(engine, chosen_elsewhere, "tra-vinh", "Tỉnh Trà Vinh").frame) == 118
    assert page_data.profile(engine, ALL_YEARS, "xa-00073", "Phường Cửa Nam").frame.empty
