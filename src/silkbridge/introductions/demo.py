"""A small partnership-desk story for the demo sign-ins, told through the real services.

Every demo persona then has something to look at: the Pakistani admin's published request with an
interest from Kazakhstan that became an accepted introduction and a conversation, a Kazakh offer
waiting in the secretariat's review queue, an introduction brokered by the secretariat that is
waiting for answers, a secretariat thread, and the notifications all of this caused.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from silkbridge.accounts.models import User
from silkbridge.conversations import services as conversations
from silkbridge.directory.models import Organisation, OrganisationKind, Term, Vocabulary
from silkbridge.directory.seed import demo_users
from silkbridge.introductions import interests
from silkbridge.introductions import services as introductions
from silkbridge.opportunities import services as opportunities
from silkbridge.opportunities.models import Direction, Opportunity, OpportunityType

STORY_REQUEST_TITLE = "Payment gateway integration partner for a Pakistani wallet"


def _terms(vocabulary: str, *slugs: str) -> list[Term]:
    return list(Term.objects.filter(vocabulary=vocabulary, slug__in=slugs))


def _first_demo(country: str, kind: str, exclude: Organisation) -> Organisation | None:
    return (
        Organisation.objects.active()
        .filter(is_demo=True, country=country, kind=kind)
        .exclude(pk=exclude.pk)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def create_demo_story() -> bool:
    """Create the story once; returns False if the demo sign-ins or companies are missing."""
    users = {u.email: u for u in User.objects.filter(email__endswith="@silkbridge.example")}
    needed = [
        demo_users.SECRETARIAT_EMAIL,
        demo_users.KZ_ADMIN_EMAIL,
        demo_users.KZ_MEMBER_EMAIL,
        demo_users.PK_ADMIN_EMAIL,
    ]
    pk_company = demo_users.demo_company("PK")
    kz_company = demo_users.demo_company("KZ")
    if any(email not in users for email in needed) or not pk_company or not kz_company:
        return False
    if Opportunity.objects.filter(organisation=pk_company, title=STORY_REQUEST_TITLE).exists():
        return True
    secretariat = users[demo_users.SECRETARIAT_EMAIL]
    kz_admin = users[demo_users.KZ_ADMIN_EMAIL]
    kz_member = users[demo_users.KZ_MEMBER_EMAIL]
    pk_admin = users[demo_users.PK_ADMIN_EMAIL]
    today = timezone.localdate()

    request = opportunities.create_opportunity(
        actor=pk_admin,
        organisation=pk_company,
        data={
            "type": OpportunityType.TECHNOLOGY,
            "direction": Direction.REQUEST,
            "title": STORY_REQUEST_TITLE,
            "summary": (
                "Our mobile wallet needs a partner who has integrated card and QR payment "
                "gateways with central-bank switches, to help us connect to two new schemes."
            ),
            "description": (
                "We are a Lahore fintech with 400,000 wallet users. We seek a team that has "
                "built payment gateway integrations (ISO 8583, ISO 20022) and can work with our "
                "engineers for six months, remotely with two visits. English or Russian."
            ),
            "sectors": _terms(Vocabulary.SECTOR, "fintech", "banking"),
            "technologies": _terms(Vocabulary.TECHNOLOGY, "payments", "cloud"),
            "partner_kinds": [OrganisationKind.COMPANY],
            "languages": ["en", "ru"],
            "deadline": today + timedelta(days=30),
            "expires_on": today + timedelta(days=60),
        },
    )
    opportunities.submit_opportunity(actor=pk_admin, opportunity=request)
    opportunities.approve_opportunity(actor=secretariat, opportunity=request)

    offer = opportunities.create_opportunity(
        actor=kz_admin,
        organisation=kz_company,
        data={
            "type": OpportunityType.TALENT,
            "direction": Direction.OFFER,
            "title": "Paid summer internships in backend engineering for Pakistani students",
            "summary": (
                "Ten eight-week internships in Almaty for final-year computer science students, "
                "with housing support and a mentor for each intern."
            ),
            "sectors": _terms(Vocabulary.SECTOR, "fintech"),
            "languages": ["en"],
            "expires_on": today + timedelta(days=90),
        },
    )
    opportunities.submit_opportunity(actor=kz_admin, opportunity=offer)

    interest = interests.express_interest(
        actor=kz_member,
        opportunity=request,
        organisation=kz_company,
        message=(
            "We integrated three Kazakh banks' card and QR gateways last year and can start "
            "next month. Happy to share references."
        ),
    )
    # Two consents, the interest and its acceptance, make the introduction.
    introduction = interests.accept_interest(actor=pk_admin, interest=interest)
    conversation = introduction.conversation
    conversations.post_message(
        actor=pk_admin,
        conversation=conversation,
        body="Thank you for answering. Could we have a video call next Tuesday at 15:00 PKT?",
    )
    conversations.post_message(
        actor=kz_admin,
        conversation=conversation,
        body="Tuesday works for us. I will send our gateway architecture notes before the call.",
    )

    university = _first_demo("PK", OrganisationKind.ACADEMIC, pk_company) or _first_demo(
        "PK", OrganisationKind.COMPANY, pk_company
    )
    if university is not None:
        introductions.secretariat_introduce(
            actor=secretariat,
            org_a=kz_company,
            org_b=university,
            message="Both of you asked about joint cloud engineering courses at the last meeting.",
        )
    conversations.start_secretariat_thread(
        actor=secretariat,
        organisation=pk_company,
        subject="Delegation visit to Astana in March",
        body="Would your company like a place in the March delegation to Astana Hub?",
    )
    return True
