"""Every read the pages make, as ``pd.read_sql`` on a SQLAlchemy select.

Filters are applied in the database; pages never see more rows than they show.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import aliased

from danvan.data.models import (
    BoundaryLayer,
    DistrictSuccession,
    DvkModel,
    Indicator,
    Locality,
    LocalityLink,
    Observation,
    ProvinceCrosswalk,
    ScopeClass,
    Source,
    Theme,
    Unit,
    not_superseded,
)
from danvan.formatting import vn_sort_key
from danvan.reading.filters import LEVEL_ALL, Filters
from danvan.vocabulary import CONTEXT_KIND, CONTEXT_THEMES, MISMATCH_NOTE_WORDS

DATE_COLUMNS = ["period_start", "period_end", "published_date", "valid_from", "valid_to",
                "population_date", "accessed_date"]


def _frame(stmt: Select, engine: Engine) -> pd.DataFrame:
    with engine.connect() as conn:
        frame = pd.read_sql(stmt, conn)
    for col in DATE_COLUMNS:
        if col in frame.columns:
            frame[col] = pd.to_datetime(frame[col], errors="coerce")
    return frame


def _ref() -> ColumnElement:
    """The date a figure refers to: the end of its period, or its start when only that is known."""
    return func.coalesce(Observation.period_end, Observation.period_start)


def themes(engine: Engine) -> pd.DataFrame:
    return _frame(select(Theme).order_by(Theme.sort_order, Theme.code), engine)


def units(engine: Engine) -> pd.DataFrame:
    """Units of measure: code, name_vi, decimals."""
    return _frame(select(Unit).order_by(Unit.code), engine)


def scope_classes(engine: Engine) -> pd.DataFrame:
    return _frame(select(ScopeClass), engine)


def localities(engine: Engine, *, focus_only: bool = False,
               lineages: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Locality vintages: all (the whole catalogue), the focus group, or those of ``lineages``."""
    stmt = select(Locality)
    if lineages is not None:
        stmt = stmt.where(Locality.lineage.in_(lineages))
    elif focus_only:
        stmt = stmt.where(Locality.focus.is_(True))
    return _frame(stmt.order_by(Locality.lineage, Locality.valid_from), engine)


def _latest_per_lineage(frame: pd.DataFrame) -> pd.DataFrame:
    """Latest vintage of each lineage; a short name two units share (quận and phường Hoàn Kiếm)
    gets its level in brackets, so no list or note names two units alike."""
    latest = frame.sort_values("valid_from", na_position="first").groupby("lineage").tail(1)
    shared = latest["short_name_vi"].duplicated(keep=False) & latest["level_label_vi"].notna()
    latest = latest.assign(short_name_vi=latest["short_name_vi"].where(
        ~shared, latest["short_name_vi"] + " (" + latest["level_label_vi"].astype(str) + ")"))
    latest = latest.sort_values("short_name_vi", key=lambda names: names.map(vn_sort_key))
    return latest[["lineage", "short_name_vi", "level", "level_label_vi"]].reset_index(drop=True)


def focus_lineages(engine: Engine) -> pd.DataFrame:
    """One row per lineage of the group «Địa bàn trọng điểm» (the focus localities and their
    successors): its short name and level (from its latest vintage), in Vietnamese order."""
    return _latest_per_lineage(localities(engine, focus_only=True))


def lineage_rows(engine: Engine, lineages: tuple[str, ...]) -> pd.DataFrame:
    """Like focus_lineages for any chosen lineages of the catalogue."""
    return _latest_per_lineage(localities(engine, lineages=lineages))


def lineage_ids(engine: Engine, among: tuple[str, ...] | None = None) -> frozenset[str]:
    """The lineages of the catalogue (to check ids coming from URLs and the command line): all,
    or those of ``among`` that exist (an indexed look-up of a few ids)."""
    stmt = select(Locality.lineage).distinct()
    if among is not None:
        stmt = stmt.where(Locality.lineage.in_(among))
    with engine.connect() as conn:
        return frozenset(conn.execute(stmt).scalars())


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


LOW_RELIABILITY_MARK = " [nguồn độ tin cậy thấp]"


