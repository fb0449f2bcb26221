"""Play one matrix row for every persona, each in its own rolled-back savepoint."""

from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.security.matrix import Row, body_of, kwargs_of
from tests.security.world import PERSONAS, World


class _Undo(Exception):
    def __init__(self, status: str) -> None:
        self.status = status


def outcome(response) -> str:
    code = response.status_code
    if code == 401 or (code in (301, 302, 303) and "/connexion/" in response.get("Location", "")):
        return "login"
    if 200 <= code < 400:
        return "ok"
    if code in (400, 409, 413, 415):
        return "bad"
    if code in (403, 404):
        return str(code)
    if code == 410:
        return "gone"
    return f"http-{code}"


def url_of(row: Row, world: World) -> str:
    # A form of a page with several forms is a row of its own: `name?do=<form>`.
    name, _, query = row.name.partition("?")
    url = reverse(name, kwargs=kwargs_of(row)(world)) + (f"?{query}" if query else "")
    if row.name == "api:comment-list" and row.method == "GET":
        url += f"?target=budgets.proposal:{world.voting_proposals[0].pk}"
    return url


def play(row: Row, world: World, persona: str) -> str:
    """The outcome class for one cell; nothing the request wrote survives."""
    cache.clear()  # throttles count per test, not per cell
    client = Client(raise_request_exception=False)
    user = world.users[persona]
    if user is not None:
        client.force_login(user)
    url = url_of(row, world)
    try:
        with transaction.atomic():
            if row.method == "GET":
                response = client.get(url)
            elif row.name.startswith("api:"):
                response = client.generic(row.method, url, _json(row, world),
                                          content_type="application/json")
            else:
                response = client.post(url, {})
            raise _Undo(outcome(response))
    except _Undo as undo:
        return undo.status


def _json(row: Row, world: World) -> str:
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    body = body_of(row)
    return json.dumps(body(world) if body else {}, cls=DjangoJSONEncoder)


def play_row(row: Row, world: World, personas: tuple[str, ...] = PERSONAS) -> tuple[str, ...]:
    return tuple(play(row, world, persona) for persona in personas)
