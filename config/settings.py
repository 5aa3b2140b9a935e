"""Claimtrail settings: one module, read from the environment, with safe development defaults.

Environment variables (see README.md for the full table):
  DJANGO_SECRET_KEY     required when DJANGO_DEBUG is off
  DJANGO_DEBUG          "1" (default) or "0"
  DJANGO_ALLOWED_HOSTS  comma-separated host names
  DATABASE_URL          e.g. postgres://user@host:5432/claimtrail; unset: SQLite in the project

With only those four set and DJANGO_DEBUG=0, `manage.py check --deploy --fail-level WARNING`
passes: HTTPS, HSTS, secure cookies and a content security policy are on by default in
production, each switchable from the environment (see "Production" in README.md).
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
import orjson
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.request_id import FORMATTERS, log_format

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean environment variable: 1/true/yes/on are true, 0/false/no/off false."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated list from the environment."""
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    """Read an integer environment variable; a malformed one stops start-up, naming it."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}.") from None


def env_float(name: str, default: float) -> float:
    """Read a number from the environment; a malformed one stops start-up, naming it."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, got {value!r}.") from None


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (production): a long random "
            "value, e.g. `python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    # Development only: a fixed key is harmless while DEBUG is on and nothing is public.
    SECRET_KEY = "django-insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_countries",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "django_tasks_db",
    "sources",
    "sources.search",
    "claims",
    "config.api",
]

MIDDLEWARE = [
    # First: every response, even a guard's 400, carries a request id and is logged.
    "config.request_id.RequestIdMiddleware",
    "config.middleware.RejectNulBytesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Django's CSP middleware, building each policy's header once (config/csp.py).
    "config.csp.CachedContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag on every GET and 304 for a matching If-None-Match.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the user behind every change in django-simple-history.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: turns a lockout flagged during authentication into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

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
                # {{ csp_nonce }} for inline scripts (the admin uses it).
                "django.template.context_processors.csp",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# Database: DATABASE_URL when set; otherwise an SQLite file in the project folder, so that
# the product runs with no database server.
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            # Persistent connections with a health check before reuse: a restarted
            # database costs one failed check, not a failed request.
            conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "600")),
            conn_health_checks=True,
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # JIT compilation pays off for long analytical queries, not for ours: it added
        # ~300 ms to a 70 ms recursive provenance walk. Off for the service's connections.
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
        # An unreachable database fails a request (and /healthz) in seconds, not minutes.
        DATABASES["default"]["OPTIONS"].setdefault(
            "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5)
        )
        # Server-side parameters: psycopg then prepares a statement the fifth time a
        # connection runs it, and PostgreSQL stops planning it again (planning was 0.5-1 ms
        # of a 0.1 ms claim lookup). Off (DATABASE_SERVER_SIDE_BINDING=0) behind a pooler
        # in transaction mode, such as PgBouncer's, which cannot keep prepared statements.
        if env_bool("DATABASE_SERVER_SIDE_BINDING", True):
            DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
            DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 5
        # DATABASE_POOL=1: psycopg's connection pool, one per worker process (opened after
        # gunicorn forks), instead of one persistent connection per thread. Django refuses
        # persistent connections together with a pool, so CONN_MAX_AGE goes to 0.
        if env_bool("DATABASE_POOL", False):
            from config.db_pool import CheckWhenIdle

            DATABASES["default"]["CONN_MAX_AGE"] = 0
            DATABASES["default"]["CONN_HEALTH_CHECKS"] = False  # the pool checks connections
            DATABASES["default"]["OPTIONS"]["pool"] = {
                "min_size": env_int("DATABASE_POOL_MIN_SIZE", 2),
                "max_size": env_int("DATABASE_POOL_MAX_SIZE", 8),
                "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),
                # A restarted database: reconnect. Connections handed out again within
                # DATABASE_POOL_CHECK_AFTER seconds skip the round trip (0: check every time).
                "check": CheckWhenIdle(env_float("DATABASE_POOL_CHECK_AFTER", 1.0)),
            }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            # WAL lets readers go on while one writer writes; a busy timeout instead of
            # "database is locked" under a few concurrent editors.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # Tests use a file, not Django's default in-memory database: with memory, the
            # live server's request threads all share one connection, and two concurrent
            # browser requests (an autocomplete and a form post) misuse it. One file per test
            # process, in the temporary folder, so concurrent runs never meet.
            "TEST": {
                "NAME": Path(tempfile.gettempdir()) / f"claimtrail-test-{os.getpid()}.sqlite3"
            },
        }
    }

