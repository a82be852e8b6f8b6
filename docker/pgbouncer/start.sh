#!/bin/sh
# The application role's password from the environment, never in the image.
set -eu
umask 077
printf '"firstask_app" "%s"\n' "$DATABASE_APP_PASSWORD" > /tmp/pgbouncer-users.txt
exec pgbouncer /etc/pgbouncer/pgbouncer.ini
