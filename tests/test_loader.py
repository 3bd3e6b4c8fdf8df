"""Loader: parses data/ files, names file/row/column on errors, writes all or nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from danvan.data.db import get_engine
from danvan.data.loader import DataFileError, build_database, parse_dataset
from danvan.data.models import Indicator, Locality, Observation
from tests.dbs import fresh_url

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture()
def engine(tmp_path: Path):
    return get_engine(fresh_url(tmp_path, "test"))


def _count(engine, model) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_builds_once_and_skips_when_unchanged(data_dir: Path, engine) -> None:
    assert build_database(engine, data_dir) is True
    assert _count(engine, Observation) == 13
    curated = parse_dataset(data_dir).rows["localities.csv"]
    assert _count(engine, Locality) == len(curated)  # the 4 curated vintages and the catalogue
    assert sum(1 for r in curated if r["locality_id"] in {"tinh-h", "huong-tra-2011", "huong-tra-2021",
                                                         "tra-vinh"}) == 4
    assert build_database(engine, data_dir) is False  # same fingerprint: nothing to do


def test_self_references_are_stored(data_dir: Path, engine) -> None:
    build_database(engine, data_dir)
    with engine.connect() as conn:
        successor = conn.execute(
            select(Locality.successor_id).where(Locality.locality_id == "huong-tra-2011")
        ).scalar_one()
        num = conn.execute(
            select(Indicator.numerator_code).where(Indicator.code == "dossiers_late_rate")
        ).scalar_one()
    assert successor == "huong-tra-2021"
    assert num == "dossiers_late"


def test_rebuilds_when_a_file_changes(data_dir: Path, engine) -> None:
    build_database(engine, data_dir)
    _edit(data_dir / "observations.csv", "O9,tra-vinh,dossiers_received,2017-01-01,2017-12-31,50000",
          "O9,tra-vinh,dossiers_received,2017-01-01,2017-12-31,50001")
    assert build_database(engine, data_dir) is True
    with engine.connect() as conn:
        value = conn.execute(select(Observation.value).where(Observation.obs_id == "O9")).scalar_one()
    assert value == 50001


@pytest.mark.parametrize(
    ("file", "old", "new", "row", "column", "words"),
    [
        ("observations.csv", "10657,exact", "10.657,5,exact", 2, None, None),
        ("observations.csv", ",10657,", ",mười nghìn,", 2, "value", "không phải là số"),
        ("observations.csv", "O2,huong-tra-2021", "O2,huong-tra-2099", 3, "locality_id", "không có trong"),
        ("observations.csv", "dossiers_on_time,2021", "khong_co,2021", 4, "indicator_code", "không có trong"),
        ("observations.csv", "2021-01-01,2021-10-31,89.3", "2021-01-01,31/10/2021,89.3", 5, "period_end",
         "yyyy-mm-dd"),
        ("observations.csv", "2020-01-01,2020-12-31,12000", "2020-12-31,2020-01-01,12000", 11, "period_end",
         "trước ngày bắt đầu"),
        ("observations.csv", "14,hon", "14,khoang", 12, "qualifier", "không hợp lệ"),
        ("observations.csv", "O3,", "O2,", 4, "obs_id", "trùng"),
        ("indicators.csv", "ho_so,cai_cach_hanh_chinh,count,,,,", "ho_so,cai_cach_hanh_chinh,dem,,,,", 2,
         "kind", "không hợp lệ"),
        ("localities.csv", ",1009168,", ",một triệu,", 5, "population", "không phải là số"),
        ("sources.csv", "S2,Báo cáo thử B", "S2,", 3, "title", "để trống"),
    ],
)
def test_bad_cells_are_located(data_dir: Path, engine, file, old, new, row, column, words) -> None:
    build_database(engine, data_dir)
    before = _count(engine, Observation)
    _edit(data_dir / file, old, new)
    with pytest.raises(DataFileError) as info:
        build_database(engine, data_dir)
    error = info.value
    assert error.file == file
    if column:  # the malformed number shifts columns; only the file/row are certain
        assert error.row == row
        assert error.column == column
        assert words in error.message
        assert f"dòng {row}" in str(error) and f"«{column}»" in str(error)
    # nothing half-written, nothing lost
    assert _count(engine, Observation) == before


def test_missing_column_is_named(data_dir: Path) -> None:
    path = data_dir / "units.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("decimals", "so_le"), encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        parse_dataset(data_dir)
    assert info.value.file == "units.csv"
    assert info.value.column == "decimals"
    assert "thiếu cột" in str(info.value)


def test_missing_file_is_named(data_dir: Path) -> None:
    (data_dir / "themes.csv").unlink()
    with pytest.raises(DataFileError, match="themes.csv"):
        parse_dataset(data_dir)


def test_text_is_nfc_normalised(data_dir: Path) -> None:
    import unicodedata

    path = data_dir / "themes.csv"
    path.write_text(unicodedata.normalize("NFD", path.read_text(encoding="utf-8")), encoding="utf-8")
    rows = parse_dataset(data_dir).rows["themes.csv"]
    assert rows[0]["name_vi"] == unicodedata.normalize("NFC", "Cải cách hành chính")


def test_failure_while_writing_rolls_back(data_dir: Path, engine, monkeypatch) -> None:
    """A database error half-way through a rebuild leaves the previous content intact."""
    from danvan.data import loader

    build_database(engine, data_dir)
    n_localities = _count(engine, Locality)
    _edit(data_dir / "observations.csv", ",50000,", ",50001,")
    real_insert = loader.insert

    def failing_insert(table):
        if table.name == "observation":
            raise RuntimeError("ổ đĩa đầy")
        return real_insert(table)

    monkeypatch.setattr(loader, "insert", failing_insert)
    with pytest.raises(RuntimeError):
        build_database(engine, data_dir)
    assert _count(engine, Observation) == 13
    assert _count(engine, Locality) == n_localities
    with engine.connect() as conn:
        value = conn.execute(select(Observation.value).where(Observation.obs_id == "O9")).scalar_one()
    assert value == 50000
