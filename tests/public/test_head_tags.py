"""The <head> of pages: canonical address, hreflang alternates, description, OpenGraph and
Twitter card tags, and the `?lang=` that gives each language its own address."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SITE = "https://silkbridge.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def _links(body: str, rel: str) -> list[dict[str, str]]:
    found = []
    for tag in re.findall(r"<link [^>]*>", body):
        attributes = dict(re.findall(r'(\w[\w:-]*)="([^"]*)"', tag))
        if attributes.get("rel") == rel:
            found.append(attributes)
    return found


def _meta(body: str, name: str) -> str | None:
    match = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', body)
    return match.group(1) if match else None


def test_the_canonical_address_is_absolute_and_drops_tracking_parameters(client):
    body = client.get("/terms/?utm_source=news&fbclid=abc&b=2&a=1").content.decode()
    (canonical,) = _links(body, "canonical")
    assert canonical["href"] == f"{SITE}/terms/?a=1&amp;b=2"


def test_hreflang_alternates_name_the_four_languages_and_a_default(client):
    body = client.get(reverse("public:privacy")).content.decode()
    alternates = {link["hreflang"]: link["href"] for link in _links(body, "alternate")}
    assert alternates == {
        "en": f"{SITE}/privacy/?lang=en",
        "ru": f"{SITE}/privacy/?lang=ru",
        "kk": f"{SITE}/privacy/?lang=kk",
        "ur": f"{SITE}/privacy/?lang=ur",
        "x-default": f"{SITE}/privacy/",
    }


@pytest.mark.parametrize(("language", "direction"), [("ru", "ltr"), ("kk", "ltr"), ("ur", "rtl")])
def test_the_lang_parameter_shows_that_page_in_its_language(client, language, direction):
    response = client.get(reverse("public:privacy"), {"lang": language})
    body = response.content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in body
    assert response.headers["Content-Language"] == language
    # Only this response: the visitor's own choice is not changed.
    assert "django_language" not in response.cookies
    assert '<html lang="en"' in client.get(reverse("public:privacy")).content.decode()


def test_an_unknown_lang_parameter_is_ignored(client):
    body = client.get(reverse("public:terms"), {"lang": "xx"}).content.decode()
    assert '<html lang="en"' in body


def test_a_page_in_one_language_keeps_its_own_canonical_address(client):
    body = client.get(reverse("public:terms"), {"lang": "kk"}).content.decode()
    (canonical,) = _links(body, "canonical")
    assert canonical["href"] == f"{SITE}/terms/?lang=kk"
    assert _meta(body, "og:locale") == "kk_KZ"


def test_every_page_has_a_description_and_a_link_preview_with_the_shipped_picture(client):
    body = client.get(reverse("core:home")).content.decode()
    assert _meta(body, "description")
    assert _meta(body, "og:site_name") == "Silkbridge"
    assert _meta(body, "og:type") == "website"
    assert _meta(body, "og:url") == f"{SITE}/"
    assert _meta(body, "og:locale") == "en_GB"
    image = _meta(body, "og:image")
    assert image.startswith(f"{SITE}/static/") and "og-image" in image
    assert _meta(body, "twitter:card") == "summary_large_image"


def test_the_shipped_picture_is_served(client):
    from django.contrib.staticfiles import finders

    assert finders.find("public/og-image.png")


def test_a_page_sets_its_own_title_and_description(client):
    body = client.get(reverse("public:statistics")).content.decode()
    assert _meta(body, "og:title") == "Statistics of the cooperation"
    assert _meta(body, "twitter:title") == "Statistics of the cooperation"
    assert _meta(body, "og:description").startswith("Organisations, opportunities")


def test_the_language_menu_comes_back_without_the_addresss_language(client):
    body = client.get("/statistics/?lang=ru&utm_source=x").content.decode()
    assert 'name="next" type="hidden" value="/statistics/?utm_source=x"' in body
    response = client.post(
        reverse("accounts:language"), {"language": "kk", "next": "/statistics/"}, follow=True
    )
    assert '<html lang="kk"' in response.content.decode()


def test_an_organisation_page_describes_the_organisation(client, organisation):
    body = client.get(organisation.get_absolute_url()).content.decode()
    assert _meta(body, "og:title") == "Qazaq Fintech Labs"
    assert _meta(body, "description") == "Payment gateway integration and open banking APIs."
    (canonical,) = _links(body, "canonical")
    assert canonical["href"] == f"{SITE}{organisation.get_absolute_url()}"


def test_an_anonymous_opportunitys_preview_does_not_name_its_owner(
    client, organisation, make_opportunity
):
    opportunity = make_opportunity(
        organisation,
        title="Looking for a card issuer",
        summary="A partner to issue cards.",
        is_anonymous=True,
    )
    body = client.get(opportunity.get_absolute_url()).content.decode()
    assert _meta(body, "og:title") == "Looking for a card issuer"
    assert _meta(body, "og:description") == "A partner to issue cards."
    assert _meta(body, "og:type") == "article"
    head = body.split("</head>")[0]
    assert "Qazaq Fintech Labs" not in head


def test_a_long_description_is_shortened_to_one_line(client, make_organisation):
    long_text = "Line one.\n\n" + "word " * 100
    owner = make_organisation("Wordy Ltd", description=long_text)
    description = _meta(client.get(owner.get_absolute_url()).content.decode(), "description")
    assert "\n" not in description
    assert len(description) <= 200 and description.endswith("…")


def test_a_forum_page_describes_the_forum(client):
    import datetime

    from silkbridge.forums.models import Event

    day = datetime.date(2027, 3, 1)
    event = Event.objects.create(
        name="Astana B2B",
        slug="astana-b2b",
        description="Meet partners in Astana.",
        starts_on=day,
        ends_on=day,
        status="registration",
    )
    body = client.get(event.get_absolute_url()).content.decode()
    assert _meta(body, "og:title") == "Astana B2B"
    assert _meta(body, "og:description") == "Meet partners in Astana."


def test_an_announcement_is_described_in_the_readers_language(client):
    from django.utils import timezone

    from silkbridge.announcements.models import Announcement

    announcement = Announcement.objects.create(
        title_en="Call for startups",
        body_en="Apply by May.",
        title_ru="Приём заявок стартапов",
        body_ru="Подайте заявку до мая.",
        published_at=timezone.now(),
    )
    body = client.get(announcement.get_absolute_url(), {"lang": "ru"}).content.decode()
    assert _meta(body, "og:title") == "Приём заявок стартапов"
    assert _meta(body, "og:description") == "Подайте заявку до мая."
    assert _meta(body, "og:locale") == "ru_RU"
    assert 'type="application/atom+xml"' in body
    # Alternates only for the languages it is written in, as the sitemap lists it.
    alternates = {link["hreflang"] for link in _links(body, "alternate") if "hreflang" in link}
    assert alternates == {"en", "ru", "x-default"}
