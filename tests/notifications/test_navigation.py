"""The navbar: the desk's sections for everyone who may use them, and the secretariat's tools."""

import pytest
from django.urls import reverse

HOME = reverse("core:home")


@pytest.mark.parametrize(
    ("persona", "visible", "hidden"),
    [
        ("anonymous", ["opportunities:list"], ["introductions:list", "conversations:list"]),
        (
            "member",
            ["opportunities:list", "introductions:list", "conversations:list"],
            ["opportunities:review-queue", "introductions:overview"],
        ),
        (
            "secretariat",
            [
                "opportunities:list",
                "introductions:list",
                "conversations:list",
                "opportunities:review-queue",
                "introductions:overview",
            ],
            [],
        ),
    ],
)
def test_the_navbar_links_the_desk_for_each_persona(db, persona_client, persona, visible, hidden):
    html = persona_client(persona).get(HOME).content.decode()

    for name in visible:
        assert f'href="{reverse(name)}"' in html, name
    for name in hidden:
        assert f'href="{reverse(name)}"' not in html, name


def test_the_current_section_is_marked_for_assistive_technology(client, member):
    client.force_login(member)

    html = client.get(reverse("notifications:list")).content.decode()

    bell = html[html.index(f'href="{reverse("notifications:list")}"') - 200 :]
    assert 'aria-current="page"' in bell[:400]
