"""Fixtures for the web shell's view tests."""

import pytest
from django.core.cache import cache

PASSWORD = "motdepasse-solide-42"


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Activation e-mails are rate-limited through the cache; each test starts clean.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def signup_data(neighbourhood):
    return {
        "email": "Yasmine.Keller@Exemple.fr",
        "password1": "Cevennes-2026-soleil",
        "password2": "Cevennes-2026-soleil",
        "first_name": "Yasmine",
        "last_name": "Keller",
        "neighbourhood": str(neighbourhood.pk),
        "date_of_birth": "1990-03-14",
        "postal_address": "8 rue Deparcieux\n30100 Alès",
        "preferred_language": "fr",
    }
