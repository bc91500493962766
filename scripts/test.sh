#!/usr/bin/env bash
# Set up (first time) and run the whole test suite: unit, property, store (SQLite and a
# throwaway PostgreSQL), AppTest page tests, headless-Chromium browser tests, and the deployment
# (two servers behind nginx, with sign-in through a local OpenID Connect provider).
# Extra arguments go to pytest, e.g. -k reconcile.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${need[*]} for the browser, PostgreSQL and deployment tests…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "Missing ${need[*]}: install them (Debian: apt-get install ${need[*]}) or those tests are skipped." >&2
  fi
fi
. scripts/venv.sh requirements-dev.txt
exec .venv/bin/python -m pytest "$@"
