"""Server routes beside the Streamlit app (served through ``st.App``, see app.py).

``/phien/bat-dau?ma=…&ve=…`` redeems a one-time sign-in code and sets the session cookie;
``/phien/ket-thuc?ve=…`` ends the session and clears it. Both answer with a redirect back
to ``ve``. Only the server sets this cookie, so it can be HttpOnly.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from danvan.accounts import sessions
from danvan.data import db
from danvan.settings import get_settings

START_PATH = "/phien/bat-dau"
END_PATH = "/phien/ket-thuc"
REFUSED_PARAM = "phien"  # ``?phien=loi`` on the way back: the code was refused, the page says so
REFUSED_VALUE = "loi"

_LOG = logging.getLogger(__name__)
_serving = False


def serving() -> bool:
    """True when this process serves the session routes (started by ``python -m danvan.serve``)."""
    return _serving


def routes() -> list[Route]:
    """The routes to give ``st.App``; calling this marks the routes as served."""
    global _serving
    _serving = True
    return [Route(START_PATH, start, methods=["GET"]), Route(END_PATH, end, methods=["GET"])]


def safe_back(target: str | None) -> str:
    """A path on this site to return to: never another host (no open redirect)."""
    parts = urlsplit(target or "/")
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//") \
            or "\\" in (target or ""):
        return "/"
    return urlunsplit(("", "", parts.path, parts.query, ""))


def _flagged(back: str) -> str:
    """``back`` with ``phien=loi`` added (any earlier value of that parameter replaced)."""
    parts = urlsplit(back)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != REFUSED_PARAM]
    return urlunsplit(("", "", parts.path, urlencode([*query, (REFUSED_PARAM, REFUSED_VALUE)]), ""))


def _engine():
    engine = db.get_engine(get_settings().database_url)
    db.migrate(engine)  # a no-op once the app has started; the tables must exist
    return engine


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the code in the URL goes nowhere else
    return response


def start(request: Request) -> Response:
    """Redeem ``ma`` for a session cookie (a previous session of this browser ends)."""
    back = safe_back(request.query_params.get("ve"))
    response = RedirectResponse(back, status_code=303)
    engine = _engine()
    issued = sessions.redeem_code(engine, request.query_params.get("ma"))
    if issued is None:
        _LOG.warning("Mã đăng nhập không hợp lệ hoặc đã hết hạn.")
        return _no_store(RedirectResponse(_flagged(back), status_code=303))
    sessions.revoke(engine, request.cookies.get(sessions.COOKIE))
    response.set_cookie(sessions.COOKIE, issued.cookie, max_age=issued.max_age, expires=issued.max_age,
                        path="/", secure=_secure(request), httponly=True, samesite="lax")
    return _no_store(response)


def end(request: Request) -> Response:
    """End this browser's session and clear its cookie."""
    sessions.revoke(_engine(), request.cookies.get(sessions.COOKIE))
    response = RedirectResponse(safe_back(request.query_params.get("ve")), status_code=303)
    response.delete_cookie(sessions.COOKIE, path="/", secure=_secure(request), httponly=True, samesite="lax")
    return _no_store(response)
