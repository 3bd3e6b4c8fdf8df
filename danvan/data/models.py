"""SQLModel tables: every observation links to a locality vintage, an indicator and a source."""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import ColumnElement, Index, exists, text
from sqlmodel import Field, SQLModel


class Theme(SQLModel, table=True):
    code: str = Field(primary_key=True)
    name_vi: str
    sort_order: int = 0


class ScopeClass(SQLModel, table=True):
    __tablename__ = "scope_class"
    code: str = Field(primary_key=True)
    name_vi: str
    description_vi: str = ""
    whole_locality: bool = False


class Unit(SQLModel, table=True):
    code: str = Field(primary_key=True)
    name_vi: str
    decimals: int = 0


# Sources written by import batches (danvan.importing.batches): «B<batch>-<n>».
IMPORTED_SOURCE = re.compile(r"^B\d+-\d+$")


class Source(SQLModel, table=True):
    source_id: str = Field(primary_key=True)
    title: str
    issuer: str = ""
    kind: str = ""
    document_number: str = ""
    url: str = ""
    published_date: date | None = None
    accessed_date: date | None = None
    licence_note: str = ""
    # "thap" when an editor marked the source low reliability (e.g. an AI-written encyclopedia
    # page): its figures carry the mark and stay out of comparisons by default. Set in the app,
    # never from data/, so a rebuild keeps it.
    reliability: str = ""


class Locality(SQLModel, table=True):
    """A unit as it was during one boundary vintage."""

    locality_id: str = Field(primary_key=True)
    lineage: str = Field(index=True)
    gso_code: str = ""
    iso_code: str = ""
    name_vi: str
    short_name_vi: str
    level: str = Field(index=True)  # tinh | huyen | xa
    level_label_vi: str = ""
    parent_id: str | None = Field(default=None, foreign_key="locality.locality_id")
    valid_from: date | None = None
    valid_to: date | None = None
    successor_id: str | None = Field(default=None, foreign_key="locality.locality_id")
    successor_note_vi: str = ""
    population: float | None = None
    population_date: date | None = None
    population_source_id: str | None = Field(default=None, foreign_key="source.source_id")
    area_km2: float | None = None
    area_source_id: str | None = Field(default=None, foreign_key="source.source_id")
    lat: float | None = None
    lon: float | None = None
    focus: bool = False
    # The province the unit lies in (itself for a province): pickers list a province's units.
    province_id: str | None = Field(default=None, index=True)


class LocalityLink(SQLModel, table=True):
    """Old unit → new unit on a reorganisation (1/7/2025): a province merged whole, a commune
    whole or in part (one old commune may go to several new ones), a district to each new
    commune its communes went to. ``main``: the new unit is the old one's principal
    continuation (the package's default part of a divided commune; a new commune at least
    half of whose old communes came from the district)."""

    __tablename__ = "locality_link"
    old_id: str = Field(primary_key=True, foreign_key="locality.locality_id")
    new_id: str = Field(primary_key=True, foreign_key="locality.locality_id", index=True)
    effective_date: date
    whole: bool = False
    main: bool = False
    source_id: str = Field(foreign_key="source.source_id")


class Indicator(SQLModel, table=True):
    code: str = Field(primary_key=True)
    name_vi: str
    definition_vi: str = ""
    unit: str = Field(foreign_key="unit.code")
    theme: str = Field(foreign_key="theme.code", index=True)
    kind: str = "count"
    higher_is_better: bool | None = None
    numerator_code: str | None = Field(default=None, foreign_key="indicator.code")
    denominator_code: str | None = Field(default=None, foreign_key="indicator.code")
    dvk_kind: str = ""
    dvk_subject: str = ""
    dvk_field: str = ""
    programme: str = ""
    # The total this indicator is a part of (parts stated in one file must add up to it).
    part_of: str | None = None
    created_by: str = ""  # an editor who created it during an import; "" for the curated catalogue


