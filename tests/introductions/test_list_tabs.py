"""The introductions list opens on the first tab that holds something."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def active_tab(html: str) -> str:
    return re.search(r'aria-current="page" href="\?tab=(\w+)"', html).group(1)


def test_it_opens_on_the_first_tab_with_introductions(client, counterpart, accepted_introduction):
    client.force_login(counterpart)
    html = client.get(reverse("introductions:list")).content.decode()
    assert active_tab(html) == "accepted"
    assert accepted_introduction.get_absolute_url() in html


def test_awaiting_an_answer_comes_first_when_it_holds_something(
    client, counterpart, pending_introduction
):
    client.force_login(counterpart)
    assert active_tab(client.get(reverse("introductions:list")).content.decode()) == "awaiting"


def test_a_tab_asked_for_is_opened_even_if_empty(client, counterpart, accepted_introduction):
    client.force_login(counterpart)
    html = client.get(reverse("introductions:list"), {"tab": "awaiting"}).content.decode()
    assert active_tab(html) == "awaiting"


def test_with_nothing_anywhere_it_opens_on_awaiting(client, stranger):
    client.force_login(stranger)
    assert active_tab(client.get(reverse("introductions:list")).content.decode()) == "awaiting"
