"""Settings for every mode.

No environment variable set = the embedded default: SQLite, Celery tasks run eagerly,
e-mail printed on the console. Production mode is chosen by DATABASE_URL, REDIS_URL, etc.
(see README, "Mode production").
"""

import copy
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from civic.plugins import beat_schedule
from config.env import env_bool, env_int, env_list, env_str, read_or_create_secret

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# The embedded mode makes a random key on first start and keeps it in a file of its own, like
# the secrecy key below; production sets DJANGO_SECRET_KEY (config/settings/production.py).
SECRET_KEY_FILE = env_str("DJANGO_SECRET_KEY_FILE", str(BASE_DIR / ".local" / "secret.key"))
SECRET_KEY = env_str("DJANGO_SECRET_KEY") or read_or_create_secret(Path(SECRET_KEY_FILE))
DEBUG = env_bool("DJANGO_DEBUG", default=not env_str("DATABASE_URL"))
# Key of the tags that stand for voters in secret ballots and anonymous answers
# (civic/secrecy.py). It must live outside the database; the embedded mode makes one in a
# file on first use.
SECRECY_KEY = env_str("DECIDONS_SECRECY_KEY")
SECRECY_KEY_FILE = env_str("DECIDONS_SECRECY_KEY_FILE", str(BASE_DIR / ".local" / "secrecy.key"))
# Former values of the secrecy key, comma-separated: the audit entries sealed under one of
# them (civic/services/audit.py) stay verifiable after the key is replaced.
SECRECY_RETIRED_KEYS = env_list("DECIDONS_SECRECY_RETIRED_KEYS", [])
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Django's admin on a site that writes every change to the audit log (civic/audited_admin.py).
    "civic.apps.AuditedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "civic",
    "budgets",
    "petitions",
    "commissions",
    "verification",
    "frontend",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Outside CommonMiddleware, so it sees the final answer (after APPEND_SLASH).
    "civic.api.middleware.ApiJsonErrorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "civic.site.RequestSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Staff accounts: a second factor on every page, sessions ending after 30 minutes idle.
    "django_otp.middleware.OTPMiddleware",
    "civic.second_factor.StaffSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontend.context_processors.navigation",
                "frontend.verification.context.franceconnect",
            ],
        },
    },
]

# --- Security headers (every mode; production.py adds HTTPS-only settings) ------------------
# No inline scripts or styles anywhere: every script and stylesheet is a static file.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(BASE_DIR / "db.sqlite3"),
            # IMMEDIATE makes every write transaction take SQLite's write lock up front, so two
            # writers never read the same audit-chain head (see civic.services.audit).
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions ------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # A cache outage must not fail a vote or a signature: django-redis treats Redis errors
    # as cache misses (throttles then allow, cached_db sessions fall back to the database).
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Production settings say so (config/settings/production.py): `seed_demo` refuses to run.
DECIDONS_PRODUCTION = False

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "civic.User"
AUTHENTICATION_BACKENDS = [
    "civic.access.AddressLockoutBackend",
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "frontend:login"
# Staff sessions (civic/second_factor.py) end after this many seconds without a request.
DECIDONS_STAFF_IDLE_SECONDS = env_int("DECIDONS_STAFF_IDLE_SECONDS", 30 * 60)
OTP_TOTP_ISSUER = "Décidons"
LOGIN_REDIRECT_URL = "frontend:account"
LOGOUT_REDIRECT_URL = "frontend:home"

# Proxies in front of Django that append to X-Forwarded-For (a load balancer: 1). The
# client's address is read from that header as civic/access.py explains; 0 (the embedded
# default) ignores the header. Too high a count lets clients choose their own address.
DECIDONS_TRUSTED_PROXIES = env_int("DECIDONS_TRUSTED_PROXIES", 0)
AXES_CLIENT_IP_CALLABLE = "civic.access.client_address"

# Lock an (address, username) pair after repeated failures, never a username alone, so an
# attacker elsewhere cannot lock a resident out of their own account.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
# Wrong passwords from one address across all accounts (password spraying) before every login
# from that address is refused for AXES_COOLOFF_TIME (civic.access.AddressLockoutBackend).
DECIDONS_LOGIN_FAILURES_PER_ADDRESS = env_int("DECIDONS_LOGIN_FAILURES_PER_ADDRESS", 20)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "frontend/accounts/locked_out.html"
AXES_LOCKOUT_CALLABLE = "civic.access.lockout_response"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT: Path | None = BASE_DIR / "staticfiles"
# Embedded mode serves static files straight from the apps (no collectstatic needed).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
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

# --- E-mail ---------------------------------------------------------------------------------
# Embedded default prints e-mails on the console; EMAIL_HOST switches to SMTP.
_SMTP_HOST = env_str("EMAIL_HOST")
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _SMTP_HOST,
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 20,
            },
        }
        if _SMTP_HOST
        else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    )
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Décidons <ne-pas-repondre@decidons.ales.fr>")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# Links in e-mails and calendars (civic/site.py): from the request's own address in the
# embedded mode (no SITE_URL set: the site answers on whatever host and port it was started
# on), from SITE_URL otherwise; production always uses SITE_URL.
SITE_URL_FROM_REQUEST = env_bool("SITE_URL_FROM_REQUEST", not env_str("SITE_URL"))

