"""Liveness probe for load balancers and process managers.

It answers from the web process alone (no database, cache or session), so it measures the
framework's own ceiling and tells a balancer the process is up even when PostgreSQL is busy.
"""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class HealthApi(APIView):
    """Return {"status": "ok"} while the web process serves requests."""

    # No authentication (a token lookup would hit the database) and no throttling (a balancer
    # polls it from one address; the anonymous throttle would count it in the cache).
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []

    @extend_schema(responses=inline_serializer("Health", {"status": serializers.CharField()}))
    def get(self, request: Request) -> Response:
        return Response({"status": "ok"})
