"""One settings object for the whole app (environment variables override defaults)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
MIN_SESSION_SECRET = 32


class Settings(BaseSettings):
    """Runtime settings, the only place the environment is read. ``DATABASE_URL`` selects the
    engine (SQLite by default); ``DANVAN_ORGANISATION`` names the organisation on the cover of
    meeting packs; ``DANVAN_ADMIN_USER``/``DANVAN_ADMIN_PASSWORD`` make the first administrator
    (danvan.accounts.auth.ensure_bootstrap_admin); ``BROWSER_PATH`` names the browser that renders
    images (default: Debian's Chromium, danvan.exporting.images)."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore", populate_by_name=True)

    database_url: str = f"sqlite:///{ROOT / 'danvan.db'}"
    data_dir: Path = ROOT / "data"
    research_dir: Path = ROOT.parent / "shared" / "research"
    organisation: str = Field(default="Ban Tuyên giáo và Dân vận", validation_alias="DANVAN_ORGANISATION")
    # Key that signs the editors' session cookies; empty: one is generated and kept in the database.
    session_secret: str = Field(default="", validation_alias="DANVAN_SESSION_SECRET", repr=False)
    session_days: int = Field(default=7, ge=1, le=90, validation_alias="DANVAN_SESSION_DAYS")
    # The first administrator, made only when the database has none (both needed, no default).
    admin_user: str = Field(default="", validation_alias="DANVAN_ADMIN_USER")
    admin_password: str = Field(default="", validation_alias="DANVAN_ADMIN_PASSWORD", repr=False)
    browser_path: str = Field(default="", validation_alias="BROWSER_PATH")  # empty: Debian's Chromium

    @field_validator("session_secret")
    @classmethod
    def _long_enough(cls, value: str) -> str:
        """A short key is refused outright rather than silently weakening every cookie."""
        value = value.strip()
        if value and len(value) < MIN_SESSION_SECRET:
            raise ValueError(f"DANVAN_SESSION_SECRET phải dài ít nhất {MIN_SESSION_SECRET} ký tự.")
        return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
