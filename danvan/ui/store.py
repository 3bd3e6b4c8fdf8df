"""The database engine and the data version of the current script run: what every cached read
keys on. Its own module so that danvan.ui.reads and danvan.ui both use it without a cycle."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.engine import Engine

from danvan.data import version as data_version_module
from danvan.data.db import get_engine
from danvan.data.loader import build_database
from danvan.settings import get_settings


@st.cache_resource(show_spinner="Đang chuẩn bị cơ sở dữ liệu…")
def engine() -> Engine:
    """The one engine; on first start the database is built from data/."""
    settings = get_settings()
    eng = get_engine(settings.database_url)
    build_database(eng, settings.data_dir)
    return eng


_VERSION_KEY = "_data_version_this_run"


def begin_run() -> None:
    """Read the data's version once for this script run (dashboard.py calls it at the top of
    every run): the cached reads, models and figures of the run all key on it, instead of
    each asking the database again."""
    st.session_state[_VERSION_KEY] = data_version_module.current(engine())


def data_version() -> str:
    """The data's version token for this run (see danvan.data.version)."""
    token = st.session_state.get(_VERSION_KEY)
    return token if token is not None else data_version_module.current(engine())


def data_changed() -> None:
    """After a write from this session: forget cached reads and read the new version, so the
    rest of this run already shows the new data."""
    st.cache_data.clear()
    begin_run()
