"""Editor and administrator accounts (pure: no Streamlit).

Reading the dashboard needs no account. Changing data needs an active ``editor`` or
``admin``; only an ``admin`` manages accounts.

* Passwords are hashed with Argon2id through ``argon2-cffi`` (``argon2.PasswordHasher``);
  nothing here implements cryptography itself. Passwords are NFC-normalised first, so a
  Vietnamese password typed with a composed or a decomposed keyboard gives the same hash.
* Every change to an account (create, password, role, active) writes an ``AuditEntry``
  naming the acting user, in the same transaction as the change.
* The last active administrator can be neither deactivated nor demoted.
* Deactivating an account, changing its role or resetting its password ends all its
  browser sessions (danvan/accounts/sessions.py) in the same transaction.
* Sign-in through an OpenID Connect provider (``st.login``) is matched to an account whose
  ``username`` is the provider's e-mail address, lower-cased; administrators add such
  accounts by e-mail, with no password (an unusable hash is stored).

First administrator
-------------------
``ensure_bootstrap_admin`` creates one only when the database holds no administrator at
all, and only from the environment variables ``DANVAN_ADMIN_USER`` and
``DANVAN_ADMIN_PASSWORD`` (both required; there is no default password). Once an
administrator exists the variables are ignored and can be removed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from danvan import clock
from danvan.accounts import audit, sessions
from danvan.data.models import AppUser
from danvan.settings import Settings, get_settings

USERS = AppUser.__table__  # type: ignore[attr-defined]
ROLES = {"editor": "biên tập viên", "admin": "quản trị"}
MIN_PASSWORD = 10
MAX_PASSWORD = 256
USERNAME_RE = re.compile(r"[a-z0-9._-]{3,40}")
EMAIL_RE = re.compile(r"[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}")
MAX_EMAIL = 254
UNUSABLE_HASH = "!"  # no Argon2 hash starts with "!": such an account cannot sign in by password
ENV_USER = "DANVAN_ADMIN_USER"  # read as Settings.admin_user
ENV_PASSWORD = "DANVAN_ADMIN_PASSWORD"  # read as Settings.admin_password
BOOTSTRAP_ACTOR = "(khởi tạo)"
PUBLIC_FIELDS = ("id", "username", "display_name", "role", "active", "created_at", "created_by")

_hasher = PasswordHasher()  # Argon2id with the library's current recommended parameters
_DUMMY_HASH = _hasher.hash("danvan: timing equaliser, never a real password")


class AuthError(ValueError):
    """An account operation was refused; the message is Vietnamese, fit to show the user."""


# --- rules -------------------------------------------------------------------------------

def normalise_username(username: str) -> str:
    return unicodedata.normalize("NFC", username or "").strip().lower()


def is_email(username: str) -> bool:
    return "@" in username


def check_username(username: str) -> str:
    """The normalised username, or AuthError. A username is 3–40 characters of a–z, 0–9,
    dot, dash and underscore; an e-mail address (for organisation sign-in) is also accepted."""
    name = normalise_username(username)
    if is_email(name):
        if len(name) > MAX_EMAIL or not EMAIL_RE.fullmatch(name):
            raise AuthError("Địa chỉ e-mail không hợp lệ.")
        return name
    if not USERNAME_RE.fullmatch(name):
        raise AuthError("Tên đăng nhập phải dài 3–40 ký tự, chỉ gồm chữ a–z không dấu, chữ số, "
                        "dấu chấm, gạch ngang hoặc gạch dưới (hoặc là một địa chỉ e-mail).")
    return name


def _norm_password(password: str) -> str:
    return unicodedata.normalize("NFC", password)


def check_password(password: str) -> str:
    if not isinstance(password, str) or len(_norm_password(password)) < MIN_PASSWORD:
        raise AuthError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.")
    if len(password) > MAX_PASSWORD:
        raise AuthError(f"Mật khẩu dài quá {MAX_PASSWORD} ký tự.")
    return _norm_password(password)


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AuthError("Vai trò phải là «biên tập viên» hoặc «quản trị».")
    return role


def hash_password(password: str) -> str:
    """Argon2id hash of a password that passes ``check_password``."""
    return _hasher.hash(check_password(password))


def _public(row: Mapping[str, Any]) -> dict[str, Any]:
    """The account without its hash; ``has_password`` says whether password sign-in works."""
    return {key: row[key] for key in PUBLIC_FIELDS} | {
        "has_password": str(row["password_hash"]).startswith("$argon2")}


def _require_actor(actor: str) -> str:
    if not actor:
        raise AuthError("Thiếu người thực hiện thay đổi.")
    return actor


def _row(conn: Connection, username: str) -> Mapping[str, Any] | None:
    found = conn.execute(select(USERS).where(USERS.c.username == normalise_username(username))).first()
    return found._mapping if found else None


def _existing(conn: Connection, username: str) -> Mapping[str, Any]:
    row = _row(conn, username)
    if row is None:
        raise AuthError(f"Không có tài khoản «{normalise_username(username)}».")
    return row


def _active_admins(conn: Connection) -> int:
    return conn.execute(select(func.count()).select_from(USERS)
                        .where(USERS.c.role == "admin", USERS.c.active.is_(True))).scalar_one()


# --- reads -------------------------------------------------------------------------------

def get_user(engine: Engine, username: str) -> dict[str, Any] | None:
    """The account (without its hash), or None."""
    with engine.connect() as conn:
        row = _row(conn, username)
    return _public(row) if row else None


def list_users(engine: Engine) -> list[dict[str, Any]]:
    """Every account (without hashes): administrators first, then by username."""
    with engine.connect() as conn:
        rows = conn.execute(select(USERS).order_by((USERS.c.role == "admin").desc(), USERS.c.username))
        return [_public(row._mapping) for row in rows]


def count_admins(engine: Engine, *, active_only: bool = True) -> int:
    with engine.connect() as conn:
        if active_only:
            return _active_admins(conn)
        return conn.execute(select(func.count()).select_from(USERS).where(USERS.c.role == "admin")).scalar_one()


# --- sign-in -----------------------------------------------------------------------------

def authenticate(engine: Engine, username: str, password: str) -> dict[str, Any] | None:
    """The account when ``password`` is right and the account is active, else None.

    The hash comparison is Argon2's own (constant time); an unknown user or an account
    without a password still costs one verification, so timing does not tell which
    usernames exist. A hash made with older parameters is upgraded on success.
    """
    name = normalise_username(username)
    given = _norm_password(password or "")
    with engine.connect() as conn:
        row = _row(conn, name) if name else None
    stored = str(row["password_hash"]) if row else ""
    usable = stored.startswith("$argon2")
    try:
        _hasher.verify(stored if usable else _DUMMY_HASH, given)
        ok = usable
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    if not ok or row is None or not row["active"]:
        return None
    if _hasher.check_needs_rehash(stored):
        with engine.begin() as conn:
            conn.execute(update(USERS).where(USERS.c.id == row["id"])
                         .values(password_hash=_hasher.hash(given)))
    return _public(row)


def oidc_provider(secrets: Mapping[str, Any] | None) -> str | None:
    """Which provider ``st.login`` should use: ``""`` for the default ``[auth]`` section,
    a name for a single ``[auth.<name>]`` section, None when sign-in through an
    organisation account is not configured."""
    try:
        section = secrets.get("auth") if secrets else None
    except FileNotFoundError:  # st.secrets without any secrets file (StreamlitSecretNotFoundError)
        return None
    if not isinstance(section, Mapping) or not section.get("redirect_uri") or not section.get("cookie_secret"):
        return None
    needed = ("client_id", "client_secret", "server_metadata_url")
    if all(section.get(key) for key in needed):
        return ""
    named = [key for key, value in section.items()
             if isinstance(value, Mapping) and all(value.get(k) for k in needed)]
    return named[0] if len(named) == 1 else None


def oidc_configured(secrets: Mapping[str, Any] | None) -> bool:
    """True when ``secrets`` (st.secrets or a dict) has a usable ``[auth]`` section:
    ``redirect_uri``, ``cookie_secret`` and ``client_id``/``client_secret``/
    ``server_metadata_url`` (in ``[auth]`` or in exactly one ``[auth.<provider>]``)."""
    return oidc_provider(secrets) is not None


def oidc_account(engine: Engine, user_info: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The active account matching an OIDC identity (``st.user``): signed in, e-mail not
    marked unverified, and an account whose username is that e-mail lower-cased."""
    if not user_info or not user_info.get("is_logged_in"):
        return None
    email = normalise_username(str(user_info.get("email") or ""))
    if not email or not is_email(email) or user_info.get("email_verified") is False:
        return None
    account = get_user(engine, email)
    return account if account and account["active"] else None


