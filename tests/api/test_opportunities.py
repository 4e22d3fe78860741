"""Opportunities and saved searches over the API: visibility, the review lifecycle, field
errors from the page's form and the services, attachments, and who may do what."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from silkbridge.introductions import services as introduction_services
from silkbridge.opportunities import saved_searches, services
from silkbridge.opportunities.models import Opportunity, OpportunityAttachment, SavedSearch, Status
from tests.api.helpers import error_of
from tests.introductions import conftest as shared

# Fixtures shared with the introductions tests: the counterpart (a member of the PK
# organisation), a member of a third organisation, sample files and the private media folder.
counterpart = shared.counterpart
stranger = shared.stranger
third_organisation = shared.third_organisation
pdf_file = shared.pdf_file
png_file = shared.png_file
private_media = shared.private_media

LIST = "/api/v1/opportunities"
# The owner organisation's member, a member of the other country's organisation (which answers
# posts), the secretariat, a member of a third organisation, and nobody.
PERSONAS = ["owner", "counterpart", "secretariat", "outsider", "anonymous"]
FIXTURES = {"owner": "member", "outsider": "stranger"}


@pytest.fixture
def as_persona(client, request, db):
    def sign_in(name: str) -> Client:
        if name != "anonymous":
            client.force_login(request.getfixturevalue(FIXTURES.get(name, name)))
        return client

    return sign_in


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def url(opportunity, suffix: str = "") -> str:
    return f"{LIST}/{opportunity.pk}{suffix}"


def status_of(opportunity) -> str:
    return Opportunity.objects.get(pk=opportunity.pk).status


def drain(response) -> bytes:
    """A response's bytes; a file response is read to its end, which closes its file."""
    if not response.streaming:
        return response.content
    return b"".join(response.streaming_content)


@pytest.fixture
def draft(member, organisation):
    return services.create_opportunity(
        actor=member,
        data={
            "type": "technology",
            "direction": "request",
            "title": "Open banking integration partner",
            "summary": "We look for a partner to integrate open banking APIs.",
        },
    )


@pytest.fixture
def submitted(member, draft):
    return services.submit_opportunity(actor=member, opportunity=draft)


@pytest.fixture
def published(make_opportunity, organisation):
    return make_opportunity(organisation, title="Payment gateway for Lahore merchants")


NEW = {
    "type": "technology",
    "direction": "offer",
    "title": "Card tokenisation as a service",
    "summary": "PCI-certified tokenisation for wallets and banks.",
}


# -- list and search --------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_lists_published_opportunities_and_only_those(
    as_persona, persona, published, draft, submitted
):
    response = as_persona(persona).get(LIST)

    assert response.status_code == 200
    body = response.json()
    assert [item["title"] for item in body["items"]] == ["Payment gateway for Lahore merchants"]
    assert body["count"] == 1
    assert body["count_is_capped"] is False
    item = body["items"][0]
    assert item["organisation"]["name"] == "Qazaq Fintech Labs"
    assert item["status"] == "published"
    assert item["is_open"] is True
    assert item["url"] == f"http://testserver/opportunities/{published.pk}/"


@pytest.mark.parametrize(
    ("persona", "sees_name"),
    [
        ("owner", True),
        ("counterpart", False),
        ("secretariat", True),
        ("outsider", False),
        ("anonymous", False),
    ],
)
def test_an_anonymous_post_hides_its_organisation_as_the_page_does(
    as_persona, persona, sees_name, make_opportunity, organisation
):
    # given an opportunity published anonymously
    secret = make_opportunity(organisation, is_anonymous=True)

    # when each persona lists and reads it
    client = as_persona(persona)
    listed = client.get(LIST).json()["items"][0]
    detail = client.get(url(secret)).json()

    # then the name shows only to its people and the secretariat; the country always
    for item in (listed, detail):
        assert item["organisation_country"] == "KZ"
        assert item["organisation_kind"] == "company"
        assert item["is_anonymous"] is True
        if sees_name:
            assert item["organisation"]["name"] == "Qazaq Fintech Labs"
        else:
            assert item["organisation"] is None
            assert "Qazaq" not in str(item)


