"""Settings for the Dongfeng portal, read from the environment (see README)."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp import constants as csp_constants
from django.core.exceptions import ImproperlyConfigured

from dongfeng.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# DJANGO_PRODUCTION=true turns on every hardening setting; `check --deploy` passes clean.
PRODUCTION = env_bool("DJANGO_PRODUCTION", False)
DEBUG = env_bool("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when DJANGO_PRODUCTION is on")

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    SECRET_KEY = "insecure-dev-only-key-never-used-in-production-0123456789abcdef"
elif PRODUCTION and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters in production")

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "mptt",
    "axes",
    "dongfeng",
    "grids",
    "disputes",
    "patrols",
    "publicity",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it watches the response of the sign-in view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dongfeng.urls"
WSGI_APPLICATION = "dongfeng.wsgi.application"

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
                "grids.context_processors.alerts",
            ],
        },
    },
]

# The embedded demo runs on an SQLite file; production and the test suite on PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60 if PRODUCTION else 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the database lock at BEGIN, so tree writes never read a stale tree.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "grids.User"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "dongfeng",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The overview's and the report's figures of one node and period are shared for this long
# (seconds; 0: never kept). Older, up to FIGURES_STALE_SECONDS, they are still shown at once
# while a Celery task computes them anew; the overview says when its figures were read.
FIGURES_CACHE_SECONDS = env_int("FIGURES_CACHE_SECONDS", 60)
FIGURES_STALE_SECONDS = env_int("FIGURES_STALE_SECONDS", 900)
# What was viewed within FIGURES_WARM_SECONDS is renewed by beat every FIGURES_WARM_EVERY
# seconds before it turns older than FIGURES_STALE_SECONDS: viewed once today, never slow.
FIGURES_WARM_SECONDS = env_int("FIGURES_WARM_SECONDS", 8 * 3600)
FIGURES_WARM_EVERY = env_int("FIGURES_WARM_EVERY", 300)

# Celery: Redis is the broker. Without REDIS_URL (the SQLite demo) tasks run inline.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE = {
    "sweep-overdue-requests": {"task": "grids.tasks.sweep_overdue_requests_task", "schedule": 60.0},
    # Hourly: each reminder and alert is marked in its row, so runs catch up and never repeat.
    "follow-up-visit-alerts": {"task": "disputes.tasks.visit_alerts_task", "schedule": 3600.0},
    # Every app's notifications, sent after commit; this run catches up after a broker outage.
    "deliver-notifications": {"task": "grids.tasks.deliver_notifications_task", "schedule": 60.0},
    # Key places behind their patrols and unmanned guard posts: each alert once (dedupe key).
    "patrol-coverage": {"task": "patrols.tasks.patrol_coverage_task", "schedule": 900.0},
    "guard-slot-alerts": {"task": "patrols.tasks.guard_slot_alerts_task", "schedule": 300.0},
    # Completed matters of the deliberation hall close when their evaluation window passes.
    "close-evaluated-matters": {
        "task": "grids.tasks.close_evaluated_matters_task",
        "schedule": 3600.0,
    },
    # Planned care visits past their day: one alert each (compare-and-set + dedupe key).
    "care-visit-alerts": {"task": "grids.tasks.care_visit_alerts_task", "schedule": 3600.0},
    # The figures' daily and monthly sums (grids/generic/summaries.py): the last weeks every
    # quarter of an hour, everything at night (rows changed long after their day).
    "refresh-figure-summaries": {
        "task": "grids.tasks.refresh_figure_summaries_task",
        "schedule": 900.0,
    },
    "warm-shared-figures": {
        "task": "grids.tasks.warm_shared_figures_task",
        "schedule": float(FIGURES_WARM_EVERY),
    },
    "rebuild-figure-summaries": {
        "task": "grids.tasks.refresh_figure_summaries_task",
        "schedule": crontab(hour=2, minute=30),
        "kwargs": {"full": True},
    },
}
# Where notifications go (grids/notifications.py): e-mail now; an SMS or WeChat backend is a
# NotificationBackend subclass added to this list.
NOTIFICATION_BACKENDS = env_list("NOTIFICATION_BACKENDS", ["grids.notifications.EmailBackend"])
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@dongfeng.local")
# The address printed in QR codes; empty: the host of the request that renders the poster.
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL").rstrip("/")
# Reverse proxies in front of the app; 0 = trust REMOTE_ADDR only (X-Forwarded-For ignored).
NUM_PROXIES = env_int("NUM_PROXIES", 0)
# Resident submissions per window, per client IP and per QR code.
RATE_LIMIT_WINDOW_SECONDS = env_int("RATE_LIMIT_WINDOW_SECONDS", 600)
RATE_LIMIT_PER_IP = env_int("RATE_LIMIT_PER_IP", 10)
RATE_LIMIT_PER_CODE = env_int("RATE_LIMIT_PER_CODE", 60)
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        # Production accounts need 12 characters; the demo's shared password is for the demo.
        "OPTIONS": {"min_length": 12 if PRODUCTION else 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Repeated failed sign-ins lock the account (not a bare IP: workers share office NATs).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
# Failures count per account and client address. The address is the one the rate limiter
# trusts (NUM_PROXIES hops into X-Forwarded-For): behind a reverse proxy REMOTE_ADDR is the
# proxy's, and five failures would lock every user of the same browser.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "grids.ratelimit.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# A session ends after 30 minutes without a request.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "dongfeng" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
# Outside production the files come from the apps' folders, looked up on each request.
WHITENOISE_AUTOREFRESH = not PRODUCTION
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "grids.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "grids.api.exceptions.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "东风街道网格化治理平台 API",
    "DESCRIPTION": "The portal's resources, scoped to the caller's areas.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs page are for signed-in users and API clients with a token.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every operation documents its 400/403/404 (and 409 for deletes) with one Error schema;
    # times of day are local HH:MM[:SS] (grids/api/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "grids.api.schema.add_error_responses",
        "grids.api.schema.local_times",
    ],
    "ENUM_NAME_OVERRIDES": {
        "RequestStatusEnum": "grids.choices.RequestStatus",
        "RoleEnum": "grids.choices.Role",
        "PartyRoleEnum": "disputes.choices.PartyRole",
        "ReferralTargetEnum": "disputes.choices.ReferralTarget",
        "PublicityChannelEnum": "publicity.choices.Channel",
        "IntakeChannelEnum": "disputes.choices.IntakeChannel",
        "PatrolModeEnum": "patrols.choices.PatrolMode",
        "MediationModeEnum": "disputes.choices.MediationMode",
        "CareKindEnum": "grids.choices.CareKind",
        "CareVisitKindEnum": "grids.choices.CareVisitKind",
        "CareFileStatusEnum": "grids.choices.CareFileStatus",
        "CareVisitStatusEnum": "grids.choices.CareVisitStatus",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

X_FRAME_OPTIONS = "DENY"
# Everything comes from the portal itself (no CDN), and no inline script or style: the
# pages' behaviour is in dongfeng/static/dongfeng/app.js, their looks in app.css.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp_constants.SELF],
        "script-src": [csp_constants.SELF],
        "style-src": [csp_constants.SELF],
        "img-src": [csp_constants.SELF, "data:", "blob:"],
        "font-src": [csp_constants.SELF],
        "connect-src": [csp_constants.SELF],
        "object-src": [csp_constants.NONE],
        "base-uri": [csp_constants.SELF],
        "form-action": [csp_constants.SELF],
        "frame-ancestors": [csp_constants.NONE],
    }
}
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REFERRER_POLICY = "same-origin"
