"""The OpenAPI schema and the interactive docs, served without any outside network."""

import re

from django.contrib.staticfiles import finders

EXPECTED_PATHS = {
    "/api/v1/me",
    "/api/v1/organisations",
    "/api/v1/organisations/{slug}",
    "/api/v1/organisations/{slug}/verify",
    "/api/v1/organisations/{slug}/people",
    "/api/v1/organisations/{slug}/people/{person_id}",
    "/api/v1/taxonomy",
    "/api/v1/taxonomy/{term_id}",
}


def test_the_schema_is_openapi_json_listing_every_path(client, db):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"] == {
        "title": "Silkbridge API",
        "version": "1",
        "description": schema["info"]["description"],
    }
    assert set(schema["paths"]) >= EXPECTED_PATHS
    assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "SessionAuth"}


def test_the_schema_documents_the_error_body(client, db):
    schema = client.get("/api/openapi.json").json()

    patch = schema["paths"]["/api/v1/organisations/{slug}"]["patch"]
    assert patch["responses"]["422"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorBody"
    }


def test_the_docs_page_is_html_with_no_cdn(client, db):
    response = client.get("/api/docs")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "cdn." not in html
    assert "/api/openapi.json" in html


def test_every_script_and_stylesheet_of_the_docs_ships_in_the_installed_packages(client, db):
    # given the docs page
    html = client.get("/api/docs").content.decode()

    # when its assets are collected
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)

    # then each is a local static file, found without the network
    assert assets
    for url in assets:
        assert not url.startswith(("http:", "https:", "//")), url
        assert url.startswith("/static/"), url
        # (a manifest storage adds a content hash to the name: swagger-ui.0123456789ab.css)
        name = re.sub(r"\.[0-9a-f]{12}(\.\w+)$", r"\1", url.removeprefix("/static/"))
        assert finders.find(name), url


def test_no_two_api_schemas_share_a_name(client, db):
    """The OpenAPI document keeps one component per class name, so two schemas called alike
    would make one endpoint's documentation describe the other's body."""
    from ninja import Schema

    client.get("/api/openapi.json")  # mounts every router, importing every schema module

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [c for c in subclasses(Schema) if c.__module__.startswith("silkbridge.")]
    seen: dict[str, str] = {}
    clashes = []
    for cls in ours:
        where = f"{cls.__module__}.{cls.__qualname__}"
        if cls.__name__ in seen and seen[cls.__name__] != where:
            clashes.append((cls.__name__, seen[cls.__name__], where))
        seen.setdefault(cls.__name__, where)
    assert clashes == []
