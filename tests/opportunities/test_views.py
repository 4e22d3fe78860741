import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from silkbridge.opportunities import saved_searches, services
from silkbridge.opportunities.models import Opportunity, SavedSearch, Status

PERSONAS = ["owner", "other_member", "secretariat", "stranger", "anonymous"]


@pytest.fixture
def as_persona(client, request):
    """A client signed in as one of PERSONAS: the owner organisation's member, a member of
    another organisation, the secretariat, a user with no organisation, or nobody."""
    fixtures = {"owner": "member", "other_member": "outsider", "secretariat": "secretariat"}

    def sign_in(name: str):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(fixtures.get(name, name)))
        return client

    return sign_in


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def status_of(opportunity) -> str:
    return Opportunity.objects.get(pk=opportunity.pk).status


def drain(response) -> bytes:
    """A response's bytes. Reading a file response to the end closes its file the way the test
    client expects (closing the response directly would close the database connection)."""
    if not response.streaming:
        return response.content
    return b"".join(response.streaming_content)


# -- permission matrix ------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_sees_the_list_and_published_opportunities(as_persona, persona, published):
    client = as_persona(persona)
    assert client.get(reverse("opportunities:list")).status_code == 200
    response = client.get(published.get_absolute_url())
    assert response.status_code == 200
    assert published.title in response.text


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("owner", 200),
        ("other_member", 404),
        ("secretariat", 200),
        ("stranger", 404),
        ("anonymous", 404),
    ],
)
def test_drafts_are_seen_by_the_owner_and_the_secretariat_only(as_persona, persona, code, draft):
    assert as_persona(persona).get(draft.get_absolute_url()).status_code == code


@pytest.mark.parametrize(
    ("persona", "draft_code", "published_code"),
    [
        ("owner", 200, 403),
        ("other_member", 404, 403),
        ("secretariat", 200, 200),
        ("stranger", 404, 403),
        ("anonymous", 302, 302),
    ],
)
def test_edit_page(
    as_persona, persona, draft_code, published_code, draft, make_opportunity, organisation
):
    client = as_persona(persona)
    published = make_opportunity(organisation)
    assert client.get(reverse("opportunities:edit", args=[draft.pk])).status_code == draft_code
    url = reverse("opportunities:edit", args=[published.pk])
    assert client.get(url).status_code == published_code


@pytest.mark.parametrize(
    ("persona", "code", "after"),
    [
        ("owner", 302, Status.SUBMITTED),
        ("other_member", 404, Status.DRAFT),
        ("secretariat", 403, Status.DRAFT),
        ("stranger", 404, Status.DRAFT),
        ("anonymous", 302, Status.DRAFT),
    ],
)
def test_submit(as_persona, persona, code, after, draft):
    response = as_persona(persona).post(reverse("opportunities:submit", args=[draft.pk]))
    assert response.status_code == code
    assert status_of(draft) == after


@pytest.mark.parametrize(
    ("persona", "code", "after"),
    [
        ("owner", 403, Status.SUBMITTED),
        ("other_member", 403, Status.SUBMITTED),
        ("secretariat", 302, Status.PUBLISHED),
        ("stranger", 403, Status.SUBMITTED),
        ("anonymous", 302, Status.SUBMITTED),
    ],
)
def test_review(as_persona, persona, code, after, submitted):
    url = reverse("opportunities:review", args=[submitted.pk])
    response = as_persona(persona).post(url, {"action": "approve"})
    assert response.status_code == code
    assert status_of(submitted) == after


@pytest.mark.parametrize(
    ("persona", "code", "after"),
    [
        ("owner", 302, Status.CLOSED),
        ("other_member", 403, Status.PUBLISHED),
        ("secretariat", 302, Status.CLOSED),
        ("stranger", 403, Status.PUBLISHED),
        ("anonymous", 302, Status.PUBLISHED),
    ],
)
def test_close(as_persona, persona, code, after, published):
    response = as_persona(persona).post(reverse("opportunities:close", args=[published.pk]))
    assert response.status_code == code
    assert status_of(published) == after


@pytest.mark.parametrize(
    ("persona", "code", "renewed"),
    [
        ("owner", 302, True),
        ("other_member", 404, False),
        ("secretariat", 302, True),
        ("stranger", 404, False),
        ("anonymous", 302, False),
    ],
)
def test_renew(as_persona, persona, code, renewed, make_opportunity, organisation):
    # An expired opportunity is no longer public: others do not find it at all.
    expired = make_opportunity(organisation, status=Status.EXPIRED, expires_on=days(-2))
    url = reverse("opportunities:renew", args=[expired.pk])
    response = as_persona(persona).post(url, {"expires_on": days(45).isoformat()})
    assert response.status_code == code
    expired.refresh_from_db()
    assert (expired.status == Status.PUBLISHED and expired.expires_on == days(45)) is renewed


