"""Command line for IT staff and scripts, same code and messages as the app.

    python -m danvan.cli nhap TỆP --nguoi-dung TÊN [--thay-the] [--mo-hinh] [--thu]
    python -m danvan.cli hoan-tac SỐ_LÔ --nguoi-dung TÊN
    python -m danvan.cli mau TỆP_XLSX [--mo-hinh]
    python -m danvan.cli lich-su

Exit status: 0 only when the file was imported (or the undo / template done); 1 when the
file was refused or nothing was written; 2 for wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from sqlalchemy.engine import Engine

from danvan import import_service, queries
from danvan.batches import BatchError, history, undo_batch
from danvan.db import get_engine
from danvan.importing import ImportFileError, model_template_xlsx, template_xlsx
from danvan.loader import build_database
from danvan.settings import get_settings


def _engine() -> Engine:
    settings = get_settings()
    engine = get_engine(settings.database_url)
    build_database(engine, settings.data_dir)
    return engine


def _print_problems(problems: Iterable[object], out: TextIO) -> None:
    for problem in problems:
        print(f"  - {problem}", file=out)


def cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"Không tìm thấy tệp {path}.", file=sys.stderr)
        return 1
    engine = _engine()
    kind = "models" if args.mo_hinh else "observations"
    try:
        prepared = import_service.prepare(engine, path.name, path.read_bytes(), kind=kind)
    except ImportFileError as error:
        print(f"Tệp {path.name} bị từ chối:", file=sys.stderr)
        _print_problems(error.problems, sys.stderr)
        return 1
    plan = prepared.plan
    print(f"{path.name}: {plan.summary_vi()}")
    _print_problems(plan.warnings, sys.stdout)
    if plan.problems:
        print("Có lỗi, chưa ghi gì vào cơ sở dữ liệu:", file=sys.stderr)
        _print_problems(plan.problems, sys.stderr)
        return 1
    if prepared.duplicate_of:
        print(f"Lưu ý: tệp giống hệt đã được nhập ở lô số {prepared.duplicate_of}.")
    conflicts = getattr(plan, "conflicts", [])
    for conflict in conflicts:
        verdict = "sẽ thay thế" if args.thay_the else "bị từ chối (dùng --thay-the để thay)"
        print(f"  Dòng {conflict['row']}: số mới {conflict['new_value']} khác số đang có "
              f"{conflict['existing_value']} ({conflict['existing_obs_id']}) – {verdict}")
    if args.thu:
        print("Chạy thử (--thu): không ghi gì.")
        return 1
    accept = {c["row"] for c in conflicts} if args.thay_the else set()
    try:
        batch_id = import_service.commit(engine, prepared, args.nguoi_dung, accept)
    except BatchError as error:
        print(str(error), file=sys.stderr)
        return 1
    print(f"Đã nhập: lô số {batch_id}.")
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    try:
        undo_batch(_engine(), args.batch, args.nguoi_dung)
    except BatchError as error:
        print(str(error), file=sys.stderr)
        return 1
    print(f"Đã hoàn tác lô số {args.batch}.")
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    engine = _engine()
    localities = queries.localities(engine)
    data = model_template_xlsx(localities) if args.mo_hinh else template_xlsx(
        queries.catalogue(engine), localities, queries.scope_classes(engine))
    Path(args.file).write_bytes(data)
    print(f"Đã ghi mẫu nhập liệu vào {args.file}.")
    return 0


def cmd_history(_args: argparse.Namespace) -> int:
    frame = history(_engine())
    for row in frame.itertuples():
        print(f"Lô {row.id}\t{row.status}\t{row.file_name}\t{row.user}\t{row.created_at:%d/%m/%Y %H:%M}\t"
              f"thêm {row.n_added}, thay {row.n_replaced}, từ chối {row.n_rejected}")
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m danvan.cli", description="Nhập, hoàn tác số liệu dân vận.")
    sub = main.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("nhap", help="nhập một tệp .xlsx hoặc .csv")
    imp.add_argument("file")
    imp.add_argument("--nguoi-dung", required=True, help="tên người nhập (ghi vào lô nhập)")
    imp.add_argument("--thay-the", action="store_true", help="chấp nhận thay các số liệu đang có khác giá trị")
    imp.add_argument("--mo-hinh", action="store_true", help="tệp là danh sách mô hình Dân vận khéo")
    imp.add_argument("--thu", action="store_true", help="chỉ kiểm tra, không ghi")
    imp.set_defaults(run=cmd_import)
    undo = sub.add_parser("hoan-tac", help="hoàn tác toàn bộ một lô nhập")
    undo.add_argument("batch", type=int)
    undo.add_argument("--nguoi-dung", required=True)
    undo.set_defaults(run=cmd_undo)
    tpl = sub.add_parser("mau", help="ghi tệp Excel mẫu")
    tpl.add_argument("file")
    tpl.add_argument("--mo-hinh", action="store_true")
    tpl.set_defaults(run=cmd_template)
    sub.add_parser("lich-su", help="liệt kê các lô nhập").set_defaults(run=cmd_history)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
