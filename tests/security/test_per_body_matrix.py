"""The second permission table (tests/security/matrix.py, PER_BODY_TABLE): a body's chair and
secretary run their own body's meetings and nothing else, a chair of another body is refused
on them, and the superuser is the one account Django's admin lets in."""

import os
from pathlib import Path

import pytest

from tests.security.matrix import API_ROWS, PER_BODY_ROWS, WEB_ROWS
from tests.security.routes import api_operations, web_pages
from tests.security.runner import play_row
from tests.security.world import BODY_PERSONAS, build_world

# The routes a body's per-body roles could reach: the commissions' staff workspace, the staff
# home, the closed meetings' documents and every API operation on a body's meetings.
WORKSPACE_PREFIXES = ("commissions_web:staff_", "commissions_web:workspace",
                      "commissions_web:meeting_document", "frontend:staff_home", "admin:")
API_PREFIXES = ("api:commissions-meeting-", "api:commissions-opinion-adopt")


# Public reads and a resident's own seat are the same for everyone: the main table has them.
PUBLIC_API = {("GET", "api:commissions-meeting-list"), ("GET", "api:commissions-meeting-detail"),
              ("POST", "api:commissions-meeting-register"),
              ("POST", "api:commissions-meeting-unregister")}


def _concerned_page(name: str) -> bool:
    return name.partition("?")[0].startswith(WORKSPACE_PREFIXES)


def test_every_commissions_staff_route_has_a_per_body_row():
    # given the routes the resolver serves, and the main table's rows (one per form)
    web = {name for name in web_pages() if _concerned_page(name)}
    api = {(method, name) for method, name in api_operations()
           if name.startswith(API_PREFIXES)} - PUBLIC_API
    forms = {(row.method, row.name) for row in WEB_ROWS if _concerned_page(row.name)}
    in_table = {(row.method, row.name) for row in PER_BODY_ROWS}
    # then each page, each form of a page and each operation has a row in the per-body
    # table, and no row is for a route that does not exist
    assert sorted(web - {name.partition("?")[0] for _m, name in in_table}) == []
    assert sorted(forms - in_table) == []
    assert sorted(api - in_table) == []
    assert in_table <= forms | api | {(row.method, row.name) for row in API_ROWS + WEB_ROWS}
    assert all(len(row.cells) == len(BODY_PERSONAS) for row in PER_BODY_ROWS)


@pytest.mark.slow
@pytest.mark.django_db
def test_per_body_roles_and_the_superuser_get_what_the_table_says():
    # given the town of the main table, whose commission "securite" has a chair (the
    # councillor) and a secretary, another body with its own chair, and a superuser
    world = build_world()
    found, seen = [], []
    # when each of them opens each page or calls each operation (every request rolled back)
    for row in PER_BODY_ROWS:
        actual = play_row(row, world, BODY_PERSONAS)
        seen.append(f"{row.method:6} {row.name:44} " + " ".join(f"{c:5}" for c in actual))
        if actual != row.cells:
            found.append(f"{row.method} {row.name}: " + ", ".join(
                f"{who}: expected {want}, got {got}" for who, want, got
                in zip(BODY_PERSONAS, row.cells, actual, strict=False) if want != got))
    if dump := os.environ.get("MATRIX_DUMP"):
        Path(dump).write_text("\n".join(seen) + "\n")
    # then no cell differs from the table
    assert found == [], "\n".join(found)
