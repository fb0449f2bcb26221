"""Test settings: the same code paths as production, with fast hashing and mail kept in memory.

DATABASE_URL and REDIS_URL choose PostgreSQL and Redis exactly as in production; the README's
test command sets them.
"""

from config.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
AXES_ENABLED = True
# Tests exercise the real task code paths; eager unless a test starts a worker on Redis.
CELERY_TASK_ALWAYS_EAGER = True
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
STATIC_ROOT = None  # served from the apps' static folders (WhiteNoise finders)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# A fixed key for the voter tags (civic/secrecy.py), so no test writes a key file.
SECRECY_KEY = "test-secrecy-key-0123456789abcdef-not-for-production"
# The webhook tests post to a receiver on 127.0.0.1, and retry soon.
DECIDONS = {**DECIDONS, "WEBHOOK_ALLOW_PRIVATE_HOSTS": True, "WEBHOOK_RETRY_SECONDS": 1}  # noqa: F405
