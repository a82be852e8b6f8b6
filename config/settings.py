"""Settings, all read from environment variables (see README for the list)."""

import datetime as dt
import ipaddress
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.pgbouncer import behind_pgbouncer
from config.production import (
    DEVELOPMENT_SECRET_KEY,
    check_production,
    is_production,
    proxy_ssl_header,
)
from firstask.client_ip import parse_trusted_proxies
from firstask.storage import attachments_storage

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DATA_DIR = Path(env("FIRSTASK_DATA_DIR", default=str(BASE_DIR / "data")))
DATA_DIR.mkdir(parents=True, exist_ok=True)

# "production" turns on every HTTPS protection and refuses to start without a real
# SECRET_KEY and ALLOWED_HOSTS; "development" (the default: bin/run, tests) does not; any
# other value refuses to start.
PRODUCTION = is_production(env("DJANGO_ENV", default="development"))
DEBUG = env.bool("DEBUG", default=False)
# An empty SECRET_KEY (as in .env.example) counts as unset.
SECRET_KEY = env("SECRET_KEY", default="") or ("" if PRODUCTION else DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]"]
)
if PRODUCTION:
    check_production(secret_key=SECRET_KEY, allowed_hosts=ALLOWED_HOSTS, debug=DEBUG)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# HTTPS: on by default in production, each switchable for a deployment that needs it.
SECURE_COOKIES = env.bool("SECURE_COOKIES", default=PRODUCTION)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
# Health probes talk plain HTTP to each web process, not through the HTTPS proxy.
SECURE_REDIRECT_EXEMPT = env.list("SECURE_REDIRECT_EXEMPT", default=[r"^health/$"])
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=PRODUCTION)
# Behind an HTTPS proxy: the header it sets, so request.is_secure() and absolute links
# (the receipt's QR code) say https. Only set it when the proxy always sets the header.
SECURE_PROXY_SSL_HEADER = proxy_ssl_header(env("SECURE_PROXY_SSL_HEADER", default=""))
# Addresses or networks of reverse proxies whose X-Forwarded-For is believed (client_ip).
TRUSTED_PROXIES = parse_trusted_proxies(env.list("TRUSTED_PROXIES", default=[]))

# Content-Security-Policy (django-csp): scripts only from our own static files (no inline
# script or on*= attribute anywhere, tests/firstask/test_security_headers.py); styles from
# our files plus inline style attributes, which the Django admin and import-export use.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
if env("CSP_REPORT_URI", default=""):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [env("CSP_REPORT_URI")]

# Counters are shared machines: a session ends after 8 hours and when the browser closes.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_fsm",
    "simple_history",
    "import_export",
    "django_celery_beat",
    "rest_framework",
    "drf_spectacular",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "firstask",
    "departments",
    "cases",
    "penalties",
    "sms",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads a form: the API's refusals in the GeoReport format.
    "cases.open311.middleware.GeoReportErrorsMiddleware",
    "firstask.middleware.NulByteMiddleware",
    # Which reads may go to the read replica: the user's last POST must be replayed there.
    "firstask.replica.ReplicaPinMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "firstask.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor login (departments/two_factor.py): which device verified the session, and
    # no page but the login steps for a role that needs one until it has.
    "django_otp.middleware.OTPMiddleware",
    "departments.two_factor_views.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "firstask.middleware.NoStoreWhenLoggedInMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# Apps above departments add to the login page (departments/login.py) through these.
LOGIN_PAGE_EXTRAS = ["demo.login_page.login_page_extras"]
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The case list's covering index (INCLUDE) is a PostgreSQL feature; SQLite builds it
    # without the extra columns, which is all a single-machine install needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
    # IMMEDIATE transactions and WAL let the web server, worker and beat share one file
    # without "database is locked" errors on lock upgrades.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 30, "init_command": "PRAGMA journal_mode=WAL;"}
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

# A streaming replica (firstask/replica.py): only the reads that ask for it go there (the
# dashboard, reports, exports and the Open311 GETs), and only while it keeps up.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["replica"].setdefault("CONN_HEALTH_CHECKS", True)
    # A replica that does not answer is skipped after this many seconds (libpq's minimum: 2).
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_REPLICA_CONNECT_TIMEOUT", default=2)
    )
    # The test suite's database on the replica is the primary's, replicated.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_REPLICA_ENABLED = "replica" in DATABASES
