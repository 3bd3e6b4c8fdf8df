"""Pages read only what they show, and their caches follow the data.

- An import made outside the app (the command line, i.e. another process) or an undo changes the
  data version, so an open app shows the new figures on its next run without restarting.
- On a database with many synthetic figures, no page reads more than a small share of the
  observation table under the widest filters: every query result a page receives is recorded.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from danvan.data import version as data_version
from danvan.data.db import get_engine
from danvan.importing.batches import undo_batch
from danvan.reading import queries
from danvan.settings import ROOT
from tests.apptest_support import clear_caches, open_page
from tests.dbs import fresh_url
from tests.test_app_import import ROWS_2025
from tests.test_import_validation import xlsx

PAGES = ["tong_quan", "xu_huong", "so_sanh", "ban_do", "dan_van_kheo", "mo_hinh", "ho_so", "trinh_chieu",
         "nguon_du_lieu"]


def _rows_shown(at: AppTest) -> int:
    return len(at.dataframe[0].value)


def test_cli_import_and_undo_reach_an_open_app(own_db, app_path, root, tmp_path) -> None:
    at = AppTest.from_file(app_path, default_timeout=90)
    at.run()
    at = open_page(at, root, "nguon_du_lieu")
    assert _rows_shown(at) == 266
    engine = get_engine(own_db)
    before = data_version.current(engine)
    at.run()  # a warm run: served from the cache
    assert _rows_shown(at) == 266

    path = tmp_path / "nghe_an_2025.xlsx"
    path.write_bytes(xlsx(ROWS_2025))
    env = {**os.environ, "DATABASE_URL": own_db, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "danvan.cli", "nhap", str(path), "--nguoi-dung", "cli.test"],
                          check=False, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    after_import = data_version.current(engine)
    assert after_import != before

    at.run()  # same session, no cache cleared by hand
    assert _rows_shown(at) == 268

    batch = int(pd.read_sql("SELECT max(id) AS id FROM import_batch", engine.connect())["id"].iloc[0])
    undo_batch(engine, batch, "cli.test")
    assert data_version.current(engine) not in (before, after_import)
    at.run()
    assert _rows_shown(at) == 266


def test_failed_import_keeps_the_data_version(own_db) -> None:
    from danvan.data.loader import build_database
    from danvan.importing import ImportPlan
    from danvan.importing.batches import BatchError, commit_plan

    engine = get_engine(own_db)
    build_database(engine, ROOT / "data")
    before = data_version.current(engine)
    assert before
    with pytest.raises(BatchError):
        commit_plan(engine, ImportPlan(file_name="x.xlsx"), file_name="x.xlsx", checksum="0", user="u")
    assert data_version.current(engine) == before


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory):
    """60.000 synthetic figures on the catalogue's 87 province vintages (2006–2025) on top of the real dataset."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.synthetic import generate

    url = fresh_url(tmp_path_factory.mktemp("synthetic"), "synthetic")
    generate(url, 60_000, seed=3)
    return url


def test_no_page_reads_more_than_it_shows(synthetic, app_path, root, monkeypatch) -> None:
    total = int(pd.read_sql("SELECT count(*) AS n FROM observation", get_engine(synthetic).connect())["n"].iloc[0])
    assert total >= 60_000
    monkeypatch.setenv("DATABASE_URL", synthetic)
    clear_caches()
    sizes: list[tuple[str, int]] = []
    original = queries._frame

    def recording(stmt, engine):
        frame = original(stmt, engine)
        sizes.append((str(stmt).split("\n")[0][:80], len(frame)))
        return frame

    monkeypatch.setattr(queries, "_frame", recording)
    at = AppTest.from_file(app_path, default_timeout=300)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    largest = {}
    for page in PAGES:
        sizes.clear()
        open_page(at, root, page)
        largest[page] = max((n for _, n in sizes), default=0)
    # The widest filters (every area, every year): a whole-table load would read ≥ 60.000 rows.
    assert all(n < total * 0.1 for n in largest.values()), f"{largest}"
    clear_caches()


def test_figure_counts_are_read_from_the_index_alone(synthetic) -> None:
    """Menus and coverage count visible figures per locality and indicator under the year
    filter; the locality-first index (migration 0004) holds every column that needs, so the
    database never reads the table rows (SQLite: COVERING INDEX; PostgreSQL: Index Only Scan
    when the planner prefers the index — it may choose a sequential scan on small tables)."""
    import sqlalchemy as sa

    from danvan.reading.filters import Filters

    engine = get_engine(synthetic)
    low, high = queries.year_bounds(engine)
    whole = Filters(year_from=low, year_to=high, lineages=())
    counts = sa.select(queries._per_place_and_indicator(whole, False))
    sql = str(counts.compile(engine, compile_kwargs={"literal_binds": True}))
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            plan = " | ".join(str(row[-1]) for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
            assert "COVERING INDEX ix_observation_locality_indicator_period" in plan, plan
        else:
            conn.exec_driver_sql("SET enable_seqscan = off")
            plan = " | ".join(row[0] for row in conn.exec_driver_sql("EXPLAIN " + sql))
            assert "Index Only Scan using ix_observation_locality_indicator_period" in plan, plan


def test_a_warm_run_reads_only_the_data_version(own_db, app_path, root) -> None:
    """dashboard.py reads the data version once per run; every cached read, model and figure
    of the run keys on that token, so a rerun with unchanged data sends one statement."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    at = AppTest.from_file(app_path, default_timeout=90)
    at.run()
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        for page in ("tong_quan", "xu_huong", "ho_so", "nguon_du_lieu"):
            open_page(at, root, page)
            statements.clear()
            at.run()
            assert not at.exception, [e.message for e in at.exception]
            assert len(statements) == 1 and "dataset_meta" in statements[0], (page, statements)
    finally:
        event.remove(Engine, "before_cursor_execute", record)
