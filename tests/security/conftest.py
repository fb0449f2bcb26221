"""Fixtures of the security tests. The browser fixtures are the e2e suite's own."""

from tests.e2e.conftest import browser, page  # noqa: F401  (pytest fixtures, re-exported)