DATABASE_ROUTERS = ["firstask.replica.ReplicaRouter"]
# Seconds the replica may lag behind what it received before reads go to the primary.
DATABASE_REPLICA_MAX_LAG = env.float("DATABASE_REPLICA_MAX_LAG", default=10.0)
# How often each process asks the replica for its lag (and retries one that was down).
DATABASE_REPLICA_CHECK_INTERVAL = env.float("DATABASE_REPLICA_CHECK_INTERVAL", default=2.0)
# How long after a POST the user's reads wait for the replica to replay that POST's writes.
DATABASE_REPLICA_PIN_SECONDS = env.int("DATABASE_REPLICA_PIN_SECONDS", default=60)

# Behind PgBouncer in transaction mode (README, "On several machines"): nothing may outlive
# a transaction (config/pgbouncer.py).
DATABASE_PGBOUNCER = env.bool("DATABASE_PGBOUNCER", default=False)
if DATABASE_PGBOUNCER:
    for _database in DATABASES.values():
        behind_pgbouncer(_database)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_validation = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_validation}.UserAttributeSimilarityValidator"},
    {
        "NAME": f"{_validation}.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=10)},
    },
    {"NAME": f"{_validation}.CommonPasswordValidator"},
    {"NAME": f"{_validation}.NumericPasswordValidator"},
    {"NAME": "firstask.passwords.RepetitivePasswordValidator"},
]

# Login lockout (django-axes): too many wrong passwords for one username from one client
# address lock that pair out for a cool-off; the address comes from firstask.client_ip.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "firstask.client_ip.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Two-factor login: the name authenticator apps show next to the account.
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="firstask")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# The CJK font of the PDFs also sets the notice on screen (penalties/static/penalties/document.css).
STATICFILES_DIRS = [BASE_DIR / "static", ("fonts", BASE_DIR / "firstask" / "fonts")]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
    # Case attachments (材料): never served as static or media files, only through the
    # download view that checks the case's permissions (cases/views/attachments.py).
    "attachments": attachments_storage(
        bucket=env("ATTACHMENTS_S3_BUCKET", default=""),
        endpoint_url=env("ATTACHMENTS_S3_ENDPOINT_URL", default=""),
        region=env("ATTACHMENTS_S3_REGION", default=""),
        access_key=env("ATTACHMENTS_S3_ACCESS_KEY", default=""),
        secret_key=env("ATTACHMENTS_S3_SECRET_KEY", default=""),
        prefix=env("ATTACHMENTS_S3_PREFIX", default="attachments"),
        location=env("ATTACHMENTS_ROOT", default=str(DATA_DIR / "attachments")),
    ),
}
# Attachments: the largest file, the most files per case, the largest image (pixels).
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
ATTACHMENTS_PER_CASE = env.int("ATTACHMENTS_PER_CASE", default=20)
ATTACHMENT_MAX_PIXELS = env.int("ATTACHMENT_MAX_PIXELS", default=50_000_000)
FILE_UPLOAD_HANDLERS = [
    # Stops keeping an attachment's bytes past ATTACHMENT_MAX_BYTES (the form says why).
    "cases.attachments.uploads.AttachmentSizeCap",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Serve static files straight from the apps in development (no collectstatic needed).
WHITENOISE_USE_FINDERS = DEBUG

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="firstask@localhost")
if "EMAIL_FILE_PATH" in env:  # for EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
if "EMAIL_URL" in env:
    vars().update(env.email("EMAIL_URL"))
# Seconds an SMTP exchange may take: a stuck mail server must not hold a worker forever.
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", default=30.0)
# The domain of the Message-ID each notice carries (the same on every worker and retry);
# by default that of DEFAULT_FROM_EMAIL.
EMAIL_MESSAGE_ID_DOMAIN = env("EMAIL_MESSAGE_ID_DOMAIN", default="")

