"""Editor sessions that survive a reload (pure: no Streamlit).

A password sign-in in the page yields a one-time code (valid ``CODE_SECONDS``); the server
route ``/phien/bat-dau`` (danvan/accounts/routes.py) redeems it for a session and sets the cookie
``COOKIE``: an opaque random token plus its expiry, signed with HMAC-SHA256. The database
keeps only the SHA-256 of tokens and codes, with the account, creation, expiry and
revocation times, so the server can end a session at any time (sign-out, an account
deactivated, its role or password changed).

The signing key is ``DANVAN_SESSION_SECRET`` (danvan/settings.py); without it a random key
is generated once and kept in the table ``app_secret``, so restarts keep sessions valid.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, insert, or_, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from danvan import clock
from danvan.data.models import AppSecret, AppUser, EditorSession
from danvan.settings import get_settings

SESSIONS = EditorSession.__table__  # type: ignore[attr-defined]
SECRETS = AppSecret.__table__  # type: ignore[attr-defined]
USERS = AppUser.__table__  # type: ignore[attr-defined]
COOKIE = "danvan_phien"
CODE_SECONDS = 60
KIND_CODE = "ma"
KIND_SESSION = "phien"
KEY_NAME = "session_cookie_key"
EDITOR_ROLES = ("editor", "admin")
PURGE_AFTER = timedelta(days=30)  # ended or expired records are deleted this long after

_keys: dict[str, bytes] = {}
_keys_lock = threading.Lock()


@dataclass(frozen=True)
class Issued:
    """A new session: the cookie value to set and when it expires."""

    cookie: str
    expires_at: datetime
    max_age: int


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


# --- the signing key ---------------------------------------------------------------------

def signing_key(engine: Engine) -> bytes:
    """``DANVAN_SESSION_SECRET``, or the key generated once and stored in ``app_secret``."""
    configured = get_settings().session_secret
    if configured:
        return configured.encode("utf-8")
    cache_key = engine.url.render_as_string(hide_password=True)
    with _keys_lock:
        if cache_key not in _keys:
            _keys[cache_key] = _stored_key(engine)
        return _keys[cache_key]


def _stored_key(engine: Engine) -> bytes:
    for _attempt in range(2):
        with engine.begin() as conn:
            found = conn.execute(select(SECRETS.c.value).where(SECRETS.c.name == KEY_NAME)).scalar()
            if found:
                return found.encode("ascii")
        try:
            with engine.begin() as conn:
                conn.execute(insert(SECRETS), {"name": KEY_NAME, "value": secrets.token_urlsafe(48),
                                               "created_at": clock.now()})
        except IntegrityError:  # another process stored its key first: use that one
            continue
    raise RuntimeError("Không tạo được khóa ký phiên đăng nhập.")


def forget_keys() -> None:
    """Drop the keys cached in this process (tests; a database replaced under a running app)."""
    with _keys_lock:
        _keys.clear()


# --- the cookie value --------------------------------------------------------------------

def sign(token: str, expires_at: datetime, key: bytes) -> str:
    """``token.expiry.signature``: the expiry (Unix seconds) is signed with the token."""
    payload = f"{token}.{int(expires_at.timestamp())}"
    mac = hmac.new(key, payload.encode("ascii"), hashlib.sha256).digest()
    return f"{payload}.{_b64(mac)}"


def unsign(value: str | None, key: bytes, now: datetime | None = None) -> str | None:
    """The token of a well-signed, unexpired cookie value, else None (nothing is looked up)."""
    if not value or len(value) > 256:
        return None
    parts = value.split(".")
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    token, expires, given = parts
    try:
        payload = f"{token}.{expires}".encode("ascii")
        expected = _b64(hmac.new(key, payload, hashlib.sha256).digest())
        if not hmac.compare_digest(expected.encode("ascii"), given.encode("ascii")):
            return None
    except UnicodeEncodeError:
        return None
    if int(expires) <= (now or clock.now()).timestamp():
        return None
    return token


# --- records -----------------------------------------------------------------------------

def _user_id(conn: Connection, username: str) -> int | None:
    return conn.execute(select(USERS.c.id).where(USERS.c.username == username)).scalar()


def _insert(conn: Connection, kind: str, user_id: int, lifetime: timedelta, now: datetime) -> tuple[str, datetime]:
    token = secrets.token_urlsafe(32)
    expires_at = now + lifetime
    conn.execute(insert(SESSIONS), {"token_hash": _digest(token), "kind": kind, "user_id": user_id,
                                    "created_at": now, "expires_at": expires_at, "revoked_at": None})
    return token, expires_at


def issue_code(engine: Engine, username: str) -> str:
    """A one-time code that ``redeem_code`` exchanges for a session of ``username`` within
    ``CODE_SECONDS``; it travels in a URL, so it is short-lived and works once."""
    now = clock.now()
    with engine.begin() as conn:
        user_id = _user_id(conn, username)
        if user_id is None:
            raise ValueError(f"Không có tài khoản «{username}».")
        _purge(conn, now)
        code, _expires = _insert(conn, KIND_CODE, user_id, timedelta(seconds=CODE_SECONDS), now)
    return code


def redeem_code(engine: Engine, code: str | None, now: datetime | None = None) -> Issued | None:
    """A new session for the code's account when the code is known, unused, unexpired and
    the account is still an active editor; the code is spent either way."""
    if not code or len(code) > 128:
        return None
    now = now or clock.now()
    with engine.begin() as conn:
        row = conn.execute(select(SESSIONS).where(SESSIONS.c.token_hash == _digest(code),
                                                  SESSIONS.c.kind == KIND_CODE)).first()
        if row is None:
            return None
        spent = conn.execute(update(SESSIONS).where(SESSIONS.c.id == row.id, SESSIONS.c.revoked_at.is_(None))
                             .values(revoked_at=now))
        if spent.rowcount != 1 or clock.aware(row.expires_at) <= now or not _is_editor(conn, row.user_id):
            return None
        lifetime = timedelta(days=get_settings().session_days)
        token, expires_at = _insert(conn, KIND_SESSION, row.user_id, lifetime, now)
    return Issued(sign(token, expires_at, signing_key(engine)), expires_at, int(lifetime.total_seconds()))


def start_session(engine: Engine, username: str, now: datetime | None = None) -> Issued:
    """A session for ``username`` straight away (what redeeming a fresh code gives)."""
    return redeem_code(engine, issue_code(engine, username), now) or _refused(username)


def _refused(username: str) -> Issued:
    raise ValueError(f"Tài khoản «{username}» không được phép đăng nhập biên tập.")


def _is_editor(conn: Connection, user_id: int) -> bool:
    row = conn.execute(select(USERS.c.active, USERS.c.role).where(USERS.c.id == user_id)).first()
    return bool(row) and bool(row.active) and row.role in EDITOR_ROLES


def session_username(engine: Engine, cookie: str | None, now: datetime | None = None) -> str | None:
    """The username behind a cookie value: signature right, record known, not revoked, not
    expired, account active and still an editor or administrator. Else None."""
    now = now or clock.now()
    token = unsign(cookie, signing_key(engine), now) if cookie else None
    if token is None:
        return None
    with engine.connect() as conn:
        row = conn.execute(
            select(SESSIONS.c.expires_at, SESSIONS.c.revoked_at, USERS.c.username, USERS.c.active, USERS.c.role)
            .join(USERS, USERS.c.id == SESSIONS.c.user_id)
            .where(SESSIONS.c.token_hash == _digest(token), SESSIONS.c.kind == KIND_SESSION)).first()
    if row is None or row.revoked_at is not None or clock.aware(row.expires_at) <= now:
        return None
    if not row.active or row.role not in EDITOR_ROLES:
        return None
    return row.username


def revoke(engine: Engine, cookie: str | None) -> bool:
    """End the session of a cookie value (sign-out); True when one was ended."""
    token = unsign(cookie, signing_key(engine)) if cookie else None
    if token is None:
        return False
    with engine.begin() as conn:
        done = conn.execute(update(SESSIONS).where(SESSIONS.c.token_hash == _digest(token),
                                                   SESSIONS.c.revoked_at.is_(None)).values(revoked_at=clock.now()))
    return done.rowcount == 1


def revoke_user(conn: Connection, user_id: int) -> int:
    """End every session and unused code of an account, inside the caller's transaction."""
    done = conn.execute(update(SESSIONS).where(SESSIONS.c.user_id == user_id, SESSIONS.c.revoked_at.is_(None))
                        .values(revoked_at=clock.now()))
    return done.rowcount


def active_sessions(engine: Engine, username: str) -> list[dict[str, Any]]:
    """The account's live sessions (not codes): created and expiry times, newest first."""
    now = clock.now()
    with engine.connect() as conn:
        rows = conn.execute(
            select(SESSIONS.c.id, SESSIONS.c.created_at, SESSIONS.c.expires_at)
            .join(USERS, USERS.c.id == SESSIONS.c.user_id)
            .where(USERS.c.username == username, SESSIONS.c.kind == KIND_SESSION,
                   SESSIONS.c.revoked_at.is_(None))
            .order_by(SESSIONS.c.created_at.desc())).all()
    return [dict(row._mapping) for row in rows if clock.aware(row.expires_at) > now]


def _purge(conn: Connection, now: datetime) -> None:
    """Delete records that ended or expired more than ``PURGE_AFTER`` ago."""
    cutoff = now - PURGE_AFTER
    conn.execute(delete(SESSIONS).where(or_(SESSIONS.c.expires_at < cutoff,
                                            and_(SESSIONS.c.revoked_at.is_not(None),
                                                 SESSIONS.c.revoked_at < cutoff))))
