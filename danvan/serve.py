"""Start the dashboard: ``python -m danvan.serve [streamlit options]``.

The ``pages/`` folder would make Streamlit treat the app as an old-style multipage app; that
is switched off before the server starts (danvan/ui/pages_folder.py).

The server runs app.py, an ``st.App`` around dashboard.py, so that the routes of
danvan/accounts/routes.py (the editors' session cookie) are served beside the app.

The database is migrated and built from data/ before the server listens: the first visitor
of a fresh install never waits for the build.
"""

from __future__ import annotations

import sys

from streamlit.web import cli

from danvan.data.db import get_engine
from danvan.data.loader import build_database
from danvan.settings import ROOT, get_settings
from danvan.ui.pages_folder import keep_pages_folder_out


def prepare_database() -> None:
    """Migrate and build the database now, before any connection is accepted."""
    settings = get_settings()
    build_database(get_engine(settings.database_url), settings.data_dir)


def main(argv: list[str] | None = None) -> None:
    keep_pages_folder_out()
    prepare_database()
    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *(sys.argv[1:] if argv is None else argv)]
    cli.main()


if __name__ == "__main__":
    main()
