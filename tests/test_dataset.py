"""The committed dataset: every research figure present and unaltered, sound provenance,
figures on the right boundary vintage, and the known source inconsistencies flagged."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from danvan.data.db import get_engine
from danvan.data.loader import build_database
from danvan.reading import queries
from danvan.reading.rates import STATUS_MISMATCH, STATUS_OK, rate_table
from danvan.settings import ROOT
from tests.dbs import fresh_url

LINEAGE = {"Hương Trà": "huong-tra", "Hoàn Kiếm": "hoan-kiem", "Gia Lai": "gia-lai",
           "Trà Vinh": "tra-vinh", "Nghệ An": "nghe-an"}
RESEARCH_FILES = ("seed_indicators.csv", "public_indicators.csv")


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):
    eng = get_engine(fresh_url(tmp_path_factory.mktemp('dataset'), "data"))
    build_database(eng, ROOT / "data")
    return eng


@pytest.fixture(scope="module")
def stored(engine) -> pd.DataFrame:
    return queries.observations(engine, None, include_undated=True)


@pytest.fixture(scope="module")
def research(research_dir: Path | None) -> list[dict[str, str]]:
    if research_dir is None:
        pytest.skip("../shared/research is not next to the repository: cannot compare with the research CSVs")
    rows = []
    for name in RESEARCH_FILES:
        with open(research_dir / name, encoding="utf-8") as handle:
            rows += [dict(r, _file=name) for r in csv.DictReader(handle)]
    return rows


def _key(lineage: str, start, end, value: float) -> tuple:
    def day(d) -> str:
        return "" if d is None or (not isinstance(d, str) and pd.isna(d)) else str(d)[:10]

    return (lineage, day(start), day(end), round(float(value), 9))


def test_every_research_figure_is_stored_unaltered(research, stored) -> None:
    assert len(research) == 266
    have = Counter(_key(r.lineage, r.period_start, r.period_end, r.value) for r in stored.itertuples())
    missing = []
    for row in research:
        key = _key(LINEAGE[row["locality"]], row["period_start"] or None, row["period_end"] or None,
                   row["value"])
        if have[key] > 0:
            have[key] -= 1
        else:
            missing.append((row["_file"], row["indicator_code"], key))
    assert missing == [], f"{len(missing)} research figures not found: {missing[:5]}"


def test_no_research_quote_is_copied(research) -> None:
    obs = pd.read_csv(ROOT / "data" / "observations.csv", dtype=str, keep_default_na=False)
    ours = " ".join(obs["note_vi"]) + " " + " ".join(obs["scope_vi"]) + " " + " ".join(obs["locator"])
    ours = unicodedata.normalize("NFC", ours.lower())

    def runs(text: str, n: int = 8):
        words = re.findall(r"\w+", unicodedata.normalize("NFC", text.lower()))
        return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}

    ours_runs = runs(ours)
    copied = [r["quote"][:60] for r in research if runs(r["quote"]) & ours_runs]
    assert copied == [], f"text copied from the sources: {copied[:3]}"


def test_every_observation_has_provenance(stored) -> None:
    assert stored["source_id"].str.len().gt(0).all()
    assert stored["locator"].str.strip().str.len().gt(0).all(), "every figure needs a locator"
    assert stored["scope_vi"].str.strip().str.len().gt(0).all(), "every figure needs its scope"
    assert stored["source_title"].str.strip().str.len().gt(0).all()


def test_figures_sit_on_the_boundary_vintage_of_their_date(stored) -> None:
    ref = stored["period_end"].fillna(stored["period_start"])
    dated = stored[ref.notna()]
    ref = ref[ref.notna()]
    before = dated["valid_from"].notna() & (ref < dated["valid_from"])
    after = dated["valid_to"].notna() & (ref > dated["valid_to"])
    outside = dated[before | after]
    # The only figure allowed outside its vintage is one the source restates on a later
    # boundary (Hương Trà's 2020 population counted on the post-1/7/2021 territory); its
    # scope must say which boundary it uses.
    assert set(outside["obs_id"]) <= {"O0195"}, outside[["obs_id", "locality_id", "period_end"]].to_string()
    for row in outside.itertuples():
        assert "ranh giới từ 1/7/2021" in row.scope_vi
    huong_tra = dated[dated["lineage"] == "huong-tra"]
    early = huong_tra[(ref[huong_tra.index] < pd.Timestamp("2021-07-01")) & (huong_tra["obs_id"] != "O0195")]
    assert set(early["locality_id"]) == {"huong-tra-2011"}


def test_localities_have_vintages_and_successors(engine) -> None:
    loc = queries.localities(engine).set_index("locality_id")
    focus = loc[loc["focus"]]
    # the group «Địa bàn trọng điểm»: the five localities and the units that mainly continue them
    successors = {"gia-lai-2025", "vinh-long-2025", "xa-00070-2025", "xa-00082-2025", "xa-19996-2025",
                  "xa-20017-2025", "xa-20035-2025"}
    assert set(focus["lineage"]) == set(LINEAGE.values()) | successors
    assert set(focus.loc[list(successors - {"gia-lai-2025", "vinh-long-2025"}), "name_vi"]) == {
        "Phường Hoàn Kiếm", "Phường Cửa Nam", "Phường Hương Trà", "Phường Kim Trà", "Xã Bình Điền"}
    assert loc.loc["huong-tra-2011", "valid_to"] == pd.Timestamp("2021-06-30")
    assert loc.loc["huong-tra-2021", "valid_from"] == pd.Timestamp("2021-07-01")
    assert loc.loc["huong-tra-2011", "successor_id"] == "huong-tra-2021"
    assert loc.loc["gia-lai", "successor_id"] == "gia-lai-2025"
    assert loc.loc["tra-vinh", "successor_id"] == "vinh-long-2025"
    for lineage in ("gia-lai", "tra-vinh", "hoan-kiem"):
        assert (focus[focus["lineage"] == lineage]["valid_to"].max()) == pd.Timestamp("2025-06-30")
    assert (focus.loc[list(successors), "valid_from"] >= pd.Timestamp("2025-01-01")).all()
    assert {"64", "84", "40", "480", "002"} <= set(focus["gso_code"])


def test_known_inconsistencies_are_flagged(engine, stored) -> None:
    table = rate_table(stored, queries.catalogue(engine))
    names = stored.drop_duplicates("locality_id").set_index("locality_id")["lineage"]
    table["lineage"] = table["locality_id"].map(names)

    def find(lineage: str, stated: float) -> pd.Series:
        rows = table[(table["lineage"] == lineage) & (table["stated"].round(4) == stated)]
        assert len(rows) == 1, f"{lineage} {stated}: {len(rows)} rows"
        return rows.iloc[0]

    late = find("tra-vinh", 0.04)
    assert late["status"] == STATUS_MISMATCH and round(late["computed"], 2) == 0.41
    # two rates are stated as 86,8%: the counterpart-fund one checks out, the IDA one does not
    counterpart = table[(table["stated"] == 86.8) & (table["numerator"] == 173.201)].iloc[0]
    assert counterpart["status"] == STATUS_OK
    ida = table[(table["stated"] == 86.8) & (table["numerator"] == 30.693)].iloc[0]
    assert ida["status"] == STATUS_MISMATCH and round(ida["computed"], 1) == 82.0
    nghe_an = find("nghe-an", 88.9)
    assert nghe_an["status"] == STATUS_MISMATCH and round(nghe_an["computed"], 1) == 75.3
    on_time = find("huong-tra", 89.3)
    assert on_time["status"] == STATUS_OK and on_time["denominator"] == 10104