def test_an_accepted_introduction_reveals_the_anonymous_poster(
    client, make_opportunity, organisation, other_organisation, member, counterpart
):
    secret = make_opportunity(organisation, is_anonymous=True)
    client.force_login(counterpart)
    assert client.get(url(secret)).json()["organisation"] is None

    # when the two organisations are introduced
    introduction = introduction_services.propose_introduction(
        actor=member, from_org=organisation, to_org=other_organisation, message="Hello"
    )
    introduction_services.respond(
        actor=counterpart, introduction=introduction, organisation=other_organisation, accept=True
    )

    # then the counterpart learns who posted it
    assert client.get(url(secret)).json()["organisation"]["name"] == "Qazaq Fintech Labs"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "investment"}, ["Seed fund for fintech"]),
        ({"direction": "offer"}, ["Seed fund for fintech"]),
        ({"country": "pk"}, ["Robotics line upgrade"]),
        ({"kind": "academic"}, ["Robotics line upgrade"]),
        ({"sector": "fintech"}, ["Seed fund for fintech", "Payments API"]),
        ({"q": "robotics"}, ["Robotics line upgrade"]),
        ({"partner_kind": "authority"}, ["Seed fund for fintech", "Robotics line upgrade"]),
        ({"sort": "deadline"}, ["Robotics line upgrade", "Payments API", "Seed fund for fintech"]),
    ],
)
def test_filters_are_the_search_pages(
    client, make_opportunity, make_organisation, make_term, organisation, params, expected
):
    # given three published opportunities that differ in every filter
    fintech = make_term("sector", "fintech")
    university = make_organisation("Lahore University", country="PK", kind="academic")
    now = timezone.now()
    make_opportunity(
        organisation,
        title="Payments API",
        sectors=[fintech],
        partner_kinds=["company"],
        expires_on=days(20),
        published_at=now - datetime.timedelta(hours=2),
    )
    make_opportunity(
        university,
        title="Robotics line upgrade",
        expires_on=days(10),
        published_at=now - datetime.timedelta(hours=1),
    )
    make_opportunity(
        organisation,
        title="Seed fund for fintech",
        type="investment",
        direction="offer",
        sectors=[fintech],
        expires_on=days(30),
        published_at=now,
    )

    # when the list is filtered
    response = client.get(LIST, params)

    # then only the matches come back, in the order asked for
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"type": "bakery"}, "type"),
        ({"sector": "no-such-sector"}, "sector"),
        ({"deadline_after": "next tuesday"}, "deadline_after"),
        ({"country": "DE"}, "country"),
        ({"sort": "random"}, "sort"),
        ({"page": "0"}, "page"),
        ({"page_size": "1000"}, "page_size"),
    ],
)
def test_an_invalid_filter_is_an_error_naming_it(client, db, params, field):
    response = client.get(LIST, params)

    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "validation_error"
    assert list(error["fields"]) == [field]


def test_the_list_is_paged_with_links(client, make_opportunity, organisation):
    for n in range(3):
        make_opportunity(organisation, title=f"Post {n}")

    first = client.get(LIST, {"page_size": 2}).json()
    second = client.get(first["next"]).json()

    assert first["count"] == 3
    assert len(first["items"]) == 2
    assert first["previous"] is None
    assert "page=2" in first["next"]
    assert len(second["items"]) == 1
    assert second["next"] is None
    beyond = client.get(LIST, {"page_size": 2, "page": 9}).json()
    assert beyond["items"] == []


# -- detail -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("owner", 200),
        ("counterpart", 404),
        ("secretariat", 200),
        ("outsider", 404),
        ("anonymous", 404),
    ],
)
def test_a_draft_is_seen_by_its_organisation_and_the_secretariat_only(
    as_persona, persona, code, draft
):
    response = as_persona(persona).get(url(draft))

    assert response.status_code == code
    if code == 404:
        assert error_of(response)["code"] == "not_found"


@pytest.mark.parametrize(
    ("persona", "actions"),
    [
        ("owner", ["edit", "submit"]),
        ("counterpart", None),
        ("secretariat", ["edit"]),
        ("outsider", None),
        ("anonymous", None),
    ],
)
def test_the_detail_lists_what_the_reader_may_do(as_persona, persona, actions, draft):
    response = as_persona(persona).get(url(draft))

    if actions is None:
        assert response.status_code == 404
    else:
        assert response.json()["actions"] == actions


