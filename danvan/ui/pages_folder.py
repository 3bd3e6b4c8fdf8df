"""The one patch of a Streamlit private: keep the users' ``pages/`` folder from turning the app
into an old-style (v1) multipage app.

Streamlit's ``PagesManager.__init__`` sets the *class* attribute ``uses_pages_directory`` to True
when a folder named ``pages/`` sits next to the main script and the flag is still None; the script
runner then executes a page file on its own on a rerun, and on a fresh server the first visitor
who opens ``/ban-do`` gets "Page not found" before any script has called ``st.navigation``
(which sets the flag to False itself). AppTest resets the flag to None before every run. This app
routes only through ``st.navigation``, so the flag is forced to False after every
``PagesManager.__init__``. tests/test_pages_folder.py fails loudly when a Streamlit upgrade
changes any of what this relies on (:data:`RELIED_ON`).
"""

from __future__ import annotations

import functools
import inspect

from streamlit.runtime import pages_manager
from streamlit.runtime.pages_manager import PagesManager

_MARK = "_danvan_pages_folder_off"

# Where Streamlit reads or writes the flag, as of the pinned version (requirements.txt).
RELIED_ON = (
    "streamlit.runtime.pages_manager.PagesManager.uses_pages_directory: a class attribute, None at import",
    "PagesManager.__init__ sets it from Path(main_script_parent / 'pages').exists() when None",
    "streamlit.runtime.scriptrunner.script_runner reads PagesManager.uses_pages_directory",
    "streamlit.commands.navigation sets PagesManager.uses_pages_directory = False",
)


def keep_pages_folder_out() -> None:
    """Force ``PagesManager.uses_pages_directory`` to False now and after every ``__init__``
    (idempotent: the wrapper is installed once per process)."""
    original = PagesManager.__init__
    PagesManager.uses_pages_directory = False
    if getattr(original, _MARK, False):
        return

    @functools.wraps(original)
    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    setattr(__init__, _MARK, True)
    PagesManager.__init__ = __init__  # type: ignore[method-assign]


def is_patched() -> bool:
    return bool(getattr(PagesManager.__init__, _MARK, False))


def unpatched_init_source() -> str:
    """Source of Streamlit's own ``PagesManager.__init__`` (under the wrapper, if installed)."""
    return inspect.getsource(inspect.unwrap(PagesManager.__init__))


def module_source() -> str:
    return inspect.getsource(pages_manager)