# With the pool, a compiled read (a claim's detail, a page of the list) made while the request
# holds no connection runs on one borrowed from the pool for its one statement, past Django's
# connection handling (config/pooled_reads.py). 0: through Django's connection, for instance
# under an APM that instruments Django's cursor wrapper.
DATABASE_POOL_DIRECT_READS = env_bool("DATABASE_POOL_DIRECT_READS", True)

# Read replicas: DATABASE_REPLICA_URLS (comma-separated database URLs, each a streaming
# replica of DATABASE_URL). Each becomes an alias replica_1, replica_2, ...; the router sends
# the reads of safe requests outside the admin there, everything else to the primary
# (config/db_router.py, docs/scaling.md). In tests a replica mirrors the primary.
DATABASE_ROUTERS: list[str] = []
DATABASE_REPLICA_URLS = env_list("DATABASE_REPLICA_URLS", [])
for _n, _url in enumerate(DATABASE_REPLICA_URLS, start=1):
    _parsed = dj_database_url.parse(_url)
    # The primary's connection settings (pooling, timeouts, prepared statements) apply to
    # the replicas too; the URL gives where the replica is.
    _replica = {
        **DATABASES["default"],
        **_parsed,
        "OPTIONS": {**DATABASES["default"].get("OPTIONS", {}), **_parsed.get("OPTIONS", {})},
    }
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica_{_n}"] = _replica
if DATABASE_REPLICA_URLS:
    DATABASE_ROUTERS = ["config.db_router.ReadReplicaRouter"]
    # Right after the request id: every later middleware's reads are routed too.
    MIDDLEWARE.insert(1, "config.db_router.ReplicaRoutingMiddleware")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Exports keep times to the microsecond (claims/backup.py): Django's "jsonl", exact.
SERIALIZATION_MODULES = {"jsonl": "config.serialization"}

AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out login before ModelBackend checks the password.
    "config.auth.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where collectstatic puts the files whitenoise serves.
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", "").strip() or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "admin:login"

# Logs: one line per request (logger config.request) and everything else, each with the
# request id (X-Request-ID). JSON (timestamp, level, logger, message, request_id, and for request
# lines method, path, status, duration_ms) when DJANGO_LOG_FORMAT=json or DEBUG is off.
LOG_FORMAT = log_format(DEBUG)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.request_id.RequestIdFilter"}},
    "formatters": {LOG_FORMAT: FORMATTERS[LOG_FORMAT]},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # runserver's own access lines; config.request logs every request already.
        "django.server": {"level": "WARNING"},
        # axes announces itself on every start, management commands included.
        "axes.apps": {"level": "WARNING"},
    },
}

# Security. Production (DEBUG off) is secure by default; development serves plain HTTP.
PRODUCTION = not DEBUG
# Behind a TLS-terminating proxy that sets e.g. X-Forwarded-Proto: https, name that header
# (DJANGO_SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto). Only when the proxy overwrites it: a client
# could set it too. gunicorn's forwarded_allow_ips is the other way to the same end.
_proxy_ssl_header = os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", "").strip()
if _proxy_ssl_header:
    _meta_name = _proxy_ssl_header.upper().replace("-", "_")
    if not _meta_name.startswith("HTTP_"):
        _meta_name = f"HTTP_{_meta_name}"
    SECURE_PROXY_SSL_HEADER = (_meta_name, "https")
# Redirect HTTP to HTTPS, except /healthz (a load balancer probes over plain HTTP). Switch it
# off (0) only where something in front already redirects.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# HSTS: a year, subdomains included, preload-ready; sent on HTTPS responses only.
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content security policy, in development too (what breaks shows up before production).
# Scripts: this site's files and nonce-carrying inline scripts only; JSON-LD data blocks are not
# scripts and need nothing. Styles allow inline: the public pages' bar widths and a few templates
# use style attributes and <style> blocks, and inline CSS cannot run code.
# DJANGO_CSP_REPORT_ONLY=1 sends it as report-only (a rollout aid): logged, not enforced.
_csp = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
if env_bool("DJANGO_CSP_REPORT_ONLY", False):
    SECURE_CSP_REPORT_ONLY = _csp
