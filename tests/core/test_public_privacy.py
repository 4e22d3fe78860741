"""No contact of anyone in any page or feed a visitor can read.

The demo data (organisations with general e-mails and phones, their people, demo sign-ins,
opportunities, a forum, ventures) is loaded, then every public page is rendered for a visitor who
is not signed in: the home page, the directory and each organisation, the opportunities and each
published one, the forums and each announced one, every page without parameters of the public
face and the announcements (robots.txt, sitemap, feeds, statistics, terms, privacy, as they are
added), and every address the sitemap lists. Each answer is searched for every contact value.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import NoReverseMatch, get_resolver, reverse

from silkbridge.accounts.models import User
from silkbridge.directory.models import Organisation, Person
from silkbridge.forums.models import Event, EventStatus
from silkbridge.opportunities.models import Opportunity, Status

# Namespaces whose pages without parameters are public or say no to a visitor themselves.
PUBLIC_NAMESPACES = ("public", "announcements")
SITEMAP_LOCATION = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>")
MAX_PAGES = 600


def contact_values() -> set[str]:
    """Every e-mail address, phone number and person's name stored in the directory and accounts."""
    values: set[str] = set()
    for email, phone in Organisation.objects.values_list("email", "phone"):
        values |= {email, phone}
    for email, phone, name in Person.objects.values_list("email", "phone", "full_name"):
        values |= {email, phone, name}
    values |= set(User.objects.values_list("email", flat=True))
    return {value.strip() for value in values if value and value.strip()}


def leaks(text: str, values: Iterable[str]) -> set[str]:
    """The values that appear in the text, as written or HTML-escaped."""
    return {value for value in values if value in text or html.escape(value) in text}


def pages_without_parameters(namespace: str) -> Iterator[str]:
    resolver = get_resolver()
    if namespace not in resolver.namespace_dict:
        return
    _prefix, sub_resolver = resolver.namespace_dict[namespace]
    for name in sub_resolver.reverse_dict:
        if not isinstance(name, str):
            continue
        try:
            yield reverse(f"{namespace}:{name}")
        except NoReverseMatch:  # needs parameters
            continue


def public_urls() -> list[str]:
    urls = [reverse("core:home"), reverse("directory:list"), reverse("opportunities:list")]
    urls += [reverse("forums:list")]
    urls += [reverse("directory:list") + f"?page={n}" for n in (2, 3)]
    urls += [reverse("opportunities:list") + f"?page={n}" for n in (2, 3)]
    urls += [o.get_absolute_url() for o in Organisation.objects.all()]
    urls += [o.get_absolute_url() for o in Opportunity.objects.filter(status=Status.PUBLISHED)]
    urls += [e.get_absolute_url() for e in Event.objects.exclude(status=EventStatus.DRAFT)]
    for namespace in PUBLIC_NAMESPACES:
        urls += list(pages_without_parameters(namespace))
    return list(dict.fromkeys(urls))


@pytest.fixture
def demo_data(db):
    call_command("demo", scale=30, seed=11, users=True, stdout=StringIO())
    # The demo leaves some contact fields empty: fill every one, so each kind is searched for.
    for organisation in Organisation.objects.all():
        organisation.email = organisation.email or f"office{organisation.pk}@org.example"
        organisation.phone = organisation.phone or f"+92 42 555 {organisation.pk:04d}"
        organisation.save(update_fields=["email", "phone"])
    for person in Person.objects.all():
        person.email = person.email or f"person{person.pk}@people.example"
        person.phone = person.phone or f"+7 701 444 {person.pk:04d}"
        person.save(update_fields=["email", "phone"])
    organisation = Organisation.objects.order_by("pk").first()
    Person.objects.create(organisation=organisation, full_name="Conor O'Brien-Sadykov")


@pytest.mark.django_db
def test_no_public_page_or_feed_shows_a_contact(client, demo_data):
    values = contact_values()
    # The sweep means something only if the demo data holds contacts of every kind.
    assert len(values) > 3 * Organisation.objects.count()

    read, found = [], {}
    queue, seen = public_urls(), set()
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or response.streaming:
            continue
        read.append(url)
        text = response.content.decode()
        leaked = leaks(text, values)
        if leaked:
            found[url] = sorted(leaked)
        if "sitemap" in url:  # an index lists sitemaps, a sitemap lists pages: read them all
            queue += [re.sub(r"^https?://[^/]+", "", loc) for loc in SITEMAP_LOCATION.findall(text)]

    assert found == {}
    # Every kind of public page was read.
    assert reverse("core:home") in read
    assert any(
        url.startswith(reverse("directory:list")) and url != reverse("directory:list")
        for url in read
    )
    assert sum(1 for url in read if "/opportunities/" in url) > 3
    assert any("/forums/" in url and url != reverse("forums:list") for url in read)


def test_the_sweep_finds_a_contact_on_a_page_that_shows_one(client, member, organisation):
    """The same search, on a page that does show contacts (to a member), reports them."""
    Person.objects.create(
        organisation=organisation, full_name="Aigerim Sadykova", email="aigerim@qfl.example.kz"
    )
    client.force_login(member)

    text = client.get(organisation.get_absolute_url()).content.decode()

    assert leaks(text, contact_values()) >= {"Aigerim Sadykova", "aigerim@qfl.example.kz"}


def test_an_escaped_name_counts_as_a_leak():
    assert leaks("<p>Conor O&#x27;Brien</p>", {"Conor O'Brien"}) == {"Conor O'Brien"}
