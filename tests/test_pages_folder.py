"""The patch in danvan/ui/pages_folder.py relies on Streamlit internals (RELIED_ON); these tests
fail loudly when an upgrade changes them, before the app silently turns into a v1 multipage app."""

from __future__ import annotations

import inspect
from pathlib import Path

from streamlit.commands import navigation
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import script_runner
from streamlit.testing.v1 import app_test

from danvan.ui import pages_folder

ROOT = Path(__file__).resolve().parent.parent


def test_streamlit_still_has_the_class_flag_the_patch_forces():
    assert "uses_pages_directory" in vars(PagesManager), "PagesManager.uses_pages_directory is gone"
    source = pages_folder.unpatched_init_source()
    assert "PagesManager.uses_pages_directory" in source and '"pages"' in source, (
        "PagesManager.__init__ no longer sets the class flag from the pages/ folder: "
        "re-read danvan/ui/pages_folder.py")


def test_streamlit_still_reads_and_resets_the_flag_where_expected():
    assert "PagesManager.uses_pages_directory" in inspect.getsource(script_runner)
    assert "PagesManager.uses_pages_directory = False" in inspect.getsource(navigation)
    assert "PagesManager.uses_pages_directory = None" in inspect.getsource(app_test), (
        "AppTest no longer resets the flag before a run: the conftest patch may be unneeded or wrong")


def test_the_trap_is_real_without_the_patch_and_gone_with_it(monkeypatch):
    assert (ROOT / "pages").is_dir()
    assert pages_folder.is_patched()  # conftest installed it
    unpatched = inspect.unwrap(PagesManager.__init__)
    monkeypatch.setattr(PagesManager, "__init__", unpatched)
    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)
    PagesManager(str(ROOT / "dashboard.py"))
    assert PagesManager.uses_pages_directory is True, "Streamlit no longer looks at pages/ by itself"

    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)
    monkeypatch.setattr(PagesManager, "__init__", unpatched)
    pages_folder.keep_pages_folder_out()
    PagesManager.uses_pages_directory = None
    PagesManager(str(ROOT / "dashboard.py"))
    assert PagesManager.uses_pages_directory is False
