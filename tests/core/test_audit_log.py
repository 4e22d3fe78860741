"""The audit log names changed fields in the reader's language, as the forms label them."""

from django.urls import reverse
from django.utils import translation

from silkbridge.directory import services


def test_changed_fields_are_named_by_their_translated_labels(client, secretariat, organisation):
    services.update_organisation(
        actor=secretariat, organisation=organisation, data={"website": "https://qfl.example.kz"}
    )
    client.force_login(secretariat)

    response = client.get(reverse("core:audit"), HTTP_ACCEPT_LANGUAGE="ru")

    with translation.override("ru"):
        label = str(translation.gettext("website"))
    assert label != "website"  # the catalogue translates it
    assert f"<strong>{label.capitalize()}</strong>" in response.text
    assert "<strong>website</strong>" not in response.text
