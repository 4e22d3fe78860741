"""The page audit: every page each demo role can reach from the home page, in the four languages,
at a desk width and a phone width, checked in a real browser.

The site is the one `make run` gives a newcomer: `silkbridge serve` on a fresh SQLite database
seeded with the reference data and the demo story. The inventory is found by following the links
each role sees (one page per view and set of query parameters); each page is then opened in each
language and checked for: the status it answered, horizontal overflow at 1366 and 390 px,
English interface strings left in another language (the page's text compared with the English
msgids of that language's catalogue), console errors, and (in English and Urdu) axe-core's
serious or critical WCAG 2.1 AA violations. Every finding is listed at the end, and the
figures are printed.
"""

from __future__ import annotations

import html.parser
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit

import polib
import pytest
import requests

from tests.e2e.demo_site import DEMO_PASSWORD, served_demo

REPO = Path(__file__).resolve().parents[2]
PAGE_AUDIT_FIGURES = REPO / "test-artifacts" / "page-audit"
LOCALE = REPO / "src" / "silkbridge" / "locale"
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ROLES = {
    "anonymous": None,
    "secretariat": "secretariat@silkbridge.example",
    "observer": "observer@silkbridge.example",
    "organisation admin": "pk.admin@silkbridge.example",
    "member": "kz.member@silkbridge.example",
}
LANGUAGES = ["en", "ru", "kk", "ur"]
# axe-core in one left-to-right and the right-to-left language: Russian and Kazakh pages share
# English's markup and direction, and the run stays within its time budget.
AXE_LANGUAGES = {"en", "ur"}
WIDTHS = {"desk": (1366, 900), "phone": (390, 844)}
MAX_PAGES_PER_ROLE = 70
# Links the audit does not follow: they leave the HTML interface, change state or sign out.
NOT_PAGES = re.compile(
    r"^/(static|media|api|admin|healthz|readyz|metrics|i18n)/|/(logout|export|download)\b"
    r"|\.(pdf|csv|xlsx|ics|json|xml|png|jpg|svg|zip)$|/(pdf|ics|csv|qr)/?$"
)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with served_demo(tmp_path_factory) as url:
        yield url


# --- the inventory ----------------------------------------------------------------------------


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.csrf = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"] or "")
        if tag == "input" and a.get("name") == "csrfmiddlewaretoken":
            self.csrf = a.get("value") or ""


def _parse(html_text: str) -> _Links:
    links = _Links()
    links.feed(html_text)
    return links


def sign_in(site: str, email: str | None) -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    if email is None:
        return session
    login = f"{site}/accounts/login/"
    form = _parse(session.get(login, timeout=30).text)
    answer = session.post(
        login,
        data={"csrfmiddlewaretoken": form.csrf, "username": email, "password": DEMO_PASSWORD},
        headers={"Referer": login},
        timeout=30,
    )
    assert "sessionid" in session.cookies, (
        f"{email} could not sign in ({answer.status_code}): {answer.text[:3000]}"
    )
    return session


def _page_key(path: str, query: str) -> tuple[str, frozenset[str]] | None:
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path)
    except Resolver404:
        return None
    names = frozenset(name for name, _ in parse_qsl(query) if name != "page")
    return match.view_name, names


def inventory(site: str, session: requests.Session) -> list[str]:
    """The pages a role reaches by following links from the home page: one per view and set of
    query parameters, breadth first, so the nearest (most used) pages come first."""
    seen_keys: set = set()
    queue, found, visited = ["/"], [], set()
    while queue and len(found) < MAX_PAGES_PER_ROLE:
        url = queue.pop(0)
        if url in visited:
            continue
        visited.add(url)
        answer = session.get(site + url, timeout=60, allow_redirects=False)
        if answer.status_code != 200 or "text/html" not in answer.headers.get("Content-Type", ""):
            continue
        found.append(url)
        for href in _parse(answer.text).hrefs:
            target = urlsplit(urljoin(site + url, href))
            if f"{target.scheme}://{target.netloc}" != site or NOT_PAGES.search(target.path):
                continue
            key = _page_key(target.path, target.query)
            if key is None or key in seen_keys:
                continue
            seen_keys.add(key)
            queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return found


# --- the checks -------------------------------------------------------------------------------


PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


@dataclass
class Catalogue:
    """The English interface strings a page in another language must not show: the exact ones,
    and those with placeholders as patterns matching a whole text."""

    exact: set[str]
    patterns: re.Pattern | None

    def left_in(self, texts: list[str]) -> list[str]:
        return sorted(
            text
            for text in texts
            if text in self.exact or (self.patterns and self.patterns.fullmatch(text))
        )


def english_catalogue(language: str) -> Catalogue:
    """Every msgid of the language's catalogue (translated or not) whose translation differs."""
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    exact, patterns = set(), []
    for entry in catalogue:
        if entry.obsolete or entry.msgstr.strip() == entry.msgid.strip():
            continue
        text = " ".join(entry.msgid.split())
        literal = PLACEHOLDER.sub("", text)
        if len(re.findall(r"[A-Za-z]", literal)) < 3:
            continue
        if PLACEHOLDER.search(text):
            # Only a pattern with enough fixed words to be unmistakably this string.
            if len(re.findall(r"[A-Za-z]", literal)) >= 12:
                parts = PLACEHOLDER.split(text)
                patterns.append(".+?".join(re.escape(part) for part in parts))
        else:
            exact.add(text)
    combined = re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None
    return Catalogue(exact, combined)


