#!/usr/bin/env bash
# Starts Debian's PostgreSQL cluster (installed by .ci/run) and prints a URL for tests:
# a superuser role `octolens` that test files use to create their own databases.
set -euo pipefail
ver=$(ls /usr/lib/postgresql | sort -V | tail -1)
pg_lsclusters -h | grep -q "^$ver main .* online" || pg_ctlcluster "$ver" main start >&2
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = 'octolens'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"CREATE ROLE octolens LOGIN SUPERUSER PASSWORD 'octolens'\"" >&2
echo "postgres://octolens:octolens@127.0.0.1:5432/postgres"