@pytest.mark.parametrize(
    ("persona", "draft_code"),
    [
        ("owner", 200),
        ("other_member", 404),
        ("secretariat", 200),
        ("stranger", 404),
        ("anonymous", 404),
    ],
)
def test_download(
    as_persona, persona, draft_code, member, draft, pdf_upload, make_opportunity, organisation
):
    in_draft = services.add_attachment(actor=member, opportunity=draft, upload=pdf_upload())
    published = make_opportunity(organisation, status=Status.DRAFT)
    public = services.add_attachment(actor=member, opportunity=published, upload=pdf_upload())
    Opportunity.objects.filter(pk=published.pk).update(status=Status.PUBLISHED)
    client = as_persona(persona)
    response = client.get(
        reverse("opportunities:attachment-download", args=[draft.pk, in_draft.pk])
    )
    assert response.status_code == draft_code
    drain(response)
    url = reverse("opportunities:attachment-download", args=[published.pk, public.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith('attachment; filename="brochure.pdf"')
    assert drain(response).startswith(b"%PDF-")


def test_an_attachment_is_only_found_under_its_own_opportunity(
    client, member, draft, make_opportunity, organisation, pdf_upload
):
    attachment = services.add_attachment(actor=member, opportunity=draft, upload=pdf_upload())
    other = make_opportunity(organisation)
    url = reverse("opportunities:attachment-download", args=[other.pk, attachment.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("owner", 403),
        ("other_member", 403),
        ("secretariat", 200),
        ("stranger", 403),
        ("anonymous", 302),
    ],
)
def test_review_queue(as_persona, persona, code, submitted):
    response = as_persona(persona).get(reverse("opportunities:review-queue"))
    assert response.status_code == code
    if code == 200:
        assert submitted.title in response.text


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("owner", 200),
        ("other_member", 200),
        ("secretariat", 403),
        ("stranger", 403),
        ("anonymous", 302),
    ],
)
def test_create_page(as_persona, persona, code):
    assert as_persona(persona).get(reverse("opportunities:create")).status_code == code


def test_organisations_that_expressed_interest_still_see_an_ended_opportunity(
    client, outsider, stranger, other_organisation, published, member
):
    from silkbridge.introductions.models import Interest

    Interest.objects.create(
        opportunity=published, organisation=other_organisation, message="We can help."
    )
    services.close_opportunity(actor=member, opportunity=published)
    client.force_login(outsider)
    assert client.get(published.get_absolute_url()).status_code == 200
    client.force_login(stranger)
    assert client.get(published.get_absolute_url()).status_code == 404


# -- pages ------------------------------------------------------------------------------------


def test_posting_explains_who_pays_whom_and_saves_a_draft(client, member, organisation):
    client.force_login(member)
    page = client.get(reverse("opportunities:create"))
    assert "Who pays whom?" in page.text
    assert "You seek investment or financing: the investor pays you." in page.text
    response = client.post(
        reverse("opportunities:create"),
        {
            "type": "egov",
            "direction": "offer",
            "title": "Digital ID for municipalities",
            "summary": "A tested e-ID platform.",
            "target_country": "PK",
            "expires_on": days(60).isoformat(),
            "partner_kinds": ["authority"],
            "languages": ["en", "ur"],
        },
    )
    opportunity = Opportunity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("opportunities:edit", args=[opportunity.pk])
    assert opportunity.organisation == organisation
    assert opportunity.status == Status.DRAFT
    assert opportunity.partner_kinds == ["authority"]


