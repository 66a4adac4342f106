#!/usr/bin/env bash
# The whole test suite against real PostgreSQL, Redis and Chromium.
# Installs what is missing (apt, pip), starts PostgreSQL and Redis if they are stopped,
# and fails loudly if any of them still cannot be reached. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }
die() { printf '\nFATAL: %s\n' "$*" >&2; exit 1; }

apt_missing=()
command -v pg_ctlcluster >/dev/null || apt_missing+=(postgresql)
command -v redis-server >/dev/null || apt_missing+=(redis-server)
[ -x /usr/bin/chromium ] || apt_missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || apt_missing+=(fonts-noto-cjk)
command -v msgfmt >/dev/null || apt_missing+=(gettext)
# WeasyPrint (the work report's PDF) lays text out with Pango.
ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || apt_missing+=(libpango-1.0-0 libpangoft2-1.0-0)
if [ ${#apt_missing[@]} -gt 0 ]; then
  say "Installing ${apt_missing[*]}"
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${apt_missing[@]}" >/dev/null \
    || die "could not install ${apt_missing[*]} with apt-get"
fi

say "Python environment"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[test]'

export DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/dongfeng}"
# A Redis database of the suite's own: it claims only an empty one and flushes only that.
export REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}"

say "PostgreSQL"
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  for version in $(ls /etc/postgresql 2>/dev/null); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  done
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432 || die "PostgreSQL is not answering on 127.0.0.1:5432"

say "Redis"
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
fi
redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || die "Redis is not answering on 127.0.0.1:6379"

say "Chromium"
/usr/bin/chromium --version || die "Chromium is missing at /usr/bin/chromium"

say "Lint"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

say "Tests"
.venv/bin/python -m pytest "$@"
