"""Slow links: the voting page, with everything it loads (the running total's script
included), stays under 150 kB gzip-compressed."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static

from budgets.tests.factories import BudgetFactory, ProposalFactory

pytestmark = pytest.mark.django_db

BUDGET_BYTES = 150 * 1024
ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]*href|script[^>]+src)="([^"]+)"')


def _gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def _asset_bytes(url: str) -> bytes:
    prefix = static("")
    assert url.startswith(prefix), f"asset not served by the project: {url}"
    path = finders.find(url.removeprefix(prefix).split("?")[0])
    assert path, f"static file not found: {url}"
    with open(path, "rb") as handle:
        return handle.read()


@pytest.mark.parametrize("kind", ["approval", "knapsack", "cumulative"])
def test_voting_page_with_its_css_and_js_weighs_less_than_150_kb_compressed(
        client, resident, kind):
    # given a budget open for voting with 40 projects, as in a large neighbourhood, with each
    # kind of ballot (knapsack and points ballots carry the running total's texts)
    budget = BudgetFactory(neighbourhood=resident.neighbourhood, voting=True,
                           **({kind: True} if kind != "approval" else {}))
    for number in range(40):
        ProposalFactory(budget=budget, feasible=True, title=f"Projet de quartier n° {number}",
                        description="Un banc, un arbre et une fontaine près de l'école. " * 4,
                        cost_cents=1_000_000, estimated_cost_cents=1_000_000)
    client.force_login(resident.user)
    # when
    response = client.get(f"/budgets/{budget.pk}/voter/")
    html = response.content
    assets = ASSET.findall(html.decode())
    # then
    assert response.status_code == 200 and assets
    assert (b"data-live-total" in html) == (kind != "approval")
    total = _gzip_size(html) + sum(_gzip_size(_asset_bytes(url)) for url in assets)
    print(f"voting page: {total} bytes compressed")  # shown with -s, for the record
    assert total < BUDGET_BYTES, f"voting page weighs {total} bytes compressed"