# SMS notices (sms/): the backend that sends them. The console backend prints each to the
# worker's log (the demo); "sms.backends.FileBackend" appends JSON lines to SMS_FILE_PATH;
# "sms.backends.AliyunBackend" sends through Alibaba Cloud SMS (Dysmsapi SendSms) with
# ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET.
SMS_BACKEND = env("SMS_BACKEND", default="sms.backends.ConsoleBackend")
SMS_FILE_PATH = env("SMS_FILE_PATH", default=str(DATA_DIR / "sms.jsonl"))
ALIBABA_CLOUD_ACCESS_KEY_ID = env("ALIBABA_CLOUD_ACCESS_KEY_ID", default="")
ALIBABA_CLOUD_ACCESS_KEY_SECRET = env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", default="")
SMS_ALIYUN_ENDPOINT = env("SMS_ALIYUN_ENDPOINT", default="dysmsapi.aliyuncs.com")
SMS_ALIYUN_PROTOCOL = env("SMS_ALIYUN_PROTOCOL", default="https")
# Seconds to connect to the provider and for its whole answer.
SMS_CONNECT_TIMEOUT = env.float("SMS_CONNECT_TIMEOUT", default=3.0)
SMS_READ_TIMEOUT = env.float("SMS_READ_TIMEOUT", default=5.0)
# At most this many SMS to one number per hour (more are recorded as rate-limited).
SMS_PER_NUMBER_PER_HOUR = env.int("SMS_PER_NUMBER_PER_HOUR", default=5)
# The secret in the addresses the provider posts status reports and replies to
# (/sms/aliyun/<token>/reports/ and …/replies/); empty: those addresses answer 404.
SMS_CALLBACK_TOKEN = env("SMS_CALLBACK_TOKEN", default="")
# The longest one SMS delivery may hold its outbox row (the provider's timeouts are shorter).
SMS_LEASE_SECONDS = env.int("SMS_LEASE_SECONDS", default=60)

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# The cache holds only the rate limits' counters (cases/ratelimit.py): a frozen Redis must not
# hold every public page, so its calls are bounded (unless CACHE_URL sets its own timeouts)
# and a failing cache lets the request through.
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    _cache_timeout = env.float("CACHE_TIMEOUT", default=0.25)
    _cache_options = CACHES["default"].setdefault("OPTIONS", {})
    _cache_options.setdefault("socket_timeout", _cache_timeout)
    _cache_options.setdefault("socket_connect_timeout", _cache_timeout)

# Exporting needs the view permission of the model (and is scoped like the list).
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# Spreadsheets (departments.spreadsheets.exports and .imports): longer exports go to a
# worker.
EXPORT_INLINE_MAX_ROWS = env.int("EXPORT_INLINE_MAX_ROWS", default=2000)
# A background export runs outside the outbox's transaction (its progress is seen as it
# goes); a worker that dies mid-export has it started again after this many seconds.
EXPORT_LEASE_SECONDS = env.int("EXPORT_LEASE_SECONDS", default=3600)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=10000)
# The largest file an import reads, and what an XLSX file may unpack to (checked before it
# is opened): 10,000 rows of about 900 Chinese characters each fit.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=32 * 1024 * 1024)

# The managers' pages (dashboard, notice, rankings) read the days that events touched since
# the beat counted them from that count when it is at most this old and those days are
# large (more cases registered on them than SUMMARY_LIVE_CASES), and say so; otherwise they
# count such days live from the cases (exact to the second; for a city, seconds per page).
# 0: always live. penalties.metrics.daily.stale_from.
SUMMARY_STALE_SECONDS = env.int("SUMMARY_STALE_SECONDS", default=600)
SUMMARY_LIVE_CASES = env.int("SUMMARY_LIVE_CASES", default=1000)

