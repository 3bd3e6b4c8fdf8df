"""Rates recomputed from numerator/denominator; differences over rounding flagged."""

from __future__ import annotations

import pandas as pd
import pytest

from danvan.reading.rates import (
    STATUS_COMPUTED_ONLY,
    STATUS_MISMATCH,
    STATUS_OK,
    STATUS_STATED_ONLY,
    rate_table,
    rounding_tolerance,
    stated_decimals,
)

CATALOGUE = pd.DataFrame([
    {"code": "late_rate", "numerator_code": "late", "denominator_code": "received"},
    {"code": "late", "numerator_code": None, "denominator_code": None},
    {"code": "received", "numerator_code": None, "denominator_code": None},
])


def obs(obs_id: str, code: str, value: float, scope: str = "TT HCC", start: str = "2016-10-01",
        end: str | None = None, source: str = "S1", locality: str = "tra-vinh") -> dict:
    return {"obs_id": obs_id, "indicator_code": code, "value": value, "locality_id": locality,
            "scope_vi": scope, "period_start": pd.Timestamp(start), "source_id": source,
            "period_end": pd.Timestamp(end) if end else pd.NaT}


@pytest.mark.parametrize(("value", "decimals"), [(89.3, 1), (0.04, 2), (83, 0), (99.36, 2), (100.0, 0)])
def test_stated_decimals(value: float, decimals: int) -> None:
    assert stated_decimals(value) == decimals


def test_tolerance_is_half_last_digit() -> None:
    assert rounding_tolerance(89.3) == pytest.approx(0.05, abs=1e-6)
    assert rounding_tolerance(0.04) == pytest.approx(0.005, abs=1e-6)


def test_tra_vinh_late_rate_is_flagged() -> None:
    frame = pd.DataFrame([obs("a", "received", 20985), obs("b", "late", 85), obs("c", "late_rate", 0.04)])
    table = rate_table(frame, CATALOGUE)
    assert len(table) == 1
    row = table.iloc[0]
    assert row["stated"] == 0.04
    assert row["computed"] == pytest.approx(0.405, abs=0.001)
    assert row["status"] == STATUS_MISMATCH


def test_rounding_is_not_flagged() -> None:
    frame = pd.DataFrame([obs("a", "received", 10104), obs("b", "late", 9027), obs("c", "late_rate", 89.3)])
    assert rate_table(frame, CATALOGUE).iloc[0]["status"] == STATUS_OK


def test_parts_must_share_scope_period_and_source() -> None:
    frame = pd.DataFrame([
        obs("a", "received", 20985), obs("b", "late", 85, scope="another body"),
        obs("c", "late_rate", 0.04), obs("d", "received", 100, source="S2"), obs("e", "late", 1, source="S2"),
    ])
    table = rate_table(frame, CATALOGUE).set_index("source_id")
    assert table.loc["S1", "status"] == STATUS_STATED_ONLY  # no numerator for the same body
    assert table.loc["S2", "status"] == STATUS_COMPUTED_ONLY
    assert table.loc["S2", "computed"] == pytest.approx(1.0)


def test_zero_denominator_gives_no_computed_rate() -> None:
    frame = pd.DataFrame([obs("a", "received", 0), obs("b", "late", 0), obs("c", "late_rate", 0.0)])
    assert rate_table(frame, CATALOGUE).iloc[0]["status"] == STATUS_STATED_ONLY


def test_empty_inputs() -> None:
    assert rate_table(pd.DataFrame(), CATALOGUE).empty
