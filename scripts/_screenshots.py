"""Take the screenshots of docs/screenshots/ (run by scripts/screenshots, not by hand)."""

import os
import sys
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
django.setup()

from playwright.sync_api import sync_playwright  # noqa: E402

from budgets.models import ParticipatoryBudget  # noqa: E402
from civic.demo import DEMO_PASSWORD  # noqa: E402
from civic.models import Resident  # noqa: E402
from petitions.models import CitizenInitiative  # noqa: E402

SIZES = {"phone": {"width": 360, "height": 800}, "desktop": {"width": 1280, "height": 900}}
MAX_HEIGHT = {"phone": 2400, "desktop": 1800}  # long pages are cut, to keep files small


def pages() -> list[tuple[str, str, str | None]]:
    """(name, path, demo user to log in as, or None)."""
    # Julien lives in the centre-ville, whose demo budget is open for voting.
    julien = Resident.objects.get(user__email="julien@decidons.test")
    voting = ParticipatoryBudget.objects.filter(
        status="voting", neighbourhood=julien.neighbourhood).order_by("pk").first()
    results = ParticipatoryBudget.objects.filter(
        status__in=["results", "implementation"]).order_by("pk").first()
    collecting = CitizenInitiative.objects.filter(status="collecting").order_by("pk").first()
    listed = [
        ("01-accueil", "/", None),
        ("02-connexion", "/connexion/", None),
        ("03-budgets", "/budgets/", None),
        ("06-initiatives", "/initiatives/", None),
        ("08-commissions", "/commissions/", None),
        ("09-compte", "/compte/", "nadia@decidons.test"),
        ("10-rappels", "/compte/rappels/", "nadia@decidons.test"),
        ("11-guichet", "/guichet/", "agent@decidons.test"),
        ("12-guichet-bulletins", "/guichet/bulletins/", "agent@decidons.test"),
    ]
    if voting:
        listed.append(("04-vote", f"/budgets/{voting.pk}/voter/", "julien@decidons.test"))
    if results:
        listed.append(("05-resultats", f"/budgets/{results.pk}/resultats/", None))
    if collecting:
        listed.append(("07-initiative", f"/initiatives/{collecting.pk}/", "julien@decidons.test"))
    return sorted(listed)


def login(page, email: str) -> None:
    page.goto("/connexion/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def main(base_url: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-gpu"])
        for size, viewport in SIZES.items():
            contexts: dict[str | None, object] = {}
            for name, path, user in pages():
                if user not in contexts:
                    context = browser.new_context(base_url=base_url, locale="fr-FR",
                                                  viewport=viewport)
                    page = context.new_page()
                    if user:
                        login(page, user)
                    contexts[user] = page
                page = contexts[user]
                page.goto(path)
                height = min(page.evaluate("() => document.documentElement.scrollHeight"),
                             MAX_HEIGHT[size])
                page.screenshot(path=str(out / f"{name}-{size}.png"), clip={
                    "x": 0, "y": 0, "width": viewport["width"], "height": height},
                    full_page=True)
                print(f"{name}-{size}.png")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
