"""Start the app (``danvan.serve``) or the peer (``benchmarks/peer_app.py``) for the browser
benchmarks, with the heavy Python modules imported before the server listens.

``python benchmarks/bench_serve.py app|peer [streamlit options]``

Why: Streamlit imports a page's modules during its first script run, so the first visit after
a plain server start also pays for importing pandas, plotly, SQLAlchemy and danvan (seconds on
this machine). The benchmarks' *cold* visit is meant to measure empty caches, not imports, so
both servers import the same libraries up front (the app also its own danvan modules). Nothing
is run, no cache is filled: ``st.cache_data``/``st.cache_resource`` stay empty and no database
engine is created before the first visit (``danvan.serve`` itself still migrates and builds the
database from data/ before listening, as in production).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
LIBRARIES = ("numpy", "pandas", "plotly.graph_objects", "plotly.express", "plotly.io", "sqlalchemy", "sqlmodel")


def preload(with_danvan: bool) -> list[str]:
    failed = []
    names = list(LIBRARIES)
    if with_danvan:
        import danvan

        names += [m.name for m in pkgutil.walk_packages(danvan.__path__, "danvan.")
                  if not m.name.endswith(("__main__", ".cli", ".serve"))]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in names:
            try:
                importlib.import_module(name)
            except Exception as exc:  # noqa: BLE001  (a module that cannot load outside a run)
                failed.append(f"{name}: {type(exc).__name__}")
    return failed


def main() -> None:
    which, options = sys.argv[1], sys.argv[2:]
    sys.path.insert(0, str(ROOT))
    failed = preload(with_danvan=which == "app")
    print(f"bench_serve: preloaded ({len(failed)} modules not importable: {failed[:5]})", flush=True)
    if which == "app":
        from danvan import serve

        serve.main(options)
    elif which == "peer":
        from streamlit.web import cli

        sys.argv = ["streamlit", "run", str(HERE / "peer_app.py"), *options]
        cli.main()
    else:
        raise SystemExit("usage: bench_serve.py app|peer [streamlit options]")


if __name__ == "__main__":
    main()