def test_the_review_comment_is_for_the_owner_and_the_secretariat(
    client, secretariat, member, counterpart, make_opportunity, organisation
):
    sent_back = make_opportunity(
        organisation, status=Status.REJECTED, review_comment="Not a partnership offer."
    )
    for user, comment in (
        (member, "Not a partnership offer."),
        (secretariat, "Not a partnership offer."),
    ):
        client.force_login(user)
        assert client.get(url(sent_back)).json()["review_comment"] == comment
    client.force_login(counterpart)
    assert client.get(url(sent_back)).status_code == 404


def test_an_unknown_opportunity_is_not_found(client, db):
    response = client.get(f"{LIST}/999999")

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


# -- create and edit --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("owner", 201),
        ("counterpart", 201),
        ("secretariat", 403),
        ("outsider", 201),
        ("anonymous", 401),
    ],
)
def test_members_of_an_organisation_create_drafts(as_persona, persona, code):
    response = as_persona(persona).post(LIST, NEW, content_type="application/json")

    assert response.status_code == code, response.content
    if code == 201:
        assert response.json()["status"] == "draft"
    else:
        assert Opportunity.objects.count() == 0


def test_a_new_draft_gets_the_pages_defaults_and_its_tags(client, member, organisation, make_term):
    make_term("sector", "fintech", "Fintech")
    make_term("technology", "python", "Python")
    client.force_login(member)

    response = client.post(
        LIST,
        {
            **NEW,
            "sectors": ["fintech"],
            "technologies": ["python"],
            "partner_kinds": ["company", "academic"],
            "languages": ["en", "ru"],
            "deadline": days(20).isoformat(),
            "expires_on": days(40).isoformat(),
            "is_anonymous": True,
        },
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["organisation"]["name"] == "Qazaq Fintech Labs"
    assert body["target_country"] == "PK"
    assert body["sectors"] == [{"slug": "fintech", "label": "Fintech"}]
    assert [t["slug"] for t in body["technologies"]] == ["python"]
    assert body["partner_kinds"] == ["company", "academic"]
    assert body["deadline"] == days(20).isoformat()
    assert body["is_anonymous"] is True
    assert body["actions"] == ["edit", "submit"]
    opportunity = Opportunity.objects.get(pk=body["id"])
    assert opportunity.created_by == member
    assert "fintech" in opportunity.search_text


def test_without_an_expiry_date_the_usual_period_applies(client, member, settings):
    client.force_login(member)

    body = client.post(LIST, NEW, content_type="application/json").json()

    assert body["expires_on"] == days(settings.SILKBRIDGE_OPPORTUNITY_DEFAULT_DAYS).isoformat()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "x" * 161}, "title"),
        ({"title": ""}, "title"),
        ({"summary": "s" * 501}, "summary"),
        ({"expires_on": days(-1).isoformat()}, "expires_on"),
        ({"expires_on": days(400).isoformat()}, "expires_on"),
        ({"deadline": days(30).isoformat(), "expires_on": days(20).isoformat()}, "deadline"),
        ({"deadline": days(-2).isoformat()}, "deadline"),
        ({"sectors": ["no-such-sector"]}, "sectors"),
        ({"type": "bakery"}, "type"),
        ({"target_country": "DE"}, "target_country"),
        ({"languages": ["xx"]}, "languages"),
        ({"partner_kinds": ["pirate"]}, "partner_kinds"),
        ({"deadline": "soon"}, "deadline"),
    ],
)
def test_bad_fields_are_named_and_nothing_is_saved(client, member, change, field):
    client.force_login(member)

    response = client.post(LIST, {**NEW, **change}, content_type="application/json")

    assert response.status_code == 422, response.content
    error = error_of(response)
    assert error["code"] == "validation_error"
    assert field in {name.split(".")[0] for name in error["fields"]}
    assert Opportunity.objects.count() == 0


def test_a_title_of_160_characters_is_fine(client, member):
    client.force_login(member)

    response = client.post(LIST, {**NEW, "title": "t" * 160}, content_type="application/json")

    assert response.status_code == 201


def test_someone_in_two_organisations_says_which_one_posts(
    client, member, organisation, third_organisation, make_user
):
    from silkbridge.directory.models import Person

    Person.objects.create(organisation=third_organisation, user=member, full_name="Twice")
    client.force_login(member)

    unsure = client.post(LIST, NEW, content_type="application/json")
    chosen = client.post(
        LIST, {**NEW, "organisation_id": third_organisation.pk}, content_type="application/json"
    )

    assert unsure.status_code == 422
    assert list(error_of(unsure)["fields"]) == ["organisation_id"]
    assert chosen.status_code == 201
    assert chosen.json()["organisation"]["name"] == "Almaty Robotics"


