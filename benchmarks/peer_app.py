"""The peer for benchmarks/browser.py and benchmarks/load.py: what an analyst would build in
one file. It reads the whole observations table into pandas once (``st.cache_data``) and
draws one line chart — one indicator, by province, over the years — with a year slider.

Run: DATABASE_URL=sqlite:///benchmarks/.work/scale-10000.db streamlit run benchmarks/peer_app.py
"""

from __future__ import annotations

import os

import pandas as pd
import plotly.express as px
import streamlit as st
from sqlalchemy import create_engine

INDICATOR = os.environ.get("PEER_INDICATOR", "petitions_received")
URL = os.environ.get("DATABASE_URL", "sqlite:///danvan.db")


@st.cache_data
def observations() -> pd.DataFrame:
    engine = create_engine(URL)
    with engine.connect() as conn:
        frame = pd.read_sql("SELECT * FROM observation", conn)
        places = pd.read_sql("SELECT locality_id, name_vi, level FROM locality", conn)
    engine.dispose()
    frame["year"] = pd.to_datetime(frame["period_end"]).dt.year
    return frame.merge(places, on="locality_id", how="left")


st.title("Số liệu theo năm")
data = observations()
shown = data[(data["indicator_code"] == INDICATOR) & (data["level"] == "tinh")]
low, high = int(shown["year"].min()), int(shown["year"].max())
years = st.sidebar.slider("Khoảng năm", min_value=low, max_value=high, value=(low, high))
shown = shown[shown["year"].between(*years)]
series = shown.groupby(["name_vi", "year"], as_index=False)["value"].sum()
st.plotly_chart(px.line(series, x="year", y="value", color="name_vi", markers=True,
                        labels={"year": "Năm", "value": INDICATOR, "name_vi": "Địa phương"}))
st.caption(f"{len(shown):,} số liệu, {series['name_vi'].nunique()} địa phương")