def test_form_errors_from_the_service_show_on_the_field(client, member):
    client.force_login(member)
    response = client.post(
        reverse("opportunities:create"),
        {
            "type": "business",
            "direction": "offer",
            "title": "Too far",
            "summary": "s",
            "target_country": "PK",
            "expires_on": days(500).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "at most 365 days ahead" in response.text
    assert not Opportunity.objects.exists()


def test_anonymous_posts_name_only_the_country(
    client, outsider, member, make_opportunity, organisation
):
    opportunity = make_opportunity(organisation, is_anonymous=True, title="Hidden request")
    for user in (None, outsider):
        if user:
            client.force_login(user)
        detail = client.get(opportunity.get_absolute_url()).text
        listing = client.get(reverse("opportunities:list")).text
        for text in (detail, listing):
            assert "An organisation in Kazakhstan" in text
            assert organisation.name not in text
        profile = client.get(organisation.get_absolute_url()).text
        assert "Hidden request" not in profile
    client.force_login(member)
    assert organisation.name in client.get(opportunity.get_absolute_url()).text
    assert "Hidden request" in client.get(organisation.get_absolute_url()).text


def test_the_directory_profile_lists_published_opportunities(
    client, make_opportunity, organisation
):
    make_opportunity(organisation, title="Visible offer")
    make_opportunity(organisation, title="Still a draft", status=Status.DRAFT)
    text = client.get(organisation.get_absolute_url()).text
    assert "Visible offer" in text
    assert "Still a draft" not in text


def test_the_owner_sees_the_review_comment_and_others_do_not(
    client, member, outsider, secretariat, submitted
):
    services.request_changes(actor=secretariat, opportunity=submitted, comment="Add a budget.")
    client.force_login(member)
    assert "Add a budget." in client.get(submitted.get_absolute_url()).text
    client.force_login(outsider)
    assert client.get(submitted.get_absolute_url()).status_code == 404


def test_reviewing_without_a_comment_shows_an_error(client, secretariat, submitted):
    client.force_login(secretariat)
    response = client.post(
        reverse("opportunities:review", args=[submitted.pk]),
        {"action": "reject", "comment": ""},
        follow=True,
    )
    assert "Give a reason." in response.text
    assert status_of(submitted) == Status.SUBMITTED


def test_a_second_approval_shows_a_clear_message(client, secretariat, published):
    client.force_login(secretariat)
    response = client.post(
        reverse("opportunities:review", args=[published.pk]), {"action": "approve"}, follow=True
    )
    assert "Only submitted opportunities can be reviewed." in response.text


def test_closing_an_expired_opportunity_says_it_has_expired(
    client, member, make_opportunity, organisation
):
    expired = make_opportunity(organisation, status=Status.EXPIRED)
    client.force_login(member)
    response = client.post(reverse("opportunities:close", args=[expired.pk]), follow=True)
    assert "This opportunity has expired." in response.text


def test_uploading_files_on_the_edit_page(client, member, draft, pdf_upload, png_upload):
    client.force_login(member)
    url = reverse("opportunities:attachment-upload", args=[draft.pk])
    response = client.post(url, {"files": [pdf_upload(), png_upload()]}, follow=True)
    assert "2 files attached." in response.text
    assert "brochure.pdf" in response.text and "diagram.png" in response.text
    response = client.post(url, {"files": [pdf_upload("fake.pdf", b"not a pdf")]}, follow=True)
    assert "is not a PDF or an image" in response.text
    assert draft.attachments.count() == 2
    attachment = draft.attachments.first()
    remove = reverse("opportunities:attachment-remove", args=[draft.pk, attachment.pk])
    client.post(remove)
    assert draft.attachments.count() == 1


def test_my_opportunities_lists_every_status(
    client, member, make_opportunity, organisation, other_organisation
):
    make_opportunity(organisation, title="A draft", status=Status.DRAFT)
    make_opportunity(organisation, title="Rejected one", status=Status.REJECTED)
    make_opportunity(other_organisation, title="Not mine")
    client.force_login(member)
    text = client.get(reverse("opportunities:mine")).text
    assert "A draft" in text and "Rejected one" in text
    assert "Not mine" not in text


def test_search_page_filters_and_htmx_gets_only_the_results(
    client, make_opportunity, organisation, other_organisation
):
    make_opportunity(organisation, title="Steppe payments gateway")
    make_opportunity(other_organisation, title="Karachi hospital systems")
    response = client.get(reverse("opportunities:list"), {"q": "payments"})
    assert "Steppe payments gateway" in response.text
    assert "Karachi hospital systems" not in response.text
    assert "1 opportunity found" in response.text
    fragment = client.get(reverse("opportunities:list"), {"country": "PK"}, HTTP_HX_REQUEST="true")
    assert "Karachi hospital systems" in fragment.text
    assert "<html" not in fragment.text
    empty = client.get(reverse("opportunities:list"), {"q": "zzzz"})
    assert "No opportunities match your search" in empty.text


def test_saving_rerunning_and_deleting_a_search(client, stranger):
    client.force_login(stranger)
    page = client.get(reverse("opportunities:list"), {"q": "bank", "page": "2"})
    assert 'name="query" value="q=bank"' in page.text
    url = reverse("opportunities:saved-searches")
    client.post(url, {"name": "Banks", "query": "q=bank", "notify": "on"})
    saved = SavedSearch.objects.get(user=stranger)
    listing = client.get(url).text
    assert "Banks" in listing and "/opportunities/?q=bank" in listing
    duplicate = client.post(url, {"name": "Banks", "query": ""})
    assert "You already have a saved search called “Banks”." in duplicate.text
    client.post(reverse("opportunities:saved-search-notify", args=[saved.pk]), {"notify": "0"})
    saved.refresh_from_db()
    assert saved.notify is False
    client.post(reverse("opportunities:saved-search-delete", args=[saved.pk]))
    assert not SavedSearch.objects.exists()


def test_saved_searches_of_others_are_not_found(client, stranger, outsider):
    saved = saved_searches.save_search(actor=stranger, name="Private", query="")
    client.force_login(outsider)
    assert "Private" not in client.get(reverse("opportunities:saved-searches")).text
    url = reverse("opportunities:saved-search-delete", args=[saved.pk])
    assert client.post(url).status_code == 404
    assert SavedSearch.objects.filter(pk=saved.pk).exists()
