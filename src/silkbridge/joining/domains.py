"""Whether an e-mail address belongs to an organisation's own website domain.

An address proves membership only on the organisation's domain or a subdomain of it
(mail.example.com counts for example.com; notexample.com does not), and never when either side
is a mailbox anyone can open (gmail.com, mail.ru) or a site anyone can publish on (facebook.com).
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["PUBLIC_MAIL_DOMAINS", "domain_of", "matching_email", "proves_membership"]

# Free mailboxes common in Kazakhstan, Pakistan and everywhere.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.co.uk",
        "ymail.com",
        "rocketmail.com",
        "outlook.com",
        "hotmail.com",
        "hotmail.co.uk",
        "live.com",
        "msn.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "pm.me",
        "gmx.com",
        "gmx.net",
        "gmx.de",
        "web.de",
        "zoho.com",
        "zohomail.com",
        "yandex.ru",
        "yandex.kz",
        "yandex.com",
        "ya.ru",
        "mail.ru",
        "inbox.ru",
        "list.ru",
        "bk.ru",
        "internet.ru",
        "rambler.ru",
        "mail.kz",
        "inbox.kz",
        "tutanota.com",
        "tuta.io",
        "fastmail.com",
        "qq.com",
        "163.com",
        "126.com",
    }
)

# Where anyone may have a page or an address: a website there says nothing about who owns a
# domain, and a country's shared second-level names belong to nobody in particular.
SHARED_DOMAINS = frozenset(
    {
        "facebook.com",
        "linkedin.com",
        "instagram.com",
        "twitter.com",
        "x.com",
        "google.com",
        "sites.google.com",
        "github.com",
        "github.io",
        "wixsite.com",
        "blogspot.com",
        "wordpress.com",
        "t.me",
        "com.pk",
        "org.pk",
        "net.pk",
        "edu.pk",
        "gov.pk",
        "gop.pk",
        "com.kz",
        "org.kz",
        "edu.kz",
        "gov.kz",
        "kz",
        "pk",
    }
)


def domain_of(email: str) -> str:
    """The lower-case domain of an address, without a trailing dot; "" when it has none."""
    _local, at, domain = email.strip().rpartition("@")
    return domain.lower().rstrip(".") if at else ""


def _mailbox_is_public(domain: str) -> bool:
    return any(domain == public or domain.endswith("." + public) for public in PUBLIC_MAIL_DOMAINS)


def proves_membership(email: str, website_domain: str) -> bool:
    """Whether a verified address shows its owner works at the site's organisation."""
    site = website_domain.strip().lower().rstrip(".")
    if site.startswith("www."):
        site = site[4:]
    domain = domain_of(email)
    if not site or not domain or "." not in site:
        return False
    if site in SHARED_DOMAINS or _mailbox_is_public(site) or _mailbox_is_public(domain):
        return False
    return domain == site or domain.endswith("." + site)


def matching_email(emails: Iterable[str], website_domain: str) -> str:
    """The first of the addresses that proves membership, or ""."""
    return next((e for e in emails if proves_membership(e, website_domain)), "")
