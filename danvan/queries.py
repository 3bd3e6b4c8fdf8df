"""Every read the pages make, as ``pd.read_sql`` on a SQLAlchemy select.

Filters are applied in the database; pages never see more rows than they show.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.engine import Engine

from danvan.filters import LEVEL_ALL, Filters
from danvan.formatting import vn_sort_key
from danvan.models import (
    BoundaryLayer,
    DistrictSuccession,
    DvkModel,
    Indicator,
    Locality,
    Observation,
    ProvinceCrosswalk,
    ScopeClass,
    Source,
    Supersession,
    Theme,
    Unit,
)

DATE_COLUMNS = ["period_start", "period_end", "published_date", "valid_from", "valid_to",
                "population_date", "accessed_date"]


def _frame(stmt: Select, engine: Engine) -> pd.DataFrame:
    with engine.connect() as conn:
        frame = pd.read_sql(stmt, conn)
    for col in DATE_COLUMNS:
        if col in frame.columns:
            frame[col] = pd.to_datetime(frame[col], errors="coerce")
    return frame


def themes(engine: Engine) -> pd.DataFrame:
    return _frame(select(Theme).order_by(Theme.sort_order, Theme.code), engine)


def scope_classes(engine: Engine) -> pd.DataFrame:
    return _frame(select(ScopeClass), engine)


def localities(engine: Engine, *, focus_only: bool = False) -> pd.DataFrame:
    stmt = select(Locality)
    if focus_only:
        stmt = stmt.where(Locality.focus.is_(True))
    return _frame(stmt.order_by(Locality.lineage, Locality.valid_from), engine)


def focus_lineages(engine: Engine) -> pd.DataFrame:
    """One row per focus lineage: its short name and level (from its latest vintage)."""
    frame = localities(engine, focus_only=True)
    latest = frame.sort_values("valid_from", na_position="first").groupby("lineage").tail(1)
    latest = latest.sort_values("short_name_vi", key=lambda names: names.map(vn_sort_key))
    return latest[["lineage", "short_name_vi", "level", "level_label_vi"]].reset_index(drop=True)


def catalogue(engine: Engine, theme: str | None = None) -> pd.DataFrame:
    stmt = (
        select(Indicator, Unit.name_vi.label("unit_label"), Unit.decimals.label("unit_decimals"),
               Theme.name_vi.label("theme_name"))
        .join(Unit, Unit.code == Indicator.unit)
        .join(Theme, Theme.code == Indicator.theme)
    )
    if theme:
        stmt = stmt.where(Indicator.theme == theme)
    return _frame(stmt.order_by(Indicator.theme, Indicator.code), engine)


def sources(engine: Engine) -> pd.DataFrame:
    return _frame(select(Source).order_by(Source.source_id), engine)


def visible() -> ColumnElement[bool]:
    """Observations not replaced by an accepted import."""
    return Observation.obs_id.not_in(select(Supersession.old_obs_id))


def _observation_select() -> Select:
    return (
        select(
            Observation.obs_id, Observation.locality_id, Observation.indicator_code,
            Observation.period_start, Observation.period_end, Observation.value,
            Observation.qualifier, Observation.scope_class, Observation.scope_vi,
            Observation.source_id, Observation.locator, Observation.note_vi,
            Observation.entered_by, Observation.entered_at,
            Locality.lineage, Locality.short_name_vi.label("locality_name"),
            Locality.level, Locality.valid_from, Locality.valid_to,
            Indicator.name_vi.label("indicator_name"), Indicator.kind, Indicator.theme,
            Indicator.higher_is_better, Indicator.dvk_kind, Indicator.dvk_subject,
            Indicator.dvk_field, Indicator.programme, Indicator.unit,
            Unit.name_vi.label("unit_label"), Unit.decimals.label("unit_decimals"),
            Theme.name_vi.label("theme_name"),
            ScopeClass.name_vi.label("scope_class_name"), ScopeClass.whole_locality,
            Source.title.label("source_title"), Source.issuer.label("source_issuer"),
            Source.published_date, Source.url.label("source_url"),
            Source.document_number.label("source_document"),
        )
        .join(Locality, Locality.locality_id == Observation.locality_id)
        .join(Indicator, Indicator.code == Observation.indicator_code)
        .join(Unit, Unit.code == Indicator.unit)
        .join(Theme, Theme.code == Indicator.theme)
        .join(ScopeClass, ScopeClass.code == Observation.scope_class)
        .join(Source, Source.source_id == Observation.source_id)
        .where(visible())
    )


def _filtered(stmt: Select, filters: Filters | None, include_undated: bool) -> Select:
    if filters is None:
        return stmt
    start, end = date(filters.year_from, 1, 1), date(filters.year_to, 12, 31)
    last = func.coalesce(Observation.period_end, Observation.period_start)
    first = func.coalesce(Observation.period_start, Observation.period_end)
    in_range = and_(last >= start, first <= end)
    undated = and_(Observation.period_start.is_(None), Observation.period_end.is_(None))
    stmt = stmt.where(or_(in_range, undated) if include_undated else in_range)
    if filters.lineages:
        stmt = stmt.where(Locality.lineage.in_(filters.lineages))
    if filters.level != LEVEL_ALL:
        stmt = stmt.where(Locality.level == filters.level)
    return stmt


def observations(
    engine: Engine,
    filters: Filters | None = None,
    *,
    theme: str | None = None,
    indicator: str | None = None,
    indicators: list[str] | None = None,
    lineage: str | None = None,
    include_undated: bool = False,
    focus_only: bool = True,
) -> pd.DataFrame:
    """Observations joined with their locality, indicator, unit, scope class and source."""
    stmt = _filtered(_observation_select(), filters, include_undated)
    if focus_only:
        stmt = stmt.where(Locality.focus.is_(True))
    if theme:
        stmt = stmt.where(Indicator.theme == theme)
    if indicator:
        stmt = stmt.where(Observation.indicator_code == indicator)
    if indicators is not None:
        stmt = stmt.where(Observation.indicator_code.in_(indicators))
    if lineage:
        stmt = stmt.where(Locality.lineage == lineage)
    stmt = stmt.order_by(Locality.lineage, Observation.indicator_code,
                         Observation.period_end, Observation.obs_id)
    return _frame(stmt, engine)


def dvk_observations(engine: Engine, filters: Filters | None = None) -> pd.DataFrame:
    """Model, bright-spot, commendation and target counts (indicators with a dvk_kind)."""
    stmt = _filtered(_observation_select(), filters, include_undated=True)
    stmt = stmt.where(Indicator.dvk_kind != "", Locality.focus.is_(True))
    return _frame(stmt.order_by(Locality.lineage, Observation.period_end), engine)


def indicator_counts(engine: Engine, filters: Filters | None = None) -> pd.DataFrame:
    """Number of observations per lineage and theme (what is known where)."""
    stmt = (
        select(Locality.lineage, Locality.short_name_vi.label("locality_name"),
               Indicator.theme, Theme.name_vi.label("theme_name"),
               func.count(Observation.id).label("n"))
        .select_from(Observation)
        .join(Locality, Locality.locality_id == Observation.locality_id)
        .join(Indicator, Indicator.code == Observation.indicator_code)
        .join(Theme, Theme.code == Indicator.theme)
        .where(Locality.focus.is_(True), visible())
        .group_by(Locality.lineage, Locality.short_name_vi, Indicator.theme, Theme.name_vi)
    )
    stmt = _filtered(stmt, filters, include_undated=True)
    return _frame(stmt, engine)


def population(engine: Engine) -> pd.DataFrame:
    """Population figures by locality vintage and reference year (for per-10.000 rates)."""
    stmt = (
        select(Observation.locality_id, Locality.lineage, Observation.period_start,
               Observation.period_end, Observation.value, Observation.source_id,
               Source.title.label("source_title"))
        .join(Locality, Locality.locality_id == Observation.locality_id)
        .join(Source, Source.source_id == Observation.source_id)
        .where(Observation.indicator_code == "population", Observation.scope_class == "toan_dia_ban",
               visible())
    )
    frame = _frame(stmt, engine)
    ref = frame["period_end"].fillna(frame["period_start"])
    frame["year"] = ref.dt.year
    return frame


def year_bounds(engine: Engine) -> tuple[int, int]:
    """Earliest and latest year any dated observation touches."""
    stmt = select(
        func.min(func.coalesce(Observation.period_start, Observation.period_end)),
        func.max(func.coalesce(Observation.period_end, Observation.period_start)),
    ).where(visible())
    with engine.connect() as conn:
        low, high = conn.execute(stmt).one()
    if low is None or high is None:
        return (2009, 2025)
    low, high = pd.Timestamp(low), pd.Timestamp(high)
    return (int(low.year), max(int(high.year), 2025))


def dataset_summary(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            "observations": conn.execute(select(func.count(Observation.id)).where(visible())).scalar_one(),
            "indicators": conn.execute(select(func.count(Indicator.code))).scalar_one(),
            "sources": conn.execute(select(func.count(Source.source_id))).scalar_one(),
        }


def province_crosswalk(engine: Engine) -> pd.DataFrame:
    return _frame(select(ProvinceCrosswalk).order_by(ProvinceCrosswalk.old_gso_code), engine)


def district_successions(engine: Engine, locality_ids: list[str] | None = None) -> pd.DataFrame:
    stmt = (select(DistrictSuccession, Source.title.label("source_title"))
            .join(Source, Source.source_id == DistrictSuccession.source_id))
    if locality_ids is not None:
        stmt = stmt.where(DistrictSuccession.old_locality_id.in_(locality_ids))
    frame = _frame(stmt.order_by(DistrictSuccession.effective_date, DistrictSuccession.row_id), engine)
    frame["effective_date"] = pd.to_datetime(frame["effective_date"])
    return frame


def boundary_layers(engine: Engine, level: str | None = None, *, with_geojson: bool = False) -> pd.DataFrame:
    """Uploaded boundary layers (the active ones), newest first."""
    columns = [BoundaryLayer.id, BoundaryLayer.level, BoundaryLayer.source_name, BoundaryLayer.crs_in,
               BoundaryLayer.match_column, BoundaryLayer.n_features, BoundaryLayer.uploaded_by,
               BoundaryLayer.uploaded_at]
    if with_geojson:
        columns.append(BoundaryLayer.geojson)
    stmt = select(*columns).where(BoundaryLayer.active.is_(True))
    if level:
        stmt = stmt.where(BoundaryLayer.level == level)
    return _frame(stmt.order_by(BoundaryLayer.id.desc()), engine)


def dvk_models(engine: Engine, filters: Filters | None = None, *, text: str = "", status: str = "",
               field: str = "") -> pd.DataFrame:
    """Registry entries with their locality, filtered in the database (text search is
    diacritic-insensitive and done on the result, which is one locality set's models)."""
    stmt = (select(DvkModel, Locality.short_name_vi.label("locality_name"), Locality.lineage, Locality.level)
            .join(Locality, Locality.locality_id == DvkModel.locality_id))
    if filters is not None:
        if filters.lineages:
            stmt = stmt.where(Locality.lineage.in_(filters.lineages))
        if filters.level != LEVEL_ALL:
            stmt = stmt.where(Locality.level == filters.level)
        year = func.coalesce(DvkModel.year_recognised, DvkModel.year_registered)
        stmt = stmt.where(or_(year.is_(None), and_(year >= filters.year_from, year <= filters.year_to)))
    if status:
        stmt = stmt.where(DvkModel.status == status)
    if field:
        stmt = stmt.where(DvkModel.field == field)
    frame = _frame(stmt.order_by(DvkModel.id), engine)
    if text:
        from danvan.formatting import strip_diacritics

        needle = strip_diacritics(text).strip()
        hay = (frame["name"] + " " + frame["unit_name"] + " " + frame["description"] + " "
               + frame["locality_name"]).map(strip_diacritics)
        frame = frame[hay.str.contains(needle, regex=False)]
    return frame
