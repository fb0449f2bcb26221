"""Every route the site serves, read from the URL resolver (so a new one cannot hide)."""

from django.urls import URLPattern, URLResolver, get_resolver

HTTP_METHODS = ("get", "post", "put", "patch", "delete")
# Django's admin lets in the superuser alone, one gate for all its pages (civic.audited_admin;
# tests/security/test_admin_superuser_only.py opens every one of them): the matrix covers its
# index and log-in rows only. The media route exists in DEBUG only.
SKIPPED_NAMESPACES = ("admin",)
ADMIN_ROWS = frozenset({"admin:index", "admin:login"})


def _walk(resolver: URLResolver, namespace: tuple[str, ...] = ()):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = (*namespace, entry.namespace) if entry.namespace else namespace
            yield from _walk(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield ":".join((*namespace, entry.name)), entry.callback


def api_operations() -> set[tuple[str, str]]:
    """(METHOD, route name) of every API operation: one per handler method of each view."""
    found = set()
    for name, callback in _walk(get_resolver()):
        view_class = getattr(callback, "cls", None)
        if not name.startswith("api:") or view_class is None:
            continue
        for method in HTTP_METHODS:
            if hasattr(view_class, method):
                found.add((method.upper(), name))
    return found


def web_pages() -> set[str]:
    """Route name of every page outside the API."""
    return {name for name, _callback in _walk(get_resolver())
            if not name.startswith("api:")
            and (name.split(":")[0] not in SKIPPED_NAMESPACES or name in ADMIN_ROWS)}
