"""The audit log's public page: reached from the footer, accessible, and readable on a phone."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from civic.services.audit import audit_checkpoint_create_due, audit_record

PARIS = ZoneInfo("Europe/Paris")
PHONE = {"width": 360, "height": 800}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_visitor_finds_the_published_hashes_from_the_footer_on_a_phone(browser, live_server):
    # given three days of the audit log, their checkpoints published
    for day in (1, 2, 3):
        with time_machine.travel(datetime(2026, 12, day, 11, tzinfo=PARIS), tick=False):
            head = audit_record(verb="test.event", actor=None)
    audit_checkpoint_create_due(now=datetime(2026, 12, 4, 1, 0, tzinfo=PARIS))
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport=PHONE,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    # when a visitor follows the footer's link from the home page
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Journal d'audit").click()
    # then the page shows the head and each day's hash, and fits a 360 px screen
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Journal d'audit : les empreintes publiées")
    expect(page.get_by_role("row", name="3 décembre 2026")).to_contain_text(head.entry_hash)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide on a 360 px screen"
    context.close()
