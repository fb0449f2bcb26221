"""The town's rules: one accessor, defaults in one place, any key overridden on its own."""

import pytest

from civic.conf import decidons_setting


def test_a_setting_left_alone_is_its_default(settings):
    settings.DECIDONS = {}

    assert decidons_setting("MIN_AGE") == settings.DECIDONS_DEFAULTS["MIN_AGE"]
    assert decidons_setting("COMMISSIONS", "QUORUM_PERCENT") == 50


def test_an_override_replaces_only_its_own_key_of_a_section(settings):
    # given a deployment that changes one key of a section
    settings.DECIDONS = {**settings.DECIDONS, "COMMISSIONS": {"QUORUM_PERCENT": 40}}

    # then that key is overridden and the section's other keys keep their default
    assert decidons_setting("COMMISSIONS", "QUORUM_PERCENT") == 40
    assert decidons_setting("COMMISSIONS", "OPINION_ANSWER_DAYS") == 60


def test_an_unknown_setting_is_a_mistake_in_the_code(settings):
    with pytest.raises(KeyError):
        decidons_setting("COMMISSIONS", "NO_SUCH_SETTING")
