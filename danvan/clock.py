"""Vietnam time: the one clock every record of who did what, and when, is written with.

SQLite keeps no offset, so a time read back from the database is naive; every time here is
written in Vietnam time, so a naive time is taken to be Vietnam time.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

VIETNAM_TZ = timezone(timedelta(hours=7), "ICT")


def now() -> datetime:
    """The current moment in Vietnam time (aware)."""
    return datetime.now(VIETNAM_TZ)


def aware(moment: datetime) -> datetime:
    """``moment`` with an offset: a naive time is taken as Vietnam time, an aware one is kept."""
    return moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM_TZ)


def in_vietnam(moment: datetime) -> datetime:
    """``moment`` shown in Vietnam time (a naive time is taken as Vietnam time already)."""
    return aware(moment).astimezone(VIETNAM_TZ)