# --- changes (each audited in the same transaction) --------------------------------------

def create_user(engine: Engine, username: str, password: str | None, role: str = "editor",
                display_name: str = "", created_by: str = "") -> dict[str, Any]:
    """Add an account. An account named by e-mail may have no password (organisation
    sign-in only); any other needs a password of at least 10 characters."""
    actor = _require_actor(created_by)
    name = check_username(username)
    role = check_role(role)
    if password or not is_email(name):
        password_hash = hash_password(password or "")
    else:
        password_hash = UNUSABLE_HASH
    values = {"username": name, "display_name": (display_name or "").strip(), "password_hash": password_hash,
              "role": role, "active": True, "created_at": clock.now(), "created_by": actor}
    duplicate = AuthError(f"Tên đăng nhập «{name}» đã có.")
    try:
        with engine.begin() as conn:
            if _row(conn, name) is not None:
                raise duplicate
            conn.execute(insert(USERS), values)
            oidc_only = ", chỉ đăng nhập tổ chức" if password_hash == UNUSABLE_HASH else ""
            audit.record(conn, actor, "thêm tài khoản", f"{name} ({ROLES[role]}{oidc_only})")
            row = _row(conn, name)
    except IntegrityError as error:  # the same name added at the same moment elsewhere
        raise duplicate from error
    assert row is not None
    return _public(row)


