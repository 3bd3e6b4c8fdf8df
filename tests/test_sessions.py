"""Editor sessions (danvan/accounts/sessions.py): signed cookie values, one-time codes, expiry,
sign-out and the account changes that end every session; on SQLite or on PostgreSQL
(DANVAN_TEST_BACKEND=postgresql), through the real migrations."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine

from danvan.accounts import auth, sessions
from danvan.clock import VIETNAM_TZ
from danvan.data import db
from danvan.data.models import AppSecret, EditorSession
from danvan.settings import get_settings
from tests.dbs import drop, fresh_url

GOOD = "mật-khẩu-đủ-dài"
KEY = b"k" * 32


@pytest.fixture()
def engine(tmp_path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    monkeypatch.delenv("DANVAN_SESSION_SECRET", raising=False)
    monkeypatch.delenv("DANVAN_SESSION_DAYS", raising=False)
    get_settings.cache_clear()
    sessions.forget_keys()
    url = fresh_url(tmp_path, "sessions")
    eng = db.get_engine.__wrapped__(url)  # type: ignore[attr-defined]
    db.migrate(eng)
    auth.create_user(eng, "quan.tri", GOOD, role="admin", created_by="test")
    auth.create_user(eng, "lan", GOOD, created_by="quan.tri")
    yield eng
    eng.dispose()
    sessions.forget_keys()
    get_settings.cache_clear()
    drop(url)


def later(**delta: float) -> datetime:
    return datetime.now(VIETNAM_TZ) + timedelta(**delta)


# --- signing (pure) ----------------------------------------------------------------------

def test_sign_then_unsign_gives_the_token_back() -> None:
    value = sessions.sign("abc_DEF-123", later(hours=1), KEY)
    assert sessions.unsign(value, KEY) == "abc_DEF-123"
    assert value.startswith("abc_DEF-123.")


@pytest.mark.parametrize("tamper", [
    lambda v: "x" + v,                                     # another token
    lambda v: v[:-1] + ("A" if v[-1] != "A" else "B"),     # another signature
    lambda v: v.replace(".", ".9", 1),                     # a later expiry
    lambda v: v.rsplit(".", 1)[0],                         # no signature
    lambda v: v + ".x",
    lambda v: "",
    lambda v: "é" * 10 + v[10:],
])
def test_a_tampered_value_is_refused(tamper) -> None:
    value = sessions.sign("tokentoken", later(hours=1), KEY)
    assert sessions.unsign(tamper(value), KEY) is None


def test_another_key_or_a_past_expiry_is_refused() -> None:
    assert sessions.unsign(sessions.sign("t", later(hours=1), KEY), b"o" * 32) is None
    assert sessions.unsign(sessions.sign("t", later(seconds=-1), KEY), KEY) is None
    value = sessions.sign("t", later(hours=1), KEY)
    assert sessions.unsign(value, KEY, now=later(hours=2)) is None


# --- the key -----------------------------------------------------------------------------

def test_generated_key_is_kept_in_the_database_and_reused(engine: Engine) -> None:
    first = sessions.signing_key(engine)
    assert len(first) >= 32
    sessions.forget_keys()  # as after a restart
    assert sessions.signing_key(engine) == first
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(AppSecret)).scalar_one() == 1


def test_configured_secret_wins_and_a_short_one_is_refused(engine: Engine, monkeypatch) -> None:
    monkeypatch.setenv("DANVAN_SESSION_SECRET", "s" * 40)
    get_settings.cache_clear()
    assert sessions.signing_key(engine) == b"s" * 40
    monkeypatch.setenv("DANVAN_SESSION_SECRET", "ngắn")
    get_settings.cache_clear()
    with pytest.raises(ValueError, match="ít nhất 32"):
        get_settings()


def test_a_cookie_signed_with_an_old_key_stops_working(engine: Engine, monkeypatch) -> None:
    issued = sessions.start_session(engine, "lan")
    assert sessions.session_username(engine, issued.cookie) == "lan"
    monkeypatch.setenv("DANVAN_SESSION_SECRET", "n" * 40)  # the key was rotated
    get_settings.cache_clear()
    assert sessions.session_username(engine, issued.cookie) is None


# --- codes and sessions ------------------------------------------------------------------

def test_database_keeps_only_hashes(engine: Engine) -> None:
    code = sessions.issue_code(engine, "lan")
    issued = sessions.redeem_code(engine, code)
    assert issued is not None
    token = issued.cookie.split(".")[0]
    with engine.connect() as conn:
        stored = set(conn.execute(select(EditorSession.token_hash)).scalars())
    assert stored == {hashlib.sha256(code.encode()).hexdigest(), hashlib.sha256(token.encode()).hexdigest()}
    assert code not in stored and token not in stored


def test_code_works_once_and_gives_a_session(engine: Engine) -> None:
    code = sessions.issue_code(engine, "lan")
    issued = sessions.redeem_code(engine, code)
    assert issued is not None
    assert sessions.session_username(engine, issued.cookie) == "lan"
    assert issued.max_age == 7 * 86400
    assert timedelta(days=6, hours=23) < issued.expires_at - datetime.now(VIETNAM_TZ) <= timedelta(days=7)
    assert sessions.redeem_code(engine, code) is None  # spent
    assert sessions.redeem_code(engine, "khong-co") is None
    assert sessions.redeem_code(engine, None) is None
    assert sessions.session_username(engine, code) is None  # a code is not a cookie


def test_code_expires_after_a_minute(engine: Engine) -> None:
    code = sessions.issue_code(engine, "lan")
    assert sessions.redeem_code(engine, code, now=later(seconds=sessions.CODE_SECONDS + 1)) is None


def test_session_days_come_from_the_settings(engine: Engine, monkeypatch) -> None:
    monkeypatch.setenv("DANVAN_SESSION_DAYS", "2")
    get_settings.cache_clear()
    issued = sessions.start_session(engine, "lan")
    assert issued.max_age == 2 * 86400
    assert sessions.session_username(engine, issued.cookie, now=later(days=1)) == "lan"
    assert sessions.session_username(engine, issued.cookie, now=later(days=2, minutes=1)) is None


def test_expiry_is_checked_in_the_database_too(engine: Engine) -> None:
    """A record cut short server-side ends the session even though the cookie's own expiry
    has not passed."""
    issued = sessions.start_session(engine, "lan")
    with engine.begin() as conn:
        conn.execute(update(EditorSession).where(EditorSession.kind == sessions.KIND_SESSION)
                     .values(expires_at=later(minutes=-1)))
    assert sessions.session_username(engine, issued.cookie) is None


def test_a_forged_token_signed_with_the_right_key_has_no_record(engine: Engine) -> None:
    forged = sessions.sign("token-khong-co-trong-csdl", later(days=1), sessions.signing_key(engine))
    assert sessions.session_username(engine, forged) is None


def test_sign_out_revokes_only_that_session(engine: Engine) -> None:
    first, second = sessions.start_session(engine, "lan"), sessions.start_session(engine, "lan")
    assert sessions.revoke(engine, first.cookie) is True
    assert sessions.session_username(engine, first.cookie) is None
    assert sessions.session_username(engine, second.cookie) == "lan"
    assert sessions.revoke(engine, first.cookie) is False
    assert len(sessions.active_sessions(engine, "lan")) == 1


def test_deactivating_revokes_every_session_and_reactivating_does_not_restore(engine: Engine) -> None:
    cookies = [sessions.start_session(engine, "lan").cookie for _ in range(2)]
    code = sessions.issue_code(engine, "lan")
    admin = sessions.start_session(engine, "quan.tri").cookie
    auth.set_active(engine, "lan", False, "quan.tri")
    assert [sessions.session_username(engine, c) for c in cookies] == [None, None]
    assert sessions.redeem_code(engine, code) is None
    assert sessions.active_sessions(engine, "lan") == []
    auth.set_active(engine, "lan", True, "quan.tri")
    assert [sessions.session_username(engine, c) for c in cookies] == [None, None]
    assert sessions.session_username(engine, admin) == "quan.tri"  # other accounts untouched


def test_role_change_and_password_reset_revoke_sessions(engine: Engine) -> None:
    before_role = sessions.start_session(engine, "lan").cookie
    auth.set_role(engine, "lan", "admin", "quan.tri")
    assert sessions.session_username(engine, before_role) is None
    before_password = sessions.start_session(engine, "lan").cookie
    auth.set_password(engine, "lan", GOOD + "-moi", "quan.tri")
    assert sessions.session_username(engine, before_password) is None
    assert sessions.session_username(engine, sessions.start_session(engine, "lan").cookie) == "lan"


def test_an_inactive_account_gets_no_session_even_if_the_record_was_left(engine: Engine) -> None:
    """Belt and braces: the account itself is checked, not only the revocation."""
    issued = sessions.start_session(engine, "lan")
    with engine.begin() as conn:
        conn.execute(update(auth.USERS).where(auth.USERS.c.username == "lan").values(active=False))
    assert sessions.session_username(engine, issued.cookie) is None
    with pytest.raises(ValueError):
        sessions.start_session(engine, "lan")


def test_old_records_are_purged(engine: Engine) -> None:
    issued = sessions.start_session(engine, "lan")
    with engine.begin() as conn:
        conn.execute(update(EditorSession).values(expires_at=later(days=-40), revoked_at=later(days=-40)))
    sessions.issue_code(engine, "lan")  # purges on the way
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(EditorSession)).scalar_one() == 1
    assert sessions.session_username(engine, issued.cookie) is None


# --- the routes that set and clear the cookie (danvan/accounts/routes.py) ------------------------------

def request(path: str, query: str = "", cookie: str | None = None, scheme: str = "http"):
    from starlette.requests import Request

    headers = [(b"host", b"127.0.0.1")] + ([(b"cookie", f"{sessions.COOKIE}={cookie}".encode())] if cookie else [])
    return Request({"type": "http", "method": "GET", "path": path, "query_string": query.encode(),
                    "headers": headers, "scheme": scheme, "server": ("127.0.0.1", 443 if scheme == "https" else 80)})


@pytest.fixture()
def routes_db(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """The routes look the database up through the settings, like the running app."""
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    db.get_engine.cache_clear()
    yield engine
    db.get_engine.cache_clear()
    get_settings.cache_clear()


def set_cookie_header(response) -> str:
    found = [value.decode() for name, value in response.raw_headers if name == b"set-cookie"]
    assert len(found) <= 1, found
    return found[0] if found else ""


@pytest.mark.parametrize(("asked", "back"), [
    ("/so-sanh?tu=2020", "/so-sanh?tu=2020"), ("/", "/"), (None, "/"),
    ("https://evil.example/x", "/"), ("//evil.example/x", "/"), ("/\\evil.example", "/"),
    ("javascript:alert(1)", "/"), ("so-sanh", "/"),
])
def test_routes_only_send_back_to_this_site(asked, back) -> None:
    from danvan.accounts import routes as web

    assert web.safe_back(asked) == back


def test_start_route_sets_an_httponly_lax_cookie_and_spends_the_code(routes_db: Engine) -> None:
    from urllib.parse import urlencode

    from danvan.accounts import routes as web

    code = sessions.issue_code(routes_db, "lan")
    response = web.start(request(web.START_PATH, urlencode({"ma": code, "ve": "/nhap-du-lieu"})))
    assert response.status_code == 303 and response.headers["location"] == "/nhap-du-lieu"
    header = set_cookie_header(response)
    attributes = {part.strip().split("=")[0].lower() for part in header.split(";")}
    assert header.startswith(f"{sessions.COOKIE}=")
    assert {"httponly", "path", "max-age", "samesite"} <= attributes and "secure" not in attributes
    assert "samesite=lax" in header.lower() and "path=/" in header.lower()
    value = header.split(";")[0].split("=", 1)[1]
    assert sessions.session_username(routes_db, value) == "lan"
    again = web.start(request(web.START_PATH, urlencode({"ma": code, "ve": "/ho-so?phien=x&tu=2020"})))
    assert set_cookie_header(again) == ""
    assert again.headers["location"] == "/ho-so?tu=2020&phien=loi"  # the page says the code was refused


def test_start_route_marks_the_cookie_secure_over_https(routes_db: Engine) -> None:
    from danvan.accounts import routes as web

    code = sessions.issue_code(routes_db, "lan")
    header = set_cookie_header(web.start(request(web.START_PATH, f"ma={code}", scheme="https")))
    assert "secure" in header.lower()


def test_end_route_revokes_and_clears_the_cookie(routes_db: Engine) -> None:
    from danvan.accounts import routes as web

    issued = sessions.start_session(routes_db, "lan")
    response = web.end(request(web.END_PATH, "ve=/ho-so", cookie=issued.cookie))
    assert response.status_code == 303 and response.headers["location"] == "/ho-so"
    header = set_cookie_header(response).lower()
    assert header.startswith(f'{sessions.COOKIE}=""') and "max-age=0" in header and "httponly" in header
    assert sessions.session_username(routes_db, issued.cookie) is None
