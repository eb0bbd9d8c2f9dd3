#!/usr/bin/env bash
# The whole test suite, from a clean checkout: installs what it needs, then runs
# ruff, mypy and pytest. CI (.ci/run) calls exactly this script.
set -euo pipefail
cd "$(dirname "$0")/.."

# durable-rules 2.0.28 imports on CPython 3.10-3.12 only.
PY=""
for candidate in python3.12 python3.11 python3.10 python3; do
  if command -v "$candidate" >/dev/null 2>&1 &&
     "$candidate" -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] < (3, 13)))' 2>/dev/null; then
    PY="$candidate"; break
  fi
done
if [ -z "$PY" ]; then
  echo "scripts/test.sh: no Python 3.10-3.12 found; install one (durable-rules needs it)" >&2
  exit 2
fi

# A real browser for the site and console tests (Debian's chromium), and CJK fonts so that
# Chinese pages render in screenshots.
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  else
    echo "scripts/test.sh: chromium is missing; browser tests will be skipped" >&2
  fi
fi

# PostgreSQL (Debian's package) for the feedback store's tests (issue 14): the tests start
# their own throw-away server on 127.0.0.1 in a temporary folder (as the postgres user when
# run as root); without it and without root they are skipped with the reason.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "scripts/test.sh: PostgreSQL is missing; its feedback tests will be skipped" >&2
  fi
fi
# Lighthouse for tests/publish/test_lighthouse.py (issue 16): the npm package, run with the
# chromium above; installed once into build/lighthouse/ (skipped when npm is missing).
if command -v npm >/dev/null 2>&1 && [ ! -x build/lighthouse/node_modules/.bin/lighthouse ]; then
  mkdir -p build/lighthouse
  npm install --prefix build/lighthouse --no-audit --no-fund --loglevel=error lighthouse@12 \
    >/dev/null || echo "scripts/test.sh: npm could not install lighthouse; its test is skipped" >&2
fi

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install -q -e '.[dev]'
# triage report: Dask (tests run a LocalCluster on loopback) and pandas (the Spark-style
# mapInPandas function is tested with pandas frames); matplotlib comes with the main install.
.venv/bin/python -m pip install -q -e '.[scale]'
.venv/bin/python -m compileall -q engine

export MALLOC_MMAP_THRESHOLD_=131072
.venv/bin/ruff check engine tests bench
# mypy resolves the import name triage through a link to engine/ (a PEP 660 editable install
# is invisible to it, which would silently make every triage.* import Any).
mkdir -p build/typecheck && ln -sfn ../../engine build/typecheck/triage
MYPYPATH=build/typecheck .venv/bin/mypy -p triage
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