def source_title() -> ColumnElement[str]:
    """A source's title, marked when an editor rated the source low reliability, so every
    table, hover text and source line that names it carries the mark."""
    return case((Source.reliability == "thap", Source.title + LOW_RELIABILITY_MARK), else_=Source.title)


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
            source_title().label("source_title"), Source.issuer.label("source_issuer"),
            Source.reliability.label("source_reliability"),
            Source.published_date, Source.url.label("source_url"),
            Source.document_number.label("source_document"),
        )
        .join(Locality, Locality.locality_id == Observation.locality_id)
        .join(Indicator, Indicator.code == Observation.indicator_code)
        .join(Unit, Unit.code == Indicator.unit)
        .join(Theme, Theme.code == Indicator.theme)
        .join(ScopeClass, ScopeClass.code == Observation.scope_class)
        .join(Source, Source.source_id == Observation.source_id)
        .where(not_superseded())
    )


def _places(filters: Filters | None, focus_only: bool, lineage: str | None = None) -> Select | None:
    """The locality vintages the filters allow, as a subquery (None: no restriction).

    Conditions on localities are always written as ``observation.locality_id IN (…)``, so the
    database drives the read from the observation indexes that start with locality_id or
    indicator_code instead of joining every locality first."""
    stmt = select(Locality.locality_id)
    narrowed = False
    if filters is not None and filters.lineages:  # chosen units, anywhere in the catalogue
        stmt, narrowed = stmt.where(Locality.lineage.in_(filters.lineages)), True
    elif focus_only:  # nothing chosen: the group «Địa bàn trọng điểm»
        stmt, narrowed = stmt.where(Locality.focus.is_(True)), True
    if filters is not None and filters.level != LEVEL_ALL:
        stmt, narrowed = stmt.where(Locality.level == filters.level), True
    if lineage:
        stmt, narrowed = stmt.where(Locality.lineage == lineage), True
    return stmt if narrowed else None


