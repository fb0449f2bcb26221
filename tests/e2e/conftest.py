"""Browser tests: Playwright drives Debian's Chromium against Django's live server.

Every page the walks load is checked with axe-core (installed from npm by `npm ci`, read
from `node_modules`, never fetched at run time): every page a test opens, in any context,
is checked once per page load, and the test fails at teardown on any serious or critical
violation, listing them. `check_accessibility(page)` runs the same check at a chosen
checkpoint (a page changed in place, without a reload).
"""

from pathlib import Path

import pytest

from tests.browser import login  # noqa: F401  (the walks import it from here)

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA (what RGAA 4 follows) plus axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
FAILING_IMPACTS = {"serious", "critical"}
AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                          resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
}"""

@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_PATH.exists():
        pytest.fail(f"axe-core missing at {AXE_PATH}: run `npm ci` at the project root")
    return AXE_PATH.read_text(encoding="utf-8")


class AccessibilityWatch:
    """Runs axe once on every page load of every page the test opens; collects failures.

    A page's load is noticed by an event handler, which only flags it: the check itself runs
    just before the test's next action on that page (goto, click, fill…) and when the page's
    context closes, so axe always sees the page the walk actually reached, fully loaded.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.loads: dict[int, int] = {}
        self.checked: dict[int, int] = {}
        self.pages: list[str] = []
        self.failures: dict[str, list[dict]] = {}

    def attach(self, page) -> None:
        if getattr(page.context, "_scripts_disabled", False):
            # axe runs asynchronously inside the page, which needs the page's JavaScript:
            # pages of a no-JavaScript context are the same HTML the other walks check.
            return
        key = id(page)
        self.loads[key] = 0
        self.checked[key] = 0
        page.on("load", lambda _page: self.loads.__setitem__(key, self.loads[key] + 1))

    def flush(self, page) -> None:
        """Check the page if it loaded since its last check."""
        from playwright.sync_api import Error

        key = id(page)
        if key not in self.loads or page.is_closed():
            return
        try:
            page.wait_for_load_state("load")  # also delivers pending load events
        except Error:
            return
        if self.loads[key] == self.checked[key] or page.url.startswith("about:"):
            return
        self.checked[key] = self.loads[key]
        try:
            self.check(page)
        except Error as exc:
            # Only a navigation started by the page itself can interrupt axe here; its new
            # page is checked in turn. Anything else is a real failure.
            if "context was destroyed" not in str(exc):
                raise

    def check(self, page) -> list[dict]:
        if page.evaluate("() => document.contentType") != "text/html":
            return []
        # evaluate() runs over the DevTools protocol, so the site's CSP (no inline script)
        # does not block it and needs no exception for tests.
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(self.source)
        violations = [v for v in page.evaluate(AXE_RUN, AXE_TAGS)
                      if v["impact"] in FAILING_IMPACTS]
        self.pages.append(page.url)
        if violations:
            self.failures.setdefault(page.url, violations)
        return violations

    def report(self) -> str:
        lines = ["Accessibility (axe-core) serious or critical violations:"]
        for url, violations in self.failures.items():
            lines.append(url)
            lines.extend(f"  [{v['impact']}] {v['id']}: {v['help']} — {', '.join(v['nodes'])}"
                         for v in violations)
        return "\n".join(lines)


_WATCH: list[AccessibilityWatch] = []


def check_accessibility(page) -> None:
    """Checkpoint: run axe on the page as it is now and fail at once on serious violations."""
    source = _WATCH[-1].source if _WATCH else AXE_PATH.read_text(encoding="utf-8")
    watch = AccessibilityWatch(source)  # its own log: fails here, not again at teardown
    if watch.check(page):
        pytest.fail(watch.report(), pytrace=False)


def _before(method, watch: AccessibilityWatch, page_of):
    def wrapper(self, *args, **kwargs):
        watch.flush(page_of(self))
        return method(self, *args, **kwargs)
    return wrapper


@pytest.fixture(autouse=True)
def accessibility_watch(monkeypatch, axe_source):
    """Every page any browser test opens is checked with axe (see the module docstring)."""
    from playwright.sync_api import Browser, BrowserContext, Locator, Page

    watch = AccessibilityWatch(axe_source)
    _WATCH.append(watch)
    new_context = Browser.new_context
    new_page, close = BrowserContext.new_page, BrowserContext.close

    def marked_new_context(self, *args, **kwargs):
        context = new_context(self, *args, **kwargs)
        setattr(context, "_scripts_disabled",  # noqa: B010  (a mark of our own on Playwright's object)
                kwargs.get("java_script_enabled") is False)
        return context

    def tracked_new_page(self, *args, **kwargs):
        page = new_page(self, *args, **kwargs)
        watch.attach(page)
        return page

    def checked_close(self, *args, **kwargs):
        for page in self.pages:
            watch.flush(page)
        return close(self, *args, **kwargs)

    monkeypatch.setattr(Browser, "new_context", marked_new_context)
    monkeypatch.setattr(BrowserContext, "new_page", tracked_new_page)
    monkeypatch.setattr(BrowserContext, "close", checked_close)
    for name in ("goto", "reload", "go_back"):
        monkeypatch.setattr(Page, name, _before(getattr(Page, name), watch, lambda p: p))
    for name in ("click", "fill", "check", "uncheck", "set_checked", "select_option", "press"):
        monkeypatch.setattr(Locator, name,
                            _before(getattr(Locator, name), watch, lambda loc: loc.page))
    yield watch
    _WATCH.remove(watch)
    if watch.failures:
        pytest.fail(watch.report(), pytrace=False)
