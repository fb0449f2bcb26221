"""Request throttles whose counters hold when many requests arrive at once.

DRF's stock throttles read the request history from the cache, append and write it back:
two web workers answering at the same moment both read the same history, and more requests
pass than the rate allows. These count in a fixed window with the cache's atomic `incr`
(Redis INCR in production), so exactly `num_requests` pass per window whatever the
concurrency. If the cache is unreachable the request is allowed (a throttle must never stop
a vote or a signature).
"""

from typing import TYPE_CHECKING, Any, cast

from rest_framework import throttling
from rest_framework.permissions import SAFE_METHODS

from civic.access import client_address

if TYPE_CHECKING:
    _MixinBase = throttling.SimpleRateThrottle
else:
    _MixinBase = object


class AtomicWindowMixin(_MixinBase):
    """Fixed-window counter: one cache key per (client, window), incremented atomically."""

    duration: int
    num_requests: int

    def get_ident(self, request: Any) -> str:
        """The client's address as civic.access reads it (never X-Forwarded-For as sent)."""
        return client_address(request)

    def allow_request(self, request: Any, view: Any) -> bool:
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        now = self.timer()
        window = int(now) // self.duration
        count = self._increment(f"{key}:w{window}")
        self._wait = (window + 1) * self.duration - now
        return count is None or count <= self.num_requests

    def _increment(self, key: str) -> int | None:
        # add() is a no-op when the key exists; incr() is atomic in Redis and locmem.
        self.cache.add(key, 0, self.duration + 1)
        try:
            return self.cache.incr(key)
        except ValueError:  # the key expired between add() and incr()
            self.cache.add(key, 1, self.duration + 1)
            return 1

    def wait(self) -> float | None:
        return max(getattr(self, "_wait", 0.0), 0.0)


class AnonRateThrottle(AtomicWindowMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(AtomicWindowMixin, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(AtomicWindowMixin, throttling.ScopedRateThrottle):
    """Per-view scope (`throttle_scope`) on the actions that change something (a POST, not
    the GET of the same list); DRF's version resolves the rate in allow_request."""

    def allow_request(self, request: Any, view: Any) -> bool:
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope or request.method in SAFE_METHODS:
            return True
        self.rate = self.get_rate()
        # get_rate() found a rate for the scope (it raises otherwise): both parts are numbers.
        self.num_requests, self.duration = cast(tuple[int, int], self.parse_rate(self.rate))
        return super().allow_request(request, view)


def action_allowed(request: Any, scope: str) -> tuple[bool, float]:
    """Count one `scope` action of a web page in the same counter as the API's
    (`throttle_scope`); (allowed, seconds to wait)."""
    throttle = ScopedRateThrottle()
    allowed = throttle.allow_request(request, type("View", (), {"throttle_scope": scope}))
    return allowed, throttle.wait() or 0.0
