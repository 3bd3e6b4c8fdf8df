"""Sign-in throttling that a new browser session cannot reset (pure: no Streamlit).

Failed password sign-ins are counted in the table ``sign_in_throttle`` (danvan/data/models.py),
so the count holds across browser sessions, app processes and restarts:

* per account: after ``ACCOUNT_LIMIT`` consecutive failures the account is locked;
* per client address: after ``ADDRESS_LIMIT`` failures from one address (on any accounts,
  known or not) the address is locked. The limit is higher than the account's because an
  office behind one address has many officers.

The first lock lasts ``BASE_SECONDS``; every further failure (once the lock has passed) doubles
it, up to ``MAX_SECONDS``. While either lock holds, sign-in is refused without even checking
the password, so the right password is refused too, with a Vietnamese message saying how long
to wait. A success resets the account's counter (not the address's: otherwise signing in to
one's own account between guesses would reset it). A counter whose last failure is older than
``FORGET_AFTER`` starts again from zero.

Unknown usernames are throttled like real ones (otherwise the lock would tell which accounts
exist); they are kept as ``#`` plus a digest of the name, since a "username" that is no account
is often a password typed into the wrong box. Every failure and every lock is written to the
audit trail (danvan/accounts/audit.py) with the account and address, never the attempted password; so is
an administrator's unlock. Refusals while locked are not audited one by one (they cost nothing
to send and would flood the trail); the lock that caused them is.

The client address comes from the UI layer (``st.context.ip_address``, see danvan/ui/auth.py).
Streamlit gives None for a connection from the same machine — typically a reverse proxy on the
server itself — and then only the account is throttled. Behind a proxy on another machine all
users share the proxy's address, so its limit applies to everyone together.

Every function takes ``now`` (an aware datetime; default the real clock) so tests need not sleep.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, delete, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from danvan import clock
from danvan.accounts import audit, auth
from danvan.clock import now as _now  # tests freeze this module's clock here
from danvan.data.models import SignInThrottle
from danvan.formatting import format_number

THROTTLE = SignInThrottle.__table__  # type: ignore[attr-defined]
ACCOUNT = "tai_khoan"
ADDRESS = "dia_chi"
KINDS = {ACCOUNT: "tài khoản", ADDRESS: "địa chỉ"}
ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20
BASE_SECONDS = 30
MAX_SECONDS = 3600
FORGET_AFTER = timedelta(days=1)
MAX_SUBJECT = 254
ACTOR = "(đăng nhập)"  # the audit "user" of a failure: nobody is signed in yet
UNKNOWN_PREFIX = "#"  # no username or e-mail address can contain it
GENERIC_ERROR = "Sai tên đăng nhập hoặc mật khẩu."


@dataclass(frozen=True)
class Outcome:
    """The result of a sign-in attempt: the account on success; otherwise ``wait`` seconds
    before the next attempt is accepted (0: none) and whether the password was even checked."""

    account: dict[str, Any] | None
    wait: int = 0
    refused: bool = False  # locked: refused without checking the password

    @property
    def message(self) -> str:
        """What to show the user (Vietnamese); "" on success."""
        if self.account is not None:
            return ""
        if self.wait:
            return lock_message(self.wait)
        return GENERIC_ERROR


def _local(moment: datetime | None) -> datetime:
    """Vietnam time: SQLite keeps no offset, and every time here is written in Vietnam time."""
    if moment is None:
        return _now()
    return clock.in_vietnam(moment)


# --- pure rules --------------------------------------------------------------------------

def backoff_seconds(failures: int, limit: int) -> int:
    """How long a counter at ``failures`` stays locked: 0 below ``limit``, then
    ``BASE_SECONDS`` doubled per further failure, at most ``MAX_SECONDS``."""
    if failures < limit:
        return 0
    return min(MAX_SECONDS, BASE_SECONDS * 2 ** min(failures - limit, 20))


def format_wait(seconds: int) -> str:
    """``45`` -> "45 giây", ``90`` -> "2 phút", ``3600`` -> "1 giờ" (rounded up, never "0")."""
    seconds = max(1, math.ceil(seconds))
    if seconds < 60:
        return f"{format_number(seconds)} giây"
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return f"{format_number(minutes)} phút"
    hours, rest = divmod(minutes, 60)
    return f"{format_number(hours)} giờ" + (f" {format_number(rest)} phút" if rest else "")


def lock_message(seconds: int) -> str:
    return f"Đăng nhập sai quá nhiều lần. Thử lại sau {format_wait(seconds)}."


def _limit(kind: str) -> int:
    return ACCOUNT_LIMIT if kind == ACCOUNT else ADDRESS_LIMIT


def _remaining(locked_until: datetime | None, now: datetime) -> int:
    if locked_until is None:
        return 0
    return max(0, math.ceil((_local(locked_until) - now).total_seconds()))


# --- subjects ----------------------------------------------------------------------------

def _account_subject(conn: Connection, username: str) -> tuple[str, bool]:
    """The account's key and whether such an account exists (an unknown name is digested)."""
    name = auth.normalise_username(username)[:MAX_SUBJECT]
    exists = conn.execute(select(auth.USERS.c.id).where(auth.USERS.c.username == name)).first() is not None
    if exists:
        return name, True
    return UNKNOWN_PREFIX + hashlib.sha256(name.encode("utf-8")).hexdigest()[:32], False


