"""Whole-frame computations in pandas that the page models (danvan.reading.page_data) replaced
with reads aggregated in the database; tests/test_page_data.py checks the two agree on the real
dataset. Nothing in the app calls these (they were in danvan/reading/tables.py)."""

from __future__ import annotations

import pandas as pd

from danvan.formatting import format_date, format_period, format_value, strip_diacritics, vn_sort_key
from danvan.reading.tables import work_figures
from danvan.vocabulary import CONTEXT_KIND, CONTEXT_THEMES


def search(frame: pd.DataFrame, text: str) -> pd.DataFrame:
    """Rows whose indicator, locality, scope, note or source contain ``text``
    (case- and diacritic-insensitive)."""
    needle = strip_diacritics(text or "").strip()
    if not needle or frame.empty:
        return frame
    haystack = (frame["indicator_name"] + " " + frame["locality_name"] + " " + frame["scope_vi"]
                + " " + frame["note_vi"].fillna("") + " " + frame["source_title"]
                + " " + frame["indicator_code"])
    mask = haystack.map(strip_diacritics).str.contains(needle, regex=False)
    return frame[mask]


def locality_overview(lineages: pd.DataFrame, localities: pd.DataFrame,
                      frame: pd.DataFrame) -> list[dict[str, object]]:
    """One card per focus lineage: name, vintages, counts, latest period, themes known."""
    cards = []
    for row in lineages.itertuples():
        vintages = localities[localities["lineage"] == row.lineage]
        rows = frame[frame["lineage"] == row.lineage]
        work = work_figures(rows)
        ref = work["period_end"].fillna(work["period_start"]).dropna()
        latest = work.loc[ref.idxmax()] if not ref.empty else None
        pop = vintages.dropna(subset=["population"]).sort_values("population_date").tail(1)
        themes = sorted(rows["theme_name"].unique(), key=vn_sort_key)
        cards.append({
            "lineage": row.lineage,
            "name": row.short_name_vi,
            "level": row.level_label_vi,
            "vintages": [vintage_label(v) for v in vintages.itertuples()],
            "n": len(rows),
            "n_indicators": rows["indicator_code"].nunique(),
            "latest": format_period(latest["period_start"], latest["period_end"]) if latest is not None else "",
            "population": (
                f"{format_value(pop['population'].iloc[0], 'người')} "
                f"({format_date(pop['population_date'].iloc[0])})" if not pop.empty else ""
            ),
            "themes": themes,
        })
    return cards


def vintage_label(vintage: object) -> str:
    start = format_date(getattr(vintage, "valid_from", None)) or "…"
    end = format_date(getattr(vintage, "valid_to", None)) or "nay"
    return f"{vintage.name_vi}: {start} – {end}"  # type: ignore[attr-defined]


def indicator_choices(frame: pd.DataFrame, core: tuple[str, ...] = ()) -> dict[str, str]:
    """Indicators ordered for a picker: core indicators, then dân vận work, then by number of
    localities, labelled with how many localities report them."""
    from danvan.reading.core_indicators import label, rank

    spread = frame.groupby("indicator_code").agg(
        label=("indicator_name", "first"), places=("lineage", "nunique"), n=("obs_id", "size"),
        theme=("theme", "first"), kind=("kind", "first"))
    spread["context"] = spread["theme"].isin(CONTEXT_THEMES) | (spread["kind"] == CONTEXT_KIND)
    spread["sort_name"] = spread["label"].map(vn_sort_key)
    spread["core"] = rank(pd.Series(spread.index, index=spread.index), spread["places"], core)
    spread = spread.sort_values(["core", "context", "places", "n", "sort_name"],
                                ascending=[True, True, False, False, True])
    return {code: label(f"{row.label} ({row.places} địa phương)", code, core) for code, row in spread.iterrows()}
