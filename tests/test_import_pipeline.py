"""The import end to end against a real database: every bad file of the corpus is refused
with the database unchanged (row counts and a checksum of all data); good files in each
format are imported exactly, conflicts are only applied when accepted, and a batch can be
undone completely. Also the command line, with its exit status."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, select

from danvan import cli
from danvan.data.db import get_engine
from danvan.data.loader import build_database
from danvan.data.models import DvkModel, ImportBatch, Observation
from danvan.importing import ImportFileError, reading
from danvan.importing import service as import_service
from danvan.importing.batches import BatchError, ConfirmationNeeded, data_checksum, undo_batch
from danvan.reading import queries
from danvan.registry import add_model
from danvan.settings import ROOT
from tests.dbs import fresh_url
from tests.test_import_validation import BAD, EXPECTED, GOOD_FILES, csv_bytes, row


@pytest.fixture()
def engine(tmp_path):
    eng = get_engine(fresh_url(tmp_path, "import"))
    build_database(eng, ROOT / "data")
    add_model(eng, {"name": "Chính quyền thân thiện", "locality_id": "huong-tra-2021", "status": "dang_ky"},
              {"huong-tra-2021"}, "pytest")
    return eng


def counts(engine) -> tuple[int, int, int]:
    with engine.connect() as conn:
        return tuple(conn.execute(select(func.count()).select_from(model)).scalar_one()
                     for model in (Observation, DvkModel, ImportBatch))


@pytest.mark.parametrize("case_id", list(BAD))
def test_bad_file_leaves_the_database_unchanged(case_id: str, engine, monkeypatch) -> None:
    case = BAD[case_id]
    for name, value in (case.patch or {}).items():
        monkeypatch.setattr(reading, name, value)
    before, fingerprint = counts(engine), data_checksum(engine)
    kind = "models" if case.models else "observations"
    try:
        prepared = import_service.prepare(engine, case.name, case.data(), kind=kind)
    except ImportFileError as error:
        assert any(all(w in p.text for w in case.words) for p in error.problems)
    else:
        assert any(all(w in p.text for w in case.words) for p in prepared.plan.problems)
        with pytest.raises(BatchError, match="còn lỗi"):
            import_service.commit(engine, prepared, "bien.tap", accept={1, 2, 3})
    assert counts(engine) == before
    assert data_checksum(engine) == fingerprint


@pytest.mark.parametrize("kind", list(GOOD_FILES))
def test_good_file_is_imported_exactly_and_undone(kind: str, engine) -> None:
    name, build = GOOD_FILES[kind]
    fingerprint = data_checksum(engine)
    prepared = import_service.prepare(engine, name, build())
    assert prepared.plan.ok, [p.text for p in prepared.plan.problems]
    # Trà Vinh's poverty rate «0,04» where the stored ones are 1,8–5,7 %: asked, written only once confirmed
    assert [(q.row, q.rule) for q in prepared.plan.questions] == [(7, "ty_le_nho")]
    assert "0,04 hay 4%?" in prepared.plan.questions[0].text
    with pytest.raises(ConfirmationNeeded, match="cần xác nhận 1 số liệu"):
        import_service.commit(engine, prepared, "bien.tap")
    assert data_checksum(engine) == fingerprint
    batch_id = import_service.commit(engine, prepared, "bien.tap", confirmed=True)
    added = queries.observations(engine, None, include_undated=True, focus_only=False)
    added = added[added["obs_id"].str.startswith(f"N{batch_id:05d}-")].sort_values("obs_id")
    got = [(r.locality_id, r.indicator_code, None if r.period_start != r.period_start else r.period_start.date(),
            r.period_end.date(), r.value, r.qualifier, r.scope_class) for r in added.itertuples()]
    assert got == [e[:7] for e in EXPECTED]
    assert set(added["entered_by"]) == {"bien.tap"}
    assert added["source_title"].str.len().gt(0).all()
    undo_batch(engine, batch_id, "quan.tri")
    assert data_checksum(engine) != fingerprint  # the batch row stays, marked undone
    remaining = queries.observations(engine, None, include_undated=True, focus_only=False)
    assert not remaining["obs_id"].str.startswith("N").any()
    assert len(remaining) == 266
    with pytest.raises(BatchError, match="đã được hoàn tác"):
        undo_batch(engine, batch_id, "quan.tri")


def conflict_file() -> bytes:
    # Trà Vinh 2017 petitions received: 2070 in the dataset; this file says 2100.
    return csv_bytes([row(**{"Địa phương": "Trà Vinh", "Mã chỉ tiêu": "petitions_received", "Giá trị": "2.100",
                             "Kỳ báo cáo": "năm 2017", "Loại phạm vi": "toan_dia_ban",
                             "Phạm vi": "Sở, ngành cấp tỉnh và UBND các cấp trên toàn tỉnh Trà Vinh"})])


def visible_value(engine, obs_filter) -> list[float]:
    frame = queries.observations(engine, None, indicator="petitions_received", lineage="tra-vinh")
    return sorted(frame[obs_filter(frame)]["value"])


def test_conflict_is_never_applied_silently(engine) -> None:
    prepared = import_service.prepare(engine, "sua.csv", conflict_file())
    plan = prepared.plan
    if not plan.conflicts:
        pytest.fail(f"expected a conflict, got {plan.summary_vi()} {[p.text for p in plan.problems]}")
    conflict = plan.conflicts[0]
    assert conflict["existing_value"] == 2070 and conflict["new_value"] == 2100
    with pytest.raises(BatchError, match="Không có dòng nào"):
        import_service.commit(engine, prepared, "bien.tap")  # rejected by default: nothing to write
    batch_id = import_service.commit(engine, prepared, "bien.tap", accept={conflict["row"]})
    toan_tinh = visible_value(engine, lambda f: f["scope_class"] == "toan_dia_ban")
    assert 2100 in toan_tinh and 2070 not in toan_tinh  # the old figure is hidden, not deleted
    with engine.connect() as conn:
        assert conn.execute(select(Observation.value).where(Observation.obs_id == conflict["existing_obs_id"])
                            ).scalar_one() == 2070
    undo_batch(engine, batch_id, "quan.tri")
    toan_tinh = visible_value(engine, lambda f: f["scope_class"] == "toan_dia_ban")
    assert 2070 in toan_tinh and 2100 not in toan_tinh


def test_curated_rebuild_keeps_imported_figures(engine, tmp_path) -> None:
    name, build = GOOD_FILES["csv_utf8"]
    batch_id = import_service.commit(engine, import_service.prepare(engine, name, build()), "bien.tap",
                                     confirmed=True)
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    notes = data / "themes.csv"
    notes.write_text(notes.read_text(encoding="utf-8").replace("Tiếp công dân", "Tiếp công dân (sửa)"),
                     encoding="utf-8")
    assert build_database(engine, data) is True
    frame = queries.observations(engine, None, include_undated=True, focus_only=False)
    assert frame["obs_id"].str.startswith(f"N{batch_id:05d}-").sum() == 6
    assert "Tiếp công dân (sửa)" in set(queries.themes(engine)["name_vi"])


def test_models_file_through_the_registry_batch(engine) -> None:
    from tests.test_import_validation import models_xlsx, mrow

    prepared = import_service.prepare(engine, "mo_hinh.xlsx", models_xlsx([mrow()]), kind="models")
    assert prepared.plan.ok, [p.text for p in prepared.plan.problems]
    batch_id = import_service.commit(engine, prepared, "bien.tap")
    assert len(queries.dvk_models(engine)) == 2
    undo_batch(engine, batch_id, "bien.tap")
    assert len(queries.dvk_models(engine)) == 1


@pytest.fixture()
def cli_db(tmp_path, monkeypatch):
    from danvan.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", fresh_url(tmp_path, "cli"))
    get_settings.cache_clear()
    get_engine.cache_clear()
    yield
    get_settings.cache_clear()
    get_engine.cache_clear()


def test_command_line_exit_status(cli_db, tmp_path, capsys) -> None:
    good = tmp_path / "tot.csv"
    good.write_bytes(GOOD_FILES["csv_utf8"][1]())
    bad = tmp_path / "loi.csv"
    bad.write_bytes(BAD["value_not_a_number"].data() if BAD["value_not_a_number"].name.endswith(".csv")
                    else csv_bytes([row(**{"Giá trị": "mười hai"})]))
    assert cli.main(["nhap", str(bad), "--nguoi-dung", "it"]) == 1
    assert "không phải là số" in capsys.readouterr().err
    assert cli.main(["nhap", str(good), "--nguoi-dung", "it", "--thu"]) == 1  # dry run writes nothing
    capsys.readouterr()
    assert cli.main(["nhap", str(good), "--nguoi-dung", "it"]) == 1  # a figure to confirm: nothing written
    out = capsys.readouterr()
    assert "0,04 hay 4%?" in out.out and "--xac-nhan" in out.err
    assert cli.main(["nhap", str(good), "--nguoi-dung", "it", "--xac-nhan"]) == 0
    assert "Đã nhập: lô số 1." in capsys.readouterr().out
    assert cli.main(["nhap", str(good), "--nguoi-dung", "it"]) == 1  # the same rows again: nothing new
    assert cli.main(["hoan-tac", "1", "--nguoi-dung", "it"]) == 0
    assert cli.main(["hoan-tac", "1", "--nguoi-dung", "it"]) == 1
    template = tmp_path / "mau.xlsx"
    assert cli.main(["mau", str(template)]) == 0 and template.stat().st_size > 1000
    assert cli.main(["nhap", str(tmp_path / "khong_co.xlsx"), "--nguoi-dung", "it"]) == 1
