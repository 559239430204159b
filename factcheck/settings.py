"""Factcheck settings: one module, driven by the environment.

With no environment at all the service runs embedded: SQLite under var/, Celery tasks run
in-process, email goes to the console. DATABASE_URL, REDIS_URL (or CELERY_BROKER_URL) and
EMAIL_URL switch to PostgreSQL, Redis with real Celery workers, and SMTP.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from factcheck.env import email_settings, env_bool, env_int, env_list, env_renamed, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("FACTCHECK_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "csp",
    "simple_history",
    "axes",
    "sources",
    "claims",
    "claims.digests",  # weekly digests: a feature app inside claims/ (label "digests")
    "claims.tokens",  # API tokens: a feature app inside claims/ (label "tokens")
    "claims.assist",  # suggestions of claims and evidence: a feature app inside claims/ (label "assist")
    "frontend",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # A NUL in a query string is a 400, not a 500; after the user and messages are known (its page shows
    # the site's header) and before any view reads the query.
    "factcheck.middleware.QueryStringMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its answer (AXES_LOCKOUT_CALLABLE).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontend.context_processors.roles",
            ],
        },
    },
]

# --- Database: PostgreSQL from DATABASE_URL, else SQLite under var/ -------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Parameters travel apart from the SQL (no quoting in Python), and psycopg prepares statements a
        # connection runs repeatedly: the API's joined queries take longer to plan than to run.
        # Off behind a transaction-pooling PgBouncer: DATABASE_SERVER_SIDE_BINDING=0.
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["server_side_binding"] = env_bool("DATABASE_SERVER_SIDE_BINDING", True)
        # Django turns psycopg's prepared statements off unless asked; a query run this many times on a
        # connection is prepared (planned once). Behind a transaction-pooling PgBouncer older than 1.21:
        # DATABASE_PREPARE_THRESHOLD=0 turns them off.
        threshold = env_int("DATABASE_PREPARE_THRESHOLD", 2)
        options["prepare_threshold"] = threshold if threshold > 0 else None
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "factcheck.sqlite3",
            # One newsroom at once (uploads, marking, the in-process jobs) on one file: readers never
            # block writers (WAL), and a transaction takes the write lock when it begins (IMMEDIATE), so
            # one that read first cannot fail to upgrade its lock ("database is locked" at once, whatever
            # the timeout); a writer waits up to `timeout` seconds for the one before it.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": env_int("FACTCHECK_SQLITE_TIMEOUT", 30),
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Celery: Redis from REDIS_URL / CELERY_BROKER_URL, else tasks run in-process ------------
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# In-process, a job's error stays in its result rather than being raised into the request that sent it
# after that request committed its work; only then does Celery retry in place (autoretry_for, retry()).
# claims.jobs.enqueue logs the failure.
CELERY_TASK_EAGER_PROPAGATES = False
if CELERY_TASK_ALWAYS_EAGER:
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = int(CELERY_TASK_TIME_LIMIT * 0.9)
# An unacknowledged task is redelivered after the visibility timeout; it must outlast the hard time
# limit, or Redis hands a task that is still running to a second worker.
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", CELERY_TASK_TIME_LIMIT * 4)
if CELERY_VISIBILITY_TIMEOUT <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured("CELERY_VISIBILITY_TIMEOUT must be larger than CELERY_TASK_TIME_LIMIT")
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # Sending a job must not hold up an editor's request when Redis is down: give up after one quick
    # retry; the claim stays marked pending in the database and the sweep enqueues it later.
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# The worker and beat wait for Redis however long it is away, and go on by themselves when it is back:
# Celery's default gives up after 100 attempts (about 46 minutes, 30 s apart), and a worker or beat that
# exits takes web down with it under honcho (`make run-services`). None: no limit, at first start too.
# (Celery 5.7.0 still exits a worker that loses Redis in the middle of a job; the Procfile runs the worker
# through bin/restart-on-failure, which starts it again, as docker compose's restart policy does.)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# A task running when the worker loses Redis is stopped, and runs again from its message. Every task is
# acknowledged late and idempotent, its work one PostgreSQL transaction that also clears its mark (see
# claims/jobs.py). Left running, it was measured to run twice at once: on reconnecting, kombu puts the
# unacknowledged message back in the queue of a Redis that kept it (a dropped connection, a Redis restarted
# with its data), and the worker takes it again while the first copy still runs. Stopped, its transaction
# rolls back and the message runs once; a Redis that came back empty has no message, and beat's sweep
# sends the job again from its mark. (Celery 6 makes True the default.)
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_TIMEZONE = "UTC"
# Seconds between beat's sweeps for documents whose re-anchoring or suggestion job did not come (the
# Suggestions tab tells an editor when the sweep sends a late search again).
FACTCHECK_DOCUMENT_JOBS_SWEEP_INTERVAL = env_int("FACTCHECK_DOCUMENT_JOBS_SWEEP_INTERVAL", 60)
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "sweep-pending-scoring": {
        "task": "claims.tasks.claims_sweep_pending",
        "schedule": float(env_int("FACTCHECK_SCORING_SWEEP_INTERVAL", 60)),
    },
    "sweep-pending-document-jobs": {
        "task": "claims.tasks.documents_sweep_pending",
        "schedule": float(FACTCHECK_DOCUMENT_JOBS_SWEEP_INTERVAL),
    },
    "sweep-pending-suggestions": {
        "task": "claims.tasks.claims_sweep_suggestions",
        "schedule": float(env_int("FACTCHECK_SUGGESTIONS_SWEEP_INTERVAL", 60)),
    },
    # Hourly, on the hour: each editor's digest goes out at their chosen weekday and hour, in their time zone.
    "digests-fan-out": {"task": "claims.digest_tasks.digests_fan_out", "schedule": crontab(minute=0)},
}

# --- Cache: Redis when there is one, else in-process ----------------------------------------
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Email ----------------------------------------------------------------------------------
globals().update(email_settings(env_str("EMAIL_URL")))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Factcheck <factcheck@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Auth, i18n, static ---------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# The embedded database and collected static files live here; make it on first start.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Security: strict unless DEBUG ----------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading binds the domain and all its subdomains to https for months and is hard to
        # undo, so it is opt-in: off is a decision, not the oversight security.W021 warns about.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("BEHIND_TLS_PROXY", False):
        # A reverse proxy terminates TLS and says so in X-Forwarded-Proto.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Nothing imported is ever run as code: scripts only from this server, no inline scripts or styles.
CONTENT_SECURITY_POLICY = {
    # The admin is staff-only and uses inline styles of its own.
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- Throttling failed sign-ins (django-axes) and failed API tokens (DRF throttling) ------------
# Axes keeps its attempts in the database, so it works the same embedded (SQLite) and with PostgreSQL.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out account or address before the password
    "django.contrib.auth.backends.ModelBackend",
]
# After this many failed sign-ins in a row for one account, or from one address, the next is refused
# (even with the right password) until the cool-off has passed without another failure.
AXES_FAILURE_LIMIT = env_int("FACTCHECK_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("FACTCHECK_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own: per account and per address
AXES_RESET_ON_SUCCESS = True
# Its start-up banner would print on every manage.py command; lockouts are still logged.
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "frontend.login_views.login_locked_out"
AXES_CLIENT_IP_CALLABLE = "claims.tokens.throttling.client_address"
FACTCHECK_CLIENT_ADDRESS_FROM_PROXY = env_bool("BEHIND_TLS_PROXY", False)
# Failed `Authorization: Token` attempts per address; over it, token requests answer 429 for a while.
FACTCHECK_TOKEN_FAILURE_RATE = env_str("FACTCHECK_TOKEN_FAILURE_RATE", "10/minute")

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous request is answered 401 with a WWW-Authenticate header.
        "claims.tokens.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["sources.permissions.IsEditorOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "sources.rest.Pagination",
    # DRF's, with an unknown ?format= a 400 rather than a 404.
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "sources.negotiation.ContentNegotiation",
    # DRF's defaults, with a JSON parser that refuses JSON nested too deep with a 400.
    "DEFAULT_PARSER_CLASSES": [
        "sources.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "factcheck.schema.AutoSchema",  # lists every answer, errors too
    "EXCEPTION_HANDLER": "sources.rest.exception_handler",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Factcheck API",
    "DESCRIPTION": "Documents, claims, evidence and verdicts of the Factcheck annotation service.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One schema name for the document language choices wherever they appear (else drf_spectacular.W001).
    "ENUM_NAME_OVERRIDES": {
        "LanguageEnum": "sources.models.Language",
        "ClaimStatusEnum": "claims.models.ClaimStatus",
        "SuggestionStatusEnum": "claims.assist.models.SuggestionStatus",
    },
}

# --- Factcheck ------------------------------------------------------------------------------
# Largest accepted import, in bytes, for files, pasted text and fetched pages alike.
FACTCHECK_IMPORT_MAX_BYTES = env_int("FACTCHECK_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
# A pasted text arrives in the request body: let it be as large as an import may be, and
# let the import refuse it with a clear message rather than Django with a bare 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = FACTCHECK_IMPORT_MAX_BYTES * 2 + 65_536
FACTCHECK_FETCH_TIMEOUT = env_int("FACTCHECK_FETCH_TIMEOUT", 10)
FACTCHECK_FETCH_MAX_REDIRECTS = env_int("FACTCHECK_FETCH_MAX_REDIRECTS", 5)
# Hosts (names or IP addresses/networks) that URL imports may reach even though they are
# private or loopback. Empty in production: fetching internal addresses is refused (SSRF).
FACTCHECK_FETCH_ALLOWED_HOSTS = env_list("FACTCHECK_FETCH_ALLOWED_HOSTS", [])
# Claims pending scoring for longer than this (seconds) are re-enqueued by the periodic sweep.
FACTCHECK_SCORING_SWEEP_AFTER = env_int("FACTCHECK_SCORING_SWEEP_AFTER", 120)
# Documents whose re-anchoring or suggestions (after a new text) waited longer than this (seconds) get
# their jobs sent again by the periodic sweep.
FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER = env_int("FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER", 120)
# The reader's Suggestions tab calls a new text's search late once it has waited this long (seconds)
# since it was sent: it says when the sweep sends it again and offers to search again at once. Never
# longer than the sweep's wait: an editor hears that a search is late before its automatic retry, not
# instead of it (the sweep's sending starts the wait again).
FACTCHECK_SUGGESTIONS_WAIT = env_int(
    "FACTCHECK_SUGGESTIONS_WAIT", min(90, FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER)
)
if not 1 <= FACTCHECK_SUGGESTIONS_WAIT <= FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER:
    raise ImproperlyConfigured(
        f"FACTCHECK_SUGGESTIONS_WAIT={FACTCHECK_SUGGESTIONS_WAIT} must be between 1 and "
        f"FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER={FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER} seconds: the Suggestions "
        "tab calls a search late before the sweep sends it again"
    )
# A document's job after a new text (re-anchoring its claims, searching it for suggestions) that jobs
# began this many times without finishing (each died on it: a worker killed, an error) is given up:
# neither the sweep nor a message the broker hands out again starts it once more, and the page concerned
# (the reader's claims panel, the Suggestions tab) says it failed and offers to run it again.
FACTCHECK_DOCUMENT_JOBS_ATTEMPTS = env_int("FACTCHECK_DOCUMENT_JOBS_ATTEMPTS", 3)
if FACTCHECK_DOCUMENT_JOBS_ATTEMPTS < 1:
    raise ImproperlyConfigured(
        f"FACTCHECK_DOCUMENT_JOBS_ATTEMPTS={FACTCHECK_DOCUMENT_JOBS_ATTEMPTS} must be at least 1"
    )
# Its name until re-anchoring got the same bound.
env_renamed("FACTCHECK_SUGGESTIONS_ATTEMPTS", "FACTCHECK_DOCUMENT_JOBS_ATTEMPTS")
# The newsroom publishing the fact-checks: its name, its public site's base URL (public pages, feed,
# sitemap, ClaimReview and Web Annotation IRIs) and its logo (an absolute URL; empty: none).
FACTCHECK_ORGANISATION = env_str("FACTCHECK_ORGANISATION", "Factcheck")
FACTCHECK_SITE_URL = env_str("FACTCHECK_SITE_URL", "http://localhost:8000")
FACTCHECK_LOGO_URL = env_str("FACTCHECK_LOGO_URL", "")
# Web Annotation exports name the editor who made each claim (a Person with a stable IRI); off, they
# name the newsroom instead, so no editor's name leaves the service.
FACTCHECK_EXPORT_EDITOR_NAMES = env_bool("FACTCHECK_EXPORT_EDITOR_NAMES", False)
# The weekly digest lists an editor's claims still unverified (no usable evidence) this many days on.
FACTCHECK_DIGEST_UNVERIFIED_DAYS = env_int("FACTCHECK_DIGEST_UNVERIFIED_DAYS", 7)
# When a document arrives, its passages are searched for evidence on this many claims: the most recently
# changed unpublished ones.
FACTCHECK_SUGGEST_CLAIMS_PER_DOCUMENT = env_int("FACTCHECK_SUGGEST_CLAIMS_PER_DOCUMENT", 200)

# Loggers of the jobs, kept to warnings in the embedded mode (see LOGGING).
_QUIET_IN_EMBEDDED = ("celery.app.trace", "claims.tasks", "claims.assist.tasks")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "filters": {"sweep_missed": {"()": "claims.jobs.SweepMissedWhileBrokerDown"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Beat's sweeps missed while Redis is down: one line each, not a traceback (see the filter).
        "celery.beat": {"filters": ["sweep_missed"]},
        "django.db.backends": {"level": "INFO"},
        # trafilatura warns "discarding data: None" where a page has no main text; the import says why it
        # refused the page in its own words, and a command's output should not carry the library's line.
        "trafilatura": {"level": "ERROR"},
        # Embedded mode: jobs run inside commands and requests, whose output should not fill with each
        # job's log lines (a worker's log keeps them).
        **({name: {"level": "WARNING"} for name in _QUIET_IN_EMBEDDED} if CELERY_TASK_ALWAYS_EAGER else {}),
    },
}
