"""The public page of the audit log's published heads, and its Atom feed."""

from datetime import datetime
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from civic.services.audit import audit_checkpoint_create_due, audit_record

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def two_days():
    entries = []
    for day in (1, 2):
        with time_machine.travel(datetime(2026, 12, day, 11, tzinfo=PARIS), tick=False):
            entries.append(audit_record(verb="test.event", actor=None))
    audit_checkpoint_create_due(now=datetime(2026, 12, 3, 1, 0, tzinfo=PARIS))
    return entries


def test_every_page_links_to_the_audit_log_from_its_footer(client):
    # when any page is shown
    html = client.get(reverse("frontend:home")).text
    # then its footer leads to the published heads
    footer = html[html.index("<footer"):]
    assert f'href="{reverse("frontend:audit_chain")}"' in footer
    assert "Journal d&#x27;audit" in footer or "Journal d'audit" in footer


def test_the_page_shows_the_head_and_each_days_checkpoint_and_how_to_check_them(client,
                                                                                two_days):
    # when a visitor opens the page
    response = client.get(reverse("frontend:audit_chain"))
    html = response.text
    # then the current head, each day's count and hash, and the way to check them are there
    assert response.status_code == 200
    first, second = two_days
    assert html.count(second.entry_hash) == 2  # the head, and 2 December's row
    assert first.entry_hash in html
    assert 'id="jour-2026-12-01"' in html and 'id="jour-2026-12-02"' in html
    assert "Comment garder et vérifier une empreinte" in html
    assert "audit_verify --heads" in html
    for url in (reverse("api:audit-checkpoint-list"), reverse("api:audit-head"),
                reverse("frontend:audit_feed")):
        assert f'href="{url}"' in html
    assert "<script>" not in html and 'style="' not in html


def test_the_page_says_so_while_nothing_is_published_yet(client):
    # when the log is empty
    html = client.get(reverse("frontend:audit_chain")).text
    # then the visitor is told, not shown an empty table
    assert "Le journal est encore vide." in html
    assert "Aucune empreinte de fin de journée n&#x27;est encore publiée" in html \
        or "Aucune empreinte de fin de journée n'est encore publiée" in html
    assert "<table" not in html


def test_the_atom_feed_lists_each_days_count_and_hash(client, two_days):
    # when a feed reader fetches the feed
    response = client.get(reverse("frontend:audit_feed"))
    # then it is Atom, newest day first, each entry carrying its count and hash
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "Journal d'audit au 2026-12-02 : 2 entrées",
        "Journal d'audit au 2026-12-01 : 1 entrée"]
    assert two_days[1].entry_hash in (entries[0].find(f"{ATOM}summary").text or "")
    assert entries[0].find(f"{ATOM}link").get("href").endswith(
        f"{reverse('frontend:audit_chain')}#jour-2026-12-02")


def test_the_page_follows_the_visitors_choice_of_english(client, two_days):
    # when a visitor who chose English opens the page
    client.cookies["django_language"] = "en"
    response = client.get(reverse("frontend:audit_chain"))
    # then it is served in English (its text comes through the translation catalogue)
    assert response.status_code == 200
    assert '<html lang="en">' in response.text
