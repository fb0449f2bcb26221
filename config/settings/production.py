"""Production: base settings plus HTTPS-only cookies and HSTS. Requires DATABASE_URL,
REDIS_URL, DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS (see README, "Mode production"); a real
deployment also sets EMAIL_HOST (without it e-mails are only printed, and
`manage.py check --deploy` fails on purpose)."""

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_str
from config.settings.base import *  # noqa: F403

DEBUG = False
DECIDONS_PRODUCTION = True
if not env_str("DJANGO_SECRET_KEY") or len(SECRET_KEY) < 50:  # noqa: F405
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to a long random value.")
if len(env_str("DECIDONS_SECRECY_KEY")) < 32:
    raise ImproperlyConfigured(
        "DECIDONS_SECRECY_KEY must be set to a random value of at least 32 characters, kept "
        "outside the database and its backups (see docs/ballot-secrecy.md).")
if not env_str("DATABASE_URL") or not env_str("REDIS_URL"):
    raise ImproperlyConfigured("Production mode needs DATABASE_URL and REDIS_URL.")

# Sessions live in Redis (through the cache) with the database as a fallback, so any web
# server can answer any request.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- HTTPS only -----------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
# Lax keeps the session on links followed from e-mails (activation, notifications) while
# refusing it on cross-site POSTs.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True  # no script reads it: forms carry the token in a hidden field
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "whitenoise.storage.CompressedManifestStaticFilesStorage"
)
