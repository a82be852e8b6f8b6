#!/bin/sh
# The streaming standby of the compose profile "scale": copies the primary once
# (pg_basebackup -R writes its connection to the primary), then runs as a hot standby.
set -eu
PRIMARY_HOST="${PRIMARY_HOST:-postgres}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA"
    chown postgres:postgres "$PGDATA"
    chmod 700 "$PGDATA"
    until gosu postgres pg_isready -q -h "$PRIMARY_HOST" -U replicator; do sleep 1; done
    PGPASSWORD="$REPLICATION_PASSWORD" gosu postgres pg_basebackup -h "$PRIMARY_HOST" \
        -U replicator -D "$PGDATA" --write-recovery-conf --wal-method=stream --checkpoint=fast
fi
exec gosu postgres postgres -c hot_standby=on