else:
    SECURE_CSP = _csp
# The API docs page only (config/urls.py): Swagger UI's start-up script is inline, without a nonce.
API_DOCS_CSP = {**_csp, "script-src": [CSP.SELF, CSP.UNSAFE_INLINE]}

# Login lockout (django-axes): after AXES_FAILURE_LIMIT failed logins for one username from one
# address, that pair is refused for AXES_COOLOFF_MINUTES (HTTP 429), in every worker and on every
# host, since attempts are stored in the database. By username and address together: by address
# alone, one attacker behind a newsroom's shared address would lock the whole office out; by
# username alone, anyone anywhere could lock an editor out. A successful login resets the count.
# `python manage.py axes_reset_username USER` unlocks early.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Lockouts are read and cleared with `manage.py axes_list_attempts` / `axes_reset_username`, not
# from the admin, whose registry holds the project's own models.
AXES_ENABLE_ADMIN = False
AXES_CLIENT_IP_CALLABLE = "config.auth.client_ip"
# Reverse proxies in front of the application that append to X-Forwarded-For (0: none, the
# client is REMOTE_ADDR). Used to find the client's address for the lockout.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
AXES_COOLOFF_MESSAGE = (
    "Too many failed logins for this account from your address: login is locked for "
    f"{AXES_COOLOFF_TIME.total_seconds() / 60:g} minutes. Try again later, or ask an "
    "administrator to unlock it."
)

# Cache: Redis when REDIS_URL is set (shared by every worker: throttling counts there), else
# local memory (one process, development).
# CACHE_KEY_PREFIX keeps two deployments (staging, production) apart in one Redis.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "claimtrail"),
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Background work through Django's tasks framework (claims/tasks.py). TASKS_BACKEND=immediate
# (the default) runs a task at once, inside the request or command that enqueues it: nothing
# more to run. TASKS_BACKEND=database queues it in the database, in the same transaction as
# the change that asked for it, for `manage.py db_worker` processes (docs/scaling.md).
TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_tasks_backend = os.environ.get("TASKS_BACKEND", "immediate").strip() or "immediate"
if _tasks_backend not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND={_tasks_backend!r}: use one of {', '.join(TASK_BACKENDS)}."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[_tasks_backend]}}
# A reliability change touching more claims than this recomputes them in a background task;
# fewer are recomputed at once, inside the change.
CREDIBILITY_INLINE_LIMIT = env_int("CREDIBILITY_INLINE_LIMIT", 500)

REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate challenge makes a missing or bad token a 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "config.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["config.api.permissions.ReadAnyoneWriteWithModelPermission"],
    "DEFAULT_PAGINATION_CLASS": "config.api.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "config.api.filters.IdleAwareFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        # orjson: the same JSON as DRF's renderer, written about ten times faster.
        "drf_orjson_renderer.renderers.ORJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "config.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        # "anon" for anonymous callers, "user" for authenticated ones: one count a request.
        "config.api.throttling.CallerRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "600/minute"),
        "user": os.environ.get("API_THROTTLE_USER", "3000/minute"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Keys that are not strings (ids) are written as strings, as the json module does.
    "ORJSON_RENDERER_OPTIONS": (orjson.OPT_NON_STR_KEYS, orjson.OPT_UTC_Z),
}

# The fast lane (config/fast_lane.py): anonymous JSON reads of these URLs (name -> captured
# id arguments) skip the URL resolver and the middleware that do nothing for them.
# API_FAST_LANE=0 sends every request through Django's ordinary handler.
FAST_LANE_URLS = (
    {"api:claim-detail": ("pk",), "api:claim-list": (), "api:claimreview-list": ()}
    if env_bool("API_FAST_LANE", True)
    else {}
)

SPECTACULAR_SETTINGS = {
    "TITLE": "Claimtrail API",
    "DESCRIPTION": (
        "Claims with their provenance, evidence and an explained credibility grade. Anonymous "
        "users and read-only tokens see published claims; staff write with a token or session."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",  # served from the installed package: no CDN needed
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "OutletKindEnum": "sources.models.Outlet.Kind",
        "SourceKindEnum": "sources.models.Source.Kind",
        "SpeakerKindEnum": "claims.models.Speaker.Kind",
        "RelationEnum": "claims.models.Relation",
        "LinkKindEnum": "claims.models.LinkKind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api.schema.add_error_responses",
    ],
}
