"""A participant's meeting requests open on the first tab that holds something."""

import re

import pytest
from django.urls import reverse

from silkbridge.forums.meeting_requests import send_request
from tests.forums.test_views import world  # noqa: F401 (two participants, one from each country)

pytestmark = pytest.mark.django_db


def opened_tab(client, event, **params) -> str:
    html = client.get(reverse("forums:requests", args=[event.slug]), params).content.decode()
    return re.search(r'aria-current="page" href="\?tab=(\w+)"', html).group(1)


def test_a_sender_s_list_opens_on_sent_when_nothing_waits_for_an_answer(client, world):  # noqa: F811
    send_request(actor=world.users["participant"], sender=world.a, receiver=world.b)
    client.force_login(world.users["participant"])
    assert opened_tab(client, world.event) == "outgoing"
    assert opened_tab(client, world.event, tab="incoming") == "incoming"


def test_the_receiver_s_list_opens_on_what_to_answer(client, world):  # noqa: F811
    send_request(actor=world.users["participant"], sender=world.a, receiver=world.b)
    client.force_login(world.users["other"])
    assert opened_tab(client, world.event) == "incoming"
