#!/usr/bin/env bash
# Lint and run the whole test suite (unit, AppTest and browser tests in Debian's Chromium).
# Exit status: ruff's if it fails, otherwise pytest's. "No tests collected" (pytest exit
# code 5) is a failure, never a success.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh   # idempotent: installs only what is missing

printf '\n==> ruff check .\n'
.venv/bin/ruff check .

printf '\n==> pytest -q -ra\n'
status=0
.venv/bin/python -m pytest -q -ra "$@" || status=$?

case "$status" in
    0) printf '\n==> All checks passed\n' ;;
    5) printf '\n==> FAILED: pytest collected no tests (exit code 5)\n' >&2 ;;
    *) printf '\n==> FAILED: pytest exit code %s\n' "$status" >&2 ;;
esac
exit "$status"