# --- FranceConnect (verification/franceconnect.py; README, "FranceConnect") ----------------
# The button shows only when the issuer, the client id and its secret are all set. Endpoints
# come from the issuer's discovery document unless set one by one.
FRANCECONNECT = {
    "ISSUER": env_str("FRANCECONNECT_ISSUER").rstrip("/"),
    "CLIENT_ID": env_str("FRANCECONNECT_CLIENT_ID"),
    "CLIENT_SECRET": env_str("FRANCECONNECT_CLIENT_SECRET"),
    "SCOPES": env_str("FRANCECONNECT_SCOPES", "openid given_name family_name preferred_name "
                      "birthdate gender birthplace birthcountry email"),
    "ACR_VALUES": env_str("FRANCECONNECT_ACR_VALUES", "eidas1"),
    "AUTHORIZATION_ENDPOINT": env_str("FRANCECONNECT_AUTHORIZATION_ENDPOINT"),
    "TOKEN_ENDPOINT": env_str("FRANCECONNECT_TOKEN_ENDPOINT"),
    "USERINFO_ENDPOINT": env_str("FRANCECONNECT_USERINFO_ENDPOINT"),
    "JWKS_URI": env_str("FRANCECONNECT_JWKS_URI"),
    "END_SESSION_ENDPOINT": env_str("FRANCECONNECT_END_SESSION_ENDPOINT"),
    # FranceConnect v2 signs with ES256 or RS256 only; nothing else is accepted.
    "SIGNING_ALGORITHMS": env_list("FRANCECONNECT_SIGNING_ALGORITHMS", ["ES256", "RS256"]),
    "TOKEN_AUTH_METHOD": env_str("FRANCECONNECT_TOKEN_AUTH_METHOD", "client_secret_post"),
    "TIMEOUT_SECONDS": env_int("FRANCECONNECT_TIMEOUT_SECONDS", 5),
    # Clock difference tolerated between FranceConnect and this server on token dates.
    "LEEWAY_SECONDS": env_int("FRANCECONNECT_LEEWAY_SECONDS", 60),
}

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
# Embedded mode: no broker, tasks run in the caller's process (HOUSE_STYLE §4).
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Publishing must fail fast when Redis is down: the outbox row is already committed and the
# beat sweep re-sends it once the broker is back (civic.services.notifications).
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "visibility_timeout": 3600,
    "max_retries": 0,
}
# Each app lists its periodic jobs in `<app>/schedule.py` (plain data, no imports).
CELERY_BEAT_SCHEDULE: dict[str, dict] = beat_schedule(INSTALLED_APPS, BASE_DIR)

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "civic.api.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "civic.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["civic.api.filters.StrictFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "civic.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "civic.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "civic.api.throttling.AnonRateThrottle",
        "civic.api.throttling.UserRateThrottle",
        "civic.api.throttling.ScopedRateThrottle",
    ],
    # Per-action limits (a view's `throttle_scope`, or civic.access on the web pages; both
    # count in the same cache keys): per account when logged in, else per client address.
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("THROTTLE_ANON", "120/min"),
        "user": env_str("THROTTLE_USER", "600/min"),
        "auth": env_str("THROTTLE_AUTH", "20/min"),
        "password_reset": env_str("THROTTLE_PASSWORD_RESET", "5/hour"),
        "signup": env_str("THROTTLE_SIGNUP", "10/hour"),
        "comment": env_str("THROTTLE_COMMENT", "10/min"),
        "report": env_str("THROTTLE_REPORT", "20/hour"),
        "erase": env_str("THROTTLE_ERASE", "5/hour"),
        "invite": env_str("THROTTLE_INVITE", "20/hour"),
        "second_factor": env_str("THROTTLE_SECOND_FACTOR", "10/min"),
        # Staff searching for a person in a picker (frontend/people.py), as they type.
        "person_search": env_str("THROTTLE_PERSON_SEARCH", "120/min"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # JSON bodies only (one request body per operation in the schema, so generated clients
    # get one type); the views that take a file name their own multipart parser. The JSON
    # parser answers a body nested too deep with a 400 (civic/api/parsers.py).
    "DEFAULT_PARSER_CLASSES": ["civic.api.parsers.JSONParser"],
}
# API tokens (django-rest-knox): digest only in the database, 30 days of validity by default.
REST_KNOX: dict[str, Any] = {
    "TOKEN_TTL": timedelta(days=env_int("API_TOKEN_TTL_DAYS", 30)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Décidons API",
    "DESCRIPTION": (
        "API de la plateforme de démocratie participative d'Alès. "
        "Erreurs : un seul format `{code, message, fields}` (voir le composant `Error`)."
    ),
    # Additive changes within v1 raise the minor number (README, API versioning).
    "VERSION": "1.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "civic.api.examples.postprocess_examples",
    ],
    # One tag per module (civic/api/schema.py chooses each operation's).
    "TAGS": [
        {"name": "accounts", "description": "Jeton d'accès, compte, notifications et "
                                            "données personnelles."},
        {"name": "budgets", "description": "Budgets participatifs : projets, vote, "
                                           "résultats, réalisation, débat d'orientation."},
        {"name": "initiatives", "description": "Initiatives citoyennes : charte, "
                                               "signatures, instruction, réponse."},
        {"name": "commissions", "description": "Commissions et comités : membres, réunions, "
                                               "consultations, avis."},
        {"name": "council", "description": "Conseil municipal : séances, ordre du jour, "
                                           "délibérations."},
        {"name": "counter", "description": "Guichet : inscription et vérification des "
                                           "habitants par les agents."},
        {"name": "comments", "description": "Commentaires et modération."},
        {"name": "audit", "description": "Journal d'audit chaîné : tête publiée, points de "
                                         "contrôle, vérification."},
        {"name": "webhooks", "description": "Abonnements aux événements (webhooks signés)."},
        {"name": "platform", "description": "État du service et données de référence "
                                            "(quartiers)."},
    ],
    # Several models call their field `status` or `kind`: name each choice set after its
    # concept so clients get stable component names (and the deploy check stays quiet).
    "ENUM_NAME_OVERRIDES": {
        "BudgetStatusEnum": "budgets.states.BudgetStatus",
        "DebateStatusEnum": "budgets.states.DebateStatus",
        "ImplementationStatusEnum": "budgets.models.implementation.ImplementationStatus",
        "InitiativeStatusEnum": "petitions.states.Status",
        "CommissionKindEnum": "commissions.states.CommissionKind",
        "CommissionStatusEnum": "commissions.states.CommissionStatus",
        "SeatGroupKindEnum": "commissions.states.SeatGroupKind",
        "QuestionKindEnum": "commissions.states.QuestionKind",
        "ConsultationStatusEnum": "commissions.states.ConsultationStatus",
        "FacilityRegistrationStatusEnum": "commissions.states.FacilityRegistrationStatus",
        "CouncilSessionStatusEnum": "civic.models.CouncilSession.Status",
        "AgendaItemStatusEnum": "civic.models.AgendaItem.Status",
    },
}

