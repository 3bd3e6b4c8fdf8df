#!/usr/bin/env bash
# Set up (first time only) and serve the dashboard on http://localhost:8501.
# The SQLite database is built from data/ on first start; set DATABASE_URL for another engine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh --app
exec .venv/bin/python -m danvan.serve --server.port "${PORT:-8501}" "$@"
