"""One settings object for the whole app (environment variables override defaults)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Runtime settings. ``DATABASE_URL`` selects the engine (SQLite by default);
    ``DANVAN_ORGANISATION`` names the organisation on the cover of meeting packs."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore", populate_by_name=True)

    database_url: str = f"sqlite:///{ROOT / 'danvan.db'}"
    data_dir: Path = ROOT / "data"
    research_dir: Path = ROOT.parent / "shared" / "research"
    organisation: str = Field(default="Ban Tuyên giáo và Dân vận", validation_alias="DANVAN_ORGANISATION")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
