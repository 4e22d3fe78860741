"""Key pages pass axe-core's WCAG 2.1 A and AA rules in a real browser, in English and in Urdu."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PASSWORD = "correct-horse-battery"


def violations(page) -> list[dict]:
    # Evaluated from outside the page: an inline <script> tag would be refused by the page's CSP.
    page.evaluate(AXE)
    return page.evaluate(
        # resultTypes: only violations are wanted, so axe skips collecting the passes.
        """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                   resultTypes: ['violations']}))
            .violations.map(v => ({rule: v.id, impact: v.impact,
                                   where: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""",
        WCAG_AA,
    )


@pytest.fixture
def directory_data(organisation, make_organisation, make_term, make_user):
    fintech = make_term("sector", "fintech", "Fintech", label_ur="فن ٹیک")
    organisation.sectors.add(fintech)
    make_organisation("Karachi Payments Hub", country="PK", description="Payment switching.")
    return organisation


@pytest.mark.parametrize("language", ["en", "ur"])
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/directory/",
        "/directory/?q=nothing-matches",
        "/accounts/login/",
        "/directory/taxonomy/",
        "/about/data/",
    ],
)
def test_public_pages_meet_wcag_aa(page, live_server, directory_data, path, language):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto(path)
    assert violations(page) == []


def test_an_admins_pages_meet_wcag_aa(page, directory_data, org_admin):
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(org_admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign in")).to_have_count(0)
    slug = directory_data.slug
    for path in [
        f"/directory/{slug}/",
        f"/directory/{slug}/edit/",
        f"/directory/{slug}/people/",
        "/accounts/profile/",
        "/accounts/tokens/",
        f"/accounts/invite/{slug}/",
    ]:
        page.goto(path)
        assert violations(page) == [], path


# --- the partnership desk ----------------------------------------------------------------------


@pytest.fixture
def desk_data(make_organisation, make_user, make_term, make_opportunity, secretariat):
    """A published request with a file and an accepted interest, its introduction and
    conversation, a second request open to interest, a proposal awaiting an answer, a draft,
    a submission waiting for review, and the notifications these made."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from silkbridge.conversations import services as conversations
    from silkbridge.introductions import interests
    from silkbridge.introductions import services as introductions
    from silkbridge.opportunities import services as opportunities
    from silkbridge.opportunities.models import Opportunity, Status

    textiles = make_term("sector", "textiles", "Textiles", label_ur="ٹیکسٹائل")
    vision = make_term("technology", "computer-vision", "Computer vision", label_ur="کمپیوٹر وژن")
    looms = make_organisation("Faisalabad Looms", country="PK")
    karachi = make_organisation("Karachi Ports Trust", country="PK", kind="authority")
    almaty = make_organisation("Almaty Vision Systems", country="KZ")
    owner = make_user("amna@looms.example.pk", organisation=looms, full_name="Amna Qureshi")
    port = make_user("bilal@kpt.example.pk", organisation=karachi, full_name="Bilal Khan")
    kazakh = make_user("dias@avs.example.kz", organisation=almaty, full_name="Dias Nurlanov")

    request = make_opportunity(
        looms,
        status=Status.DRAFT,
        title="Computer vision for textile quality control",
        summary="A camera system that finds weaving faults on denim at line speed.",
        description="Four looms, 2 m wide fabric, 30 m per minute.",
        sectors=[textiles],
        technologies=[vision],
        partner_kinds=["company"],
        partnership_types=["technical", "commercial"],
        languages=["en", "ur"],
    )
    opportunities.add_attachments(
        actor=owner,
        opportunity=request,
        uploads=[SimpleUploadedFile("requirements.pdf", b"%PDF-1.4\n%%EOF\n")],
    )
    Opportunity.objects.filter(pk=request.pk).update(status=Status.PUBLISHED)
    request.refresh_from_db()
    interest = interests.express_interest(
        actor=kazakh,
        opportunity=request,
        organisation=almaty,
        message="We build inline fabric inspection with our own cameras.",
    )
    introduction = interests.accept_interest(actor=owner, interest=interest)
    conversation = introduction.conversation
    conversations.post_message(
        actor=kazakh, conversation=conversation, body="Could we see a sample of the fabric?"
    )
    conversations.post_message(
        actor=owner, conversation=conversation, body="Samples leave Faisalabad on Monday."
    )
    open_request = make_opportunity(
        karachi,
        type="egov",
        title="Container tracking for the port authority",
        deadline=request.expires_on,
        is_anonymous=True,
    )
    pending = introductions.propose_introduction(
        actor=port, from_org=karachi, to_org=almaty, message="We would like to meet in Almaty."
    )
    draft = make_opportunity(looms, status=Status.DRAFT, title="Denim offcuts for recycling")
    submitted = make_opportunity(looms, status=Status.SUBMITTED, title="Training for weavers")
    return {
        "owner": owner,
        "kazakh": kazakh,
        "secretariat": secretariat,
        "request": request,
        "open_request": open_request,
        "introduction": introduction,
        "pending": pending,
        "conversation": conversation,
        "draft": draft,
        "submitted": submitted,
    }


def sign_in_with_language(page, user, language: str) -> None:
    """Sign in as a user whose interface language is `language` (applied on sign-in)."""
    type(user).objects.filter(pk=user.pk).update(language=language)
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("input[name=password]")).to_have_count(0)
    expect(page.locator("html")).to_have_attribute("lang", language)


@pytest.mark.parametrize("language", ["en", "ur"])
@pytest.mark.parametrize("persona", ["owner", "kazakh", "secretariat"])
def test_partnership_desk_pages_meet_wcag_aa(page, desk_data, persona, language):
    d = desk_data
    pages = {
        "owner": [
            "/opportunities/",
            "/opportunities/?q=nothing-matches",
            f"/opportunities/{d['request'].pk}/",
            "/opportunities/new/",
            f"/opportunities/{d['draft'].pk}/edit/",
            "/opportunities/mine/",
            "/opportunities/saved/",
            "/introductions/",
            "/introductions/?tab=accepted",
            f"/introductions/{d['introduction'].pk}/",
            "/messages/",
            f"/messages/{d['conversation'].pk}/",
            "/notifications/",
        ],
        "kazakh": [
            f"/opportunities/{d['open_request'].pk}/",
            f"/opportunities/{d['request'].pk}/",
            "/introductions/",
            f"/introductions/{d['pending'].pk}/",
            f"/messages/{d['conversation'].pk}/",
            "/notifications/",
        ],
        "secretariat": [
            "/opportunities/review/",
            f"/opportunities/{d['submitted'].pk}/",
            "/introductions/overview/",
            f"/introductions/{d['introduction'].pk}/",
            f"/messages/{d['conversation'].pk}/",
        ],
    }[persona]
    sign_in_with_language(page, d[persona], language)
    found = {}
    for path in pages:
        response = page.goto(path)
        assert response.status == 200, path
        if language == "ur":
            expect(page.locator("html")).to_have_attribute("dir", "rtl")
        problems = violations(page)
        if problems:
            found[path] = problems
    assert found == {}, json.dumps(found, indent=1)


# --- matching ----------------------------------------------------------------------------------


@pytest.fixture
def matching_data(settings, tmp_path, make_organisation, make_user, make_term, make_opportunity):
    """A Kazakh fintech with a published request, two Pakistani fintechs with offers, and a
    Pakistani mill: enough for suggestions with every kind of reason."""
    from silkbridge.matching import services

    settings.MATCHING_INDEX_DIR = tmp_path / "matching-index"
    fintech = make_term("sector", "fintech", "Fintech", label_ur="فن ٹیک")
    payments = make_term("technology", "payments", "Payment systems", label_ur="ادائیگی کے نظام")
    steppe = make_organisation(
        "Steppe Pay",
        country="KZ",
        description="Mobile wallet and QR payments for retailers.",
        sectors=[fintech],
        technologies=[payments],
        languages=["en", "ru"],
    )
    request = make_opportunity(
        steppe,
        direction="request",
        title="Card processing partner for QR payments",
        summary="We seek a payment gateway partner for card processing.",
        sectors=[fintech],
        technologies=[payments],
    )
    for name, title in [
        ("Karachi Payments Hub", "Payment gateway and card processing"),
        ("Lahore Card Services", "Prepaid card issuing and payment gateway"),
    ]:
        pk = make_organisation(
            name,
            country="PK",
            description="Card processing and payment gateway services for banks.",
            sectors=[fintech],
            technologies=[payments],
            languages=["en", "ur"],
        )
        make_opportunity(
            pk,
            direction="offer",
            title=title,
            summary="We offer a payment gateway and card processing.",
            sectors=[fintech],
            technologies=[payments],
        )
    make_organisation("Faisalabad Looms", country="PK", description="Denim weaving mills.")
    member = make_user("aigerim@steppepay.example.kz", organisation=steppe)
    services.reset_index()
    return {"steppe": steppe, "request": request, "member": member}


@pytest.mark.parametrize("language", ["en", "ur"])
@pytest.mark.parametrize("persona", ["member", "secretariat"])
def test_matching_pages_meet_wcag_aa(page, matching_data, secretariat, persona, language):
    d = matching_data
    slug = d["steppe"].slug
    pages = [
        f"/directory/{slug}/",  # the "Recommended partners" panel
        f"/matching/organisations/{slug}/",
        f"/opportunities/{d['request'].pk}/",  # the "Candidates" panel
    ]
    if persona == "secretariat":
        pages += ["/matching/delegation/", "/matching/delegation/?country=KZ&k=5"]
    sign_in_with_language(page, d["member"] if persona == "member" else secretariat, language)
    found = {}
    for path in pages:
        response = page.goto(path)
        assert response.status == 200, path
        if path != "/matching/delegation/":
            expect(page.locator(".suggestion, tbody tr").first).to_be_visible()
        problems = violations(page)
        if problems:
            found[path] = problems
    assert found == {}, json.dumps(found, indent=1)
