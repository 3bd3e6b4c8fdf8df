"""One settings object for the whole app (environment variables override defaults)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Runtime settings. ``DATABASE_URL`` selects the engine (SQLite by default)."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    database_url: str = f"sqlite:///{ROOT / 'danvan.db'}"
    data_dir: Path = ROOT / "data"
    research_dir: Path = ROOT.parent / "shared" / "research"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
