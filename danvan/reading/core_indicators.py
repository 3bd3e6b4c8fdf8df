"""«Chỉ tiêu trọng tâm»: the dân vận indicators every page opens on, chosen by an administrator.

Until an administrator saves a list, the seed below applies (tiếp công dân, đơn thư and khiếu
nại tố cáo, Dân vận khéo, quy chế dân chủ ở cơ sở, cải cách hành chính as it touches citizens).
Saving records an audit row, which gives the data a new version: every page's cache follows.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Engine

from danvan import clock
from danvan.accounts import audit
from danvan.data.models import CoreIndicator, Indicator

CORE = CoreIndicator.__table__  # type: ignore[attr-defined]
SEED = (
    "citizen_reception_visits",  # Lượt công dân được tiếp
    "petitions_received",  # Đơn thư tiếp nhận
    "complaint_denunciation_resolution_rate",  # Tỷ lệ giải quyết vụ việc khiếu nại, tố cáo
    "dvk_models_maintained",  # Mô hình Dân vận khéo đang duy trì
    "qcdc_regulations_conventions_total",  # Quy chế, quy ước dân chủ đang thực hiện
    "public_consultation_meetings",  # Cuộc lấy ý kiến người dân
    "dossiers_on_time_rate",  # Tỷ lệ hồ sơ giải quyết đúng hạn
    "dossiers_late",  # Hồ sơ trễ hạn
)
MAX_CORE = 15
MARK = "trọng tâm"  # added to a core indicator's label in pickers


class CoreIndicatorError(ValueError):
    """A list an administrator cannot save; the message is Vietnamese, for the screen."""


def rank(codes: pd.Series, places: pd.Series, core: tuple[str, ...]) -> pd.Series:
    """Picker order: 0, 1, … for core indicators that at least two places report (in the
    administrator's order), then the other core ones, then len(core) * 2 for the rest."""
    position = codes.map({code: index for index, code in enumerate(core)})
    return (position + (places < 2) * len(core)).fillna(len(core) * 2)


def label(name: str, code: str, core: tuple[str, ...]) -> str:
    return f"{name} · {MARK}" if code in core else name


def core_codes(engine: Engine) -> tuple[str, ...]:
    """The core indicators in the administrator's order (the seed until one saves a list),
    keeping only codes the catalogue still has."""
    with engine.connect() as conn:
        chosen = list(conn.execute(select(CORE.c.indicator_code).order_by(CORE.c.position)).scalars())
        known = set(conn.execute(select(Indicator.code)).scalars())
    return tuple(code for code in (chosen or SEED) if code in known)


def core_themes(engine: Engine, codes: tuple[str, ...]) -> tuple[str, ...]:
    """The themes of ``codes``: where a locality without core figures finds its headlines."""
    with engine.connect() as conn:
        return tuple(sorted(set(conn.execute(select(Indicator.theme).where(Indicator.code.in_(codes))).scalars())))


def is_seed(engine: Engine) -> bool:
    """True while no administrator has saved a list of their own."""
    with engine.connect() as conn:
        return conn.execute(select(CORE.c.indicator_code).limit(1)).first() is None


def save(engine: Engine, codes: list[str], user: str) -> tuple[str, ...]:
    """Replace the list with ``codes`` (in this order), in one transaction with its audit row."""
    wanted = list(dict.fromkeys(code for code in codes if code))
    if not wanted:
        raise CoreIndicatorError("Cần chọn ít nhất một chỉ tiêu trọng tâm.")
    if len(wanted) > MAX_CORE:
        raise CoreIndicatorError(f"Chọn tối đa {MAX_CORE} chỉ tiêu trọng tâm (đang chọn {len(wanted)}).")
    now = clock.now()
    with engine.begin() as conn:
        names = dict(conn.execute(select(Indicator.code, Indicator.name_vi).where(Indicator.code.in_(wanted))).all())
        unknown = [code for code in wanted if code not in names]
        if unknown:
            raise CoreIndicatorError(f"Không có chỉ tiêu mã {', '.join(unknown)} trong danh mục.")
        conn.execute(delete(CORE))
        conn.execute(insert(CORE), [{"indicator_code": code, "position": index, "chosen_by": user, "chosen_at": now}
                                    for index, code in enumerate(wanted)])
        audit.record(conn, user, "đặt chỉ tiêu trọng tâm", "; ".join(names[code] for code in wanted))
    return tuple(wanted)


def reset(engine: Engine, user: str) -> None:
    """Go back to the seed list."""
    with engine.begin() as conn:
        conn.execute(delete(CORE))
        audit.record(conn, user, "đặt lại chỉ tiêu trọng tâm mặc định", ", ".join(SEED))
