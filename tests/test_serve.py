"""``python -m danvan.serve`` builds the database before Streamlit starts listening."""

from __future__ import annotations

from danvan import serve
from danvan.data.db import get_engine
from danvan.data.loader import fingerprint, stored_fingerprint
from danvan.settings import get_settings


def test_database_is_built_before_the_server_starts(own_db: str, monkeypatch) -> None:
    seen: dict[str, object] = {}

    def fake_streamlit() -> None:  # stands in for the server: records what exists when it would listen
        settings = get_settings()
        engine = get_engine(settings.database_url)
        seen["stored"] = stored_fingerprint(engine)
        seen["wanted"] = fingerprint(settings.data_dir)
        seen["argv"] = list(serve.sys.argv)

    assert stored_fingerprint(get_engine(own_db)) is None  # a fresh install: nothing built yet
    monkeypatch.setattr(serve.cli, "main", fake_streamlit)
    monkeypatch.setattr(serve.sys, "argv", ["danvan.serve"])
    serve.main(["--server.port", "8599"])
    assert seen["stored"] is not None and seen["stored"] == seen["wanted"]
    assert seen["argv"][:2] == ["streamlit", "run"] and seen["argv"][-2:] == ["--server.port", "8599"]
