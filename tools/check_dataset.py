#!/usr/bin/env python3
"""Self-check of data/*.csv against the research tables (run after curate_dataset.py)."""
import re
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

import pandas as pd

D = Path(__file__).resolve().parent.parent / "data"
R = Path("/work/shared/research")
rd = lambda f: pd.read_csv(D / f, dtype=str, keep_default_na=False)
th, sc, so, lo, un, ind, ob = (rd(f) for f in ["themes.csv", "scope_classes.csv", "sources.csv", "localities.csv",
                                                "units.csv", "indicators.csv", "observations.csv"])
errs = []
ok = lambda c, m: c or errs.append(m)

ok(len(ob) == 266, f"observations: {len(ob)} rows")
for name, df, k in [("themes", th, "code"), ("scope", sc, "code"), ("sources", so, "source_id"),
                    ("localities", lo, "locality_id"), ("units", un, "code"), ("indicators", ind, "code"),
                    ("observations", ob, "obs_id")]:
    ok(not df[k].duplicated().any(), f"duplicate ids in {name}")

# research rows matched by (lineage, start, end, value)
lineage = dict(zip(lo.locality_id, lo.lineage))
LIN = {"Hương Trà": "huong-tra", "Hoàn Kiếm": "hoan-kiem", "Gia Lai": "gia-lai", "Trà Vinh": "tra-vinh", "Nghệ An": "nghe-an"}
obs_keys = pd.Series([(lineage[r.locality_id], r.period_start, r.period_end, Decimal(r.value)) for r in ob.itertuples()])
res = pd.concat([pd.read_csv(R / "seed_indicators.csv", dtype=str, keep_default_na=False),
                 pd.read_csv(R / "public_indicators.csv", dtype=str, keep_default_na=False)], ignore_index=True)
res_keys = pd.Series([(LIN[r.locality], r.period_start.strip(), r.period_end.strip(), Decimal(r.value)) for r in res.itertuples()])
ok(sorted(map(str, obs_keys)) == sorted(map(str, res_keys)), "research rows and observations differ as multisets")
# row-by-row (same order)
for i, (a, b) in enumerate(zip(obs_keys, res_keys)):
    ok(a == b, f"row {i}: {a} != {b}")

# foreign keys
fk = [(ob.locality_id, lo.locality_id, "obs.locality_id"), (ob.indicator_code, ind.code, "obs.indicator_code"),
      (ob.scope_class, sc.code, "obs.scope_class"), (ob.source_id, so.source_id, "obs.source_id"),
      (ind.unit, un.code, "ind.unit"), (ind.theme, th.code, "ind.theme"),
      (ind.numerator_code[ind.numerator_code != ""], ind.code, "ind.numerator"),
      (ind.denominator_code[ind.denominator_code != ""], ind.code, "ind.denominator"),
      (lo.parent_id[lo.parent_id != ""], lo.locality_id, "loc.parent"),
      (lo.successor_id[lo.successor_id != ""], lo.locality_id, "loc.successor"),
      (lo.population_source_id[lo.population_source_id != ""], so.source_id, "loc.population_source"),
      (lo.area_source_id[lo.area_source_id != ""], so.source_id, "loc.area_source")]
for col, ref, name in fk:
    bad = set(col) - set(ref)
    ok(not bad, f"{name}: unresolved {bad}")
ok(set(ind.code) - set(ob.indicator_code) <= set(ind.numerator_code) | set(ind.denominator_code),
   "indicator not used by any observation nor as numerator/denominator")

# formats
iso = re.compile(r"^\d{4}-\d{2}-\d{2}$")
for df, cols, name in [(ob, ["period_start", "period_end"], "obs"), (lo, ["valid_from", "valid_to", "population_date"], "loc"),
                       (so, ["published_date", "accessed_date"], "src")]:
    for c in cols:
        bad = [v for v in df[c] if v and not iso.match(v)]
        ok(not bad, f"{name}.{c}: non-ISO {bad[:3]}")
ok(all(re.fullmatch(r"-?\d+(\.\d*[1-9])?", v) for v in ob.value), "value format")
ok(set(ob.qualifier) <= {"exact", "hon", "gan", "duoi"}, "qualifier values")
ok(set(sc.whole_locality[sc.code == "toan_dia_ban"]) == {"1"} and set(sc.whole_locality[sc.code != "toan_dia_ban"]) == {"0"},
   "whole_locality only for toan_dia_ban")
for f in D.glob("*.csv"):
    t = f.read_bytes()
    ok(not t.startswith(b"\xef\xbb\xbf"), f"{f.name}: BOM")
    s = t.decode("utf-8")
    ok(s == unicodedata.normalize("NFC", s), f"{f.name}: not NFC")

# rates with both parts
for r in ind[ind.kind == "rate"].itertuples():
    ok(r.unit == "phan_tram", f"rate {r.code} unit {r.unit}")

# no 8-word run shared between our text and any research quote
def runs(text, n=8):
    w = re.findall(r"\w+", text.lower())
    return {" ".join(w[i:i + n]) for i in range(len(w) - n + 1)}
quote_runs = set().union(*(runs(q) for q in res.quote))
for col in ["note_vi", "scope_vi"]:
    for r in ob.itertuples():
        hit = runs(getattr(r, col)) & quote_runs
        ok(not hit, f"{r.obs_id}.{col} copies quote text: {hit}")
for r in ind.itertuples():
    ok(not (runs(r.definition_vi) & quote_runs), f"{r.code}.definition copies quote text")
ok(not any("INCONSISTENT" in v for v in ob.note_vi), "INCONSISTENT note")

print("errors:", len(errs))
for e in errs[:50]:
    print(" -", e)
print("rows:", {n: len(df) for n, df in [("themes", th), ("scope_classes", sc), ("sources", so), ("localities", lo),
                                         ("units", un), ("indicators", ind), ("observations", ob)]})
print(ob.scope_class.value_counts().to_string())
print(ind[ind.numerator_code != ""][["code", "numerator_code", "denominator_code"]].to_string(index=False))
sys.exit(1 if errs else 0)
