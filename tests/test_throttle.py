"""Sign-in throttling kept in the database (danvan/accounts/throttle.py): per account and per address,
exponential back-off on a fake clock, the right password refused while locked, a restart that
keeps the count, the administrator's unlock and the audit trail.

Runs on whichever backend the suite uses (tests/dbs.py: SQLite, or PostgreSQL in CI)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from danvan.accounts import auth, throttle
from danvan.clock import VIETNAM_TZ
from danvan.data import db
from danvan.data import version as data_version
from danvan.data.models import AuditEntry, SignInThrottle
from tests.dbs import drop, fresh_url

GOOD = "mật-khẩu-đủ-dài"
WRONG = "mật-khẩu-sai-rồi"
T0 = datetime(2026, 12, 4, 9, 0, tzinfo=VIETNAM_TZ)
HOME = "203.0.113.7"
ELSEWHERE = "198.51.100.20"


@pytest.fixture()
def url(tmp_path):
    made = fresh_url(tmp_path, "throttle")
    yield made
    drop(made)


@pytest.fixture()
def engine(url):
    eng = db.get_engine.__wrapped__(url)  # type: ignore[attr-defined]
    db.create_schema(eng)
    auth.create_user(eng, "lan", GOOD, created_by="pytest")
    auth.create_user(eng, "quan-tri", GOOD, role="admin", created_by="pytest")
    yield eng
    eng.dispose()


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def fail(engine, times: int, username: str = "lan", address: str | None = HOME, when: float = 0) -> throttle.Outcome:
    outcome = throttle.Outcome(None)
    for _ in range(times):
        outcome = throttle.sign_in(engine, username, WRONG, address, now=at(when))
        assert outcome.account is None
    return outcome


def audit_rows(engine) -> list[tuple[str, str, str]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            select(AuditEntry.user, AuditEntry.action, AuditEntry.detail).order_by(AuditEntry.id))]


def stored_text(engine) -> str:
    with engine.connect() as conn:
        rows = list(conn.execute(select(SignInThrottle))) + list(conn.execute(select(AuditEntry)))
    return repr(rows)


def test_back_off_starts_at_the_limit_doubles_and_is_capped() -> None:
    limit = throttle.ACCOUNT_LIMIT
    assert throttle.backoff_seconds(limit - 1, limit) == 0
    assert [throttle.backoff_seconds(limit + k, limit) for k in range(4)] == [30, 60, 120, 240]
    assert throttle.backoff_seconds(limit + 7, limit) == throttle.MAX_SECONDS == 3600
    assert throttle.backoff_seconds(10_000, limit) == 3600


def test_wait_is_said_in_vietnamese() -> None:
    assert throttle.lock_message(120) == "Đăng nhập sai quá nhiều lần. Thử lại sau 2 phút."
    assert throttle.format_wait(30) == "30 giây"
    assert throttle.format_wait(61) == "2 phút"
    assert throttle.format_wait(3600) == "1 giờ"
    assert throttle.format_wait(5400) == "1 giờ 30 phút"
    assert throttle.format_wait(0) == "1 giây"


def test_back_off_doubles_on_a_fake_clock(engine) -> None:
    assert fail(engine, throttle.ACCOUNT_LIMIT - 1).wait == 0
    fifth = fail(engine, 1)
    assert fifth.wait == 30 and not fifth.refused
    assert fifth.message == "Đăng nhập sai quá nhiều lần. Thử lại sau 30 giây."
    assert throttle.wait_seconds(engine, "lan", now=at(29)) == 1
    assert throttle.wait_seconds(engine, "lan", now=at(30)) == 0
    assert fail(engine, 1, when=30).wait == 60
    assert throttle.wait_seconds(engine, "lan", now=at(89)) == 1
    assert fail(engine, 1, when=90).wait == 120
    assert fail(engine, 1, when=210).wait == 240


def test_right_password_is_refused_while_locked(engine) -> None:
    fail(engine, throttle.ACCOUNT_LIMIT)
    refused = throttle.sign_in(engine, "lan", GOOD, HOME, now=at(10))
    assert refused.account is None and refused.refused and refused.wait == 20
    assert refused.message == "Đăng nhập sai quá nhiều lần. Thử lại sau 20 giây."
    # from another address too: the account itself is locked
    assert throttle.sign_in(engine, "lan", GOOD, ELSEWHERE, now=at(10)).account is None
    assert throttle.sign_in(engine, "lan", GOOD, None, now=at(10)).account is None
    # refusals are not counted: once the wait is over the right password works
    assert throttle.sign_in(engine, "lan", GOOD, HOME, now=at(30)).account["username"] == "lan"


def test_success_resets_the_account_counter(engine) -> None:
    fail(engine, throttle.ACCOUNT_LIMIT - 1)
    assert throttle.sign_in(engine, "lan", GOOD, HOME, now=at(1)).account is not None
    assert fail(engine, throttle.ACCOUNT_LIMIT - 1, when=2).wait == 0  # counting starts again
    assert throttle.wait_seconds(engine, "lan", HOME, now=at(2)) == 0


def test_a_restart_keeps_the_lock(engine, url) -> None:
    fail(engine, throttle.ACCOUNT_LIMIT)
    engine.dispose()
    db.get_engine.cache_clear()
    restarted = db.get_engine(url)  # what a new process (or a restarted server) gets
    try:
        assert restarted is not engine
        assert throttle.wait_seconds(restarted, "lan", now=at(5)) == 25
        assert throttle.sign_in(restarted, "lan", GOOD, HOME, now=at(5)).account is None
    finally:
        restarted.dispose()
        db.get_engine.cache_clear()


def test_address_is_limited_across_accounts(engine) -> None:
    auth.create_user(engine, "hoa", GOOD, created_by="pytest")
    names = [f"can-bo-{i}" for i in range(throttle.ADDRESS_LIMIT // 2)]
    for name in names:  # two guesses each: no account reaches its own limit
        assert fail(engine, 2, username=name).wait == 0 or name == names[-1]
    assert throttle.address_wait(engine, HOME, now=at(1)) == 29
    refused = throttle.sign_in(engine, "hoa", GOOD, HOME, now=at(1))
    assert refused.account is None and refused.refused
    assert throttle.sign_in(engine, "hoa", GOOD, ELSEWHERE, now=at(1)).account is not None
    assert throttle.address_wait(engine, None, now=at(1)) == 0


def guess_names(engine, times: int) -> None:
    """``times`` failures from HOME, each on a name of its own (no account reaches its limit)."""
    for i in range(times):
        assert fail(engine, 1, username=f"doan-{i}").wait == 0 or i == throttle.ADDRESS_LIMIT - 1


def test_a_success_does_not_reset_the_address(engine) -> None:
    guess_names(engine, throttle.ADDRESS_LIMIT - 1)
    assert throttle.sign_in(engine, "lan", GOOD, HOME, now=at(1)).account is not None
    assert fail(engine, 1, username="ai-do-khac", when=2).wait == 30


def test_without_an_address_the_account_alone_is_throttled(engine) -> None:
    fail(engine, throttle.ACCOUNT_LIMIT, address=None)
    assert throttle.wait_seconds(engine, "lan", None, now=at(1)) == 29
    with engine.connect() as conn:
        kinds = set(conn.execute(select(SignInThrottle.kind)).scalars())
    assert kinds == {throttle.ACCOUNT}


def test_unknown_names_lock_too_and_are_not_stored(engine) -> None:
    typed = "Mat-Khau-Go-Nham-O-Ten"  # a password typed into the username box
    assert fail(engine, throttle.ACCOUNT_LIMIT, username=typed).wait == 30
    assert throttle.sign_in(engine, typed, WRONG, HOME, now=at(1)).refused
    text = stored_text(engine)
    assert typed.lower() not in text.lower()
    assert "không có trong hệ thống" in text


def test_counts_are_forgotten_after_a_day(engine) -> None:
    fail(engine, throttle.ACCOUNT_LIMIT - 1)
    later = throttle.FORGET_AFTER.total_seconds() + 1
    assert fail(engine, throttle.ACCOUNT_LIMIT - 1, when=later).wait == 0


def test_every_failure_and_lock_is_audited_without_the_password(engine) -> None:
    version = data_version.current(engine)
    fail(engine, throttle.ACCOUNT_LIMIT)
    rows = audit_rows(engine)[2:]  # after the two accounts created by the fixture
    failures = [r for r in rows if r[1] == "đăng nhập sai"]
    lockouts = [r for r in rows if r[1] == "tạm khóa đăng nhập"]
    assert len(failures) == throttle.ACCOUNT_LIMIT and len(lockouts) == 1
    assert all(r[0] == throttle.ACTOR for r in rows)
    assert "tài khoản «lan»" in failures[0][2] and HOME in failures[0][2]
    assert failures[-1][2].endswith("lần sai thứ 5 của tài khoản")
    assert lockouts[0][2].startswith("tài khoản «lan»: 5 lần sai liên tiếp, chờ 30 giây")
    assert WRONG not in stored_text(engine)
    assert data_version.current(engine) == version  # anyone can cause these: caches stay


def test_administrator_unlocks_an_account_and_it_is_audited(engine) -> None:
    fail(engine, throttle.ACCOUNT_LIMIT)
    assert [(lock["kind"], lock["subject"], lock["wait"]) for lock in throttle.locks(engine, now=at(1))] == [
        (throttle.ACCOUNT, "lan", 29)]
    assert throttle.unlock_account(engine, "LAN", "quan-tri") is True
    assert audit_rows(engine)[-1] == ("quan-tri", "mở tạm khóa đăng nhập", "tài khoản «lan»")
    assert throttle.locks(engine, now=at(1)) == []
    assert throttle.sign_in(engine, "lan", GOOD, ELSEWHERE, now=at(1)).account is not None
    count = len(audit_rows(engine))
    assert throttle.unlock_account(engine, "lan", "quan-tri") is False  # nothing to unlock
    assert len(audit_rows(engine)) == count
    with pytest.raises(auth.AuthError):
        throttle.unlock_account(engine, "lan", "")


def test_administrator_unlocks_an_address(engine) -> None:
    guess_names(engine, throttle.ADDRESS_LIMIT)
    assert [lock["kind"] for lock in throttle.locks(engine, now=at(1))] == [throttle.ADDRESS]
    assert throttle.unlock(engine, throttle.ADDRESS, HOME, "quan-tri") is True
    assert audit_rows(engine)[-1] == ("quan-tri", "mở tạm khóa đăng nhập", f"địa chỉ «{HOME}»")
    assert throttle.sign_in(engine, "lan", GOOD, HOME, now=at(1)).account is not None


def test_addresses_are_keyed_sensibly() -> None:
    assert throttle.address_key(" 203.0.113.7 ") == "203.0.113.7"
    assert throttle.address_key("2001:db8:1:2:3:4:5:6") == throttle.address_key("2001:db8:1:2:ffff::1") == "2001:db8:1:2::/64"
    assert throttle.address_key("::ffff:203.0.113.7") == "203.0.113.7"
    assert throttle.address_key(None) is None and throttle.address_key("không phải địa chỉ") is None


def test_cli_lists_and_unlocks_with_an_audit_entry(own_db, monkeypatch, capsys) -> None:
    from danvan import cli

    monkeypatch.setattr(throttle, "_now", lambda: T0)
    engine = cli._engine()  # the CLI's own engine on DATABASE_URL (built from data/)
    auth.create_user(engine, "lan", GOOD, created_by="pytest")
    fail(engine, throttle.ACCOUNT_LIMIT)
    assert cli.main(["mo-khoa-dang-nhap"]) == 0
    assert capsys.readouterr().out == "tài khoản «lan»: 5 lần sai, còn chờ 30 giây\n"
    assert cli.main(["mo-khoa-dang-nhap", "LAN", "--nguoi-dung", "it"]) == 0
    assert capsys.readouterr().out == "Đã mở tạm khóa đăng nhập cho tài khoản «lan».\n"
    assert audit_rows(engine)[-1] == ("it", "mở tạm khóa đăng nhập", "tài khoản «lan»")
    assert cli.main(["mo-khoa-dang-nhap", "lan"]) == 1
    assert "Không có lần đăng nhập sai nào" in capsys.readouterr().err
    assert cli.main(["mo-khoa-dang-nhap"]) == 0
    assert capsys.readouterr().out == "Không có tài khoản hay địa chỉ nào đang bị tạm khóa đăng nhập.\n"


def test_failures_at_the_same_moment_are_all_counted(engine) -> None:
    """Several app processes (here threads with their own connections) failing at once: no
    failure is lost and none of them errors, on SQLite (write lock) and PostgreSQL (row lock)."""
    from concurrent.futures import ThreadPoolExecutor

    def one(i: int) -> int:
        return throttle.record_failure(engine, "ai-do", HOME, now=at(i / 1000))

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(one, range(8)))
    with engine.connect() as conn:
        counts = dict(conn.execute(select(SignInThrottle.kind, SignInThrottle.failures)).all())
    assert counts == {throttle.ACCOUNT: 8, throttle.ADDRESS: 8}
    assert [r[1] for r in audit_rows(engine)].count("đăng nhập sai") == 8