# The Open311 API (cases/open311/) is the only REST framework API; its views set their
# own parsers, renderers, authentication and errors (the standard's), nothing global.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "firstask Open311 GeoReport v2",
    "DESCRIPTION": (
        "Open311 GeoReport v2: public matters are services, cases are service requests, "
        "one organisation per jurisdiction_id. Every resource answers as .json and .xml."
    ),
    "VERSION": "2",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/open311/v2",
    # Request bodies get their own components, with minLength on required text.
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cases.open311.docs.lat_long_together",
    ],
}
# Reads of the public GET endpoints per client address and minute.
OPEN311_READS_PER_MINUTE = env.int("OPEN311_READS_PER_MINUTE", default=600)
# Wrong api_keys per client address and 10 minutes; past that its POSTs get 429.
OPEN311_KEY_FAILURES = env.int("OPEN311_KEY_FAILURES", default=10)
# Requests to the public pages (/p/...) and the public /health/ per client address and minute.
PUBLIC_PAGES_PER_MINUTE = env.int("PUBLIC_PAGES_PER_MINUTE", default=120)
# How long the signed rating link in a notice to the person stays valid (cases.services.rating).
RATING_LINK_DAYS = env.int("RATING_LINK_DAYS", default=30)
# The address the site is reached at (e.g. https://firstask.example.cn), for the absolute
# links of messages sent without a request: the webhooks' media_url. Empty: those links
# are the path alone, to be joined to the address the receiver calls the API at.
SITE_BASE_URL = env("SITE_BASE_URL", default="")
# Attempts of one webhook delivery; with the outbox's backoff (doubling up to an hour) the
# default keeps trying for about four days before the delivery is marked dead.
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=100)
# Where webhooks may go (cases/open311/egress.py): public https receivers, and plain http or
# internal addresses only inside these networks (receivers on premises), e.g. 10.1.2.0/24.
WEBHOOK_ALLOWED_NETWORKS = [
    str(ipaddress.ip_network(entry, strict=False))
    for entry in env.list("WEBHOOK_ALLOWED_NETWORKS", default=[])
]
# Fair delivery (cases/open311/webhook_delivery.py): their own Celery queue, short limits,
# a circuit breaker and a concurrency limit per endpoint, a cap per organisation.
WEBHOOK_QUEUE = env("WEBHOOK_QUEUE", default="webhooks")
WEBHOOK_CONNECT_TIMEOUT = env.float("WEBHOOK_CONNECT_TIMEOUT", default=3.0)
WEBHOOK_READ_TIMEOUT = env.float("WEBHOOK_READ_TIMEOUT", default=5.0)
WEBHOOK_BREAKER_FAILURES = env.int("WEBHOOK_BREAKER_FAILURES", default=5)
WEBHOOK_BREAKER_PAUSE = env.int("WEBHOOK_BREAKER_PAUSE", default=600)
WEBHOOK_ENDPOINT_CONCURRENCY = env.int("WEBHOOK_ENDPOINT_CONCURRENCY", default=2)
WEBHOOK_MAX_ENDPOINTS = env.int("WEBHOOK_MAX_ENDPOINTS", default=10)
WEBHOOK_DRAIN_BATCH = env.int("WEBHOOK_DRAIN_BATCH", default=20)
# How long a rotated signing secret is still signed with, beside the new one.
WEBHOOK_SECRET_OVERLAP = env.int("WEBHOOK_SECRET_OVERLAP", default=24 * 60 * 60)

# History is an audit trail: it can be read, never reverted from the admin.
SIMPLE_HISTORY_REVERT_DISABLED = True
SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

# Celery: Redis in production; by default an embedded broker on the file system so
# the single-machine command needs no server.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    # The embedded broker has no host, but kombu warns "No hostname was supplied" on every
    # connection of a URL without one: name the one it would fall back to.
    if CELERY_BROKER_URL.rstrip("/") == "filesystem:":
        CELERY_BROKER_URL = "filesystem://localhost/"
    _broker_dir = DATA_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Its own queue lets a worker and beat started by a test share a Redis without mixing tasks.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
# Webhooks are delivered by workers of their own queue (README, "Running on PostgreSQL").
CELERY_TASK_ROUTES = {"cases.tasks.deliver_webhooks": {"queue": WEBHOOK_QUEUE}}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing must fail fast when the broker is down: cases are registered without it.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
CELERY_TASK_PUBLISH_RETRY = False

# The transactional outbox (firstask/outbox.py): retries double from the base up to the cap;
# after the last attempt a message is "dead" until retried from the admin.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=10)
OUTBOX_BACKOFF_SECONDS = env.float("OUTBOX_BACKOFF_SECONDS", default=15.0)
OUTBOX_BACKOFF_MAX = env.float("OUTBOX_BACKOFF_MAX", default=3600.0)
OUTBOX_DRAIN_BATCH = env.int("OUTBOX_DRAIN_BATCH", default=200)
# Bounds every network step of the after-commit nudge (which runs off the request thread).
OUTBOX_NUDGE_TIMEOUT = env.float("OUTBOX_NUDGE_TIMEOUT", default=2.0)
# At most one nudge per interval and process: under load, commits share one.
OUTBOX_NUDGE_INTERVAL = env.float("OUTBOX_NUDGE_INTERVAL", default=0.2)
# /health/: seconds the broker check may take (a frozen Redis answers "unavailable" then),
# and the token (X-Health-Token header) that shows each check's result; without it only the
# platform operator sees them, everyone else only {"status": "ok"} or "failing".
HEALTH_TIMEOUT = env.float("HEALTH_TIMEOUT", default=0.25)
HEALTH_TOKEN = env("HEALTH_TOKEN", default="")
# /health/ fails when the oldest pending message or the last deadline sweep is older.
HEALTH_OUTBOX_MAX_AGE = env.float("HEALTH_OUTBOX_MAX_AGE", default=300.0)
HEALTH_SWEEP_MAX_AGE = env.float("HEALTH_SWEEP_MAX_AGE", default=600.0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden_in_one_line": {"()": "firstask.log_filters.ForbiddenInOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django.request": {"filters": ["forbidden_in_one_line"]},
    },
}
