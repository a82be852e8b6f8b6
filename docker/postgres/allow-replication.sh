#!/bin/sh
# Runs once, when the primary's data folder is first initialised (docker-entrypoint-initdb.d):
# a replication role for the standby of the compose profile "scale", and the pg_hba.conf
# line that lets it stream. Without REPLICATION_PASSWORD it does nothing.
set -eu
if [ -z "${REPLICATION_PASSWORD:-}" ]; then
    exit 0
fi
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v password="$REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password';
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
