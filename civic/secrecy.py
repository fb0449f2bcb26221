"""Keyed tags: what stands for a person wherever storing who they are would break a secret.

A secret ballot or an anonymous consultation answer must still be "one per person", and a
person must still be able to change their ballot. So the row carries a tag,
HMAC-SHA256(key, scope | person), instead of the person: the application, which holds the key,
finds a person's row again and the database enforces one row per tag; whoever holds only the
database (a dump, a backup, the admin, a SQL console) cannot compute any tag, so cannot tell
whose row it is. The key lives outside the database: `DECIDONS_SECRECY_KEY` in production, a
file made on first use in the embedded mode (see docs/ballot-secrecy.md).

Changing the key while a vote is open would make every voter a stranger to their own ballot
(and able to vote twice): `key_fingerprint()` is stored with each vote when it opens, and a
cast under another key is refused.
"""

import hashlib
import hmac
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

from config.env import read_or_create_secret

MIN_KEY_LENGTH = 32



@cache
def _key() -> bytes:
    value = settings.SECRECY_KEY or read_or_create_secret(Path(settings.SECRECY_KEY_FILE))
    if len(value) < MIN_KEY_LENGTH:
        raise ImproperlyConfigured(
            f"DECIDONS_SECRECY_KEY must be at least {MIN_KEY_LENGTH} characters long.")
    return value.encode()


@receiver(setting_changed)
def _forget_key(*, setting: str, **_kwargs: object) -> None:
    if setting in {"SECRECY_KEY", "SECRECY_KEY_FILE"}:
        _key.cache_clear()


def person_tag(*, scope: str, person_id: int) -> str:
    """The tag standing for person `person_id` within `scope` (e.g. ``"ballot:12"``).

    Tags of one person in two scopes are unrelated, so tables of different votes cannot be
    joined on them either.
    """
    message = f"person|{scope}|{person_id}".encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def content_digest(*, scope: str, content: str) -> str:
    """A keyed digest of `content` (e.g. a paper ballot's first entry), comparable, not readable.

    Without the key, nobody can test guesses against it, which a plain hash of a ballot with
    a handful of possible contents would allow.
    """
    message = f"content|{scope}|{content}".encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def key_fingerprint() -> str:
    """A short public fingerprint of the key, to notice a key changed under an open vote."""
    return hmac.new(_key(), b"fingerprint", hashlib.sha256).hexdigest()[:16]


def purpose_key(*, purpose: str, base: str | None = None) -> bytes:
    """A key for another use than person tags (e.g. sealing the audit log), derived from the
    secrecy key, or from `base`, a former value of it (`DECIDONS_SECRECY_RETIRED_KEYS`).

    Derived, so a deployment keeps one secret; separate, so no value computed for one use
    can be replayed as a value of another.
    """
    root = base.encode() if base is not None else _key()
    return hmac.new(root, f"purpose|{purpose}".encode(), hashlib.sha256).digest()
