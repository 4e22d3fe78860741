"""Single sign-on providers from the environment, read by settings.py before Django starts.

SILKBRIDGE_OIDC_PROVIDERS is a JSON list of OpenID Connect providers, each
`{"id", "name", "server_url", "client_id", "secret"}`; empty means no single sign-on at all.
"""

import json
import re
from typing import Any

from django.core.exceptions import ImproperlyConfigured

REQUIRED_KEYS = ("id", "name", "server_url", "client_id", "secret")
# The id becomes part of the provider's URLs (/accounts/oidc/<id>/login/).
PROVIDER_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,49}$")


def oidc_providers(raw: str) -> dict[str, Any]:
    """allauth's SOCIALACCOUNT_PROVIDERS for the listed providers; refuses a malformed list at
    start-up rather than showing a sign-in button that cannot work."""
    if not raw.strip():
        return {}
    try:
        entries = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ImproperlyConfigured(
            f"SILKBRIDGE_OIDC_PROVIDERS is not valid JSON: {error}"
        ) from error
    if not isinstance(entries, list):
        raise ImproperlyConfigured("SILKBRIDGE_OIDC_PROVIDERS must be a JSON list of providers")
    apps, seen = [], set()
    for position, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise ImproperlyConfigured(
                f"SILKBRIDGE_OIDC_PROVIDERS item {position} is not an object"
            )
        missing = [key for key in REQUIRED_KEYS if not str(entry.get(key, "")).strip()]
        if missing:
            raise ImproperlyConfigured(
                f"SILKBRIDGE_OIDC_PROVIDERS item {position} lacks {', '.join(missing)}"
            )
        provider_id = str(entry["id"]).strip()
        if not PROVIDER_ID.match(provider_id) or provider_id in seen:
            raise ImproperlyConfigured(
                f"SILKBRIDGE_OIDC_PROVIDERS item {position}: the id {provider_id!r} must be "
                "unique, of lower-case letters, digits, - or _"
            )
        server_url = str(entry["server_url"]).strip()
        if not server_url.startswith("https://") and not server_url.startswith("http://localhost"):
            raise ImproperlyConfigured(
                f"SILKBRIDGE_OIDC_PROVIDERS item {position}: server_url must use https"
            )
        seen.add(provider_id)
        apps.append(
            {
                "provider_id": provider_id,
                "name": str(entry["name"]).strip(),
                "client_id": str(entry["client_id"]).strip(),
                "secret": str(entry["secret"]),
                "settings": {"server_url": server_url, "oauth_pkce_enabled": True},
            }
        )
    return {"openid_connect": {"APPS": apps}}
