"""Every API operation and every web page × eight personas, against one table
(tests/security/matrix.py). A cell that differs from the table fails, and so does a route
the table does not place."""

import os
from pathlib import Path

import pytest

from tests.security.matrix import API_ROWS, WEB_ROWS
from tests.security.routes import api_operations, web_pages
from tests.security.runner import play_row
from tests.security.world import PERSONAS, build_world


def test_every_route_is_in_the_matrix():
    # given the routes the resolver serves and the rows of the table
    api_in_table = {(row.method, row.name) for row in API_ROWS}
    web_in_table = {row.name.partition("?")[0] for row in WEB_ROWS}
    # then each route has exactly one row, and each row a route
    assert sorted(api_operations() - api_in_table) == [], "API operations missing a row"
    assert sorted(api_in_table - api_operations()) == [], "rows for no API operation"
    assert sorted(web_pages() - web_in_table) == [], "web pages missing a row"
    assert sorted(web_in_table - web_pages()) == [], "rows for no web page"
    assert all(len(row.cells) == len(PERSONAS) for row in API_ROWS + WEB_ROWS)


def _differences(rows) -> list[str]:
    world = build_world()
    found, seen = [], []
    for row in rows:
        actual = play_row(row, world)
        seen.append(f"{row.method:6} {row.name:44} " + " ".join(f"{c:5}" for c in actual))
        if actual != row.cells:
            wanted = row.cells + ("?",) * (len(PERSONAS) - len(row.cells))
            cells = ", ".join(f"{who}: expected {want}, got {got}" for who, want, got
                              in zip(PERSONAS, wanted, actual, strict=False) if want != got)
            found.append(f"{row.method} {row.name}: {cells}")
    if dump := os.environ.get("MATRIX_DUMP"):  # to review a changed table line by line
        Path(dump).write_text("\n".join(seen) + "\n")
    return found


@pytest.mark.slow
@pytest.mark.django_db
def test_every_api_operation_answers_each_persona_as_the_matrix_says():
    # given a town with an object in every state and the eight personas
    # when each persona calls each API operation (every call rolled back)
    differences = _differences(API_ROWS)
    # then no cell differs from the table
    assert differences == [], "\n".join(differences)


@pytest.mark.slow
@pytest.mark.django_db
def test_every_web_page_answers_each_persona_as_the_matrix_says():
    # given the same town
    # when each persona opens each page, or posts its form (every request rolled back)
    differences = _differences(WEB_ROWS)
    # then no cell differs from the table
    assert differences == [], "\n".join(differences)
