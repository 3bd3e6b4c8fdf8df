"""Shape query results into what a page shows (pure pandas, Vietnamese labels)."""

from __future__ import annotations

import pandas as pd

from danvan.charts import value_text
from danvan.formatting import format_date, format_period, format_value, vn_sort_key
from danvan.reading.rates import STATUS_MISMATCH
from danvan.vocabulary import (
    CONTEXT_KIND,
    CONTEXT_THEMES,
    DVK_FIELD_LABELS,
    DVK_FIELDS,
    DVK_KINDS,
    DVK_STATUSES,
    DVK_SUBJECT_LABELS,
    DVK_SUBJECTS,
    MISMATCH_NOTE_WORDS,
    PROGRAMMES,
    QUALIFIER_WORDS,
)


def programme_label(code: str) -> str:
    return PROGRAMMES.get(code, code or "Chương trình không rõ")


def vn_sort(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    return frame.sort_values(column, key=lambda s: s.map(vn_sort_key), kind="stable")


def period_label(frame: pd.DataFrame) -> list[str]:
    # Figures share few distinct periods (a year, a quarter…): each is worded once.
    pairs = list(zip(frame["period_start"], frame["period_end"], strict=True))
    words = {pair: format_period(*pair) for pair in dict.fromkeys(pairs)}
    return [words[pair] for pair in pairs]


def value_labels(frame: pd.DataFrame) -> list[str]:
    return [value_text(v, q, u) for v, q, u in
            zip(frame["value"], frame["qualifier"], frame["unit_label"], strict=True)]


def _source_words(issuer: str, title: str, published: object) -> str:
    text = f"{issuer} – {title}" if issuer else str(title)
    when = format_date(published)
    return f"{text} ({when})" if when else text


def source_label(frame: pd.DataFrame) -> list[str]:
    # Many figures share a source: each is worded once.
    triples = list(zip(frame["source_issuer"], frame["source_title"], frame["published_date"], strict=True))
    words = {triple: _source_words(*triple) for triple in dict.fromkeys(triples)}
    return [words[triple] for triple in triples]


def observation_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Every figure with its provenance, Vietnamese headers, numbers formatted."""
    if frame.empty:
        return pd.DataFrame()
    table = pd.DataFrame({
        "Mã": frame["obs_id"],
        "Địa phương": frame["locality_name"],
        "Lĩnh vực": frame["theme_name"],
        "Chỉ tiêu": frame["indicator_name"],
        "Giá trị": value_labels(frame),
        "Kỳ báo cáo": period_label(frame),
        "Phạm vi": frame["scope_vi"],
        "Loại phạm vi": frame["scope_class_name"],
        "Nguồn": source_label(frame),
        "Vị trí trong nguồn": frame["locator"],
        "Ghi chú": frame["note_vi"].fillna(""),
    })
    return table


def export_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Like observation_table but with the raw number and ISO-free dd/mm/yyyy dates,
    for CSV/Excel downloads."""
    if frame.empty:
        return pd.DataFrame()
    return pd.DataFrame({
        "Mã": frame["obs_id"],
        "Địa phương": frame["locality_name"],
        "Mã đơn vị (vintage)": frame["locality_id"],
        "Lĩnh vực": frame["theme_name"],
        "Mã chỉ tiêu": frame["indicator_code"],
        "Chỉ tiêu": frame["indicator_name"],
        "Giá trị": frame["value"],
        "Đơn vị": frame["unit_label"],
        "Định tính": frame["qualifier"].map(QUALIFIER_WORDS),
        "Từ ngày": [format_date(d) for d in frame["period_start"]],
        "Đến ngày": [format_date(d) for d in frame["period_end"]],
        "Kỳ báo cáo": period_label(frame),
        "Phạm vi": frame["scope_vi"],
        "Loại phạm vi": frame["scope_class_name"],
        "Nguồn": source_label(frame),
        "Đường dẫn / số hiệu": [u or d for u, d in zip(frame["source_url"].fillna(""),
                                                        frame["source_document"].fillna(""), strict=True)],
        "Vị trí trong nguồn": frame["locator"],
        "Ghi chú": frame["note_vi"].fillna(""),
    })


def work_figures(frame: pd.DataFrame) -> pd.DataFrame:
    """Figures about dân vận work itself: no population, area, boundary or economic context,
    and nothing that describes another unit."""
    keep = (~frame["theme"].isin(CONTEXT_THEMES) & (frame["kind"] != CONTEXT_KIND)
            & (frame["scope_class"] != "boi_canh_don_vi_khac"))
    return frame[keep]


def period_rank(frame: pd.DataFrame) -> pd.Series:
    """0 for a whole calendar year, 1 for a figure at a date, 2 for any other period."""
    from danvan.reading.comparability import period_class

    shapes = frame[["period_start", "period_end"]].drop_duplicates()
    ranks = {(s, e): {"nam": 0, "thoi_diem": 1}.get(period_class(s, e), 2)
             for s, e in zip(shapes["period_start"], shapes["period_end"], strict=True)}
    return pd.Series([ranks[(s, e)] for s, e in zip(frame["period_start"], frame["period_end"], strict=True)],
                     index=frame.index, dtype="int64")


def headline_figures(frame: pd.DataFrame, core: tuple[str, ...] = (), per_locality: int = 3,
                     themes: tuple[str, ...] | None = None) -> pd.DataFrame:
    """For each lineage, up to ``per_locality`` headline dân vận figures: its core indicators in
    the administrator's order, then one figure per theme (of ``themes`` if given: the core
    indicators' themes, so no peripheral figure leads) of the other indicators. Each is the
    whole-locality figure of a whole year if there is one (never a month when a year exists),
    else at a date, else of another period; the newest (and longest) of those."""
    if frame.empty:
        return frame
    data = work_figures(frame).dropna(subset=["period_end", "period_start"], how="all").copy()
    if data.empty:
        return data
    data["ref"] = data["period_end"].fillna(data["period_start"])
    data["period_rank"] = period_rank(data)
    data = data.sort_values(["whole_locality", "period_rank", "ref", "period_start", "indicator_code", "obs_id"],
                            ascending=[False, True, False, True, True, True])
    is_core = data["indicator_code"].isin(core)
    position = {code: index for index, code in enumerate(core)}
    core_rows = data[is_core].drop_duplicates(["lineage", "indicator_code"])
    core_rows = core_rows.assign(core_rank=core_rows["indicator_code"].map(position)).sort_values(
        ["lineage", "core_rank"], kind="stable").drop(columns="core_rank")
    others = data[~is_core & (data["theme"].isin(themes) if themes is not None else True)]
    others = others.drop_duplicates(["lineage", "theme"])
    picked = pd.concat([core_rows, others])
    return picked.groupby("lineage", sort=False).head(per_locality)


def boundary_history(localities: pd.DataFrame, lineage: str) -> pd.DataFrame:
    rows = localities[localities["lineage"] == lineage].sort_values("valid_from", na_position="first")
    names = dict(zip(localities["locality_id"], localities["name_vi"], strict=True))
    return pd.DataFrame({
        "Đơn vị": rows["name_vi"],
        "Mã GSO": rows["gso_code"],
        "Hiệu lực từ": [format_date(d) or "không rõ" for d in rows["valid_from"]],
        "Đến": [format_date(d) or "nay" for d in rows["valid_to"]],
        "Dân số": [format_value(p, "người") + (f" ({format_date(d)})" if format_date(d) else "")
                   for p, d in zip(rows["population"], rows["population_date"], strict=True)],
        "Diện tích": [format_value(a, "km²") for a in rows["area_km2"]],
        "Đơn vị kế thừa": [names.get(s, "") if isinstance(s, str) else "" for s in rows["successor_id"]],
        "Ghi chú": rows["successor_note_vi"].fillna(""),
    })


def rate_checks_table(rates: pd.DataFrame, frame: pd.DataFrame, only_flagged: bool = True) -> pd.DataFrame:
    """Stated vs recomputed rates, with locality and indicator names."""
    if rates.empty:
        return pd.DataFrame()
    data = rates[rates["status"] == STATUS_MISMATCH] if only_flagged else rates
    if data.empty:
        return pd.DataFrame()
    names = frame.drop_duplicates("locality_id").set_index("locality_id")["locality_name"]
    indicators = frame.drop_duplicates("indicator_code").set_index("indicator_code")["indicator_name"]
    starts = pd.to_datetime(data["period_start"].replace("", None))
    ends = pd.to_datetime(data["period_end"].replace("", None))
    return pd.DataFrame({
        "Địa phương": data["locality_id"].map(names).fillna(data["locality_id"]),
        "Chỉ tiêu": data["indicator_code"].map(indicators).fillna(data["indicator_code"]),
        "Phạm vi": data["scope_vi"],
        "Kỳ báo cáo": [format_period(s, e) for s, e in zip(starts, ends, strict=True)],
        "Số nguồn nêu": [format_value(v, "%") for v in data["stated"]],
        "Tử số": [format_value(v, "") for v in data["numerator"]],
        "Mẫu số": [format_value(v, "") for v in data["denominator"]],
        "Số tính lại": [format_value(v, "%", 2) for v in data["computed"]],
        "Chênh lệch (điểm %)": [format_value(v, "", 2) for v in data["difference"]],
        "Đánh giá": data["status"],
    }).reset_index(drop=True)


def dvk_table(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame()
    data = vn_sort(frame, "locality_name")
    return pd.DataFrame({
        "Địa phương": data["locality_name"],
        "Loại": data["dvk_kind"].map(DVK_KINDS).fillna(""),
        "Chỉ tiêu": data["indicator_name"],
        "Số lượng": value_labels(data),
        "Tập thể / cá nhân": data["dvk_subject"].map(DVK_SUBJECT_LABELS).fillna("Không tách"),
        "Lĩnh vực": data["dvk_field"].map(DVK_FIELD_LABELS).fillna("Không rõ lĩnh vực"),
        "Kỳ báo cáo": period_label(data),
        "Phạm vi": data["scope_vi"],
        "Nguồn": source_label(data),
        "Ghi chú": data["note_vi"].fillna(""),
    })


def missing_population_label(frame: pd.DataFrame) -> str:
    """"Hương Trà (2021), Trà Vinh (2017)" for figures lacking a population of their year."""
    labels = {
        f"{name} ({int(year)})" if pd.notna(year) else f"{name} (không rõ năm)"
        for name, year in zip(frame["locality_name"], frame["ref_year"], strict=True)
    }
    return ", ".join(sorted(labels, key=vn_sort_key))


def sources_table(sources: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Mã": sources["source_id"],
        "Tiêu đề": sources["title"],
        "Cơ quan, tác giả": sources["issuer"],
        "Loại": sources["kind"],
        "Số hiệu": sources["document_number"],
        "Đường dẫn": sources["url"],
        "Ngày đăng": [format_date(d) for d in sources["published_date"]],
        "Ngày truy cập": [format_date(d) for d in sources["accessed_date"]],
        "Giấy phép, điều kiện dùng": sources["licence_note"],
    })


def inconsistency_notes(frame: pd.DataFrame) -> pd.DataFrame:
    """Figures whose note records a mismatch in the source other than a rate."""
    notes = frame["note_vi"].fillna("")
    data = frame[notes.map(lambda n: any(w in n.lower() for w in MISMATCH_NOTE_WORDS))]
    return observation_table(data) if not data.empty else pd.DataFrame()


def optional_bool(value: object) -> bool | None:
    return None if value is None or pd.isna(value) else bool(value)


def latest_per_locality(frame: pd.DataFrame) -> pd.DataFrame:
    """Keep each locality vintage's most recent figure."""
    ref = frame["period_end"].fillna(frame["period_start"])
    return frame.assign(_ref=ref).sort_values("_ref").groupby("locality_id").tail(1).drop(columns="_ref")


def with_vintage_names(frame: pd.DataFrame) -> pd.DataFrame:
    """Where one lineage appears with several boundary vintages, name the vintage."""
    out = frame.copy()
    several = out.groupby("lineage")["locality_id"].transform("nunique") > 1
    for index in out.index[several]:
        start, end = out.at[index, "valid_from"], out.at[index, "valid_to"]
        if pd.notna(start) and pd.notna(end):
            span = f"địa giới {format_date(start)}–{format_date(end)}"
        elif pd.notna(end):
            span = f"địa giới đến {format_date(end)}"
        else:
            span = f"địa giới từ {format_date(start)}"
        out.at[index, "locality_name"] = f"{out.at[index, 'locality_name']}, {span}"
    return out


def dvk_field_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts split by the four fields, where a source gives the split."""
    known = frame[frame["dvk_field"].fillna("") != ""]
    if known.empty:
        return pd.DataFrame()
    table = dvk_table(known)
    return table[["Địa phương", "Lĩnh vực", "Loại", "Chỉ tiêu", "Số lượng", "Kỳ báo cáo", "Nguồn"]]


def undated(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["period_start"].isna() & frame["period_end"].isna()]


def successor_lines(localities: pd.DataFrame, lineage: str) -> list[str]:
    """One sentence per unit that took over from one of the lineage's vintages, outside
    the lineage itself (the 2025 reorganisation)."""
    by_id = localities.set_index("locality_id")
    rows = localities[localities["lineage"] == lineage]
    lines = []
    for row in rows.itertuples():
        successor = row.successor_id
        if not isinstance(successor, str) or successor not in by_id.index:
            continue
        target = by_id.loc[successor]
        if target["lineage"] == lineage:
            continue
        since = format_date(target["valid_from"])
        pop = target["population"]
        extra = f"; dân số {format_value(pop, 'người')}" if pd.notna(pop) else ""
        lines.append(f"Từ {since or 'khi sắp xếp'}: **{target['name_vi']}** (mã {target['gso_code'] or '–'}"
                     f"{extra}). {row.successor_note_vi or ''}".strip())
    return lines


def summed_row(template: pd.Series, row: pd.Series, parts: pd.DataFrame, *, locality_id: str, lineage: str,
               name: str) -> dict:
    """One added-up figure (a row of reform.aggregate_into) shaped like an observation row, so
    the trend chart and tables can show it: its parts' sources, and the note saying what was added."""
    from danvan.reading.reform import aggregation_note

    return {
        **template.to_dict(),
        "obs_id": "+".join(row["obs_ids"]), "locality_id": locality_id, "lineage": lineage,
        "locality_name": name, "period_start": row["period_start"], "period_end": row["period_end"],
        "value": row["value"], "qualifier": row["qualifier"], "scope_vi": aggregation_note(row),
        "source_id": parts["source_id"].iloc[0], "source_title": "; ".join(row["source_titles"]),
        "source_issuer": "; ".join(sorted(set(parts["source_issuer"]))),
        "published_date": parts["published_date"].max(), "note_vi": "",
        "locator": "; ".join(parts["locator"]), "valid_from": pd.Timestamp("2025-07-01"), "valid_to": pd.NaT,
    }


def reform_series(frame: pd.DataFrame, crosswalk: pd.DataFrame,
                  gso_of: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Observations re-expressed on the 2025 provinces (summable ones added up), shaped like
    the observation frame so the trend chart can draw them; plus what was left apart and
    one note per new province saying which old provinces were added."""
    from danvan.reading.reform import aggregate_to_2025, aggregation_note

    added, apart = aggregate_to_2025(frame, crosswalk, gso_of)
    if added.empty:
        return frame.iloc[0:0], apart, []
    template = frame.drop_duplicates("indicator_code").iloc[0]
    rows = [summed_row(template, row, frame[frame["obs_id"].isin(row["obs_ids"])],
                       locality_id=f"moi-{row['new_gso_code']}", lineage=f"moi-{row['new_gso_code']}",
                       name=f"{row['new_name_vi']} (mới)")
            for _, row in added.iterrows()]
    notes = sorted({aggregation_note(r) for _, r in added.iterrows()}, key=vn_sort_key)
    return pd.DataFrame(rows), apart, notes


PREDECESSOR = "tien_than"  # «series» of a predecessor's own figures
PREDECESSORS_SUMMED = "cong_tien_than"  # «series» of the predecessors' figures added up


def predecessor_series(figures: pd.DataFrame, links: pd.DataFrame,
                       drawn_lineages: tuple[str, ...] = ()) -> tuple[pd.DataFrame, list[str]]:
    """Before 1/7/2025, the figures of the units a new unit was formed from.

    ``figures``: one indicator's figures of the predecessors (observation rows, dated before
    the reform); ``links``: queries.predecessors rows (old_id, new_id, whole, old_name,
    new_name, new_lineage, new_level), one new unit or several. Each predecessor is its own
    series «<tên> (đơn vị tiền thân)» (``series`` = PREDECESSOR), unless its lineage is already
    drawn. Only where the reform rules allow it (reform.aggregate_into: a count, amount or stock
    of the whole unit, no predecessor only partly in the new unit) AND every predecessor reported
    that same period are they added into one series «<mới> (cộng các đơn vị tiền thân)»
    (PREDECESSORS_SUMMED); those figures are then not drawn separately. One note per new unit
    says what was added and why the rest was not."""
    from danvan.formatting import format_period
    from danvan.reading.reform import aggregate_into

    rows: list[dict] = []
    notes: list[str] = []
    drawn_ids: set[str] = set()
    for new_id, group in links.groupby("new_id", sort=False):
        new_name = str(group["new_name"].iloc[0])
        names = sorted(group["old_name"].astype(str), key=vn_sort_key)
        head = f"{new_name} – đơn vị tiền thân trước 1/7/2025: {', '.join(names)}."
        mine = figures[figures["locality_id"].isin(group["old_id"])]
        if mine.empty:
            notes.append(f"{head} Không đơn vị nào có số liệu của chỉ tiêu này trong khoảng năm đã chọn.")
            continue
        crosswalk = pd.DataFrame({"old_gso_code": group["old_id"], "old_name_vi": group["old_name"],
                                  "new_gso_code": new_id, "new_name_vi": new_name, "whole": group["whole"]})
        added, apart = aggregate_into(mine, crosswalk, {i: i for i in group["old_id"]},
                                      level=str(group["new_level"].iloc[0]))
        complete = added[added["complete"]] if not added.empty else added
        summed: set[str] = set()
        for _, row in complete.iterrows():
            parts = mine[mine["obs_id"].isin(row["obs_ids"])]
            summed |= set(row["obs_ids"])
            rows.append(summed_row(parts.iloc[0], row, parts, locality_id=f"cong-{new_id}",
                                   lineage=str(group["new_lineage"].iloc[0]),
                                   name=f"{new_name} (cộng các đơn vị tiền thân)")
                        | {"series": PREDECESSORS_SUMMED})
        lineage_of = dict(zip(mine["locality_id"], mine["lineage"], strict=True))
        for _, fig in mine[~mine["obs_id"].isin(summed)].iterrows():
            if lineage_of[fig["locality_id"]] in drawn_lineages or fig["obs_id"] in drawn_ids:
                continue
            drawn_ids.add(fig["obs_id"])
            rows.append(fig.to_dict() | {"locality_name": f"{fig['locality_name']} (đơn vị tiền thân)",
                                         "series": PREDECESSOR})
        said = [head]
        if not complete.empty:
            periods = ", ".join(format_period(r["period_start"], r["period_end"]) for _, r in complete.iterrows())
            said.append(f"Cộng thành một đường (nét chấm) cho {periods}: "
                        f"{' + '.join(complete.iloc[0]['added_from'])} – số cộng được, mọi đơn vị tiền thân "
                        "báo cáo cùng kỳ.")
        reasons = sorted(set(apart["reason"]), key=vn_sort_key) if not apart.empty else []
        partial = added[~added["complete"]] if not added.empty else added
        for _, row in partial.iterrows():
            reasons.append(f"{format_period(row['period_start'], row['period_end'])}: thiếu số liệu cùng kỳ "
                           f"của {', '.join(row['missing'])}")
        if reasons:
            said.append("Vẽ riêng từng đơn vị (nét đứt), không cộng: " + "; ".join(reasons) + ".")
        notes.append(" ".join(said))
    frame = pd.DataFrame(rows)
    if not frame.empty:
        frame["valid_from"] = pd.to_datetime(frame["valid_from"])
        frame["valid_to"] = pd.to_datetime(frame["valid_to"])
    return frame, notes


def locator(localities: pd.DataFrame, lineage: str) -> dict[str, object]:
    """What the locator map shows for a lineage: the province to colour (a district's parent)
    and, for a district, its point."""
    rows = localities[localities["lineage"] == lineage].sort_values("valid_from", na_position="first")
    latest = rows.iloc[-1]
    if latest["level"] == "tinh":
        return {"gso_code": latest["gso_code"], "point": None, "title": latest["name_vi"]}
    parent = localities.set_index("locality_id").loc[latest["parent_id"]]
    point = None
    if pd.notna(latest["lon"]) and pd.notna(latest["lat"]):
        point = (float(latest["lon"]), float(latest["lat"]), str(latest["short_name_vi"]))
    return {"gso_code": parent["gso_code"], "point": point,
            "title": f"{latest['name_vi']} ({parent['name_vi']})"}


def succession_table(successions: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Từ ngày": [format_date(d) for d in successions["effective_date"]],
        "Đơn vị cũ": successions["old_locality_id"],
        "Đơn vị mới": successions["new_unit_name"],
        "Phần địa bàn": successions["part"],
        "Tình trạng": successions["status"],
        "Nguồn": successions["source_title"],
        "Ghi chú": successions["note_vi"],
    })


def registry_table(models: pd.DataFrame) -> pd.DataFrame:
    data = vn_sort(models, "locality_name")
    return pd.DataFrame({
        "Số": data["id"], "Tên mô hình": data["name"], "Địa phương": data["locality_name"],
        "Đơn vị thực hiện": data["unit_name"],
        "Năm đăng ký": data["year_registered"].map(lambda y: "" if pd.isna(y) else str(int(y))),
        "Năm công nhận": data["year_recognised"].map(lambda y: "" if pd.isna(y) else str(int(y))),
        "Lĩnh vực": data["field"].map(DVK_FIELDS).fillna("Chưa ghi"),
        "Tập thể / cá nhân": data["subject"].map(DVK_SUBJECTS).fillna("Chưa ghi"),
        "Trạng thái": data["status"].map(DVK_STATUSES).fillna(data["status"]),
        "Mô tả": data["description"], "Minh chứng, nguồn": data["evidence"],
        "Người cập nhật": data["updated_by"],
    })


def registry_counts(models: pd.DataFrame) -> pd.DataFrame:
    """Models per locality and field (locality_name, field_name, n)."""
    data = models.assign(field_name=models["field"].map(DVK_FIELDS).fillna("Chưa ghi lĩnh vực"))
    return data.groupby(["locality_name", "field_name"]).size().rename("n").reset_index()


def dvk_reported_table(counts: pd.DataFrame) -> pd.DataFrame:
    """Reported Dân vận khéo counts (programme dan_van_kheo) as one row per locality and
    indicator, one column per year; a figure not for a whole year says its period."""
    from danvan.reading.comparability import period_class

    data = counts[counts["programme"] == "dan_van_kheo"].dropna(subset=["period_start", "period_end"], how="all")
    if data.empty:
        return pd.DataFrame()
    ref = data["period_end"].fillna(data["period_start"])
    texts = []
    for row in data.itertuples():
        text = value_text(row.value, row.qualifier, row.unit_label)
        if period_class(row.period_start, row.period_end) != "nam":
            text += f" ({format_period(row.period_start, row.period_end)})"
        texts.append(text)
    table = pd.DataFrame({"Địa phương": data["locality_name"], "Chỉ tiêu": data["indicator_name"],
                          "year": ref.dt.year.astype(int).astype(str), "text": texts})
    wide = table.groupby(["Địa phương", "Chỉ tiêu", "year"], sort=False)["text"].agg("; ".join).unstack("year")
    wide = wide[sorted(wide.columns)].fillna("").reset_index()
    return vn_sort(wide, "Địa phương")


def optional_int(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def registry_status_table(models: pd.DataFrame) -> pd.DataFrame:
    """Models per locality by status, tập thể/cá nhân (rows) — counts as text."""
    data = models.assign(status_name=models["status"].map(DVK_STATUSES),
                         subject_name=models["subject"].map(DVK_SUBJECTS).fillna("Chưa ghi"))
    table = data.pivot_table(index=["locality_name", "subject_name"], columns="status_name", values="id",
                             aggfunc="count", fill_value=0)
    ordered = [name for name in DVK_STATUSES.values() if name in table.columns]
    table = table[ordered].reset_index().rename(columns={"locality_name": "Địa phương",
                                                         "subject_name": "Tập thể / cá nhân"})
    return vn_sort(table, "Địa phương")


def commune_table(points: pd.DataFrame, per_capita: bool) -> pd.DataFrame:
    """Every commune of a province (map_data.commune_layer points): those with a figure ranked
    from the highest value, then those whose figures are listed apart, then those without a
    figure («không có số liệu», never 0), each in Vietnamese order."""
    if points.empty:
        return pd.DataFrame()
    order = {"co_so_lieu": 0, "de_rieng": 1, "khong_co": 2}
    data = points.assign(_group=points["status"].map(order), _name=points["name"].map(vn_sort_key))
    data = data.sort_values(["_group", "value", "_name"], ascending=[True, False, True], kind="stable")
    valued = data["status"] == "co_so_lieu"
    ranks = data.loc[valued, "value"].rank(ascending=False, method="min")
    kinds = data["level_label"].fillna("").map(lambda k: k[:1].upper() + k[1:])
    table = pd.DataFrame({
        "Hạng": [str(int(ranks[i])) if i in ranks.index else "" for i in data.index],
        "Xã, phường": data["name"], "Loại": kinds, "Giá trị": data["raw_text"],
    })
    if per_capita:
        table["Trên 10.000 dân"] = [t if v else "" for t, v in zip(data["value_text"], valued, strict=True)]
    table["Kỳ báo cáo"] = data["period"]
    table["Nguồn"] = data["source"]
    return table.reset_index(drop=True)