def test_nobody_posts_for_an_organisation_they_do_not_belong_to(client, member, other_organisation):
    client.force_login(member)

    response = client.post(
        LIST, {**NEW, "organisation_id": other_organisation.pk}, content_type="application/json"
    )

    assert response.status_code == 403
    assert Opportunity.objects.count() == 0


def test_a_token_creates_and_submits_without_a_csrf_token(member, token_for):
    client = Client(enforce_csrf_checks=True)
    headers = {"authorization": f"Bearer {token_for(member)}"}

    created = client.post(LIST, NEW, content_type="application/json", headers=headers)
    submitted = client.post(f"{LIST}/{created.json()['id']}/submit", headers=headers)

    assert created.status_code == 201
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"


def test_a_session_write_needs_the_csrf_token(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    response = client.post(LIST, NEW, content_type="application/json")

    assert response.status_code == 403
    assert Opportunity.objects.count() == 0


@pytest.mark.parametrize(
    ("persona", "draft_code", "published_code"),
    [
        ("owner", 200, 422),
        ("counterpart", 404, 403),
        ("secretariat", 200, 200),
        ("outsider", 404, 403),
        ("anonymous", 401, 401),
    ],
)
def test_who_may_edit(as_persona, persona, draft_code, published_code, draft, published):
    client = as_persona(persona)

    on_draft = client.patch(url(draft), {"title": "Renamed"}, content_type="application/json")
    on_published = client.patch(
        url(published), {"title": "Renamed"}, content_type="application/json"
    )

    assert on_draft.status_code == draft_code
    assert on_published.status_code == published_code
    if published_code == 422:
        assert "can no longer be edited" in error_of(on_published)["message"]
    assert (Opportunity.objects.get(pk=draft.pk).title == "Renamed") == (draft_code == 200)
    assert (Opportunity.objects.get(pk=published.pk).title == "Renamed") == (published_code == 200)


def test_an_edit_changes_only_the_fields_sent(client, member, draft, make_term):
    fintech = make_term("sector", "fintech")
    draft.sectors.set([fintech])
    client.force_login(member)

    response = client.patch(
        url(draft),
        {"title": "Open banking partner wanted", "deadline": days(10).isoformat()},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Open banking partner wanted"
    assert body["summary"] == "We look for a partner to integrate open banking APIs."
    assert [t["slug"] for t in body["sectors"]] == ["fintech"]
    assert body["deadline"] == days(10).isoformat()


def test_an_edit_with_a_deadline_after_the_expiry_is_refused(client, member, draft):
    client.force_login(member)

    response = client.patch(
        url(draft),
        {"deadline": (draft.expires_on + datetime.timedelta(days=1)).isoformat()},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == ["deadline"]
    assert Opportunity.objects.get(pk=draft.pk).deadline is None


# -- lifecycle --------------------------------------------------------------------------------


def test_the_whole_review_flow(client, member, secretariat):
    client.force_login(member)
    created = client.post(LIST, NEW, content_type="application/json").json()
    opportunity = Opportunity.objects.get(pk=created["id"])

    assert client.post(url(opportunity, "/submit")).json()["status"] == "submitted"
    client.force_login(secretariat)
    queue = client.get(f"{LIST}/review-queue").json()
    assert [item["id"] for item in queue["items"]] == [opportunity.pk]
    changes = client.post(
        url(opportunity, "/request-changes"),
        {"comment": "Please name the banks."},
        content_type="application/json",
    )
    assert changes.json()["status"] == "changes_requested"
    assert changes.json()["review_comment"] == "Please name the banks."

    client.force_login(member)
    client.patch(url(opportunity), {"summary": "Two banks."}, content_type="application/json")
    client.post(url(opportunity, "/submit"))
    client.force_login(secretariat)
    approved = client.post(url(opportunity, "/approve"))

    assert approved.status_code == 200
    assert approved.json()["status"] == "published"
    assert client.get(LIST).json()["items"][0]["id"] == opportunity.pk


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("owner", 200),
        ("counterpart", 404),
        ("secretariat", 403),
        ("outsider", 404),
        ("anonymous", 401),
    ],
)
def test_submit(as_persona, persona, code, draft):
    response = as_persona(persona).post(url(draft, "/submit"))

    assert response.status_code == code
    assert status_of(draft) == ("submitted" if code == 200 else "draft")


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("owner", 403),
        ("counterpart", 404),
        ("secretariat", 200),
        ("outsider", 404),
        ("anonymous", 401),
    ],
)
@pytest.mark.parametrize(
    ("action", "body", "after"),
    [
        ("approve", None, "published"),
        ("request-changes", {"comment": "Name the banks."}, "changes_requested"),
        ("reject", {"reason": "Not a partnership."}, "rejected"),
    ],
)
def test_review(as_persona, persona, code, action, body, after, submitted):
    response = as_persona(persona).post(
        url(submitted, f"/{action}"), body or {}, content_type="application/json"
    )

    assert response.status_code == code
    assert status_of(submitted) == (after if code == 200 else "submitted")


