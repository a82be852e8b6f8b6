# firstask: one image for the web server (gunicorn), the Celery worker and Celery beat.
# See docker-compose.yml for how they are put together.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN groupadd --system --gid 1000 firstask \
    && useradd --system --uid 1000 --gid firstask --home-dir /app --shell /usr/sbin/nologin firstask

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them.
# Exactly the locked files: every package pinned with its hashes (bin/lock writes the lock).
COPY requirements.txt requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

COPY . .

# Static files are collected at build time, with hashed, compressed names that
# whitenoise serves with far-future cache headers.
ENV STATICFILES_BACKEND=whitenoise.storage.CompressedManifestStaticFilesStorage \
    STATIC_ROOT=/app/staticfiles \
    FIRSTASK_DATA_DIR=/data \
    MEDIA_ROOT=/data/media
RUN FIRSTASK_DATA_DIR=/tmp/build-data python manage.py collectstatic --noinput --verbosity 0 \
    && rm -rf /tmp/build-data \
    && mkdir -p /data/media \
    && chown -R firstask:firstask /data \
    && chmod +x docker/entrypoint.sh

USER firstask
VOLUME ["/data/media"]
EXPOSE 8000

ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
