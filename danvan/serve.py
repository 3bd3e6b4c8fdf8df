"""Start the dashboard: ``python -m danvan.serve [streamlit options]``.

Streamlit treats a folder named ``pages/`` next to the entry point as an old-style
(v1) multipage app until the first script run has called ``st.navigation``. On a freshly
started server the first visitor who opens a page link (``/ban-do``) would get a
"Page not found" message. This app routes only through ``st.navigation``, so the v1
behaviour is switched off before the server starts.

The server runs app.py, an ``st.App`` around dashboard.py, so that the routes of
danvan/accounts/routes.py (the editors' session cookie) are served beside the app.

The database is migrated and built from data/ before the server listens: the first visitor
of a fresh install never waits for the build.
"""

from __future__ import annotations

import sys

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from danvan.data.db import get_engine
from danvan.data.loader import build_database
from danvan.settings import ROOT, get_settings


def disable_pages_directory() -> None:
    PagesManager.uses_pages_directory = False


def prepare_database() -> None:
    """Migrate and build the database now, before any connection is accepted."""
    settings = get_settings()
    build_database(get_engine(settings.database_url), settings.data_dir)


def main(argv: list[str] | None = None) -> None:
    disable_pages_directory()
    prepare_database()
    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *(sys.argv[1:] if argv is None else argv)]
    cli.main()


if __name__ == "__main__":
    main()