def address_key(address: str | None) -> str | None:
    """The key of a client address: an IPv4 address as is, an IPv6 one by its /64 network
    (one subscriber usually holds a whole /64); None for no address or anything else."""
    if not isinstance(address, str):
        return None
    try:
        ip = ipaddress.ip_address(address.strip().split("%")[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip.ipv4_mapped or ip) if isinstance(ip, ipaddress.IPv6Address) else str(ip)


def _subjects(conn: Connection, username: str, address: str | None) -> list[tuple[str, str]]:
    subjects = [(ACCOUNT, _account_subject(conn, username)[0])]
    if address_key(address):
        subjects.append((ADDRESS, address_key(address)))
    return subjects


def _row(conn: Connection, kind: str, subject: str) -> Mapping[str, Any] | None:
    found = conn.execute(select(THROTTLE).where(THROTTLE.c.kind == kind, THROTTLE.c.subject == subject)).first()
    return found._mapping if found else None


# --- reads -------------------------------------------------------------------------------

def wait_seconds(engine: Engine, username: str, address: str | None = None, *, now: datetime | None = None) -> int:
    """Seconds before a sign-in as ``username`` from ``address`` is accepted (0: now)."""
    now = _local(now)
    with engine.connect() as conn:
        rows = [_row(conn, kind, subject) for kind, subject in _subjects(conn, username, address)]
    return max([_remaining(row["locked_until"], now) for row in rows if row] + [0])


def address_wait(engine: Engine, address: str | None, *, now: datetime | None = None) -> int:
    """Seconds before any sign-in from ``address`` is accepted (0: now, or no address)."""
    subject = address_key(address)
    if subject is None:
        return 0
    with engine.connect() as conn:
        row = _row(conn, ADDRESS, subject)
    return _remaining(row["locked_until"], _local(now)) if row else 0


def locks(engine: Engine, *, now: datetime | None = None) -> list[dict[str, Any]]:
    """The locks in force, longest wait first: kind, subject, failures, last_failure_at,
    locked_until and ``wait`` (seconds)."""
    now = _local(now)
    with engine.connect() as conn:
        rows = [dict(row._mapping) for row in conn.execute(
            select(THROTTLE).where(THROTTLE.c.locked_until.is_not(None)))]
    found = [row | {"wait": _remaining(row["locked_until"], now)} for row in rows]
    return sorted((row for row in found if row["wait"] > 0), key=lambda row: (-row["wait"], row["subject"]))


def describe(kind: str, subject: str) -> str:
    """«tài khoản «lan»», «địa chỉ 203.0.113.7», or «tên đăng nhập không có» for a digest."""
    if kind == ACCOUNT and subject.startswith(UNKNOWN_PREFIX):
        return f"tên đăng nhập không có trong hệ thống (mã {subject[1:9]})"
    return f"{KINDS.get(kind, kind)} «{subject}»"


# --- writes ------------------------------------------------------------------------------

def _count_failure(conn: Connection, kind: str, subject: str, now: datetime) -> int:
    """Add one failure to the counter (a new one, or one forgotten for a day starts at 1)."""
    changed = conn.execute(
        update(THROTTLE).where(THROTTLE.c.kind == kind, THROTTLE.c.subject == subject)
        .values(failures=case((THROTTLE.c.last_failure_at < now - FORGET_AFTER, 1),
                              else_=THROTTLE.c.failures + 1),
                last_failure_at=now)).rowcount
    if not changed:
        conn.execute(insert(THROTTLE), {"kind": kind, "subject": subject, "failures": 1,
                                        "last_failure_at": now, "locked_until": None})
    return int(conn.execute(select(THROTTLE.c.failures).where(
        THROTTLE.c.kind == kind, THROTTLE.c.subject == subject)).scalar_one())


def record_failure(engine: Engine, username: str, address: str | None = None, *,
                   now: datetime | None = None) -> int:
    """Count a failed sign-in against the account and the address, audit it, lock what
    reached its limit (audited too). Returns the seconds to wait before the next attempt."""
    now = _local(now)
    with engine.connect() as conn:  # read first: the write transaction then starts by writing,
        subjects = _subjects(conn, username, address)  # so SQLite waits for its lock, never fails
    for attempt in range(3):
        try:
            with engine.begin() as conn:
                return _record_failure(conn, subjects, now)
        except IntegrityError:  # another process inserted the same counter first: count again
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _record_failure(conn: Connection, subjects: list[tuple[str, str]], now: datetime) -> int:
    counts: dict[str, int] = {}
    wait = 0
    for kind, key in subjects:
        failures = _count_failure(conn, kind, key, now)
        counts[kind] = failures
        seconds = backoff_seconds(failures, _limit(kind))
        if seconds:
            until = now + timedelta(seconds=seconds)
            conn.execute(update(THROTTLE).where(THROTTLE.c.kind == kind, THROTTLE.c.subject == key)
                         .values(locked_until=until))
            audit.record(conn, ACTOR, "tạm khóa đăng nhập",
                         f"{describe(kind, key)}: {format_number(failures)} lần sai liên tiếp, chờ "
                         f"{format_wait(seconds)} (đến {until.strftime('%H:%M:%S %d/%m/%Y')})",
                         data_changed=False)
            wait = max(wait, seconds)
    audit.record(conn, ACTOR, "đăng nhập sai",
                 f"{'; '.join(describe(kind, key) for kind, key in subjects)}; "
                 f"lần sai thứ {format_number(counts[ACCOUNT])} của tài khoản",
                 data_changed=False)
    return wait


def record_success(engine: Engine, username: str) -> None:
    """A right password: the account's counter starts again (the address's does not)."""
    with engine.connect() as conn:
        subject, _exists = _account_subject(conn, username)
    with engine.begin() as conn:
        conn.execute(delete(THROTTLE).where(THROTTLE.c.kind == ACCOUNT, THROTTLE.c.subject == subject))


def subject_key(kind: str, given: str) -> str:
    """How an administrator's «lan» or «2001:db8::1» is stored: a normalised username (a
    digest as stored is kept), or an address key (see ``address_key``)."""
    if kind == ADDRESS:
        return address_key(given) or given.strip()
    return given if given.startswith(UNKNOWN_PREFIX) else auth.normalise_username(given)


def unlock(engine: Engine, kind: str, subject: str, actor: str) -> bool:
    """An administrator ends a lock and clears its counter (audited). False when there was
    nothing to clear."""
    if kind not in KINDS:
        raise auth.AuthError("Loại khóa đăng nhập không hợp lệ.")
    if not actor:
        raise auth.AuthError("Thiếu người thực hiện thay đổi.")
    subject = subject_key(kind, subject)
    with engine.begin() as conn:
        removed = conn.execute(delete(THROTTLE).where(
            and_(THROTTLE.c.kind == kind, THROTTLE.c.subject == subject))).rowcount
        if removed:
            audit.record(conn, actor, "mở tạm khóa đăng nhập", describe(kind, subject), data_changed=False)
    return bool(removed)


def unlock_account(engine: Engine, username: str, actor: str) -> bool:
    """Clear an account's failed sign-ins (audited); False when it had none."""
    return unlock(engine, ACCOUNT, username, actor)


# --- the whole attempt -------------------------------------------------------------------

def sign_in(engine: Engine, username: str, password: str, address: str | None = None, *,
            now: datetime | None = None) -> Outcome:
    """A password sign-in with throttling: refused while the account or the address is locked
    (the password is not checked then), otherwise ``auth.authenticate``; a failure is counted
    and audited, a success resets the account's counter."""
    now = _local(now)
    wait = wait_seconds(engine, username, address, now=now)
    if wait:
        return Outcome(None, wait, refused=True)
    account = auth.authenticate(engine, username, password)
    if account is None:
        return Outcome(None, record_failure(engine, username, address, now=now))
    record_success(engine, username)
    return Outcome(account)
