#!/usr/bin/env bash
# Install (if missing) and start Debian's PostgreSQL on 127.0.0.1, with a role and an empty
# database for the tests. Prints the SQLAlchemy URL to use as TEST_POSTGRES_URL.
set -euo pipefail

if ! command -v pg_lsclusters >/dev/null 2>&1 || [[ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]]; then
    echo "==> Installing postgresql" >&2
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
fi
version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
if ! pg_lsclusters -h | grep -q "^$version main"; then
    pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | grep -q "^$version main .* online"; then
    pg_ctlcluster "$version" main start >&2
fi
for _ in $(seq 1 30); do
    su postgres -c "pg_isready -q -h 127.0.0.1" && break
    sleep 1
done
su postgres -c "psql -qtA -c \"SELECT 1 FROM pg_roles WHERE rolname='danvan'\"" | grep -q 1 \
    || su postgres -c "psql -q -c \"CREATE ROLE danvan LOGIN PASSWORD 'danvan'\"" >&2
# The tests give each test module its own database (CREATE DATABASE … TEMPLATE …).
su postgres -c "psql -q -c \"ALTER ROLE danvan CREATEDB\"" >&2
# Dropping a test database WITH (FORCE) ends the sessions still on it; an autovacuum worker
# among them can only be ended by a member of pg_signal_backend.
su postgres -c "psql -q -c \"GRANT pg_signal_backend TO danvan\"" >&2
su postgres -c "dropdb --if-exists danvan_test" >&2
su postgres -c "createdb -O danvan danvan_test" >&2
echo "postgresql+psycopg://danvan:danvan@127.0.0.1:5432/danvan_test"
