"""The ASGI app that ``python -m danvan.serve`` runs: dashboard.py plus the session routes.

Streamlit finds ``app`` here (``streamlit run app.py``) and serves it through uvicorn; the
routes of danvan/accounts/routes.py set and clear the editors' HttpOnly session cookie.
"""

import streamlit as st

from danvan.accounts import routes as web

app = st.App("dashboard.py", routes=web.routes())
