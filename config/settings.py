"""Settings, all read from the environment.

Every variable the app reads is listed here with its default, and again in
the README. With nothing set, the app runs alone: SQLite, in-process
background tasks, e-mail printed to the console.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# --- Core -------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env(
    "SECRET_KEY",
    default="django-insecure-dev-only-key-change-me-in-production-8c1f0e2a9b7d",
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Absolute address of the site, used in links that leave the browser
# (invitation e-mails, digests, the calendar feed).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Django's form widget templates, for FORM_RENDERER below.
    "django.forms",
    "django_htmx",
    "template_partials",
    "onboarding",
    "roadmap",
    "stakeholders",
    "metrics",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "onboarding.core.middleware.ContentSecurityPolicyMiddleware",
    "onboarding.core.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "onboarding.core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "onboarding.core.middleware.PrivatePagesMiddleware",
    "onboarding.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

# The largest file a form takes (a helpdesk export, metrics.support_data.MAX_BYTES), and
# the largest request body at all: that file and the form around it. A bigger body is
# refused before anything reads it (onboarding.core.middleware.RequestSizeLimitMiddleware).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 1024 * 1024

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.i18n",
            ],
            # {% load i18n %} is Django's, plus Persian digits in the numbers of a
            # translated sentence (onboarding/templatetags/i18n_digits.py).
            "libraries": {"i18n": "onboarding.templatetags.i18n_digits"},
            # Django's {% url %} with its answers remembered (onboarding/core/reversing.py).
            "builtins": ["onboarding.templatetags.url_memo"],
        },
    }
]
# Django warns that "i18n" now names two modules; the override above is deliberate.
SILENCED_SYSTEM_CHECKS = ["templates.W003"]
# Persian numbers take the Persian decimal separator (config/formats/fa/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]
# Form widgets render through TEMPLATES, so templates/django/forms/widgets/ can add
# dir="auto" to every text box (typed text keeps its own direction on RTL pages).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database ----------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# A persistent connection is worth several times the throughput of reconnecting
# per request; health checks drop a dead one after a database restart.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, cache and Celery ----------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "f100",
            # A Redis that accepts connections but never answers must not hold
            # requests: give up quickly (a write still commits; see enqueue).
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
# Without a broker, run tasks in-process so `make run` needs no services.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task whose ETA lies beyond the visibility timeout would be delivered twice;
# no task in this project is scheduled further ahead than this.
CELERY_VISIBILITY_TIMEOUT = 3600
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": 1,
    "socket_timeout": 1,
}
# With the broker down, give up publishing quickly: the write has committed,
# the failure is logged, and the periodic jobs catch up.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# Beat schedule, in UTC. One beat process only: two would enqueue everything
# twice (the digest rows would still keep each e-mail single, but why risk it).
CELERY_BEAT_SCHEDULE = {
    # Every 15 minutes: send the weekly digests whose local send time has
    # passed (each plan picks its weekday and hour in its own time zone), and
    # pick up any digest a crashed worker left half-sent.
    "send-due-digests": {"task": "metrics.tasks.send_due_digests", "schedule": 15 * 60},
    # Hourly: rebuild every dashboard, in case a refresh was lost while the
    # broker was down.
    "refresh-all-dashboards": {"task": "metrics.tasks.refresh_all_dashboards", "schedule": 60 * 60},
    # Hourly: close the team pulses whose closing day has ended in their plan's
    # time zone, so each one's eNPS reaches the metric without the manager.
    "close-due-pulses": {"task": "metrics.tasks.close_due_pulses", "schedule": 60 * 60},
    # Every 15 minutes: enqueue again a confirmed helpdesk import whose task was lost.
    "resume-support-uploads": {"task": "metrics.tasks.resume_support_uploads", "schedule": 15 * 60},
    # Daily: delete sign-in and password-reset counters nobody touched for a day.
    "forget-old-attempts": {
        "task": "onboarding.tasks.forget_old_attempts",
        "schedule": 24 * 60 * 60,
    },
}
# A digest claimed longer ago than this by a worker that never finished is
# considered abandoned and may be claimed again.
DIGEST_CLAIM_LEASE_SECONDS = env.int("DIGEST_CLAIM_LEASE_SECONDS", default=600)
# How many missed weeks the digest job catches up after an outage.
DIGEST_CATCH_UP_WEEKS = 4
# The team pulse shows its results only from this many answers (never fewer
# than 3: a system check refuses less, and metrics/pulse/rules.py clamps).
PULSE_MIN_ANSWERS = env.int("PULSE_MIN_ANSWERS", default=5)
# A helpdesk export larger than this is imported by a Celery task, with a progress bar.
SUPPORT_IMPORT_BACKGROUND_BYTES = env.int(
    "SUPPORT_IMPORT_BACKGROUND_BYTES", default=5 * 1024 * 1024
)

# --- Auth --------------------------------------------------------------------
AUTH_USER_MODEL = "onboarding.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    # Django's four rules in the product's words and the reader's digits.
    {"NAME": "onboarding.passwords.SimilarityValidator"},
    {"NAME": "onboarding.passwords.LengthValidator"},
    {"NAME": "onboarding.passwords.CommonValidator"},
    {"NAME": "onboarding.passwords.NumericValidator"},
]
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=7)
# Failed sign-ins and password-reset requests are counted in the database and
# slow further attempts down (onboarding/throttling.py has the limits). The
# client is REMOTE_ADDR, or behind N proxies that each append to
# X-Forwarded-For, the address N entries from its right.
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=0)

# --- E-mail --------------------------------------------------------------------
# smtp://user:password@host:587/?tls=True in production.
_email = env.email_url("EMAIL_URL", default="consolemail://")
# EMAIL_BACKEND overrides the backend EMAIL_URL implies (tests use a slow one).
EMAIL_BACKEND = env("EMAIL_BACKEND", default=_email["EMAIL_BACKEND"])
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-mail"))
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS"))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="First 100 Days <noreply@localhost>")

# --- Internationalisation ------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fa", _("Persian")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files ----------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
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

# --- Security ------------------------------------------------------------------
# HTTPS defaults on outside DEBUG; set HTTPS=false only behind no TLS at all
# (a local docker-compose try-out).
HTTPS = env.bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "onboarding.views.csrf_failure"

# --- Logging -------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