class Observation(SQLModel, table=True):
    # Pages filter by indicator and locality and order by period: two composite indexes serve
    # "one indicator across localities" and "one locality across indicators" (and the data
    # table's order); single-column ones on the dates answer MIN/MAX for the year slider.
    __table_args__ = (
        Index("ix_observation_indicator_locality_period", "indicator_code", "locality_id", "period_end"),
        # Also covers counts per locality and indicator under the year filter and the
        # «replaced figures» check (period_start, obs_id): menus are counted from the index.
        Index("ix_observation_locality_indicator_period", "locality_id", "indicator_code", "period_end",
              "period_start", "obs_id"),
        # Only figures with a note (few): the list of figures noted as inconsistent reads these.
        Index("ix_observation_noted", "locality_id", sqlite_where=text("note_vi <> ''"),
              postgresql_where=text("note_vi <> ''")),
    )

    id: int | None = Field(default=None, primary_key=True)
    obs_id: str = Field(unique=True)
    locality_id: str = Field(foreign_key="locality.locality_id")
    indicator_code: str = Field(foreign_key="indicator.code")
    period_start: date | None = Field(default=None, index=True)
    period_end: date | None = Field(default=None, index=True)
    value: float
    qualifier: str = "exact"
    scope_class: str = Field(foreign_key="scope_class.code")
    scope_vi: str = ""
    source_id: str = Field(foreign_key="source.source_id", index=True)
    locator: str = ""
    note_vi: str = ""
    entered_by: str = ""
    entered_at: datetime | None = None
    batch_id: int | None = Field(default=None, foreign_key="import_batch.id", index=True)


class DatasetMeta(SQLModel, table=True):
    """Fingerprint of the data/ files the database was built from."""

    __tablename__ = "dataset_meta"
    key: str = Field(primary_key=True)
    value: str


class ProvinceCrosswalk(SQLModel, table=True):
    """Old province (63, before 1/7/2025) → new province (34, from 1/7/2025)."""

    __tablename__ = "province_crosswalk"
    old_gso_code: str = Field(primary_key=True)
    old_name_vi: str
    new_gso_code: str = Field(index=True)
    new_name_vi: str
    new_name_full: str
    source_id: str = Field(foreign_key="source.source_id")


class DistrictSuccession(SQLModel, table=True):
    """Where a district-level unit went when its boundary changed or it was dissolved."""

    __tablename__ = "district_succession"
    row_id: str = Field(primary_key=True)
    old_locality_id: str = Field(foreign_key="locality.locality_id", index=True)
    effective_date: date
    new_unit_name: str
    new_unit_level: str
    part: str = ""
    status: str = ""
    source_id: str = Field(foreign_key="source.source_id")
    note_vi: str = ""


class BoundaryLayer(SQLModel, table=True):
    """A boundary layer uploaded by a user (districts or communes), stored as GeoJSON."""

    __tablename__ = "boundary_layer"
    id: int | None = Field(default=None, primary_key=True)
    level: str = Field(index=True)
    source_name: str
    crs_in: str = ""
    match_column: str = ""
    n_features: int = 0
    geojson: str
    uploaded_by: str = ""
    uploaded_at: datetime | None = None
    active: bool = True


class ImportBatch(SQLModel, table=True):
    """One import of a file: who, when, what; can be undone as a whole."""

    __tablename__ = "import_batch"
    id: int | None = Field(default=None, primary_key=True)
    kind: str = "observations"  # observations | models
    file_name: str
    checksum: str = Field(index=True)
    user: str
    created_at: datetime
    n_added: int = 0
    n_replaced: int = 0
    n_rejected: int = 0
    status: str = "active"  # active | undone
    undone_by: str = ""
    undone_at: datetime | None = None


class Supersession(SQLModel, table=True):
    """An imported figure that the user accepted in place of an existing one. The old row
    is kept untouched; queries hide it while the supersession exists."""

    old_obs_id: str = Field(primary_key=True)
    new_obs_id: str = Field(index=True)
    batch_id: int = Field(foreign_key="import_batch.id", index=True)


def not_superseded() -> ColumnElement[bool]:
    """Figures not hidden by an accepted replacement: every read, the pages' and the import's,
    filters on this. Written as NOT EXISTS on the supersession's primary key, so it stays an
    index look-up per figure at any size of the table."""
    return ~exists().where(Supersession.old_obs_id == Observation.obs_id)


class AppUser(SQLModel, table=True):
    """An editor or administrator. Reading needs no account."""

    __tablename__ = "app_user"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True)
    display_name: str = ""
    password_hash: str = ""
    role: str = "editor"  # editor | admin
    active: bool = True
    created_at: datetime | None = None
    created_by: str = ""


class AuditEntry(SQLModel, table=True):
    """Every change to the data: who, when, what."""

    __tablename__ = "audit_entry"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    user: str
    action: str
    detail: str = ""


