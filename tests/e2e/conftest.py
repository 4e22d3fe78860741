"""Browser tests: Playwright's sync API drives Debian's chromium against pytest-django's live
server. No browser is downloaded; the one from the system package is used."""

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio event loop in the test thread, and Django refuses ORM
# calls from such a thread unless told they are safe; fixtures here never run coroutines.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where chromium's sandbox cannot start
    "--disable-gpu",
    # No calls home: the test machine has no network, and each refused call slows chromium.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL_HINT = (
    "The browser tests need Debian's chromium: `sudo apt-get install -y chromium` "
    "(`make test` installs it when run as root). Set CHROMIUM to use another binary."
)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test under tests/e2e, so `-m "not e2e"` leaves the browser out."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep each phase's report on the item, so the `page` fixture knows whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not path:
        pytest.fail(f"chromium not found. {INSTALL_HINT}", pytrace=False)
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator:
    from django.urls import get_resolver
    from playwright.sync_api import sync_playwright

    # The first request of a process imports every view (the schedulers pull in ortools and
    # pandas), which on a busy machine outlasts a page's timeout: do it before any page opens.
    get_resolver().url_patterns  # noqa: B018

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield CspWatchingBrowser(browser)
        browser.close()


@pytest.fixture(autouse=True)
def _static_files_by_source_name(settings) -> None:
    """pytest-django's live server answers /static/ itself, through Django's finders, which know
    files by their source names, not by the hashed names of the production manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


# Every page reports what its Content-Security-Policy refused; the binding is outside the page,
# so the policy cannot block the report, and it survives navigation.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(`${event.effectiveDirective} refused ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || event.documentURI}:${event.lineNumber}`
    + (event.sample ? ` (${event.sample})` : ""));
});
"""


class CspWatchingBrowser:
    """The browser, whose every new context (the `page` fixture's and those a test opens
    itself) records what the Content-Security-Policy refused: the page's violation events and
    chromium's console messages about the policy."""

    def __init__(self, browser) -> None:
        self._browser = browser
        self.refused: list[str] = []

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        context.expose_binding("reportCspViolation", lambda _source, text: self._refuse(text))
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.on(
            "console",
            lambda message: (
                self._refuse(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        return context

    def _refuse(self, text: str) -> None:
        if text not in self.refused:
            self.refused.append(text)

    def __getattr__(self, name: str):
        return getattr(self._browser, name)


@pytest.fixture(autouse=True)
def _no_csp_violations(browser) -> Iterator[None]:
    """A browser test fails if the Content-Security-Policy refused anything on any page."""
    browser.refused.clear()
    yield
    if browser.refused:
        pytest.fail(
            "Content-Security-Policy violations:\n" + "\n".join(browser.refused), pytrace=False
        )


@pytest.fixture
def page(request: pytest.FixtureRequest, browser, live_server) -> Iterator:
    """A fresh browser tab (own cookies and storage) whose relative URLs go to the live server.

    On failure, a full-page screenshot is saved to test-artifacts/ for the person debugging it.
    """
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    call_report = getattr(request.node, "report_call", None)
    if call_report is not None and call_report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()
