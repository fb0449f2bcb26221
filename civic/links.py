"""Links to the site's pages that services write into notifications and audit entries.

Pages are named by their route, never by a hand-written path, so a page that moves keeps its
links: `page_url("counter:resident", pk=3)`.
"""

from typing import Any

from django.urls import reverse


def page_url(name: str, **kwargs: Any) -> str:
    """The path of the page routed as `name` (namespace:name) with these URL arguments."""
    return reverse(name, kwargs=kwargs or None)