class CoreIndicator(SQLModel, table=True):
    """A «chỉ tiêu trọng tâm» chosen by an administrator: the pages open on these, in order.
    No foreign key: a rebuild from data/ may drop an indicator, which is then skipped."""

    __tablename__ = "core_indicator"
    indicator_code: str = Field(primary_key=True)
    position: int
    chosen_by: str = ""
    chosen_at: datetime | None = None


class DvkModel(SQLModel, table=True):
    """A «Dân vận khéo» model (mô hình, điển hình) in the registry."""

    __tablename__ = "dvk_model"
    id: int | None = Field(default=None, primary_key=True)
    name: str
    locality_id: str = Field(foreign_key="locality.locality_id", index=True)
    unit_name: str = ""  # the collective, agency or person carrying it out
    year_registered: int | None = None
    year_recognised: int | None = None
    field: str = ""  # kinh_te | van_hoa_xa_hoi | quoc_phong_an_ninh | xay_dung_he_thong_chinh_tri
    subject: str = ""  # tap_the | ca_nhan
    status: str = "dang_ky"  # dang_ky | trien_khai | cong_nhan | dien_hinh | khen_thuong | dung
    description: str = ""
    evidence: str = ""
    batch_id: int | None = Field(default=None, foreign_key="import_batch.id", index=True)
    created_by: str = ""
    created_at: datetime | None = None
    updated_by: str = ""
    updated_at: datetime | None = None


class IndicatorAlias(SQLModel, table=True):
    """A staff name for a catalogue indicator, remembered from an editor's choice so that the
    next file with that name matches by itself. ``alias`` is the accent-free normalised name."""

    __tablename__ = "indicator_alias"
    alias: str = Field(primary_key=True)
    indicator_code: str = Field(foreign_key="indicator.code", index=True)
    written: str = ""  # the name as the editor's file wrote it
    created_by: str = ""
    created_at: datetime | None = None


class ColumnMapping(SQLModel, table=True):
    """How the columns of a staff spreadsheet were read, remembered per set of headers."""

    __tablename__ = "column_mapping"
    signature: str = Field(primary_key=True)  # SHA-256 of the normalised headers, in order
    mapping_json: str  # {header as written: role}
    created_by: str = ""
    updated_at: datetime | None = None


class HeldRow(SQLModel, table=True):
    """A figure of an imported file kept aside «chờ bổ sung» with the reason, to be completed
    on the page and imported later as its own batch."""

    __tablename__ = "held_row"
    id: int | None = Field(default=None, primary_key=True)
    batch_id: int | None = Field(default=None, foreign_key="import_batch.id", index=True)
    file_name: str
    sheet: str = ""
    row: int
    column: str = ""
    reason_code: str
    reason: str
    cells_json: str  # the row's cells by role, as read
    status: str = Field(default="held", index=True)  # held | imported | dismissed
    resolved_batch_id: int | None = Field(default=None, foreign_key="import_batch.id")
    created_by: str = ""
    created_at: datetime | None = None


class EditorSession(SQLModel, table=True):
    """A signed-in browser («phiên») or a one-time code exchanged for one; only the SHA-256 of
    the token or code is kept, so a copy of the database cannot sign anyone in."""

    __tablename__ = "editor_session"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True)
    kind: str  # ma: one-time code after a password sign-in | phien: the cookie's session
    user_id: int = Field(foreign_key="app_user.id", index=True)
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None  # sign-out, a redeemed code, or a change to the account


class AppSecret(SQLModel, table=True):
    """Keys the app generated for itself (the session-cookie key when none is configured)."""

    __tablename__ = "app_secret"
    name: str = Field(primary_key=True)
    value: str
    created_at: datetime | None = None


class SignInThrottle(SQLModel, table=True):
    """Failed password sign-ins counted per account and per client address (danvan/accounts/throttle.py),
    kept in the database so that a new browser session, another app process or a restart does
    not reset them. The attempted password is never stored."""

    __tablename__ = "sign_in_throttle"
    kind: str = Field(primary_key=True)  # tai_khoan: an account | dia_chi: a client address
    subject: str = Field(primary_key=True)  # username, "#" + digest of an unknown name, or address
    failures: int = 0  # consecutive failures (forgotten after a day without one)
    last_failure_at: datetime
    locked_until: datetime | None = None
