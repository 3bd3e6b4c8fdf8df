"""Rates recomputed from their numerator and denominator, compared with the stated rate.

A stated rate is kept as the source printed it; the computed one is shown beside it and a
difference larger than the stated rounding is flagged as an inconsistency.
"""

from __future__ import annotations

import math
from decimal import Decimal

import pandas as pd

# The figures of one rate must come from the same unit, body, period and source.
MATCH_KEYS = ["locality_id", "scope_vi", "period_start", "period_end", "source_id"]

STATUS_OK = "khớp"
STATUS_MISMATCH = "lệch"
STATUS_STATED_ONLY = "chỉ có số nêu"
STATUS_COMPUTED_ONLY = "chỉ có số tính"


def stated_decimals(value: float) -> int:
    """Decimals the source printed (89.3 → 1, 0.04 → 2, 83 → 0)."""
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return max(0, -int(exponent)) if isinstance(exponent, int) else 0


def rounding_tolerance(value: float) -> float:
    """Half a unit of the last printed digit: the widest gap rounding can explain."""
    return 0.5 * 10 ** (-stated_decimals(value)) + 1e-9


def _keyed(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in ("period_start", "period_end", "scope_vi"):
        out[col] = out[col].astype("string").fillna("")
    return out


def rate_table(observations: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """One row per rate that is stated or computable.

    ``observations`` needs obs_id, indicator_code, value and MATCH_KEYS; ``catalogue``
    needs code, numerator_code, denominator_code. Returns columns: indicator_code,
    MATCH_KEYS, obs_id (stated, may be missing), stated, numerator, denominator,
    computed, difference, status.
    """
    columns = ["indicator_code", *MATCH_KEYS, "obs_id", "stated", "numerator", "denominator",
               "computed", "difference", "status"]
    rates = catalogue.dropna(subset=["numerator_code", "denominator_code"])
    rates = rates[(rates["numerator_code"] != "") & (rates["denominator_code"] != "")]
    present = set(observations["indicator_code"]) if not observations.empty else set()
    # Only rates with a stated figure, or with both parts, among these observations.
    rates = rates[rates["code"].isin(present)
                  | (rates["numerator_code"].isin(present) & rates["denominator_code"].isin(present))]
    if observations.empty or rates.empty:
        return pd.DataFrame(columns=columns)
    wanted = set(rates["code"]) | set(rates["numerator_code"]) | set(rates["denominator_code"])
    obs = _keyed(observations[observations["indicator_code"].isin(wanted)])
    by_code = {code: rows for code, rows in obs.groupby("indicator_code", sort=False)}
    nothing = obs.iloc[0:0]
    parts: list[pd.DataFrame] = []
    for rate in rates.itertuples(index=False):
        stated = by_code.get(rate.code, nothing)[[*MATCH_KEYS, "obs_id", "value"]]
        num = by_code.get(rate.numerator_code, nothing)[[*MATCH_KEYS, "value"]]
        den = by_code.get(rate.denominator_code, nothing)[[*MATCH_KEYS, "value"]]
        pairs = num.merge(den, on=MATCH_KEYS, suffixes=("_num", "_den"))
        pairs = pairs.rename(columns={"value_num": "numerator", "value_den": "denominator"})
        merged = stated.rename(columns={"value": "stated"}).merge(pairs, on=MATCH_KEYS, how="outer")
        if merged.empty:
            continue
        merged.insert(0, "indicator_code", rate.code)
        parts.append(merged)
    if not parts:
        return pd.DataFrame(columns=columns)
    table = pd.concat(parts, ignore_index=True)
    den = table["denominator"].astype(float)
    table["computed"] = (100 * table["numerator"].astype(float) / den.where(den != 0)).round(6)
    table["difference"] = table["stated"].astype(float) - table["computed"]
    table["status"] = [_status(s, c) for s, c in zip(table["stated"], table["computed"], strict=True)]
    return table[columns]


def _status(stated: float, computed: float) -> str:
    has_stated = stated is not None and not pd.isna(stated)
    has_computed = computed is not None and not pd.isna(computed) and math.isfinite(computed)
    if has_stated and has_computed:
        ok = abs(float(stated) - float(computed)) <= rounding_tolerance(float(stated))
        return STATUS_OK if ok else STATUS_MISMATCH
    return STATUS_STATED_ONLY if has_stated else STATUS_COMPUTED_ONLY