@pytest.mark.parametrize(
    ("action", "body", "field"),
    [
        ("request-changes", {"comment": "  "}, "comment"),
        ("reject", {"reason": ""}, "reason"),
        ("reject", {}, "reason"),
        ("reject", {"reason": "r" * 2001}, "reason"),
    ],
)
def test_sending_back_needs_a_comment(client, secretariat, submitted, action, body, field):
    client.force_login(secretariat)

    response = client.post(url(submitted, f"/{action}"), body, content_type="application/json")

    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == [field]
    assert status_of(submitted) == "submitted"


def test_approving_twice_is_a_clear_error(client, secretariat, submitted):
    client.force_login(secretariat)
    assert client.post(url(submitted, "/approve")).status_code == 200

    again = client.post(url(submitted, "/approve"))

    assert again.status_code == 422
    assert error_of(again)["message"] == "Only submitted opportunities can be reviewed."


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("owner", 200),
        ("counterpart", 403),
        ("secretariat", 200),
        ("outsider", 403),
        ("anonymous", 401),
    ],
)
def test_close(as_persona, persona, code, published):
    response = as_persona(persona).post(url(published, "/close"))

    assert response.status_code == code
    assert status_of(published) == ("closed" if code == 200 else "published")


def test_closing_an_expired_opportunity_says_it_has_expired(
    client, member, make_opportunity, organisation
):
    expired = make_opportunity(organisation, status=Status.EXPIRED)
    client.force_login(member)

    response = client.post(url(expired, "/close"))

    assert response.status_code == 422
    assert error_of(response)["message"] == "This opportunity has expired."


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("owner", 200),
        ("counterpart", 403),
        ("secretariat", 200),
        ("outsider", 403),
        ("anonymous", 401),
    ],
)
def test_renew(as_persona, persona, code, published):
    response = as_persona(persona).post(
        url(published, "/renew"),
        {"expires_on": days(100).isoformat()},
        content_type="application/json",
    )

    assert response.status_code == code
    stored = Opportunity.objects.get(pk=published.pk).expires_on
    assert (stored == days(100)) == (code == 200)


@pytest.mark.parametrize("expires_on", [days(-1), days(0), days(1000)])
def test_renewing_to_a_bad_date_is_refused(client, member, published, expires_on):
    client.force_login(member)

    response = client.post(
        url(published, "/renew"),
        {"expires_on": expires_on.isoformat()},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == ["expires_on"]


def test_renewing_revives_an_expired_opportunity(client, member, make_opportunity, organisation):
    expired = make_opportunity(organisation, status=Status.EXPIRED, expires_on=days(-3))
    client.force_login(member)

    response = client.post(url(expired, "/renew"), {}, content_type="application/json")

    assert response.status_code == 200
    assert response.json()["status"] == "published"


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("owner", 403),
        ("counterpart", 403),
        ("secretariat", 200),
        ("outsider", 403),
        ("anonymous", 401),
    ],
)
def test_review_queue(as_persona, persona, code, submitted):
    response = as_persona(persona).get(f"{LIST}/review-queue")

    assert response.status_code == code
    if code == 200:
        assert [item["id"] for item in response.json()["items"]] == [submitted.pk]


def test_mine_lists_every_status_of_my_organisations(
    client, member, draft, published, make_opportunity, other_organisation
):
    make_opportunity(other_organisation, title="Not mine")
    client.force_login(member)

    body = client.get(f"{LIST}/mine").json()

    assert body["count"] == 2
    assert {item["status"] for item in body["items"]} == {"draft", "published"}


