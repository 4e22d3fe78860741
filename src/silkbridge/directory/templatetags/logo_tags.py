"""An organisation's logo, or its initials when it has none, at a fixed size.

The logo's URL carries the stored file's name as a version, so browsers may keep it for long:
a new logo is a new file name, hence a new URL.
"""

from django import template
from django.urls import reverse

from silkbridge.directory.logos import logo_version
from silkbridge.directory.models import Organisation

register = template.Library()

# Display sizes in CSS pixels; the classes in site.css draw them (the CSP refuses inline styles).
SIZES = {"small": 48, "large": 96}


def logo_url(organisation: Organisation) -> str:
    """The versioned URL of an organisation's logo; empty when it has none."""
    if not organisation.logo:
        return ""
    path = reverse("directory:logo", kwargs={"slug": organisation.slug})
    return f"{path}?v={logo_version(organisation)}"


def initials(name: str) -> str:
    """Up to two letters standing for the organisation, from the first letters of its words."""
    letters = [word[0] for word in name.split() if word[:1].isalnum()]
    return "".join(letters[:2]).upper() or "?"


@register.inclusion_tag("directory/_logo.html")
def organisation_logo(organisation: Organisation, size: str = "small") -> dict:
    """The logo image (lazy, with its box size set) or a neutral placeholder."""
    pixels = SIZES.get(size, SIZES["small"])
    return {
        "organisation": organisation,
        "url": logo_url(organisation),
        "initials": initials(organisation.short_name or organisation.name),
        "pixels": pixels,
        "size": size if size in SIZES else "small",
    }