def _indicators(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    """``observation.indicator_code IN (indicators matching conditions)``."""
    return Observation.indicator_code.in_(select(Indicator.code).where(*conditions))


def _filtered(stmt: Select, filters: Filters | None, include_undated: bool, *, focus_only: bool = True,
              lineage: str | None = None) -> Select:
    places = _places(filters, focus_only, lineage)
    if places is not None:
        stmt = stmt.where(Observation.locality_id.in_(places))
    if filters is None:
        return stmt
    start, end = date(filters.year_from, 1, 1), date(filters.year_to, 12, 31)
    last = func.coalesce(Observation.period_end, Observation.period_start)
    first = func.coalesce(Observation.period_start, Observation.period_end)
    in_range = and_(last >= start, first <= end)
    undated = and_(Observation.period_start.is_(None), Observation.period_end.is_(None))
    return stmt.where(or_(in_range, undated) if include_undated else in_range)


def observations(
    engine: Engine,
    filters: Filters | None = None,
    *,
    theme: str | None = None,
    indicator: str | None = None,
    indicators: list[str] | None = None,
    lineage: str | None = None,
    include_undated: bool = False,
    undated_only: bool = False,
    focus_only: bool = True,
) -> pd.DataFrame:
    """Observations joined with their locality, indicator, unit, scope class and source."""
    stmt = _filtered(_observation_select(), filters, include_undated, focus_only=focus_only, lineage=lineage)
    if undated_only:
        stmt = stmt.where(Observation.period_start.is_(None), Observation.period_end.is_(None))
    if theme:
        stmt = stmt.where(_indicators(Indicator.theme == theme))
    if indicator:
        stmt = stmt.where(Observation.indicator_code == indicator)
    if indicators is not None:
        stmt = stmt.where(Observation.indicator_code.in_(indicators))
    stmt = stmt.order_by(Locality.lineage, Observation.indicator_code,
                         Observation.period_end, Observation.obs_id)
    return _frame(stmt, engine)


def dvk_observations(engine: Engine, filters: Filters | None = None) -> pd.DataFrame:
    """Model, bright-spot, commendation and target counts (indicators with a dvk_kind)."""
    stmt = _filtered(_observation_select(), filters, include_undated=True)
    stmt = stmt.where(_indicators(Indicator.dvk_kind != ""))
    return _frame(stmt.order_by(Locality.lineage, Observation.period_end), engine)


def lineages_with(engine: Engine, filters: Filters | None, *, indicator: str | None = None,
                  dvk: bool = False, include_undated: bool = True) -> pd.DataFrame:
    """The lineages (with a display name) that have figures of ``indicator`` (or of any Dân vận
    khéo indicator) under the filters: DISTINCT over an index, no figure rows read."""
    inner = _filtered(select(Observation.locality_id).where(not_superseded()), filters, include_undated)
    if indicator:
        inner = inner.where(Observation.indicator_code == indicator)
    if dvk:
        inner = inner.where(_indicators(Indicator.dvk_kind != ""))
    inner = inner.distinct().subquery()
    stmt = (select(Locality.lineage, func.min(Locality.short_name_vi).label("locality_name"))
            .join(inner, inner.c.locality_id == Locality.locality_id).group_by(Locality.lineage))
    frame = _frame(stmt, engine)
    return frame.sort_values("locality_name", key=lambda s: s.map(vn_sort_key)).reset_index(drop=True)


def indicator_counts(engine: Engine, filters: Filters | None = None) -> pd.DataFrame:
    """Number of observations per lineage and theme (what is known where): counted per
    locality and indicator on the observation table alone, then named."""
    counts = _per_place_and_indicator(filters, include_undated=True)
    stmt = (
        select(Locality.lineage, Locality.short_name_vi.label("locality_name"),
               Indicator.theme, Theme.name_vi.label("theme_name"), func.sum(counts.c.n).label("n"))
        .select_from(counts)
        .join(Locality, Locality.locality_id == counts.c.locality_id)
        .join(Indicator, Indicator.code == counts.c.indicator_code)
        .join(Theme, Theme.code == Indicator.theme)
        .group_by(Locality.lineage, Locality.short_name_vi, Indicator.theme, Theme.name_vi)
    )
    frame = _frame(stmt, engine)
    frame["n"] = frame["n"].astype("int64")
    return frame


def _per_place_and_indicator(filters: Filters | None, include_undated: bool,
                             *conditions: ColumnElement[bool]):
    """Subquery: visible figures counted per locality vintage and indicator under the filters."""
    stmt = (select(Observation.locality_id, Observation.indicator_code, func.count().label("n"))
            .where(not_superseded(), *conditions))
    stmt = _filtered(stmt, filters, include_undated)
    return stmt.group_by(Observation.locality_id, Observation.indicator_code).subquery()


def population(engine: Engine, places: Select | None = None) -> pd.DataFrame:
    """Population figures by locality vintage and reference year (for per-10.000 rates), of
    every unit or of the vintages ``places`` (a subquery of locality ids)."""
    conditions = [Observation.indicator_code == "population", Observation.scope_class == "toan_dia_ban",
                  not_superseded()]
    if places is not None:
        conditions.append(Observation.locality_id.in_(places))
    stmt = (
        select(Observation.locality_id, Locality.lineage, Observation.period_start,
               Observation.period_end, Observation.value, Observation.source_id,
               Source.title.label("source_title"))
        .join(Locality, Locality.locality_id == Observation.locality_id)
        .join(Source, Source.source_id == Observation.source_id)
        .where(*conditions)
    )
    frame = _frame(stmt, engine)
    ref = frame["period_end"].fillna(frame["period_start"])
    frame["year"] = ref.dt.year
    return frame


def year_bounds(engine: Engine) -> tuple[int, int]:
    """Earliest and latest year any dated observation touches."""
    # Four single-column MIN/MAX reads, each answered from an index (a figure's start is never
    # after its end, so these give the same range as MIN/MAX of the coalesced dates). Replaced
    # figures are counted too: they only widen the slider, never show up on a page.
    with engine.connect() as conn:
        found = [conn.execute(select(agg(col))).scalar_one()
                 for agg in (func.min, func.max) for col in (Observation.period_start, Observation.period_end)]
    lows, highs = [d for d in found[:2] if d is not None], [d for d in found[2:] if d is not None]
    if not lows or not highs:
        return (2009, 2025)
    low, high = pd.Timestamp(min(lows)), pd.Timestamp(max(highs))
    return (int(low.year), max(int(high.year), 2025))


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


def _work_only() -> ColumnElement[bool]:
    """Figures about dân vận work itself (mirrors danvan.reading.tables.work_figures)."""
    return and_(_indicators(Indicator.theme.not_in(CONTEXT_THEMES), Indicator.kind != CONTEXT_KIND),
                Observation.scope_class != "boi_canh_don_vi_khac")


def indicator_menu(engine: Engine, filters: Filters | None = None, *, include_undated: bool = False,
                   theme: str | None = None) -> pd.DataFrame:
    """One row per indicator that has figures under ``filters``: its theme, name, kind, the number
    of figures and of localities reporting it (aggregated in the database)."""
    conditions = [_indicators(Indicator.theme == theme)] if theme else []
    counts = _per_place_and_indicator(filters, include_undated, *conditions)
    stmt = (select(Indicator.code.label("indicator_code"), Indicator.name_vi.label("indicator_name"),
                   Indicator.theme, Theme.name_vi.label("theme_name"), Indicator.kind,
                   func.sum(counts.c.n).label("n"), func.count(func.distinct(Locality.lineage)).label("places"))
            .select_from(counts)
            .join(Indicator, Indicator.code == counts.c.indicator_code)
            .join(Theme, Theme.code == Indicator.theme)
            .join(Locality, Locality.locality_id == counts.c.locality_id)
            .group_by(Indicator.code, Indicator.name_vi, Indicator.theme, Theme.name_vi, Indicator.kind))
    frame = _frame(stmt, engine)
    frame["n"] = frame["n"].astype("int64")
    return frame


def lineage_stats(engine: Engine, filters: Filters | None = None) -> pd.DataFrame:
    """Per lineage: number of figures and of indicators (aggregated in the database)."""
    counts = _per_place_and_indicator(filters, True)
    stmt = (select(Locality.lineage, func.sum(counts.c.n).label("n"),
                   func.count(func.distinct(counts.c.indicator_code)).label("n_indicators"))
            .select_from(counts)
            .join(Locality, Locality.locality_id == counts.c.locality_id)
            .group_by(Locality.lineage))
    frame = _frame(stmt, engine)
    frame["n"] = frame["n"].astype("int64")
    return frame


def source_ids(engine: Engine, filters: Filters | None = None) -> list[str]:
    """The sources behind the figures under ``filters`` (DISTINCT in the database)."""
    stmt = _filtered(select(Observation.source_id).where(not_superseded()), filters, True).distinct()
    with engine.connect() as conn:
        return sorted(conn.execute(stmt).scalars())


def source_count(engine: Engine, filters: Filters | None = None) -> int:
    return len(source_ids(engine, filters))


def _period_rank() -> ColumnElement[int]:
    """0 for a whole calendar year, 1 for a figure at a date, 2 for any other period (mirrors
    danvan.reading.tables.period_rank): a headline prefers a complete year to a month or a half-year."""
    start, end = Observation.period_start, Observation.period_end
    whole_year = and_(func.extract("month", start) == 1, func.extract("day", start) == 1,
                      func.extract("month", end) == 12, func.extract("day", end) == 31,
                      func.extract("year", start) == func.extract("year", end))
    return case((or_(start.is_(None), end.is_(None), start == end), 1), (whole_year, 0), else_=2)


def latest_work_figures(engine: Engine, filters: Filters | None = None,
                        without: tuple[str, ...] = (), themes: tuple[str, ...] | None = None) -> pd.DataFrame:
    """For each lineage and theme (of ``themes`` if given), its headline dân vận figure among
    indicators not in ``without`` (whole-locality scope first, then a whole year before a date before a part of a
    year, then the newest and longest; ``rank_in_theme`` = 1), and each lineage's most recent figure
    (``rank_in_lineage`` = 1), picked in the database with window functions."""
    ref = _ref()
    eligible = Observation.indicator_code.not_in(without)
    if themes is not None:
        eligible = and_(eligible, Indicator.theme.in_(themes))
    rank = func.row_number().over(
        partition_by=(Locality.lineage, Indicator.theme, eligible),
        order_by=(ScopeClass.whole_locality.desc(), _period_rank(), ref.desc(), Observation.period_start,
                  Observation.indicator_code, Observation.obs_id),
    ).label("rank_in_theme")
    newest = func.row_number().over(
        partition_by=Locality.lineage,
        order_by=(ref.desc(), Observation.indicator_code, Observation.obs_id)).label("rank_in_lineage")
    inner = _filtered(_observation_select().add_columns(rank, newest), filters, False)
    inner = inner.add_columns(case((eligible, True), else_=False).label("eligible"))
    inner = inner.where(_work_only(), ref.is_not(None)).subquery()
    in_theme = and_(inner.c.rank_in_theme == 1, inner.c.eligible)
    stmt = (select(inner).where(or_(in_theme, inner.c.rank_in_lineage == 1))
            .order_by(inner.c.lineage, inner.c.indicator_code, inner.c.period_end, inner.c.obs_id))
    frame = _frame(stmt, engine)
    frame["rank_in_theme"] = frame["rank_in_theme"].where(frame["eligible"].astype(bool), 0)
    return frame.drop(columns="eligible")


# Vietnamese letters with diacritics, both cases, and their plain lower-case letter: folding
# in SQL (translate on PostgreSQL, a registered function on SQLite) so search needs no accents.
_VI_LOWER = ("àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ")
_VI_PLAIN = ("a" * 17 + "e" * 11 + "i" * 5 + "o" * 17 + "u" * 11 + "y" * 5 + "d")
FOLD_FROM = _VI_LOWER + _VI_LOWER.upper()
FOLD_TO = _VI_PLAIN + _VI_PLAIN


def fold_sql(column: ColumnElement, dialect: str) -> ColumnElement:
    """``column`` lower-cased without Vietnamese diacritics, computed by the database."""
    if dialect == "sqlite":
        return func.danvan_fold(column)
    return func.translate(func.lower(column), FOLD_FROM, FOLD_TO)


def _search(stmt: Select, engine: Engine, text: str) -> Select:
    """Rows whose indicator, locality, scope, note, source or code contain ``text``, compared
    without case or accents in the database (``stmt`` must join locality, indicator, source)."""
    from danvan.formatting import strip_diacritics

    needle = strip_diacritics(text or "").strip()
    if not needle:
        return stmt
    hay = (Indicator.name_vi + " " + Locality.short_name_vi + " " + Observation.scope_vi + " "
           + func.coalesce(Observation.note_vi, "") + " " + Source.title + " " + Observation.indicator_code)
    return stmt.where(fold_sql(hay, engine.dialect.name).contains(needle, autoescape=True))


def observation_count(engine: Engine, filters: Filters | None, themes: tuple[str, ...] = (),
                      text: str = "", *, cap: int | None = None) -> int:
    """How many visible figures match the data table's filters (counted in the database; the
    joins needed for text search are added only when there is text). With ``cap``, counting
    stops after cap + 1 rows: the answer is exact up to ``cap`` and ``cap + 1`` means "more"."""
    stmt = select(Observation.id).select_from(Observation)
    if (text or "").strip():
        stmt = (stmt.join(Locality, Locality.locality_id == Observation.locality_id)
                .join(Indicator, Indicator.code == Observation.indicator_code)
                .join(Source, Source.source_id == Observation.source_id))
        stmt = _search(stmt, engine, text)
    stmt = _filtered(stmt.where(not_superseded()), filters, True)
    if themes:
        stmt = stmt.where(_indicators(Indicator.theme.in_(themes)))
    if cap is not None:
        stmt = stmt.limit(cap + 1)
    counted = select(func.count()).select_from(stmt.subquery())
    with engine.connect() as conn:
        return int(conn.execute(counted).scalar_one())


def observation_page(engine: Engine, filters: Filters | None, themes: tuple[str, ...] = (), text: str = "",
                     *, limit: int = 500, offset: int = 0) -> pd.DataFrame:
    """One page of the data table: LIMIT/OFFSET in the database, in the order of the
    (locality, indicator, period) index so no sort of the whole selection is needed."""
    stmt = _search(_filtered(_observation_select(), filters, True), engine, text)
    if themes:
        stmt = stmt.where(_indicators(Indicator.theme.in_(themes)))
    stmt = stmt.order_by(Observation.locality_id, Observation.indicator_code, Observation.period_end,
                         Observation.id).limit(limit).offset(offset)
    return _frame(stmt, engine)


def noted_inconsistencies(engine: Engine, filters: Filters | None = None) -> pd.DataFrame:
    """Figures whose note records a mismatch in the source (matched in the database)."""
    stmt = _filtered(_observation_select(), filters, True).where(
        Observation.note_vi != "",  # the partial index ix_observation_noted
        or_(*(Observation.note_vi.icontains(word) for word in MISMATCH_NOTE_WORDS)))
    return _frame(stmt.order_by(Locality.lineage, Observation.obs_id), engine)


def rate_inputs(engine: Engine, filters: Filters | None = None) -> pd.DataFrame:
    """Figures of rate indicators that have a numerator and denominator, and of those
    numerators and denominators: what recomputing stated rates needs, nothing more."""
    with engine.connect() as conn:
        found = conn.execute(select(Indicator.code, Indicator.numerator_code, Indicator.denominator_code).where(
            Indicator.numerator_code.is_not(None), Indicator.denominator_code.is_not(None))).all()
    codes = sorted({code for row in found for code in row if code})
    if not codes:
        return _frame(_observation_select().where(Observation.id.is_(None)), engine)
    # a literal list of codes: read through the index that starts with indicator_code
    stmt = _filtered(_observation_select(), filters, True).where(Observation.indicator_code.in_(codes))
    return _frame(stmt.order_by(Locality.lineage, Observation.obs_id), engine)


# --- Units of one province, predecessors across the 1/7/2025 reform --------------------------
# (Bản đồ and So sánh «Các xã, phường của một tỉnh»; Xu hướng «đơn vị tiền thân»)


def _valid_on(day: date) -> ColumnElement[bool]:
    """Locality vintages in force on ``day`` (no date = open-ended)."""
    return and_(or_(Locality.valid_from.is_(None), Locality.valid_from <= day),
                or_(Locality.valid_to.is_(None), Locality.valid_to >= day))


def _commune_ids(province_id: str, day: date, level: str = "xa") -> Select:
    """Subquery: the ids of the units of ``level`` of one province in force on ``day``."""
    return select(Locality.locality_id).where(Locality.province_id == province_id, Locality.level == level,
                                              _valid_on(day))


def provinces_on(engine: Engine, day: date) -> pd.DataFrame:
    """The provinces in force on ``day`` (63 before 1/7/2025, 34 from then), each with the number
    of its communes (xã, phường, đặc khu) in force that day (counted in the database)."""
    counts = (select(Locality.province_id, func.count().label("n_units"))
              .where(Locality.level == "xa", _valid_on(day)).group_by(Locality.province_id).subquery())
    stmt = (select(Locality.locality_id, Locality.gso_code, Locality.name_vi, Locality.short_name_vi,
                   func.coalesce(counts.c.n_units, 0).label("n_units"))
            .outerjoin(counts, counts.c.province_id == Locality.locality_id)
            .where(Locality.level == "tinh", _valid_on(day)))
    frame = _frame(stmt, engine)
    frame["n_units"] = frame["n_units"].astype("int64")
    return frame.sort_values("short_name_vi", key=lambda s: s.map(vn_sort_key)).reset_index(drop=True)


def commune_units(engine: Engine, province_id: str, day: date, level: str = "xa") -> pd.DataFrame:
    """The units of ``level`` of one province in force on ``day`` (a few hundred rows at most),
    with their point and area."""
    stmt = (select(Locality.locality_id, Locality.lineage, Locality.gso_code, Locality.name_vi,
                   Locality.short_name_vi, Locality.level, Locality.level_label_vi, Locality.parent_id,
                   Locality.lat, Locality.lon, Locality.area_km2)
            .where(Locality.province_id == province_id, Locality.level == level, _valid_on(day))
            .order_by(Locality.locality_id))
    return _frame(stmt, engine)


def _years_only(filters: Filters | None) -> Filters | None:
    return None if filters is None else Filters(filters.year_from, filters.year_to, ())


def observations_at(engine: Engine, indicator: str, places: Select | tuple[str, ...],
                    filters: Filters | None = None, *, include_undated: bool = False) -> pd.DataFrame:
    """One indicator's figures at the given locality vintages (a subquery or a few ids), in the
    filters' years (their areas and level are not applied: ``places`` says where)."""
    stmt = _filtered(_observation_select(), _years_only(filters), include_undated, focus_only=False)
    stmt = stmt.where(Observation.indicator_code == indicator, Observation.locality_id.in_(places))
    return _frame(stmt.order_by(Observation.locality_id, Observation.period_end, Observation.obs_id), engine)


def commune_observations(engine: Engine, indicator: str, province_id: str, day: date,
                               filters: Filters | None = None, level: str = "xa") -> pd.DataFrame:
    """One indicator's dated figures at the communes of one province in force on ``day``."""
    return observations_at(engine, indicator, _commune_ids(province_id, day, level), filters)


def commune_indicator_menu(engine: Engine, province_id: str, day: date, filters: Filters | None = None,
                       level: str = "xa") -> pd.DataFrame:
    """Indicators with dated figures at the communes of one province (in the filters' years): code,
    name, kind, number of figures and of communes (aggregated in the database)."""
    counts = (select(Observation.locality_id, Observation.indicator_code, func.count().label("n"))
              .where(not_superseded(), Observation.locality_id.in_(_commune_ids(province_id, day, level))))
    counts = _filtered(counts, _years_only(filters), False, focus_only=False)
    counts = counts.group_by(Observation.locality_id, Observation.indicator_code).subquery()
    stmt = (select(Indicator.code.label("indicator_code"), Indicator.name_vi.label("indicator_name"),
                   Indicator.theme, Indicator.kind, func.sum(counts.c.n).label("n"),
                   func.count(func.distinct(counts.c.locality_id)).label("places"))
            .select_from(counts)
            .join(Indicator, Indicator.code == counts.c.indicator_code)
            .group_by(Indicator.code, Indicator.name_vi, Indicator.theme, Indicator.kind))
    frame = _frame(stmt, engine)
    frame["n"] = frame["n"].astype("int64")
    return frame


def commune_population(engine: Engine, province_id: str, day: date, level: str = "xa") -> pd.DataFrame:
    """Like population() for the communes of one province only."""
    return population(engine, _commune_ids(province_id, day, level))


def predecessors(engine: Engine, new_ids: tuple[str, ...]) -> pd.DataFrame:
    """The units that went into ``new_ids`` on a reorganisation (locality_link): old_id, new_id,
    whole, main, effective_date, and names, levels and lineages of both."""
    old, new = aliased(Locality), aliased(Locality)
    stmt = (select(LocalityLink.old_id, LocalityLink.new_id, LocalityLink.whole, LocalityLink.main,
                   LocalityLink.effective_date, old.short_name_vi.label("old_name"),
                   old.level.label("old_level"), old.lineage.label("old_lineage"),
                   new.short_name_vi.label("new_name"), new.level.label("new_level"),
                   new.lineage.label("new_lineage"))
            .join(old, old.locality_id == LocalityLink.old_id)
            .join(new, new.locality_id == LocalityLink.new_id)
            .where(LocalityLink.new_id.in_(new_ids))
            .order_by(LocalityLink.new_id, LocalityLink.old_id))
    frame = _frame(stmt, engine)
    frame["effective_date"] = pd.to_datetime(frame["effective_date"])
    return frame


# --------------------------------------------------------------------------- any unit of the catalogue
# Pickers and the profile read the catalogue (~14.000 units) through these bounded reads: one
# province's units, one district's communes, the links of one unit; never the whole table.

_UNIT_COLUMNS = (Locality.locality_id, Locality.lineage, Locality.name_vi, Locality.short_name_vi,
                 Locality.level, Locality.level_label_vi, Locality.gso_code, Locality.valid_from,
                 Locality.valid_to, Locality.parent_id, Locality.province_id)


def locality_ids(engine: Engine) -> frozenset[str]:
    """Every locality_id of the catalogue (to check a unit chosen in a form)."""
    with engine.connect() as conn:
        return frozenset(conn.execute(select(Locality.locality_id)).scalars())


def provinces(engine: Engine) -> pd.DataFrame:
    """Every province-level vintage: the 63 before 1/7/2025 and the 34 from then (those that
    continued unchanged are one row without dates)."""
    return _frame(select(*_UNIT_COLUMNS).where(Locality.level == "tinh"), engine)


def province_units(engine: Engine, province_id: str) -> pd.DataFrame:
    """The units a picker lists directly under one province: its districts (before 1/7/2025)
    and the communes not under a district (the new ones from 1/7/2025); a few hundred rows at
    most — old communes are listed under their district (child_units)."""
    districts = select(Locality.locality_id).where(Locality.level == "huyen")
    stmt = select(*_UNIT_COLUMNS).where(
        Locality.province_id == province_id, Locality.level != "tinh",
        or_(Locality.level == "huyen", Locality.parent_id.is_(None), Locality.parent_id.not_in(districts)))
    return _frame(stmt, engine)


def child_units(engine: Engine, parent_id: str) -> pd.DataFrame:
    """The units whose parent is ``parent_id`` (a district's communes)."""
    return _frame(select(*_UNIT_COLUMNS).where(Locality.parent_id == parent_id), engine)


def _with_places(stmt: Select, unit) -> Select:
    """Add the parent's and the province's names of ``unit`` (a Locality alias) to ``stmt``."""
    parent, province = aliased(Locality), aliased(Locality)
    return (stmt.add_columns(parent.name_vi.label("parent_name"), parent.level.label("parent_level"),
                             province.short_name_vi.label("province_name"),
                             province.gso_code.label("province_gso"))
            .outerjoin(parent, parent.locality_id == unit.parent_id)
            .outerjoin(province, province.locality_id == unit.province_id))


def unit_vintages(engine: Engine, lineage: str) -> pd.DataFrame:
    """Every vintage of one lineage (the whole Locality row), with its parent's and province's
    names, oldest first."""
    stmt = _with_places(select(Locality), Locality).where(Locality.lineage == lineage)
    return _frame(stmt.order_by(Locality.valid_from.is_not(None), Locality.valid_from), engine)


def unit_links(engine: Engine, locality_ids: tuple[str, ...], *, successors: bool) -> pd.DataFrame:
    """The reorganisation links of some units: where they went (``successors``) or what they
    came from, from locality_link and from the curated successor_id column. One row per pair:
    old_id, new_id, effective_date, whole (None: not recorded), main, and the other unit's
    locality_id, lineage, names, level, dates, parent and province names as ``other_*``."""
    other = aliased(Locality)
    mine, theirs = (LocalityLink.old_id, LocalityLink.new_id) if successors else (LocalityLink.new_id,
                                                                                  LocalityLink.old_id)
    columns = [other.locality_id.label("other_id"), other.lineage.label("other_lineage"),
               other.name_vi.label("other_name"), other.short_name_vi.label("other_short_name"),
               other.level.label("other_level"), other.level_label_vi.label("other_level_label"),
               other.valid_from.label("other_valid_from"), other.valid_to.label("other_valid_to")]
    linked = _with_places(
        select(LocalityLink.old_id, LocalityLink.new_id, LocalityLink.effective_date, LocalityLink.whole,
               LocalityLink.main, *columns)
        .join(other, other.locality_id == theirs).where(mine.in_(locality_ids)), other)
    frame = _frame(linked, engine)
    # Curated successors (Trà Vinh → Vĩnh Long, Thừa Thiên Huế → Huế) not in locality_link.
    source = aliased(Locality)
    if successors:
        curated = (select(source.locality_id.label("old_id"), other.locality_id.label("new_id"), *columns,
                          source.lineage.label("own_lineage"), source.valid_from.label("own_valid_from"),
                          source.successor_note_vi.label("note"))
                   .join(other, other.locality_id == source.successor_id)
                   .where(source.locality_id.in_(locality_ids)))
    else:
        curated = (select(other.locality_id.label("old_id"), source.locality_id.label("new_id"), *columns,
                          source.lineage.label("own_lineage"), source.valid_from.label("own_valid_from"),
                          other.successor_note_vi.label("note"))
                   .join(other, other.successor_id == source.locality_id)
                   .where(source.locality_id.in_(locality_ids)))
    extra = _frame(_with_places(curated, other), engine)
    extra = extra[extra["other_lineage"] != extra["own_lineage"]]  # a vintage of the same unit
    known = set(zip(frame["old_id"], frame["new_id"], strict=True))
    extra = extra[[(o, n) not in known for o, n in zip(extra["old_id"], extra["new_id"], strict=True)]]
    frame["note"] = ""
    if not extra.empty:
        start = extra["other_valid_from"] if successors else pd.to_datetime(extra["own_valid_from"])
        extra = extra.assign(effective_date=start, whole=None, main=True).drop(
            columns=["own_lineage", "own_valid_from"])
        frame = pd.concat([frame, extra], ignore_index=True)
    frame["effective_date"] = pd.to_datetime(frame["effective_date"])
    for col in ("other_valid_from", "other_valid_to"):
        frame[col] = pd.to_datetime(frame[col])
    return frame


def units_with_ancestors(engine: Engine, *, lineages: tuple[str, ...] = (),
                         ids: tuple[str, ...] = ()) -> pd.DataFrame:
    """The vintages of ``lineages`` and the units ``ids``, with their parents, grandparents and
    provinces: what naming a few units needs (a few dozen rows, never the catalogue)."""
    frame = _frame(select(Locality).where(or_(Locality.lineage.in_(lineages), Locality.locality_id.in_(ids))),
                   engine)
    for _ in range(2):  # commune -> district -> province
        known = set(frame["locality_id"])
        wanted = tuple({str(v) for col in ("parent_id", "province_id") for v in frame[col].dropna()} - known)
        if not wanted:
            break
        frame = pd.concat([frame, _frame(select(Locality).where(Locality.locality_id.in_(wanted)), engine)],
                          ignore_index=True)
    return frame

