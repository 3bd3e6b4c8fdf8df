"""Accounts, password hashing, the last-administrator rule, the audit trail and the
first administrator from environment variables (danvan/accounts/auth.py, danvan/accounts/audit.py)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select, update
from sqlmodel import create_engine

from danvan.accounts import audit, auth
from danvan.clock import VIETNAM_TZ
from danvan.data.db import create_schema
from danvan.data.models import AppUser, AuditEntry
from danvan.settings import Settings, get_settings

GOOD = "mật-khẩu-đủ-dài"


@pytest.fixture()
def engine(tmp_path):
    eng = create_engine(f"sqlite:///{tmp_path / 'auth.db'}")
    create_schema(eng)
    yield eng
    eng.dispose()


def stored_hash(engine, username: str) -> str:
    with engine.connect() as conn:
        return conn.execute(select(AppUser.password_hash).where(AppUser.username == username)).scalar_one()


def audit_rows(engine) -> list[tuple[str, str, str]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            select(AuditEntry.user, AuditEntry.action, AuditEntry.detail).order_by(AuditEntry.id))]


def test_password_is_stored_as_argon2_never_plain(engine) -> None:
    user = auth.create_user(engine, "  Lan.Nguyen ", GOOD, display_name="Nguyễn Lan", created_by="admin")
    assert user["username"] == "lan.nguyen" and user["role"] == "editor" and user["active"]
    assert "password_hash" not in user and user["has_password"]
    hashed = stored_hash(engine, "lan.nguyen")
    assert hashed.startswith("$argon2id$")
    assert GOOD not in hashed
    assert auth.create_user(engine, "lan2", GOOD, created_by="admin") and stored_hash(engine, "lan2") != hashed


def test_authenticate_good_bad_unknown_inactive(engine) -> None:
    auth.create_user(engine, "lan", GOOD, created_by="admin")
    assert auth.authenticate(engine, "LAN", GOOD)["username"] == "lan"
    assert auth.authenticate(engine, "lan", GOOD + "x") is None
    assert auth.authenticate(engine, "lan", "") is None
    assert auth.authenticate(engine, "khong-co", GOOD) is None
    auth.set_active(engine, "lan", False, "admin")
    assert auth.authenticate(engine, "lan", GOOD) is None
    auth.set_active(engine, "lan", True, "admin")
    assert auth.authenticate(engine, "lan", GOOD) is not None


def test_vietnamese_password_in_either_unicode_form(engine) -> None:
    import unicodedata

    auth.create_user(engine, "lan", unicodedata.normalize("NFD", GOOD), created_by="admin")
    assert auth.authenticate(engine, "lan", unicodedata.normalize("NFC", GOOD)) is not None


def test_outdated_hash_is_upgraded_on_sign_in(engine) -> None:
    from argon2 import PasswordHasher

    auth.create_user(engine, "lan", GOOD, created_by="admin")
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(GOOD)
    with engine.begin() as conn:
        conn.execute(update(AppUser).where(AppUser.username == "lan").values(password_hash=weak))
    assert auth.authenticate(engine, "lan", GOOD) is not None
    upgraded = stored_hash(engine, "lan")
    assert upgraded != weak and upgraded.startswith("$argon2id$")
    assert auth.authenticate(engine, "lan", GOOD) is not None


@pytest.mark.parametrize("username", ["ab", "a" * 41, "Nguyễn", "lan nguyen", "lan/1", "", "x@y"])
def test_username_rules(engine, username: str) -> None:
    with pytest.raises(auth.AuthError):
        auth.create_user(engine, username, GOOD, created_by="admin")


@pytest.mark.parametrize("username", ["abc", "a" * 40, "lan_nguyen-2.0", "Can.Bo@DanVan.Gov.VN"])
def test_usernames_accepted(engine, username: str) -> None:
    assert auth.create_user(engine, username, GOOD, created_by="admin")["username"] == username.lower()


def test_password_role_and_duplicate_rules(engine) -> None:
    with pytest.raises(auth.AuthError, match="10 ký tự"):
        auth.create_user(engine, "lan", "ngan-qua", created_by="admin")
    with pytest.raises(auth.AuthError, match="10 ký tự"):
        auth.create_user(engine, "lan", "", created_by="admin")  # only an e-mail account may have none
    with pytest.raises(auth.AuthError, match="Vai trò"):
        auth.create_user(engine, "lan", GOOD, role="superuser", created_by="admin")
    with pytest.raises(auth.AuthError):
        auth.create_user(engine, "lan", GOOD)  # no acting user
    auth.create_user(engine, "lan", GOOD, created_by="admin")
    with pytest.raises(auth.AuthError, match="đã có"):
        auth.create_user(engine, "LAN", GOOD + "2", created_by="admin")
    with pytest.raises(auth.AuthError, match="10 ký tự"):
        auth.set_password(engine, "lan", "ngan", "admin")
    assert auth.authenticate(engine, "lan", GOOD) is not None


def test_email_account_without_password_cannot_sign_in_by_password(engine) -> None:
    user = auth.create_user(engine, "Lan@Org.vn", None, created_by="admin")
    assert not user["has_password"]
    assert not stored_hash(engine, "lan@org.vn").startswith("$argon2")
    assert auth.authenticate(engine, "lan@org.vn", "") is None
    assert auth.authenticate(engine, "lan@org.vn", auth.UNUSABLE_HASH) is None


def test_oidc_identity_matches_active_account_by_email(engine) -> None:
    auth.create_user(engine, "lan@org.vn", "", created_by="admin")
    assert auth.oidc_account(engine, {"is_logged_in": True, "email": "LAN@org.vn"})["username"] == "lan@org.vn"
    assert auth.oidc_account(engine, {"is_logged_in": False, "email": "lan@org.vn"}) is None
    assert auth.oidc_account(engine, {"is_logged_in": True, "email": "khac@org.vn"}) is None
    assert auth.oidc_account(engine, {"is_logged_in": True, "email": "lan@org.vn", "email_verified": False}) is None
    assert auth.oidc_account(engine, {"email": "lan@org.vn"}) is None
    auth.set_active(engine, "lan@org.vn", False, "admin")
    assert auth.oidc_account(engine, {"is_logged_in": True, "email": "lan@org.vn"}) is None


def test_oidc_configured_needs_a_complete_auth_section() -> None:
    base = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "s" * 32}
    provider = {"client_id": "id", "client_secret": "secret",
                "server_metadata_url": "https://idp.example/.well-known/openid-configuration"}
    assert auth.oidc_configured({"auth": base | provider})
    assert auth.oidc_provider({"auth": base | provider}) == ""
    assert auth.oidc_provider({"auth": base | {"microsoft": provider}}) == "microsoft"
    assert not auth.oidc_configured({"auth": base})
    assert not auth.oidc_configured({"auth": provider})
    assert not auth.oidc_configured({})
    assert not auth.oidc_configured(None)


def test_last_active_admin_cannot_be_deactivated_or_demoted(engine) -> None:
    auth.create_user(engine, "chu", GOOD, role="admin", created_by="admin")
    with pytest.raises(auth.AuthError, match="cuối cùng"):
        auth.set_active(engine, "chu", False, "chu")
    with pytest.raises(auth.AuthError, match="cuối cùng"):
        auth.set_role(engine, "chu", "editor", "chu")
    assert auth.count_admins(engine) == 1
    auth.create_user(engine, "pho", GOOD, role="admin", created_by="chu")
    auth.set_role(engine, "chu", "editor", "pho")
    assert auth.count_admins(engine) == 1
    with pytest.raises(auth.AuthError, match="cuối cùng"):
        auth.set_active(engine, "pho", False, "pho")
    auth.set_role(engine, "chu", "admin", "pho")
    auth.set_active(engine, "pho", False, "chu")
    assert auth.count_admins(engine) == 1 and auth.count_admins(engine, active_only=False) == 2
    with pytest.raises(auth.AuthError, match="cuối cùng"):
        auth.set_role(engine, "chu", "editor", "chu")


def test_every_change_is_audited_with_the_actor(engine) -> None:
    auth.create_user(engine, "chu", GOOD, role="admin", created_by="(khởi tạo)")
    auth.create_user(engine, "lan", GOOD, created_by="chu")
    auth.set_password(engine, "lan", GOOD + "!", "chu")
    auth.set_role(engine, "lan", "admin", "chu")
    auth.set_active(engine, "lan", False, "chu")
    auth.set_active(engine, "lan", False, "chu")  # no change, no row
    rows = audit_rows(engine)
    assert [(user, action) for user, action, _ in rows] == [
        ("(khởi tạo)", "thêm tài khoản"), ("chu", "thêm tài khoản"), ("chu", "đặt lại mật khẩu"),
        ("chu", "đổi vai trò"), ("chu", "khóa tài khoản")]
    assert all("lan" in detail for _, _, detail in rows[1:])
    assert all(GOOD not in detail for _, _, detail in rows)
    recent = audit.recent(engine, 2)
    assert [r["action"] for r in recent] == ["khóa tài khoản", "đổi vai trò"]


def test_refused_change_writes_no_audit_row(engine) -> None:
    auth.create_user(engine, "chu", GOOD, role="admin", created_by="x")
    before = audit_rows(engine)
    with pytest.raises(auth.AuthError):
        auth.set_active(engine, "chu", False, "chu")
    with pytest.raises(auth.AuthError):
        auth.create_user(engine, "chu", GOOD, created_by="chu")
    with pytest.raises(auth.AuthError):
        auth.set_password(engine, "khong-co", GOOD, "chu")
    assert audit_rows(engine) == before


def test_audit_record_joins_the_callers_transaction(engine) -> None:
    with pytest.raises(RuntimeError), engine.begin() as conn:
        audit.record(conn, "lan", "nhập dữ liệu", "tệp.xlsx")
        raise RuntimeError("rolled back")
    assert audit_rows(engine) == []
    audit.record(engine, "lan", "nhập dữ liệu", "tệp.xlsx")
    assert audit_rows(engine) == [("lan", "nhập dữ liệu", "tệp.xlsx")]
    with pytest.raises(ValueError):
        audit.record(engine, "", "nhập dữ liệu")


def test_format_time_is_vietnamese_day_first() -> None:
    assert audit.format_time(datetime(2025, 7, 1, 8, 5)) == "01/07/2025 08:05"
    assert audit.format_time(datetime(2025, 7, 1, 1, 5, tzinfo=VIETNAM_TZ)) == "01/07/2025 01:05"
    assert audit.format_time(None) == ""


def _env(**variables: str) -> Settings:
    """Settings as if only ``variables`` of the first administrator were set."""
    return Settings(**{auth.ENV_USER: "", auth.ENV_PASSWORD: ""} | variables)


def test_bootstrap_admin_from_env_only_when_no_admin(engine) -> None:
    assert auth.ensure_bootstrap_admin(engine, _env()) is None
    assert auth.ensure_bootstrap_admin(engine, _env(**{auth.ENV_USER: "quantri"})) is None  # no default password
    assert auth.count_admins(engine) == 0
    with pytest.raises(auth.AuthError):
        auth.ensure_bootstrap_admin(engine, _env(**{auth.ENV_USER: "quantri", auth.ENV_PASSWORD: "ngan"}))
    created = auth.ensure_bootstrap_admin(engine, _env(**{auth.ENV_USER: "QuanTri", auth.ENV_PASSWORD: GOOD}))
    assert created["username"] == "quantri" and created["role"] == "admin"
    assert created["created_by"] == auth.BOOTSTRAP_ACTOR
    assert auth.authenticate(engine, "quantri", GOOD)["role"] == "admin"
    assert audit_rows(engine)[-1][:2] == (auth.BOOTSTRAP_ACTOR, "thêm tài khoản")
    again = auth.ensure_bootstrap_admin(engine, _env(**{auth.ENV_USER: "khac", auth.ENV_PASSWORD: GOOD + "2"}))
    assert again is None and auth.get_user(engine, "khac") is None


def test_bootstrap_reads_the_process_environment(engine, monkeypatch, request) -> None:
    request.addfinalizer(get_settings.cache_clear)  # no later test sees these variables
    monkeypatch.delenv(auth.ENV_USER, raising=False)
    monkeypatch.delenv(auth.ENV_PASSWORD, raising=False)
    get_settings.cache_clear()  # the settings are read once per process
    assert auth.ensure_bootstrap_admin(engine) is None
    monkeypatch.setenv(auth.ENV_USER, "quantri")
    monkeypatch.setenv(auth.ENV_PASSWORD, GOOD)
    get_settings.cache_clear()
    assert auth.ensure_bootstrap_admin(engine)["username"] == "quantri"


def test_list_users_hides_hashes(engine) -> None:
    auth.create_user(engine, "lan", GOOD, created_by="chu")
    auth.create_user(engine, "chu", GOOD, role="admin", created_by="x")
    users = auth.list_users(engine)
    assert [u["username"] for u in users] == ["chu", "lan"]
    assert all("password_hash" not in u for u in users)
