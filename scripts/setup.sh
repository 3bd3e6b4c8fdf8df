#!/usr/bin/env bash
# Prepare a machine to run the dashboard and its tests (Debian 12, Python 3.11).
#   1. apt packages: Debian's Chromium and DejaVu fonts, LibreOffice Impress (pack → PDF),
#      poppler-utils (pdftoppm) and Liberation fonts (only when missing);
#   2. .venv (only when missing);
#   3. pip install -r requirements-dev.txt (skipped when the requirement files are unchanged
#      since the last successful install into this .venv).
# Playwright drives /usr/bin/chromium; this script never runs `playwright install`.
# With --app only what the app needs is installed (no test tools).
set -euo pipefail

MODE="${1:-dev}"

cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON="${PYTHON:-python3}"
VENV=".venv"
CHROMIUM="/usr/bin/chromium"
FONT="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SOFFICE="/usr/bin/soffice"
PDFTOPPM="/usr/bin/pdftoppm"

say() { printf '\n==> %s\n' "$*"; }

# --- 1. system packages --------------------------------------------------------------
apt_packages=()
# The app itself needs them too: chart images (kaleido drives Chromium) and the PDF pack.
if [[ ! -x "$CHROMIUM" || ! -f "$FONT" ]]; then
    apt_packages+=(chromium fonts-dejavu-core)
fi
if [[ ! -x "$SOFFICE" || ! -x "$PDFTOPPM" ]]; then
    # The meeting pack as PDF (soffice --headless) and its rendering in tests (pdftoppm).
    apt_packages+=(libreoffice-impress poppler-utils fonts-liberation)
fi
if [[ ! -x /usr/sbin/nginx ]]; then
    # tests/test_serve_many.py: several app processes behind one port (deploy/nginx-danvan.conf).
    apt_packages+=(nginx-light)
fi
if [[ ! -x "$VENV/bin/python" ]] && ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
    # Debian's own python3 ships venv/ensurepip separately.
    apt_packages+=(python3-venv)
fi

if (( ${#apt_packages[@]} )); then
    say "Installing system packages: ${apt_packages[*]}"
    if [[ "$(id -u)" -eq 0 ]]; then
        SUDO=()
    elif command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo)
    else
        echo "error: need root (or sudo) to install: ${apt_packages[*]}" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${SUDO[@]}" apt-get update
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${apt_packages[@]}"
else
    say "System packages present ($CHROMIUM, DejaVu fonts, $SOFFICE, $PDFTOPPM)"
fi

# --- 2. virtual environment -----------------------------------------------------------
if [[ ! -x "$VENV/bin/python" ]]; then
    say "Creating $VENV with $("$PYTHON" --version 2>&1)"
    "$PYTHON" -m venv "$VENV"
fi

# --- 3. Python packages ---------------------------------------------------------------
stamp="$VENV/.requirements.sha256"
requirements="requirements-dev.txt"
[[ "$MODE" == "--app" ]] && requirements="requirements.txt"
wanted="$(cat requirements.txt "$requirements" | sha256sum | cut -d' ' -f1)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
    say "Python packages up to date (requirements unchanged)"
else
    say "Installing Python packages from $requirements"
    "$VENV/bin/python" -m pip install --disable-pip-version-check --progress-bar off \
        --quiet -r "$requirements"
    echo "$wanted" > "$stamp"
fi
"$VENV/bin/python" -m pip --disable-pip-version-check --quiet check
say "Setup done: $("$VENV/bin/python" --version), $("$CHROMIUM" --version 2>/dev/null || echo 'no chromium')"
