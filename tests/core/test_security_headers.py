"""Every response tells the browser what the page may do: a Content-Security-Policy that runs only
the site's own scripts and styles, and a Permissions-Policy that switches off unused features."""

import re
from pathlib import Path

import pytest

import silkbridge

TEMPLATES = Path(silkbridge.__file__).parent
# E-mails are read in mail programs, which ignore the site's policy and need inline styles.
PAGE_TEMPLATES = [
    path for path in TEMPLATES.rglob("templates/**/*.html") if "/email/" not in path.as_posix()
]


@pytest.mark.parametrize("path", ["/", "/directory/", "/accounts/login/", "/api/v1/taxonomy"])
def test_pages_and_the_api_carry_a_strict_content_security_policy(client, db, path):
    response = client.get(path)

    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"].startswith("'self'")
    assert policy["style-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "unsafe" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/", "/api/v1/taxonomy", "/api/docs"])
def test_unused_browser_features_are_switched_off(client, db, path):
    response = client.get(path)

    features = dict(item.split("=") for item in response["Permissions-Policy"].split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"


def test_the_api_documentation_loads_swagger_from_this_site_under_the_same_policy(client, db):
    response = client.get("/api/docs")

    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert [re.sub(r"\.[0-9a-f]{12}\.js$", ".js", src) for src in scripts] == [
        "/static/ninja/swagger-ui-bundle.js",
        "/static/ninja/swagger-ui-init.js",
    ]
    assert "://" not in "".join(re.findall(r'(?:src|href)="([^"]+)"', html))


@pytest.mark.parametrize(
    "template", PAGE_TEMPLATES, ids=lambda path: path.relative_to(TEMPLATES).as_posix()
)
def test_no_page_template_has_inline_script_style_or_event_handler(template):
    html = template.read_text()

    assert not re.search(r"\sstyle=", html), "style attribute: use a class in site.css"
    assert not re.search(r"\son[a-z]+=", html), "event-handler attribute: use site.js"
    assert not re.search(r"<style[\s>]", html), "<style> element: use site.css"
    for script in re.findall(r"<script[^>]*>", html):
        assert "src=" in script or "nonce=" in script, f"inline {script}: use site.js"


def test_drawn_svg_has_no_style_attributes_only_presentation_attributes():
    from silkbridge.forums.qr import qr_svg

    svg = str(qr_svg("https://example.org/checkin/abc", "Check-in code"))

    assert " style=" not in svg
    assert 'fill="rgb(0%,0%,0%)"' in svg
    assert svg.startswith('<svg role="img" aria-label="Check-in code" class="qr-code"')


def test_each_page_gets_its_own_nonce_which_its_scripts_carry(client, db):
    pages = [client.get("/") for _ in range(2)]

    nonces = []
    for response in pages:
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        scripts = re.findall(r"<script[^>]*>", response.content.decode())
        assert scripts and all(f'nonce="{nonce}"' in script for script in scripts)
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
