"""The catalogue of every unit: counts, codes, points, validity and old → new links, checked
against the reference files in ../shared/research/geo where they exist."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from danvan.data import catalogue as admin_catalogue
from danvan.data.db import get_engine
from danvan.data.loader import build_database, parse_dataset
from danvan.reading import queries
from tests.dbs import fresh_url

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def dataset():
    return parse_dataset(ROOT / "data")


@pytest.fixture(scope="module")
def units(dataset) -> pd.DataFrame:
    return pd.DataFrame(dataset.rows["localities.csv"])


@pytest.fixture(scope="module")
def links(dataset) -> pd.DataFrame:
    return pd.DataFrame(dataset.links)


def _valid_on(frame: pd.DataFrame, day: date) -> pd.DataFrame:
    start = frame["valid_from"].map(lambda d: d is None or d <= day)
    end = frame["valid_to"].map(lambda d: d is None or day <= d)
    return frame[start & end]


def test_63_provinces_before_and_34_after(units) -> None:
    provinces = units[units["level"] == "tinh"]
    before = _valid_on(provinces, date(2025, 6, 30))
    after = _valid_on(provinces, date(2025, 7, 1))
    assert len(before) == 63 and before["gso_code"].nunique() == 63
    assert len(after) == 34 and after["gso_code"].nunique() == 34
    assert {"gia-lai", "tra-vinh", "nghe-an", "ha-noi", "hue-2025"} <= set(before["locality_id"])
    assert {"gia-lai-2025", "vinh-long-2025", "nghe-an", "ha-noi", "hue-2025"} <= set(after["locality_id"])
    assert after.loc[after["gso_code"] == "52", "locality_id"].tolist() == ["gia-lai-2025"]


def test_districts_and_communes_with_codes_points_and_parents(units) -> None:
    before = _valid_on(units, date(2025, 6, 30))
    after = _valid_on(units, date(2025, 7, 1))
    districts = before[before["level"] == "huyen"]
    old_communes = before[before["level"] == "xa"]
    new_communes = after[after["level"] == "xa"]
    assert 690 <= len(districts) <= 720
    assert len(old_communes) >= 10_000
    assert len(new_communes) == 3321
    assert (after["level"] == "huyen").sum() == 0  # no district level since 1/7/2025
    for frame in (districts, old_communes, new_communes):
        assert frame["gso_code"].str.fullmatch(r"\d{3}|\d{5}").all()
        assert frame["lat"].between(8, 24).all() and frame["lon"].between(102, 118).all()
    assert set(new_communes["level_label_vi"]) == {"xã", "phường", "đặc khu"}
    assert set(old_communes["level_label_vi"]) == {"xã", "phường", "thị trấn"}
    # the type follows the official name where the package's type column disagrees with it
    words = {"xã": "Xã ", "phường": "Phường ", "thị trấn": "Thị trấn ", "đặc khu": "Đặc khu "}
    for frame in (old_communes, new_communes):
        assert all(name.startswith(words[label]) for name, label in zip(frame["name_vi"], frame["level_label_vi"],
                                                                         strict=True))
    assert units.set_index("locality_id").at["xa-10543-2025", "level_label_vi"] == "phường"
    ids = set(units["locality_id"])
    assert set(units["parent_id"].dropna()) <= ids and set(units["province_id"].dropna()) <= ids
    assert units["province_id"].notna().all()
    # a new commune's parent is a province valid from 1/7/2025, an old one's is a district
    parents = units.set_index("locality_id")
    new_parents = _valid_on(parents.loc[new_communes["parent_id"]].reset_index(), date(2025, 7, 1))
    assert len(new_parents) == len(new_communes) and (new_parents["level"] == "tinh").all()
    assert (parents.loc[old_communes["parent_id"], "level"] == "huyen").all()
    assert new_communes["area_km2"].notna().mean() > 0.99


def test_curated_vintages_are_kept_and_not_duplicated(units) -> None:
    assert units["locality_id"].is_unique
    hoan_kiem = units[units["gso_code"] == "002"]
    assert hoan_kiem["locality_id"].tolist() == ["hoan-kiem"]
    huong_tra = units[(units["level"] == "huyen") & (units["gso_code"] == "480")]
    assert sorted(huong_tra["locality_id"]) == ["huong-tra-2011", "huong-tra-2021"]
    # the curated rows keep their own words
    row = units.set_index("locality_id").loc["huong-tra-2011"]
    assert row["valid_to"] == date(2021, 6, 30) and row["population"] == 115088


def test_links_old_to_new(links, units) -> None:
    by_id = units.set_index("locality_id")
    assert set(links["old_id"]) <= set(by_id.index) and set(links["new_id"]) <= set(by_id.index)
    assert (links["effective_date"] == date(2025, 7, 1)).all()
    olds = by_id.loc[links["old_id"]]
    news = by_id.loc[links["new_id"]]
    assert (olds["valid_to"].to_numpy() == date(2025, 6, 30)).all()
    assert (news["valid_from"].to_numpy() == date(2025, 7, 1)).all()
    # every old commune goes somewhere; a divided one has several links, exactly one of them main
    communes = links[links["old_id"].str.startswith("xa-")]
    old_communes = units[(units["level"] == "xa") & units["valid_to"].notna()]
    assert set(old_communes["locality_id"]) <= set(communes["old_id"])
    per_old = communes.groupby("old_id")
    divided = per_old.size()[per_old.size() > 1]
    assert len(divided) > 50
    assert (communes[communes["old_id"].isin(divided.index)].groupby("old_id")["main"].sum() == 1).all()
    assert not communes[communes["old_id"].isin(divided.index)]["whole"].any()
    # Hoàn Kiếm's territory went to new wards that include Phường Hoàn Kiếm and Phường Cửa Nam
    names = by_id["name_vi"]
    hoan_kiem = set(names[links.loc[links["old_id"] == "hoan-kiem", "new_id"]])
    assert {"Phường Hoàn Kiếm", "Phường Cửa Nam"} <= hoan_kiem
    assert links.loc[links["old_id"] == "tra-vinh", "new_id"].tolist() == ["vinh-long-2025"]


def test_province_links_agree_with_the_curated_crosswalk_and_research(dataset, units, links,
                                                                      research_dir) -> None:
    gso = units.set_index("locality_id")["gso_code"]
    province_links = links[links["old_id"].map(gso).str.len() == 2]
    derived = {gso[o]: gso[n] for o, n in zip(province_links["old_id"], province_links["new_id"], strict=True)}
    curated = {r["old_gso_code"]: r["new_gso_code"] for r in dataset.rows["crosswalk_provinces_2025.csv"]}
    continuing = set(curated) - set(derived)  # one unit before and after: no link
    assert continuing == {"01", "04", "11", "12", "14", "20", "22", "38", "40", "42", "46"}
    assert derived == {old: new for old, new in curated.items() if old not in continuing}
    if research_dir is None:
        pytest.skip("../shared/research is not beside the checkout")
    with open(research_dir / "geo" / "mapping_63_to_34.csv", encoding="utf-8") as f:
        research = {r["gso_code"]: r["new_code"] for r in csv.DictReader(f)}
    assert {old: new for old, new in research.items() if old not in continuing} == derived


def test_catalogue_is_in_the_built_database(tmp_path) -> None:
    engine = get_engine(fresh_url(tmp_path, "catalogue"))
    build_database(engine, ROOT / "data")
    localities = queries.localities(engine)
    assert len(localities) > 14_000 and localities["province_id"].notna().all()
    links = pd.read_sql("SELECT old_id, new_id, whole FROM locality_link", engine)
    assert len(links) > 10_000
    assert set(links.loc[links["old_id"] == "gia-lai", "new_id"]) == {"gia-lai-2025"}


def test_source_row_names_the_package() -> None:
    source = admin_catalogue.source_row(admin_catalogue.package_version())
    assert admin_catalogue.PACKAGE in source["title"] and "MIT" in source["licence_note"]
