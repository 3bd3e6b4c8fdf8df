"""Synthetic figures for a few of Nghệ An's communes, written into a test database by the tests
that need them (never into data/): an existing indicator and source, clearly marked as test rows."""

from __future__ import annotations

from datetime import date

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from danvan.data import version as data_version
from danvan.data.models import Locality, Observation

INDICATOR = "citizen_reception_visits"  # count, «lượt»
SOURCE = "S46"
H2_2025 = (date(2025, 7, 1), date(2025, 12, 31))
Q4_2025 = (date(2025, 10, 1), date(2025, 12, 31))


def nghe_an_communes(engine: Engine) -> list[str]:
    """The ids of Nghệ An's communes from 1/7/2025, in id order."""
    with engine.connect() as conn:
        return list(conn.execute(
            select(Locality.locality_id).where(Locality.province_id == "nghe-an", Locality.level == "xa",
                                               Locality.valid_from == date(2025, 7, 1))
            .order_by(Locality.locality_id)).scalars())


def _row(obs_id: str, locality: str, value: float, period: tuple[date, date], *, indicator: str = INDICATOR,
         scope: str = "toan_dia_ban") -> dict:
    return {"obs_id": obs_id, "locality_id": locality, "indicator_code": indicator, "period_start": period[0],
            "period_end": period[1], "value": value, "qualifier": "exact", "scope_class": scope,
            "scope_vi": "toàn xã (số liệu thử nghiệm)", "source_id": SOURCE, "locator": "kiểm thử",
            "note_vi": "", "entered_by": "pytest"}


def add_nghe_an_figures(engine: Engine, *, population_for: int = 0) -> list[str]:
    """Five communes with a figure for the second half of 2025 (120, 80, 45, 300, 10 lượt); the
    sixth with one of a narrower scope and the seventh with one for a quarter (both to be listed
    apart); the rest none. ``population_for``: how many of the five also get a 2025 population
    (10.000, 20.000, …). Returns the commune ids (all 130)."""
    ids = nghe_an_communes(engine)
    rows = [_row(f"TEST-XA-{n}", ids[n], value, H2_2025) for n, value in enumerate([120, 80, 45, 300, 10])]
    rows.append(_row("TEST-XA-5", ids[5], 7, H2_2025, scope="dang_bo_co_quan"))
    rows.append(_row("TEST-XA-6", ids[6], 33, Q4_2025))
    rows += [_row(f"TEST-DS-{n}", ids[n], 10_000 * (n + 1), (date(2025, 12, 31), date(2025, 12, 31)),
                  indicator="population") for n in range(population_for)]
    with engine.begin() as conn:
        conn.execute(insert(Observation), rows)
        data_version.bump(conn)
    return ids
