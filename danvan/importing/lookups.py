"""The reads the import pipeline makes, sized to the file rather than to the database.

Checking a file needs only the figures that share a key with one of its rows (same locality,
indicator, period, scope class and scope), not every figure stored. These functions fetch
exactly those, in chunks (IN lists on the indexed columns), so preparing and committing a
10.000-row file costs the same with a hundred figures stored as with ten million.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.engine import Connection, Engine

from danvan.data.models import DvkModel, Locality, Observation, not_superseded
from danvan.importing.rows import obs_key
from danvan.importing.values import as_date

LOCALITIES_PER_QUERY = 100  # localities in one query's IN list
MAX_IN_VALUES = 500  # above this many distinct end dates, a date range is used instead of an IN list

EXISTING_COLUMNS = ("obs_id", "locality_id", "indicator_code", "period_start", "period_end", "scope_class",
                    "scope_vi", "value", "source_id")


@contextmanager
def _connection(conn_or_engine: Connection | Engine) -> Iterator[Connection]:
    if isinstance(conn_or_engine, Engine):
        with conn_or_engine.connect() as conn:
            yield conn
    else:
        yield conn_or_engine


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _period_condition(ends: set[Any]) -> ColumnElement[bool] | None:
    dated = sorted(e for e in ends if e is not None)
    parts: list[ColumnElement[bool]] = []
    if dated:
        parts.append(Observation.period_end.in_(dated) if len(dated) <= MAX_IN_VALUES
                     else Observation.period_end.between(dated[0], dated[-1]))
    if None in ends:
        parts.append(Observation.period_end.is_(None))
    return or_(*parts) if parts else None


def stored_key(record: dict[str, Any]) -> tuple:
    """The key (rows.obs_key) of a stored figure as read by pandas (dates as Timestamp or
    strings, a missing scope as None or NaN)."""
    scope = record.get("scope_vi")
    missing = scope is None or (isinstance(scope, float) and math.isnan(scope))
    return obs_key({**record, "period_start": as_date(record.get("period_start")),
                    "period_end": as_date(record.get("period_end")), "scope_vi": "" if missing else scope})


def existing_observations(conn_or_engine: Connection | Engine, keys: Iterable[tuple], *,
                          any_scope_text: bool = False) -> pd.DataFrame:
    """The visible figures whose key (danvan.importing.rows.obs_key) is one of ``keys``; with
    ``any_scope_text``, whatever the scope's wording (the rest of the key must match).

    Columns: EXISTING_COLUMNS. One query per ``LOCALITIES_PER_QUERY`` localities of the keys,
    narrowed by indicator and end date in the database; the exact keys are matched here.
    Inside a transaction (a Connection) it sees that transaction's view of the data.
    """
    wanted = set(keys)
    by_locality: dict[str, list[tuple]] = {}
    for key in wanted:
        by_locality.setdefault(key[0], []).append(key)
    columns = [getattr(Observation, name) for name in EXISTING_COLUMNS]
    frames = []
    with _connection(conn_or_engine) as conn:
        for localities in _chunks(sorted(by_locality), LOCALITIES_PER_QUERY):
            chunk = [key for locality in localities for key in by_locality[locality]]
            conditions = [Observation.locality_id.in_(localities), not_superseded()]
            indicators = sorted({key[1] for key in chunk})
            if len(indicators) <= MAX_IN_VALUES:
                conditions.append(Observation.indicator_code.in_(indicators))
            period = _period_condition({key[3] for key in chunk})
            if period is not None:
                conditions.append(period)
            frames.append(pd.read_sql(select(*columns).where(and_(*conditions)), conn))
    if not frames:
        return pd.DataFrame(columns=list(EXISTING_COLUMNS))
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    if frame.empty:
        return frame
    if any_scope_text:
        loose = {key[:5] for key in wanted}
        keep = [stored_key(r)[:5] in loose for r in frame.to_dict("records")]
    else:
        keep = [stored_key(r) in wanted for r in frame.to_dict("records")]
    return frame[keep].reset_index(drop=True)


def existing_models(conn_or_engine: Connection | Engine,
                    localities: Iterable[str] | None = None) -> pd.DataFrame:
    """Registry entries (id, name, locality_id, year_registered, year_recognised), all of them
    or only those of ``localities``."""
    stmt = select(DvkModel.id, DvkModel.name, DvkModel.locality_id, DvkModel.year_registered,
                  DvkModel.year_recognised)
    with _connection(conn_or_engine) as conn:
        if localities is None:
            return pd.read_sql(stmt.order_by(DvkModel.id), conn)
        frames = [pd.read_sql(stmt.where(DvkModel.locality_id.in_(chunk)).order_by(DvkModel.id), conn)
                  for chunk in _chunks(sorted(set(localities)), LOCALITIES_PER_QUERY)]
    if not frames:
        return pd.DataFrame(columns=["id", "name", "locality_id", "year_registered", "year_recognised"])
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def value_ranges(conn_or_engine: Connection | Engine, codes: Iterable[str]) -> pd.DataFrame:
    """The visible figures of the indicators ``codes``, per level of unit (tinh, huyen, xa):
    indicator_code, level, n, low, high (the smallest and largest value). One grouped query per
    chunk of codes (the indicator index), for the plausibility questions of an import."""
    wanted = sorted(set(codes))
    frames = []
    with _connection(conn_or_engine) as conn:
        for chunk in _chunks(wanted, MAX_IN_VALUES):
            stmt = (select(Observation.indicator_code, Locality.level, func.count().label("n"),
                           func.min(Observation.value).label("low"), func.max(Observation.value).label("high"))
                    .join(Locality, Locality.locality_id == Observation.locality_id)
                    .where(Observation.indicator_code.in_(chunk), not_superseded())
                    .group_by(Observation.indicator_code, Locality.level))
            frames.append(pd.DataFrame(conn.execute(stmt).all(), columns=["indicator_code", "level", "n", "low",
                                                                          "high"]))
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["indicator_code", "level", "n", "low", "high"])
