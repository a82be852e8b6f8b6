#!/bin/sh
# Entry point of the firstask image. With FIRSTASK_MIGRATE=1 (the web service in
# docker-compose.yml) the database is migrated before the command starts; the worker
# and beat wait for the web service to be healthy instead of migrating themselves.
set -e
cd "$(dirname "$0")/.."

if [ "${FIRSTASK_MIGRATE:-0}" = "1" ]; then
    echo "entrypoint: migrating the database"
    python manage.py migrate --noinput
fi

exec "$@"
