"""The demo's public face: announcements in all four languages and consented demo stories."""

import pytest

from silkbridge.announcements.demo import create_demo_public_face
from silkbridge.announcements.models import Announcement
from silkbridge.ventures.publicity import public_ventures

pytestmark = pytest.mark.django_db


def test_the_demo_writes_its_announcements_once_in_four_languages(make_forum):
    make_forum("Astana Digital B2B")

    assert create_demo_public_face() == 3
    assert create_demo_public_face() == 0

    announcements = list(Announcement.objects.public())
    assert len(announcements) == 3
    assert all(a.languages() == ["en", "ru", "kk", "ur"] for a in announcements)
    assert Announcement.objects.get(kind="forum").forum.slug == "astana-digital-b2b"


def test_the_demo_makes_open_demo_ventures_public_stories(make_organisation, member):
    from silkbridge.ventures import services
    from silkbridge.ventures.models import Venture

    parties = [
        (member.people.get().organisation, "lead"),
        (make_organisation(country="PK"), "partner"),
    ]

    def record(title, **data):
        return services.create_venture(
            actor=member,
            data={"title": title, "kind": "mou", "started_on": "2026-01-05", **data},
            parties=parties,
        )

    shown = record("Demo story")
    secret = record("Demo secret", confidential=True)
    Venture.objects.filter(pk__in=[shown.pk, secret.pk]).update(is_demo=True)

    create_demo_public_face()

    assert list(public_ventures()) == [shown]