def test_mine_needs_a_sign_in(client, db):
    assert client.get(f"{LIST}/mine").status_code == 401


# -- attachments ------------------------------------------------------------------------------


def test_files_are_attached_and_downloaded_as_attachments(
    client, member, draft, pdf_file, png_file, secretariat
):
    client.force_login(member)

    response = client.post(url(draft, "/attachments"), {"files": [pdf_file(), png_file()]})

    assert response.status_code == 201, response.content
    files = response.json()
    assert [(f["name"], f["content_type"]) for f in files] == [
        ("offer.pdf", "application/pdf"),
        ("diagram.png", "image/png"),
    ]
    download = client.get(files[0]["download_url"])
    assert download.status_code == 200
    assert drain(download).startswith(b"%PDF-")
    assert download["Content-Disposition"].startswith('attachment; filename="offer.pdf"')
    assert download["X-Content-Type-Options"] == "nosniff"
    assert [f["name"] for f in client.get(url(draft)).json()["attachments"]] == [
        "offer.pdf",
        "diagram.png",
    ]


@pytest.mark.parametrize(
    ("persona", "draft_code", "published_code"),
    [
        ("owner", 200, 200),
        ("counterpart", 404, 200),
        ("secretariat", 200, 200),
        ("outsider", 404, 200),
        ("anonymous", 404, 200),
    ],
)
def test_downloads_follow_the_opportunitys_visibility(
    as_persona, persona, draft_code, published_code, draft, published, member, secretariat, pdf_file
):
    on_draft = services.add_attachment(actor=member, opportunity=draft, upload=pdf_file())
    on_published = services.add_attachment(
        actor=secretariat, opportunity=published, upload=pdf_file("public.pdf")
    )
    client = as_persona(persona)

    first = client.get(url(draft, f"/attachments/{on_draft.pk}"))
    second = client.get(url(published, f"/attachments/{on_published.pk}"))

    assert first.status_code == draft_code
    assert second.status_code == published_code
    drain(first)
    drain(second)


def test_a_file_is_only_found_under_its_own_opportunity(
    client, member, draft, make_opportunity, organisation, pdf_file
):
    attachment = services.add_attachment(actor=member, opportunity=draft, upload=pdf_file())
    other = make_opportunity(organisation)
    client.force_login(member)

    assert client.get(url(other, f"/attachments/{attachment.pk}")).status_code == 404


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("owner", 201),
        ("counterpart", 404),
        ("secretariat", 201),
        ("outsider", 404),
        ("anonymous", 401),
    ],
)
def test_who_may_attach(as_persona, persona, code, draft, pdf_file):
    response = as_persona(persona).post(url(draft, "/attachments"), {"files": [pdf_file()]})

    assert response.status_code == code
    assert OpportunityAttachment.objects.count() == (1 if code == 201 else 0)


def test_the_owner_cannot_attach_to_a_published_opportunity(client, member, published, pdf_file):
    client.force_login(member)

    response = client.post(url(published, "/attachments"), {"files": [pdf_file()]})

    assert response.status_code == 422
    assert OpportunityAttachment.objects.count() == 0


def _stored_files(private_media) -> list:
    return [p for p in private_media.rglob("*") if p.is_file()] if private_media.exists() else []


