"""A contact list in which no row can be invited says so and leads back to the upload, instead
of leaving only "Discard the list" under a count of nought."""

from django.urls import reverse

from silkbridge.outreach import services


def test_a_list_with_no_row_to_invite_says_what_to_do(client, secretariat, contact_file):
    campaign = services.upload_list(
        actor=secretariat,
        name="Nothing usable",
        language="en",
        upload=contact_file([("oops", "X", "nowhere.example"), ("", "", "")]),
    )
    client.force_login(secretariat)

    page = client.get(reverse("outreach:preview", args=[campaign.pk])).text

    assert 'id="nothing-to-invite"' in page
    assert "Correct the file and upload it again." in page
    assert f'href="{reverse("outreach:upload")}"' in page
    assert 'value="confirm"' not in page


def test_a_list_with_rows_to_invite_has_no_such_notice(
    client, secretariat, contact_file, organisation
):
    campaign = services.upload_list(
        actor=secretariat,
        name="Usable",
        language="en",
        upload=contact_file([("dana@qfl.example.kz", "Dana", "qfl.example.kz")]),
    )
    client.force_login(secretariat)

    page = client.get(reverse("outreach:preview", args=[campaign.pk])).text

    assert 'id="ready-count">1<' in page
    assert 'id="nothing-to-invite"' not in page
