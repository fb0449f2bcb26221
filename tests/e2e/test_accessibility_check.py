"""The axe check itself: it finds and names a serious violation (so a clean run means something)."""

import pytest

from tests.e2e.conftest import check_accessibility


@pytest.mark.browser
def test_axe_check_fails_on_a_form_field_without_a_label_and_names_the_rule(page):
    # given a page with an unlabelled text field and an image without alternative text
    page.set_content('<html lang="fr"><head><title>Essai</title></head><body><main>'
                     '<h1>Essai</h1><form><input type="text" name="nom"></form>'
                     '</main></body></html>')
    # when / then
    with pytest.raises(pytest.fail.Exception) as failed:
        check_accessibility(page)
    assert "[critical] label" in str(failed.value)
