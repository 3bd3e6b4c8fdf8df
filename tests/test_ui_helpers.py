"""Small pieces behind page speed: shared frozen figures, formula escaping in one pass, and the
data version token that page caches are keyed on."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from sqlalchemy import text

from danvan.data import version as data_version
from danvan.data.db import get_engine
from danvan.data.loader import build_database
from danvan.exporting.images import export_ready
from danvan.projector import projector_style
from danvan.settings import ROOT
from danvan.ui import FrozenFigure, safe_table
from tests.dbs import fresh_url


def _figure() -> go.Figure:
    fig = go.Figure(go.Bar(x=["Trà Vinh", "Nghệ An"], y=[82, 299]))
    fig.update_layout(title="Xã nông thôn mới")
    return fig


def test_frozen_figure_is_shown_as_built_and_copies_do_not_change_it() -> None:
    fig = _figure()
    expected = pio.to_json(fig.to_dict(), validate=False)
    frozen = FrozenFigure.freeze(fig)
    assert frozen is fig and isinstance(frozen, go.Figure)
    assert pio.to_json(frozen.to_dict(), validate=False) == expected
    for copy in (projector_style(frozen), export_ready(frozen), go.Figure(frozen)):
        copy.update_layout(title="khác", font_size=40)
        copy.data[0].update(y=[1, 2])
        assert type(copy) is go.Figure
    assert pio.to_json(frozen.to_dict(), validate=False) == expected


def test_safe_table_escapes_formula_cells_and_headers_only() -> None:
    frame = pd.DataFrame({
        "Ghi chú": ["=1+1", "bình thường", "-0,37", "-1.234 người", "@SUM(A1)", None, "+84 91"],
        "Giá trị": [1, 2, 3, 4, 5, 6, 7],
        "=Cột": pd.array(["+a", "b", "c", "d", "e", "f", "g"], dtype="string"),
    })
    out = safe_table(frame)
    assert list(out.columns) == ["Ghi chú", "Giá trị", "'=Cột"]
    assert list(out["Ghi chú"].iloc[:5]) == ["'=1+1", "bình thường", "-0,37", "-1.234 người", "'@SUM(A1)"]
    assert pd.isna(out["Ghi chú"].iloc[5]) and out["Ghi chú"].iloc[6] == "'+84 91"
    assert list(out["'=Cột"])[:2] == ["'+a", "b"] and list(out["Giá trị"]) == list(frame["Giá trị"])
    assert frame["Ghi chú"].iloc[0] == "=1+1"  # the input is not changed


@pytest.fixture()
def engine(tmp_path):
    eng = get_engine(fresh_url(tmp_path, "version"))
    build_database(eng, ROOT / "data")
    return eng


def test_data_version_changes_with_a_committed_change_only(engine) -> None:
    first = data_version.current(engine)
    assert first
    with engine.begin() as conn:
        second = data_version.bump(conn)
    assert second != first and data_version.current(engine) == second
    with pytest.raises(RuntimeError), engine.begin() as conn:
        data_version.bump(conn)
        raise RuntimeError("rolled back")
    assert data_version.current(engine) == second
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT count(*) FROM dataset_meta WHERE key = 'data_version'")).scalar_one()
    assert rows == 1
