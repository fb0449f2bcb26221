"""The one guard of the staff's pages: visitors log in, residents are refused, staff get in."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

pytestmark = pytest.mark.django_db

# One staff page of each part of the site.
STAFF_PAGES = [
    "budgets_web:budget_new",
    "petitions_web:review_list",
    "commissions_web:staff_create",
    "counter:index",
    "verification:proofs",
]


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_a_visitor_is_sent_to_the_log_in_page(client, name):
    # when a visitor opens a staff page
    url = reverse(name)
    response = client.get(url)

    # then they are asked to log in, and come back to the page afterwards
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    assert f"next={url}" in response["Location"]


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_a_resident_is_refused_and_told_why(client, resident, name):
    # given a resident logged in
    client.force_login(resident.user)

    # when they open a staff page
    response = client.get(reverse(name))

    # then the page is refused with the reason
    assert response.status_code == 403
    assert "réservé aux agents de la ville" in response.content.decode()


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_a_clerk_gets_the_page(client, clerk, name):
    # given a clerk logged in
    client.force_login(clerk)

    # when they open a staff page
    response = client.get(reverse(name))

    # then it is shown
    assert response.status_code == 200
