"""Services name pages by route: the link follows the page wherever it is routed."""

from civic.links import page_url


def test_page_url_is_the_routed_path_of_the_page():
    assert page_url("frontend:account") == "/compte/"
    assert page_url("counter:resident", pk=12) == "/guichet/habitants/12/"