def test_a_file_of_the_wrong_type_stores_nothing(client, member, draft, pdf_file, private_media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(member)
    script = SimpleUploadedFile(
        "invoice.pdf", b"#!/bin/sh\necho hi\n", content_type="application/pdf"
    )

    response = client.post(url(draft, "/attachments"), {"files": [pdf_file(), script]})

    assert response.status_code == 422
    assert "invoice.pdf" in error_of(response)["message"]
    assert OpportunityAttachment.objects.count() == 0
    assert _stored_files(private_media) == []


def test_an_oversized_file_stores_nothing(client, member, draft, png_file, private_media, settings):
    settings.SILKBRIDGE_MAX_UPLOAD_BYTES = 50
    client.force_login(member)

    response = client.post(url(draft, "/attachments"), {"files": [png_file()]})

    assert response.status_code == 422
    assert "largest file accepted" in error_of(response)["message"]
    assert OpportunityAttachment.objects.count() == 0
    assert _stored_files(private_media) == []


def test_uploading_without_files_names_the_field(client, member, draft):
    client.force_login(member)

    response = client.post(url(draft, "/attachments"), {})

    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == ["files"]


def test_the_owner_removes_a_file(client, member, draft, pdf_file, counterpart):
    attachment = services.add_attachment(actor=member, opportunity=draft, upload=pdf_file())

    client.force_login(counterpart)
    assert client.delete(url(draft, f"/attachments/{attachment.pk}")).status_code == 404
    client.force_login(member)
    response = client.delete(url(draft, f"/attachments/{attachment.pk}"))

    assert response.status_code == 204
    assert OpportunityAttachment.objects.count() == 0


# -- saved searches ---------------------------------------------------------------------------

SAVED = "/api/v1/saved-searches"


def test_saving_listing_changing_and_deleting_a_search(client, member):
    client.force_login(member)

    created = client.post(
        SAVED,
        {"name": "PK fintech", "query": "country=PK&sector=fintech&page=3&bogus=1", "notify": True},
        content_type="application/json",
    )

    assert created.status_code == 201, created.content
    saved = created.json()
    assert saved["query"] == "country=PK&sector=fintech"
    assert saved["url"] == "http://testserver/opportunities/?country=PK&sector=fintech"
    assert [s["name"] for s in client.get(SAVED).json()] == ["PK fintech"]
    patched = client.patch(
        f"{SAVED}/{saved['id']}", {"notify": False}, content_type="application/json"
    )
    assert patched.json()["notify"] is False
    assert SavedSearch.objects.get().notify is False
    assert client.delete(f"{SAVED}/{saved['id']}").status_code == 204
    assert SavedSearch.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [({"name": ""}, "name"), ({"name": "n" * 101}, "name"), ({"query": "type=business"}, "name")],
)
def test_a_saved_search_needs_a_short_name(client, member, body, field):
    client.force_login(member)

    response = client.post(SAVED, body, content_type="application/json")

    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == [field]


def test_two_saved_searches_cannot_share_a_name(client, member):
    client.force_login(member)
    client.post(SAVED, {"name": "Mine"}, content_type="application/json")

    again = client.post(SAVED, {"name": "Mine"}, content_type="application/json")

    assert again.status_code == 422
    assert "already have a saved search" in error_of(again)["fields"]["name"][0]
    assert SavedSearch.objects.count() == 1


@pytest.mark.parametrize(
    ("persona", "list_code", "change_code"),
    [
        ("owner", 200, 200),
        ("counterpart", 200, 404),
        ("secretariat", 200, 404),
        ("outsider", 200, 404),
        ("anonymous", 401, 401),
    ],
)
def test_saved_searches_are_private(as_persona, persona, list_code, change_code, member):
    saved = saved_searches.save_search(actor=member, name="Mine", query="type=business")
    client = as_persona(persona)

    listed = client.get(SAVED)
    patched = client.patch(
        f"{SAVED}/{saved.pk}", {"notify": False}, content_type="application/json"
    )
    deleted = client.delete(f"{SAVED}/{saved.pk}")

    assert listed.status_code == list_code
    if list_code == 200:
        assert [s["id"] for s in listed.json()] == ([saved.pk] if persona == "owner" else [])
    assert patched.status_code == change_code
    assert deleted.status_code == (204 if change_code == 200 else change_code)


# -- documentation ----------------------------------------------------------------------------


def test_the_schema_documents_the_desk(client, db):
    schema = client.get("/api/openapi.json").json()

    paths = schema["paths"]
    for path in (
        "/api/v1/opportunities",
        "/api/v1/opportunities/{opportunity_id}/attachments/{attachment_id}",
        "/api/v1/saved-searches/{search_id}",
        "/api/v1/opportunities/{opportunity_id}/interests",
        "/api/v1/interests/{interest_id}/accept",
        "/api/v1/introductions/{introduction_id}/respond",
        "/api/v1/conversations/{conversation_id}/messages",
        "/api/v1/notifications/unread-count",
    ):
        assert path in paths, path
    message_body = paths["/api/v1/conversations/{conversation_id}/messages"]["post"]["requestBody"]
    assert set(message_body["content"]) == {"application/json", "multipart/form-data"}
    # The directory's organisation reference keeps its own shape (no clash of schema names).
    assert set(schema["components"]["schemas"]["OrganisationRef"]["properties"]) == {"slug", "name"}