# --- Domain defaults (per-process overrides live in charter tables) --------------------------
# Every default of the town's rules, in this one place. A deployment overrides any of them in
# DECIDONS (a section's keys one by one: the others keep their default); the code reads them
# through civic.conf.decidons_setting("SECTION", "NAME").
DECIDONS_DEFAULTS: dict[str, Any] = {
    "TOWN_NAME": "Alès",
    # Minimum age to vote on a participatory budget.
    "MIN_AGE": 16,
    "NOTIFICATION_MAX_ATTEMPTS": 5,
    "NOTIFICATION_STALE_CLAIM_SECONDS": 600,
    # Deadline reminders go this many hours before the deadline (docs/inclusion.md).
    "REMINDER_HOURS_BEFORE_DEADLINE": 48,
    # Attached documents of the commissions; empty: MEDIA_ROOT's sibling "<name>-private".
    "PRIVATE_MEDIA_ROOT": "",
    # The municipal council. Seats are set by law from the town's population
    # (CGCT L2121-2) and change with a census: no vote may count more voters (Alès: 45).
    "COUNCIL": {"SEATS": 45},
    # Retention periods in days (docs/personal-data.md).
    "RETENTION": {
        "DATA_EXPORT_LINK_SECONDS": 3600,
        "NOTIFICATIONS_DAYS": 365,
        "DATA_EXPORTS_DAYS": 30,
        "CLOSED_CALL_APPLICATIONS_DAYS": 365,
    },
    # Participatory budgets and budget debates.
    "BUDGETS": {
        "PHOTO_MAX_BYTES": 5 * 1024 * 1024,
        "CSV_MAX_BYTES": 2 * 1024 * 1024,
        "TALLY_READ_CHUNK": 20_000,
        "TOP_COMMENTS": 3,
    },
    # Commissions: every threshold of the town's charter is configuration (DESIGN.md).
    "COMMISSIONS": {
        # A member may sit this many consecutive terms on a body (its predecessors included).
        "MAX_CONSECUTIVE_TERMS": 2,
        # The council answers an opinion within this many days of receiving it.
        "OPINION_ANSWER_DAYS": 60,
        # Attached documents: largest accepted size in bytes.
        "DOCUMENT_MAX_BYTES": 10 * 1024 * 1024,
        # Minimum age to apply for a seat (residents' and facility users' colleges).
        "APPLICATION_MIN_AGE": 16,
        # Default share of members present for a meeting to reach quorum, in percent.
        "QUORUM_PERCENT": 50,
        # Body kinds whose chair must be a councillor (CGCT L2143-2 consultative committees).
        "CHAIR_COUNCILLOR_KINDS": ["extra_municipal", "facility_committee"],
    },
    # Self-service verification (docs/verification.md); FranceConnect's own settings come
    # from the environment (see "FranceConnect" above).
    "VERIFICATION": {
        # A letter code works this many days after the batch is printed.
        "LETTER_CODE_DAYS": 30,
        # Wrong codes typed before the letter stops working (a new letter must be asked for).
        "LETTER_CODE_MAX_TRIES": 5,
        # Letters a resident may ask for in a year (each costs the town a stamp).
        "LETTER_MAX_PER_YEAR": 3,
        # Largest proof of address or identity document accepted online.
        "PROOF_MAX_BYTES": 8 * 1024 * 1024,
        # Largest electoral roll file accepted on the clerks' upload page (41,000 lines ≈ 6 MB).
        "ROLL_MAX_BYTES": 50 * 1024 * 1024,
        # Proofs nobody reviewed are deleted after this many days (the resident is told).
        "PROOF_RETENTION_DAYS": 60,
    },
    # Webhooks (civic/services/webhooks.py, docs/webhooks.md): attempts before a delivery is
    # given up, the first retry's delay (doubled at each attempt, at most an hour), and
    # whether URLs on private or loopback addresses are allowed (never in production: a
    # client must not make the platform call its own network).
    "WEBHOOK_MAX_ATTEMPTS": env_int("WEBHOOK_MAX_ATTEMPTS", 15),
    "WEBHOOK_RETRY_SECONDS": env_int("WEBHOOK_RETRY_SECONDS", 30),
    "WEBHOOK_ALLOW_PRIVATE_HOSTS": env_bool("WEBHOOK_ALLOW_PRIVATE_HOSTS", False),
    "WEBHOOK_MAX_PER_ACCOUNT": 10,
}
DECIDONS: dict[str, Any] = copy.deepcopy(DECIDONS_DEFAULTS)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # One line per task run is noise in eager mode (seed_demo runs thousands).
    "loggers": {"celery.app.trace": {"level": env_str("CELERY_TRACE_LOG_LEVEL", "WARNING")}},
}