def set_password(engine: Engine, username: str, new_password: str | None, actor: str) -> None:
    """Replace the password (an e-mail account may be set to none: organisation sign-in only);
    the account's browser sessions end."""
    actor = _require_actor(actor)
    name = normalise_username(username)
    with engine.begin() as conn:
        row = _existing(conn, name)
        if not new_password and is_email(name):
            password_hash, detail = UNUSABLE_HASH, f"{name}: bỏ mật khẩu (chỉ đăng nhập tổ chức)"
        else:
            password_hash, detail = hash_password(new_password or ""), name
        conn.execute(update(USERS).where(USERS.c.username == name).values(password_hash=password_hash))
        sessions.revoke_user(conn, row["id"])
        audit.record(conn, actor, "đặt lại mật khẩu", detail)


def set_active(engine: Engine, username: str, active: bool, actor: str) -> None:
    """Activate or deactivate an account; the last active administrator stays active.
    Deactivating ends the account's browser sessions at once."""
    actor = _require_actor(actor)
    name = normalise_username(username)
    with engine.begin() as conn:
        row = _existing(conn, name)
        if bool(row["active"]) == bool(active):
            return
        if not active and row["role"] == "admin" and _active_admins(conn) <= 1:
            raise AuthError("Không thể khóa quản trị viên cuối cùng đang hoạt động.")
        conn.execute(update(USERS).where(USERS.c.username == name).values(active=bool(active)))
        if not active:
            sessions.revoke_user(conn, row["id"])
        audit.record(conn, actor, "mở khóa tài khoản" if active else "khóa tài khoản", name)


def set_role(engine: Engine, username: str, role: str, actor: str) -> None:
    """Change an account's role (ending its browser sessions); the last active administrator
    cannot be demoted."""
    actor = _require_actor(actor)
    role = check_role(role)
    name = normalise_username(username)
    with engine.begin() as conn:
        row = _existing(conn, name)
        if row["role"] == role:
            return
        if row["role"] == "admin" and row["active"] and _active_admins(conn) <= 1:
            raise AuthError("Không thể hạ quyền quản trị viên cuối cùng đang hoạt động.")
        conn.execute(update(USERS).where(USERS.c.username == name).values(role=role))
        sessions.revoke_user(conn, row["id"])
        audit.record(conn, actor, "đổi vai trò", f"{name}: {ROLES[row['role']]} → {ROLES[role]}")


def ensure_bootstrap_admin(engine: Engine, settings: Settings | None = None) -> dict[str, Any] | None:
    """Create the first administrator from ``DANVAN_ADMIN_USER``/``DANVAN_ADMIN_PASSWORD``
    (``settings``, default: the app's) when no administrator exists (active or not). Returns the
    new account, or None when nothing was done (an administrator exists, or the variables are
    not both set). Invalid values raise AuthError rather than being silently ignored."""
    settings = get_settings() if settings is None else settings
    if count_admins(engine, active_only=False) > 0:
        return None
    username, password = settings.admin_user.strip(), settings.admin_password
    if not username or not password:
        return None
    return create_user(engine, username, password, role="admin", display_name="Quản trị",
                       created_by=BOOTSTRAP_ACTOR)
