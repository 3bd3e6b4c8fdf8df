"""The command line speaks Vietnamese: help, usage and argparse's own error messages."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from danvan import cli

ENGLISH = re.compile(r"\b(usage|options|positional|arguments?|show this help|error|required|invalid|choose from|"
                     r"unrecognized|expected)\b", re.IGNORECASE)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "danvan.cli", *args], capture_output=True, text=True, timeout=120,
                          check=False)


@pytest.mark.parametrize("args", [("--help",), ("nhap", "--help"), ("hoan-tac", "--help"), ("trinh-chieu", "--help"),
                                  ("sao-luu", "--help"), ("mo-khoa-dang-nhap", "--help")])
def test_help_is_vietnamese(args) -> None:
    done = run(*args)
    assert done.returncode == 0
    assert "cách dùng:" in done.stdout and "xem hướng dẫn này rồi thoát" in done.stdout
    assert not ENGLISH.search(done.stdout), done.stdout


@pytest.mark.parametrize(("args", "said"), [
    ((), "thiếu đối số bắt buộc: LỆNH"),
    (("nhap",), "thiếu đối số bắt buộc: TỆP, --nguoi-dung"),
    (("lam-gi",), "không có lựa chọn 'lam-gi'"),
    (("hoan-tac", "abc", "--nguoi-dung", "x"), "đối số SỐ_LÔ: giá trị không hợp lệ: 'abc'"),
    (("lich-su", "--them"), "không hiểu đối số: --them"),
])
def test_mistakes_are_told_in_vietnamese(args, said) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert said in done.stderr and ": lỗi: " in done.stderr, done.stderr
    assert not ENGLISH.search(done.stderr), done.stderr


def test_every_argparse_word_a_user_can_meet_is_translated() -> None:
    """A Python upgrade that adds or rewords an argparse message shows up here, not on a user's screen."""
    import argparse
    import inspect
    source = inspect.getsource(argparse)
    shown = set(re.findall(r"\b_\('([^']*)'\)", source)) | set(re.findall(r'\b_\("([^"]*)"\)', source))
    internal = {m for m in shown if re.search(r"invalid conflict|dest=|cannot |conflicting|not callable|__call__|"
                                              r"mutually exclusive|unknown parser|'required' is|invalid option string|"
                                              r'argument "-"|unexpected option', m)}  # programming errors
    missing = {m.replace("\\n", "\n") for m in shown - internal} - set(cli.ARGPARSE_VI)
    assert not missing, missing
