#!/bin/sh
# Entry point of the firstask image. With FIRSTASK_MIGRATE=1 (the migrate service in
# docker-compose.yml) the database is migrated before the command starts:
#
# - with DATABASE_ADMIN_URL (a superuser), `manage.py db_roles` first creates or updates
#   the owner role DATABASE_OWNER and the application role DATABASE_APP (passwords from
#   DATABASE_OWNER_PASSWORD and DATABASE_APP_PASSWORD), and again after migrating, so the
#   application role gets its privileges on the tables the migrations created;
# - the migrations run as DATABASE_MIGRATE_URL (the owner role), or DATABASE_URL.
#
# The web service, the workers and beat never migrate; they start once it is done.
set -e
cd "$(dirname "$0")/.."

roles() {
    if [ -n "${DATABASE_ADMIN_URL:-}" ]; then
        echo "entrypoint: database roles ($1)"
        DATABASE_URL="$DATABASE_ADMIN_URL" python manage.py db_roles \
            --owner "${DATABASE_OWNER:?set DATABASE_OWNER}" --app "${DATABASE_APP:?set DATABASE_APP}"
    fi
}

if [ "${FIRSTASK_MIGRATE:-0}" = "1" ]; then
    roles "before migrating"
    echo "entrypoint: migrating the database"
    DATABASE_URL="${DATABASE_MIGRATE_URL:-$DATABASE_URL}" python manage.py migrate --noinput
    roles "after migrating"
fi

exec "$@"
