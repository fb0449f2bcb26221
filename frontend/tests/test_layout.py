import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_page_has_landmarks_a_skip_link_and_a_status_area(client):
    # when the home page is shown
    html = client.get(reverse("frontend:home")).text
    # then assistive technology finds its way around
    assert html.index('class="skip-link" href="#main"') < html.index("<header")
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html
    assert 'role="status"' in html
    assert 'aria-label="Menu principal"' in html


def test_navigation_lists_only_the_modules_whose_pages_exist(client):
    # given the modules' index pages, mounted or not
    from frontend.context_processors import NAV_ITEMS, url_if_exists

    # when a page is shown
    html = client.get(reverse("frontend:home")).text
    start = html.index('aria-label="Menu principal"')
    nav = html[start:html.index("</nav>", start)]
    # then each module appears exactly when its index resolves, and nothing crashes
    for name, label in NAV_ITEMS:
        assert (str(label) in nav) == bool(url_if_exists(name))
    assert 'aria-current="page">Accueil' in nav


def test_home_page_presents_the_three_ways_to_take_part(client):
    # when the home page is shown to a visitor
    html = client.get(reverse("frontend:home")).text
    # then it explains each tool and how to join
    for title in ("Budgets participatifs", "Initiatives citoyennes",
                  "Commissions et comités d'usagers"):
        assert title in html
    assert reverse("frontend:signup") in html
    assert "Pas d'internet ?" in html


def test_static_assets_are_served_by_the_project(client):
    # when the page is shown
    html = client.get(reverse("frontend:home")).text
    # then every stylesheet and script is local
    assert 'href="/static/frontend/site.css"' in html
    assert 'src="/static/frontend/site.js"' in html
    assert "http://" not in html.split("<body")[0].replace("http://www.w3.org", "")
    assert "<script>" not in html and "onclick" not in html and 'style="' not in html
