#!/usr/bin/env bash
# Install the project and its three jurisdiction plugins into .venv, then run every check:
# ruff (lint and format), mypy (strict), the import contract and the whole pytest suite
# (with the web extra, whose tests drive Chromium when /usr/bin/chromium is installed).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[dev,web]" -e plugins/yangquan -e plugins/shaanxi -e plugins/xinzhou
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/lint-imports
.venv/bin/python -m pytest "$@"
