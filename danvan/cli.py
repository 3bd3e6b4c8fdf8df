"""Command line for IT staff and scripts, same code and messages as the app.

    python -m danvan.cli nhap TỆP --nguoi-dung TÊN [--thay-the] [--mo-hinh] [--thu]
                         [--ky "năm 2025"] [--nhap-dong-hop-le] [--chi-tieu-moi] [--xac-nhan]
    python -m danvan.cli hoan-tac SỐ_LÔ --nguoi-dung TÊN
    python -m danvan.cli mau TỆP_XLSX [--mo-hinh]
    python -m danvan.cli lich-su
    python -m danvan.cli trinh-chieu TỆP.pptx [--dia-ban tra-vinh,nghe-an] [--tu 2016 --den 2024]
                                    [--bo tong_quan_nam | --bieu-do khoa1,khoa2]
                                    [--tieu-de "Tiêu đề"] [--moi-nhat] [--pdf]
    python -m danvan.cli sao-luu TỆP [--ghi-de]
    python -m danvan.cli khoi-phuc TỆP [--ghi-de] [--nguoi-dung TÊN]
    python -m danvan.cli mo-khoa-dang-nhap [TÊN | --dia-chi ĐỊA_CHỈ] [--nguoi-dung TÊN]

Exit status: 0 only when the file was imported (or the undo / template / backup / restore
done); 1 when the file was refused or nothing was written; 2 for wrong usage.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from sqlalchemy.engine import Engine

from danvan.data.db import WriteError, get_engine
from danvan.data.loader import build_database
from danvan.formatting import format_number, format_period
from danvan.importing import ImportFileError, model_template_xlsx, read_table, template_xlsx
from danvan.importing import service as import_service
from danvan.importing.batches import history, undo_batch
from danvan.importing.layout import ROLE_LABELS as LAYOUT_ROLES
from danvan.reading import queries
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
    data = path.read_bytes()
    if kind == "observations":
        try:
            table = read_table(path.name, data)
        except ImportFileError as error:
            print(f"Tệp {path.name} bị từ chối:", file=sys.stderr)
            _print_problems(error.problems, sys.stderr)
            return 1
        if not import_service.is_template(table) or args.ky or args.nhap_dong_hop_le or args.chi_tieu_moi:
            return _import_staff(engine, path.name, data, args)
    try:
        prepared = import_service.prepare(engine, path.name, data, kind=kind)
    except ImportFileError as error:
        print(f"Tệp {path.name} bị từ chối:", file=sys.stderr)
        _print_problems(error.problems, sys.stderr)
        return 1
    plan = prepared.plan
    print(f"{path.name}: {plan.summary_vi()}")
    _print_problems(plan.warnings, sys.stdout)
    if plan.problems:
        print(f"Tệp {path.name} có lỗi, chưa ghi gì vào cơ sở dữ liệu:", file=sys.stderr)
        _print_problems(plan.problems, sys.stderr)
        return 1
    if _unconfirmed(path.name, plan.questions, args):
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
        batch_id = import_service.commit(engine, prepared, args.nguoi_dung, accept, confirmed=args.xac_nhan)
    except WriteError as error:
        print(str(error), file=sys.stderr)
        return 1
    print(f"Đã nhập: lô số {batch_id}.")
    if prepared.already_present:
        present = prepared.already_present
        rows = ", ".join(map(str, present[:20])) + ("…" if len(present) > 20 else "")
        print(f"{len(present)} dòng đã có (một lần nhập khác vừa ghi đúng số liệu này) nên không ghi lại: "
              f"dòng {rows}.")
    return 0


def _unconfirmed(file_name: str, questions: list[object], args: argparse.Namespace) -> bool:
    """Print the figures held for confirmation; True (stop, nothing written) unless --xac-nhan."""
    if not questions:
        return False
    print(f"Tệp {file_name}: {len(questions)} số liệu bất thường cần xác nhận:")
    _print_problems(questions, sys.stdout)
    if args.xac_nhan:
        print("Đã xác nhận (--xac-nhan): các số liệu trên được nhập như tệp ghi.")
        return False
    print("Chưa ghi gì. Kiểm tra với nguồn; nếu đúng, chạy lại với --xac-nhan.", file=sys.stderr)
    return True


def _figure_words(reference: import_service.StaffReference, row: import_service.RowOutcome,
                  created: dict[str, str]) -> str:
    """«Tỉnh Nghệ An, Lượt công dân được tiếp (mọi hình thức), năm 2024: 1.234 lượt»: names, never
    codes (``created``: code -> name of the indicators this import created)."""
    catalogue = reference.ctx.catalogue.set_index("code")
    indicator = catalogue["name_vi"].get(row.indicator_code) or created.get(str(row.indicator_code), "")
    unit = catalogue["unit_label"].get(row.indicator_code, "")
    place = reference.places.by_id.get(row.locality_id, {}).get("name_vi", row.locality_id)
    return (f"{place}, {indicator}, {format_period(row.period_start, row.period_end)}: "
            f"{format_number(row.value)}{'' if unit == '%' else ' '}{unit}").rstrip()


STATUS_WORDS = {"imported": "đã nhập", "held": "chờ bổ sung", "skipped": "bỏ qua", "refused": "từ chối"}


def _import_staff(engine: Engine, file_name: str, data: bytes, args: argparse.Namespace) -> int:
    """A staff spreadsheet as it is, without questions: remembered mappings and aliases, good
    matches only, one line per figure candidate."""
    options = import_service.StaffOptions(
        user=args.nguoi_dung, period=args.ky or None, valid_rows=args.nhap_dong_hop_le,
        new_indicators=args.chi_tieu_moi)
    try:
        reference = import_service.staff_reference(engine)
        prepared = import_service.prepare_staff(engine, file_name, data, options, reference=reference)
    except ImportFileError as error:
        print(f"Tệp {file_name} bị từ chối:", file=sys.stderr)
        _print_problems(error.problems, sys.stderr)
        return 1
    for sheet, mapping in prepared.mappings.items():
        read = ", ".join(f"«{h}» → {LAYOUT_ROLES[r]}" for h, r in mapping.items() if r != "ignore")
        print(f"{file_name}{f', trang tính «{sheet}»' if sheet else ''}: đọc các cột {read}.")
    for note in [*prepared.notes, *prepared.plan.context]:
        print(f"Lưu ý: {note}.")
    if args.thu:
        counts = prepared.plan.counts()
        print(f"Chạy thử (--thu): {counts.get('ready', 0)} dòng nhập được, {counts.get('held', 0)} dòng chưa nhập "
              "được; không ghi gì.")
        return 1
    if args.thay_the:
        options.replace = {import_service.conflict_key(c) for c in prepared.plan.conflicts}
    if _unconfirmed(file_name, prepared.plan.questions, args):
        return 1
    options.confirmed = args.xac_nhan
    try:
        result = import_service.commit_staff(engine, prepared)
    except WriteError as error:
        print(str(error), file=sys.stderr)
        return 1
    created = {code: name for name, code in result.created_indicators.items()}
    for row in result.rows:
        where = (f"Trang tính «{row.sheet}», dòng {row.row}" if row.sheet and len(prepared.mappings) > 1
                 else f"Dòng {row.row}") + (f", cột «{row.column}»" if row.column else "")
        what = STATUS_WORDS[row.status]
        if row.status == "imported":
            print(f"{where}: {what} ({_figure_words(reference, row, created)})")
        else:
            print(f"{where}: {what} — {row.reason}")
    for warning in result.warnings:
        print(f"Lưu ý: {warning}")
    for name in result.created_indicators:
        print(f"Đã tạo chỉ tiêu mới «{name}».")
    counts = result.counts()
    print(f"Tổng: {counts.get('imported', 0)} đã nhập, {counts.get('held', 0)} chờ bổ sung, "
          f"{counts.get('skipped', 0)} bỏ qua, {counts.get('refused', 0)} từ chối"
          + (f"; lô số {result.batch_id}." if result.batch_id else "; không tạo lô nhập."))
    return 0 if counts.get("imported", 0) and not counts.get("refused", 0) else 1


def cmd_undo(args: argparse.Namespace) -> int:
    try:
        undo_batch(_engine(), args.batch, args.nguoi_dung)
    except WriteError as error:
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


def _lineages(engine: Engine, text: str, known: frozenset[str]) -> tuple[tuple[str, ...], list[str]]:
    """--dia-ban → (lineages, what was not understood): lineage ids, or names resolved as in
    imports («Gia Lai», «TX Hương Trà»); «;» separates them when a name carries its province."""
    from danvan.data.unit_names import UnitIndex, UnitNameError

    parts = [a.strip() for a in text.split(";" if ";" in text else ",") if a.strip()]
    index = UnitIndex(queries.localities(engine)) if any(a not in known for a in parts) else None
    lineages: list[str] = []
    unknown: list[str] = []
    for part in parts:
        if part in known or index is None:
            lineages.append(part)
            continue
        try:
            lineages.append(index.by_id[index.resolve(part)]["lineage"])
        except UnitNameError as error:
            unknown.append(f"{part} ({error})")
    return tuple(dict.fromkeys(lineages)), unknown


def cmd_pack(args: argparse.Namespace) -> int:
    from datetime import date

    from danvan.exporting.images import ExportError
    from danvan.exporting.pack import PackError, make_pack, pack_pdf
    from danvan.exporting.slides import PRESETS, chart_keys
    from danvan.reading.filters import Filters

    engine = _engine()
    known = queries.lineage_ids(engine)
    lineages, unknown = _lineages(engine, args.dia_ban or "", known)
    if unknown:
        focus = ", ".join(queries.focus_lineages(engine)["lineage"])
        print(f"Không có địa bàn: {', '.join(unknown)}. Ví dụ mã địa bàn: {focus}.", file=sys.stderr)
        return 2
    low, high = queries.year_bounds(engine)
    year_from, year_to = args.tu or low, args.den or high
    if year_from > year_to:
        print("Năm bắt đầu (--tu) phải không lớn hơn năm kết thúc (--den).", file=sys.stderr)
        return 2
    choice: str | list[str] = args.bo
    if args.bieu_do:
        choice = [k.strip() for k in args.bieu_do.split(",") if k.strip()]
    elif choice not in PRESETS:
        print(f"Không có bộ: {choice}. Có: {', '.join(PRESETS)}.", file=sys.stderr)
        return 2
    try:
        chart_keys(choice)
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return 2
    filters = Filters(year_from, year_to, lineages)
    try:
        pptx, slides = make_pack(engine, choice, filters, made_on=date.today(), title=args.tieu_de,
                                 latest_each=args.moi_nhat)
        if not slides:
            print("Không có biểu đồ nào có số liệu cho lựa chọn này; không ghi tệp.", file=sys.stderr)
            return 1
        out = Path(args.file)
        if out.suffix.lower() == ".pdf":
            out.write_bytes(pack_pdf(pptx))
            written = [out]
        else:
            out.write_bytes(pptx)
            written = [out]
            if args.pdf:
                pdf = out.with_suffix(".pdf")
                pdf.write_bytes(pack_pdf(pptx))
                written.append(pdf)
    except (ExportError, PackError) as error:
        print(str(error), file=sys.stderr)
        return 1
    print(f"Đã ghi bộ trình chiếu ({len(slides)} biểu đồ): {', '.join(str(p) for p in written)}.")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from danvan.data.backup import BackupError, backup

    url = get_settings().database_url
    try:
        done = backup(url, Path(args.file), overwrite=args.ghi_de)
    except BackupError as error:
        print(str(error), file=sys.stderr)
        return 1
    size = format_number(done.size / 1024 / 1024, 1)
    print(f"Đã sao lưu {done.database} vào tệp {done.file} ({size} MB).")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from danvan.data.backup import BackupError, restore, row_counts

    url = get_settings().database_url
    try:
        done = restore(url, Path(args.file), overwrite=args.ghi_de, user=args.nguoi_dung or _os_user())
    except BackupError as error:
        print(str(error), file=sys.stderr)
        return 1
    engine = get_engine(url)
    counts = row_counts(engine, ("observation", "import_batch", "dvk_model"))
    n_obs, n_batch, n_models = (format_number(counts[t], 0)
                                for t in ("observation", "import_batch", "dvk_model"))
    print(f"Đã khôi phục {done.database} từ tệp {done.file}: {n_obs} số liệu, {n_batch} lô nhập, "
          f"{n_models} mô hình. Các phiên ứng dụng đang chạy sẽ tự tải lại số liệu.")
    return 0


def cmd_unlock(args: argparse.Namespace) -> int:
    """List the sign-in locks in force, or end one (audited): an account's or an address's."""
    from danvan.accounts import throttle

    engine = _engine()
    if not args.ten and not args.dia_chi:
        held = throttle.locks(engine)
        for lock in held:
            print(f"{throttle.describe(lock['kind'], lock['subject'])}: {format_number(lock['failures'])} "
                  f"lần sai, còn chờ {throttle.format_wait(lock['wait'])}")
        if not held:
            print("Không có tài khoản hay địa chỉ nào đang bị tạm khóa đăng nhập.")
        return 0
    if args.ten and args.dia_chi:
        print("Chỉ ghi tên tài khoản hoặc --dia-chi, không ghi cả hai.", file=sys.stderr)
        return 2
    kind, given = (throttle.ADDRESS, args.dia_chi) if args.dia_chi else (throttle.ACCOUNT, args.ten)
    subject = throttle.subject_key(kind, given)
    what = throttle.describe(kind, subject)
    if throttle.unlock(engine, kind, subject, args.nguoi_dung or _os_user()):
        print(f"Đã mở tạm khóa đăng nhập cho {what}.")
        return 0
    print(f"Không có lần đăng nhập sai nào đang tính cho {what}.", file=sys.stderr)
    return 1


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment (some containers)
        return "dòng lệnh"


# argparse's own words, shown to the user in help and errors, in Vietnamese (argparse looks them up
# through its module-level gettext functions at each call, so replacing those is enough)
ARGPARSE_VI = {
    "usage: ": "cách dùng: ",
    "positional arguments": "đối số",
    "options": "tùy chọn",
    "show this help message and exit": "xem hướng dẫn này rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "the following arguments are required: %s": "thiếu đối số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu đối số: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "không có lựa chọn %(value)r (chọn một trong %(choices)s)",
    "argument %(argument_name)s: %(message)s": "đối số %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ: %(value)r",
    "expected one argument": "cần một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn %(option)s chưa rõ, có thể là %(matches)s",
    "not allowed with argument %s": "không dùng cùng đối số %s",
    "one of the arguments %s is required": "cần một trong các đối số %s",
    "ignored explicit argument %r": "bỏ qua giá trị %r",
    "can't open '%(filename)s': %(error)s": "không mở được «%(filename)s»: %(error)s",
    "expected %s argument": "cần %s giá trị",
    "expected %s arguments": "cần %s giá trị",
}


def _vi(message: str) -> str:
    return ARGPARSE_VI.get(message, message)


def _vi_plural(singular: str, plural: str, n: int) -> str:
    return _vi(singular if n == 1 else plural)


def parser() -> argparse.ArgumentParser:
    argparse._ = _vi  # type: ignore[attr-defined]
    argparse.ngettext = _vi_plural  # type: ignore[attr-defined]
    main = argparse.ArgumentParser(prog="python -m danvan.cli", description="Nhập, hoàn tác số liệu dân vận.")
    sub = main.add_subparsers(dest="command", required=True, metavar="LỆNH", title="lệnh")
    imp = sub.add_parser("nhap", help="nhập một tệp .xlsx hoặc .csv")
    imp.add_argument("file", metavar="TỆP", help="tệp .xlsx hoặc .csv")
    imp.add_argument("--nguoi-dung", required=True, metavar="TÊN", help="tên người nhập (ghi vào lô nhập)")
    imp.add_argument("--thay-the", action="store_true", help="chấp nhận thay các số liệu đang có khác giá trị")
    imp.add_argument("--mo-hinh", action="store_true", help="tệp là danh sách mô hình Dân vận khéo")
    imp.add_argument("--thu", action="store_true", help="chỉ kiểm tra, không ghi")
    imp.add_argument("--ky", default="", metavar="KỲ", help="kỳ cho các dòng không ghi kỳ, vd. «năm 2025»")
    imp.add_argument("--nhap-dong-hop-le", action="store_true",
                     help="nhập các dòng hợp lệ, giữ các dòng còn lại chờ bổ sung (mặc định: tất cả hoặc không)")
    imp.add_argument("--chi-tieu-moi", action="store_true",
                     help="tạo chỉ tiêu mới cho tên chỉ tiêu không khớp danh mục")
    imp.add_argument("--xac-nhan", action="store_true",
                     help="xác nhận các số liệu bất thường (số lẻ cho chỉ tiêu đếm, tỷ lệ dưới 1%%, số lớn "
                     "bất thường) đã kiểm tra với nguồn")
    imp.set_defaults(run=cmd_import)
    undo = sub.add_parser("hoan-tac", help="hoàn tác toàn bộ một lô nhập")
    undo.add_argument("batch", type=int, metavar="SỐ_LÔ", help="số lô trong «lich-su»")
    undo.add_argument("--nguoi-dung", required=True, metavar="TÊN", help="tên người hoàn tác")
    undo.set_defaults(run=cmd_undo)
    tpl = sub.add_parser("mau", help="ghi tệp Excel mẫu")
    tpl.add_argument("file", metavar="TỆP", help="tệp .xlsx sẽ ghi")
    tpl.add_argument("--mo-hinh", action="store_true", help="mẫu danh sách mô hình Dân vận khéo")
    tpl.set_defaults(run=cmd_template)
    sub.add_parser("lich-su", help="liệt kê các lô nhập").set_defaults(run=cmd_history)
    pack = sub.add_parser("trinh-chieu", help="dựng bộ trình chiếu .pptx (và .pdf)")
    pack.add_argument("file", metavar="TỆP", help="tệp kết quả .pptx (hoặc .pdf để chỉ ghi PDF)")
    pack.add_argument("--dia-ban", default="", metavar="ĐỊA_BÀN", help="địa bàn (mã hoặc tên), cách nhau dấu phẩy, vd. «tra-vinh,nghe-an» hoặc "
                      "«Trà Vinh, TX Hương Trà»; dùng dấu chấm phẩy khi tên kèm tỉnh")
    pack.add_argument("--tu", type=int, metavar="NĂM", help="từ năm")
    pack.add_argument("--den", type=int, metavar="NĂM", help="đến năm")
    pack.add_argument("--bo", default="tong_quan_nam", metavar="BỘ",
                      help="bộ biểu đồ có sẵn: tong_quan_nam, so_sanh_dia_phuong, dan_van_kheo")
    pack.add_argument("--bieu-do", default="", metavar="BIỂU_ĐỒ", help="danh sách biểu đồ, cách nhau dấu phẩy (thay cho --bo)")
    pack.add_argument("--tieu-de", default="", metavar="TIÊU_ĐỀ",
                      help="tiêu đề trang bìa (mặc định «Kết quả công tác dân vận … năm …»)")
    pack.add_argument("--moi-nhat", action="store_true",
                      help="khi các địa phương không có số liệu cùng kỳ, vẫn đặt cạnh nhau số mới nhất của mỗi "
                           "địa phương (có ghi chú khác năm, không xếp hạng)")
    pack.add_argument("--pdf", action="store_true", help="ghi thêm bản PDF cạnh tệp .pptx")
    pack.set_defaults(run=cmd_pack)
    save = sub.add_parser("sao-luu", help="sao lưu toàn bộ cơ sở dữ liệu vào một tệp")
    save.add_argument("file", metavar="TỆP", help="tệp sao lưu (SQLite: bản sao tệp CSDL; PostgreSQL: pg_dump dạng custom)")
    save.add_argument("--ghi-de", action="store_true", help="ghi đè tệp sao lưu đã có cùng tên")
    save.set_defaults(run=cmd_backup)
    load = sub.add_parser("khoi-phuc", help="khôi phục cơ sở dữ liệu từ tệp sao lưu (thay toàn bộ dữ liệu)")
    load.add_argument("file", metavar="TỆP", help="tệp do lệnh sao-luu tạo")
    load.add_argument("--ghi-de", action="store_true", help="cho phép thay cơ sở dữ liệu đang có dữ liệu")
    load.add_argument("--nguoi-dung", default="", metavar="TÊN", help="tên người khôi phục (ghi vào nhật ký thay đổi)")
    load.set_defaults(run=cmd_restore)
    unlock = sub.add_parser("mo-khoa-dang-nhap",
                            help="liệt kê hoặc mở tạm khóa đăng nhập (do nhập sai mật khẩu nhiều lần)")
    unlock.add_argument("ten", nargs="?", default="", metavar="TÊN",
                        help="tên đăng nhập cần mở khóa (bỏ trống để liệt kê các khóa đang có)")
    unlock.add_argument("--dia-chi", default="", metavar="ĐỊA_CHỈ", help="mở khóa cho một địa chỉ máy")
    unlock.add_argument("--nguoi-dung", default="", metavar="TÊN", help="tên người mở khóa (ghi vào nhật ký thay đổi)")
    unlock.set_defaults(run=cmd_unlock)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
