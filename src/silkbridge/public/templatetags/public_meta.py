"""Tags for the <head>: description, OpenGraph and Twitter card, canonical and hreflang links,
feed links. A page sets its own with one line (title, description, type, image):

    {% load public_meta %}{% block meta %}{% page_meta title=x.name description=x.summary %}
    {% endblock %}
"""

from __future__ import annotations

from django import template
from django.http import QueryDict
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from silkbridge.public import addresses

register = template.Library()

SITE_NAME = "Silkbridge"
DESCRIPTION_CHARS = 200
IMAGE = "public/og-image.png"
IMAGE_SIZE = (1200, 630)
# OpenGraph names a locale with its territory; each language's main one.
OG_LOCALES = {"en": "en_GB", "ru": "ru_RU", "kk": "kk_KZ", "ur": "ur_PK"}


def default_description() -> str:
    return _(
        "The platform of a bilateral IT cooperation working group: IT companies, authorities and "
        "universities of both countries find partners, meet at B2B forums and start joint "
        "ventures."
    )


def _one_line(text: object) -> str:
    words = " ".join(str(text or "").split())
    return Truncator(words).chars(DESCRIPTION_CHARS)


@register.inclusion_tag("public/_page_meta.html", takes_context=True)
def page_meta(
    context,
    title: object = "",
    description: object = "",
    type: str = "website",
    image: str = "",
) -> dict:
    """Meta description, OpenGraph and Twitter card tags for this page.

    `image` is an absolute address or a static path; the shipped picture when empty.
    """
    request = context.get("request")
    language = (get_language() or "en").split("-")[0]
    if image and not image.startswith(("http://", "https://")):
        image = addresses.absolute(static(image))
    return {
        "site_name": SITE_NAME,
        "title": _one_line(title) or SITE_NAME,
        "description": _one_line(description) or default_description(),
        "type": type,
        "url": addresses.canonical(request) if request else addresses.absolute("/"),
        "image": image or addresses.absolute(static(IMAGE)),
        "image_size": IMAGE_SIZE if not image else None,
        "locale": OG_LOCALES.get(language, language),
        "other_locales": [
            OG_LOCALES.get(code, code) for code in addresses.language_codes() if code != language
        ],
    }


@register.inclusion_tag("public/_discovery_links.html", takes_context=True)
def discovery_links(context, languages=None) -> dict:
    """The canonical link and one hreflang alternate per interface language, plus x-default.

    `languages` narrows the alternates to those a page is written in (an announcement), as the
    sitemap lists it.
    """
    request = context.get("request")
    if request is None:
        return {"canonical": "", "alternates": []}
    alternates = addresses.alternates(request)
    if languages:
        alternates = [
            (code, href) for code, href in alternates if code in {*languages, "x-default"}
        ]
    return {"canonical": addresses.canonical(request), "alternates": alternates}


@register.inclusion_tag("public/_feed_link.html", takes_context=True)
def opportunity_feed_link(context) -> dict:
    """The opportunities feed, narrowed to the country and sector the page is filtered by."""
    request = context.get("request")
    pairs = []
    if request is not None:
        pairs = [
            (name, request.GET[name])
            for name in ("country", "sector")
            if request.GET.get(name, "").strip()
        ]
    return {
        "href": addresses.with_query(reverse("public:opportunity-feed"), pairs),
        "title": _("Silkbridge: published opportunities"),
    }


@register.inclusion_tag("public/_feed_link.html")
def announcement_feed_link() -> dict:
    """The announcements feed, in the reader's language."""
    try:
        href = reverse("announcements:feed")
    except NoReverseMatch:  # the announcements section is not installed
        return {"href": ""}
    return {"href": href, "title": _("Silkbridge: announcements")}


@register.filter
def without_language(full_path: str) -> str:
    """The path and query without `?lang=`: where the language menu comes back to, so the
    language chosen there is not overruled by the one the address named."""
    path, _mark, query = str(full_path).partition("?")
    if not query:
        return path
    kept = QueryDict(query).copy()
    kept.pop(addresses.LANGUAGE_PARAMETER, None)
    return path + ("?" + kept.urlencode() if kept else "")