# Visible text of the page's own language: text nodes and the labels a screen reader announces,
# leaving out what is marked as another language (such as the language switcher's names).
VISIBLE_TEXT = """
() => {
  const pageLang = document.documentElement.lang;
  const own = (el) => { const l = el.closest('[lang]'); return !l || l.lang === pageLang; };
  const shown = (el) => el.checkVisibility ? el.checkVisibility() : !!el.offsetParent;
  const out = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    const text = node.textContent.replace(/\\s+/g, ' ').trim();
    if (text && el && !el.closest('script,style,code,pre,textarea') && own(el) && shown(el)) {
      out.add(text);
    }
  }
  for (const el of document.querySelectorAll('[placeholder],[aria-label],[title],img[alt]')) {
    if (!own(el)) continue;
    for (const name of ['placeholder', 'aria-label', 'title', 'alt']) {
      const value = (el.getAttribute(name) || '').replace(/\\s+/g, ' ').trim();
      if (value) out.add(value);
    }
  }
  return [...out];
}
"""
AXE_RUN = """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags},
  resultTypes: ['violations']}))
  .violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => `${v.id} (${v.impact}) at ${v.nodes.slice(0, 2).map(n => n.target.join(' '))}`)"""
# How much wider than the window the page is, how much the navigation bar's content is wider
# than its box (the user menu pushed out of view), and which key figures spill out of their card.
OVERFLOW = """() => {
  const nav = document.querySelector("nav.navbar > .container");
  return {
    page: document.documentElement.scrollWidth - window.innerWidth,
    nav: nav ? nav.scrollWidth - nav.clientWidth : 0,
    figures: [...document.querySelectorAll(".key-figure")]
      .filter((card) => card.scrollWidth > card.clientWidth)
      .map((card) => card.innerText.split("\\n")[0]),
  };
}"""


@dataclass
class Audit:
    pages: int = 0
    checks: int = 0
    findings: list[str] = field(default_factory=list)


def check_widths(page, audit: Audit, where: str, width_names: list[str]) -> None:
    """Overflow at each width; measured as soon as the layout is redone, which reading the
    page's sizes forces."""
    for width_name in width_names:
        page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width_name], strict=True)))
        overflow = page.evaluate(OVERFLOW)
        audit.checks += 1
        if overflow["page"] > 0:
            audit.findings.append(f"{where}: {overflow['page']} px wider than the {width_name}")
        if overflow["nav"] > 0:
            audit.findings.append(
                f"{where}: navigation bar {overflow['nav']} px too wide at {width_name}"
            )
        if overflow["figures"]:
            audit.findings.append(
                f"{where}: key figures spill out at {width_name}: {overflow['figures']}"
            )


def audit_pages(browser, site: str, session: requests.Session, urls: list[str], language: str):
    audit = Audit()
    english = english_catalogue(language) if language != "en" else None
    context = browser.new_context(
        base_url=site, viewport=dict(zip(("width", "height"), WIDTHS["phone"], strict=True))
    )
    host = urlsplit(site).hostname
    cookies = [
        {"name": c.name, "value": c.value, "domain": host, "path": "/"} for c in session.cookies
    ]
    cookies.append({"name": "django_language", "value": language, "domain": host, "path": "/"})
    context.add_cookies(cookies)
    context.set_default_timeout(30_000)
    if language in AXE_LANGUAGES:
        # Given to every page of the context by the browser, instead of sent with each check.
        context.add_init_script(AXE)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        for url in urls:
            where = f"[{language}] {url}"
            errors.clear()
            # Opened at the phone width, so that axe (at that width) runs on the layout the page
            # made when it loaded (site.js redoes it 100 ms after a resize); then the desk width.
            page.set_viewport_size(dict(zip(("width", "height"), WIDTHS["phone"], strict=True)))
            answer = page.goto(url)
            audit.pages += 1
            if answer is None or answer.status != 200:
                audit.findings.append(f"{where}: status {answer and answer.status}")
                continue
            if page.evaluate("document.documentElement.lang") != language:
                audit.findings.append(f"{where}: page language is not {language}")
            check_widths(page, audit, where, ["phone"])
            if english:
                left = english.left_in(page.evaluate(VISIBLE_TEXT))
                if left:
                    audit.findings.append(f"{where}: English left: {left[:8]}")
            if language in AXE_LANGUAGES:
                for violation in page.evaluate(AXE_RUN, WCAG_AA):
                    audit.findings.append(f"{where}: axe {violation}")
            check_widths(page, audit, where, ["desk"])
            page.wait_for_timeout(50)  # late console errors of scripts run after load
            for error in errors:
                audit.findings.append(f"{where}: console error {error[:200]}")
    finally:
        context.close()
    return audit


@pytest.fixture(scope="session")
def inventories(demo_site) -> dict[str, list[str]]:
    return {role: inventory(demo_site, sign_in(demo_site, email)) for role, email in ROLES.items()}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_a_role_reaches_passes_the_audit(
    browser, demo_site, inventories, role, language
):
    urls = inventories[role]
    # A role that signs in reaches more than the public pages.
    assert len(urls) >= (5 if ROLES[role] is None else 10), urls
    audit = audit_pages(browser, demo_site, sign_in(demo_site, ROLES[role]), urls, language)
    figures = {
        "role": role,
        "language": language,
        "pages": audit.pages,
        "widths": len(WIDTHS),
        "checks": audit.checks,
        "findings": len(audit.findings),
    }
    # Summed and printed at the end of the run by tests/conftest.py.
    PAGE_AUDIT_FIGURES.mkdir(parents=True, exist_ok=True)
    (PAGE_AUDIT_FIGURES / f"{role.replace(' ', '-')}-{language}.json").write_text(
        json.dumps(figures)
    )
    assert audit.findings == [], "\n".join(audit.findings)
