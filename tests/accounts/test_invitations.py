"""Invitations: an organisation admin invites by e-mail; the invitee accepts once, with a role."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from silkbridge.accounts import services
from silkbridge.accounts.models import Invitation, InvitationStatus, User
from silkbridge.directory.models import Person

NEW_PASSWORD = "Tien-Shan-Ridge-88"


@pytest.fixture
def invite(organisation, org_admin, django_capture_on_commit_callbacks):
    """A callable that invites an address to the organisation, as its admin, and sends the mail."""

    def make(email: str = "new.person@example.pk", role: str = "member"):
        with django_capture_on_commit_callbacks(execute=True):
            return services.invite_member(
                actor=org_admin, organisation=organisation, email=email, role=role
            )

    return make


def accept_path(token: str) -> str:
    return reverse("accounts:accept-invitation", args=[token])


def new_account_details(**overrides) -> dict:
    return {
        "full_name": "Ayesha Khan",
        "password": NEW_PASSWORD,
        "password_confirmation": NEW_PASSWORD,
        "accept_terms": "on",
        **overrides,
    }


def test_an_admin_invites_and_the_new_person_joins_with_the_chosen_role(
    client, org_admin, organisation, mailoutbox, django_capture_on_commit_callbacks, settings
):
    # Given an admin who invites a new address as admin through the page
    client.force_login(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:invite", args=[organisation.slug]),
            {"email": "Ayesha@Example.PK", "role": "admin"},
        )
    assert response.status_code == 302

    # When the invitee opens the e-mailed link in their own browser and sets name and password
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["ayesha@example.pk"]
    assert "Qazaq Fintech Labs" in message.subject
    link = re.search(r"https?://\S+", message.body).group(0)
    assert link.startswith(settings.SITE_URL)
    invitee = Client()
    page = invitee.get(urlsplit(link).path)
    assert page.status_code == 200
    assert page.context["has_account"] is False
    response = invitee.post(urlsplit(link).path, new_account_details())

    # Then they have an account, are signed in, and are an admin of the organisation
    assert response.status_code == 302
    assert response.url == organisation.get_absolute_url()
    user = User.objects.get(email="ayesha@example.pk")
    assert user.full_name == "Ayesha Khan"
    assert user.check_password(NEW_PASSWORD)
    assert invitee.session[SESSION_KEY] == str(user.pk)
    person = Person.objects.get(organisation=organisation, user=user)
    assert (person.role, person.full_name, person.email) == (
        "admin",
        "Ayesha Khan",
        "ayesha@example.pk",
    )
    invitation = Invitation.objects.get()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.accepted_by == user


def test_only_a_hash_of_the_token_is_stored(invite):
    invitation, token = invite()

    assert invitation.token_hash == Invitation.hash(token)
    assert token not in invitation.token_hash


def test_no_e_mail_leaves_before_the_invitation_is_committed(
    organisation, org_admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.invite_member(
            actor=org_admin, organisation=organisation, email="later@example.pk", role="member"
        )

    assert mailoutbox == []
    assert len(callbacks) == 1


def test_re_inviting_an_address_refreshes_the_one_pending_invitation(invite, mailoutbox):
    first, old_token = invite("twice@example.pk", role="member")

    second, new_token = invite("TWICE@example.pk", role="admin")

    assert second.pk == first.pk
    assert Invitation.objects.filter(status=InvitationStatus.PENDING).count() == 1
    assert second.role == "admin"
    assert len(mailoutbox) == 2
    assert services.find_invitation(old_token) is None
    assert services.find_invitation(new_token) == second


def test_a_current_member_cannot_be_invited_again(client, org_admin, member, organisation):
    client.force_login(org_admin)

    response = client.post(
        reverse("accounts:invite", args=[organisation.slug]),
        {"email": member.email.upper(), "role": "admin"},
    )

    assert response.status_code == 200
    assert "is already a member" in response.context["form"].errors["email"][0]
    assert not Invitation.objects.exists()


def test_an_invitation_needs_a_valid_address_and_role(client, org_admin, organisation):
    client.force_login(org_admin)

    response = client.post(
        reverse("accounts:invite", args=[organisation.slug]),
        {"email": "not-an-address", "role": "owner"},
    )

    assert set(response.context["form"].errors) == {"email", "role"}
    assert "is-invalid" in response.content.decode()
    assert not Invitation.objects.exists()


def test_the_invite_page_lists_pending_invitations(client, org_admin, organisation, invite):
    invite("pending@example.pk")
    _accepted, token = invite("done@example.pk")
    services.accept_invitation(
        token=token, full_name="Done", password=NEW_PASSWORD, accepted_terms=True
    )
    client.force_login(org_admin)

    response = client.get(reverse("accounts:invite", args=[organisation.slug]))

    assert [i.email for i in response.context["invitations"]] == ["pending@example.pk"]


@pytest.mark.parametrize("persona", ["org_admin", "secretariat"])
def test_admins_and_the_secretariat_may_invite(
    persona_client, persona, organisation, django_capture_on_commit_callbacks
):
    client = persona_client(persona)
    url = reverse("accounts:invite", args=[organisation.slug])

    page = client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "invitee@example.pk", "role": "member"})

    assert page.status_code == 200
    assert response.status_code == 302
    assert Invitation.objects.filter(email="invitee@example.pk").exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("member", 404), ("outsider", 404), ("observer", 404), ("anonymous", 302)],
)
def test_others_cannot_see_or_use_the_invite_page(
    persona_client, persona, status, organisation, mailoutbox
):
    client = persona_client(persona)
    url = reverse("accounts:invite", args=[organisation.slug])

    page = client.get(url)
    response = client.post(url, {"email": "invitee@example.pk", "role": "admin"})

    assert (page.status_code, response.status_code) == (status, status)
    if status == 302:
        assert response.url.startswith(reverse("accounts:login"))
    assert not Invitation.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize("persona", ["member", "outsider", "observer"])
def test_the_service_refuses_invitations_from_non_admins(request, persona, organisation):
    actor = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        services.invite_member(
            actor=actor, organisation=organisation, email="invitee@example.pk", role="member"
        )

    assert not Invitation.objects.exists()


def test_a_missing_organisation_gives_the_same_404(client, org_admin):
    client.force_login(org_admin)

    response = client.get(reverse("accounts:invite", args=["no-such-organisation"]))

    assert response.status_code == 404


def test_an_admin_revokes_a_pending_invitation_and_its_link_stops_working(
    client, org_admin, organisation, invite
):
    invitation, token = invite()
    client.force_login(org_admin)

    response = client.post(
        reverse("accounts:revoke-invitation", args=[organisation.slug, invitation.pk])
    )

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED
    assert Client().get(accept_path(token)).status_code == 410


@pytest.mark.parametrize("persona", ["member", "outsider", "observer"])
def test_non_admins_cannot_revoke_an_invitation(persona_client, persona, organisation, invite):
    invitation, _token = invite()
    client = persona_client(persona)

    response = client.post(
        reverse("accounts:revoke-invitation", args=[organisation.slug, invitation.pk])
    )

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def expire(invitation: Invitation) -> None:
    invitation.expires_at = timezone.now() - timedelta(minutes=1)
    invitation.save(update_fields=["expires_at"])


def revoke(invitation: Invitation) -> None:
    services.revoke_invitation(actor=invitation.invited_by, invitation=invitation)


def use(invitation: Invitation) -> None:
    invitation.status = InvitationStatus.ACCEPTED
    invitation.save(update_fields=["status"])


@pytest.mark.parametrize(
    ("spoil", "words"),
    [(expire, "has expired"), (revoke, "has been withdrawn"), (use, "already been accepted")],
)
def test_expired_revoked_and_used_links_are_refused(client, invite, spoil, words):
    invitation, token = invite()
    spoil(invitation)

    page = client.get(accept_path(token))
    response = client.post(accept_path(token), new_account_details())

    assert page.status_code == 410
    assert words in page.content.decode()
    assert response.status_code == 410
    assert not User.objects.filter(email=invitation.email).exists()
    assert not Person.objects.filter(email=invitation.email).exists()


def test_an_unknown_token_is_not_found(client, db):
    response = client.get(accept_path("made-up-token"))

    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_a_weak_password_is_refused_by_the_password_validators(client, invite):
    invitation, token = invite()

    response = client.post(
        accept_path(token),
        new_account_details(password="12345678", password_confirmation="12345678"),
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["password"]
    assert any("too common" in e or "entirely numeric" in e for e in errors)
    assert not User.objects.filter(email=invitation.email).exists()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_an_existing_account_must_be_signed_in_as_the_invited_address(
    client, make_user, invite, organisation, outsider
):
    # Given an invitation for an address that already has an account
    existing = make_user("known@example.pk")
    _invitation, token = invite(existing.email, role="member")

    # When nobody, or somebody else, tries to accept it
    anonymous = client.post(accept_path(token), new_account_details())
    client.force_login(outsider)
    someone_else = client.post(accept_path(token))

    # Then it is refused and nothing changes
    assert anonymous.status_code == 403
    assert someone_else.status_code == 403
    assert "Sign in as known@example.pk" in someone_else.content.decode()
    assert not Person.objects.filter(organisation=organisation, user=existing).exists()
    existing.refresh_from_db()
    assert existing.check_password("correct-horse-battery")

    # And when the invitee signs in as that account, accepting works
    client.force_login(existing)
    page = client.get(accept_path(token))
    assert page.context["signed_in_as_invitee"] is True
    response = client.post(accept_path(token))
    assert response.status_code == 302
    assert Person.objects.get(organisation=organisation, user=existing).role == "member"


def test_an_anonymous_invitee_with_an_account_is_sent_to_sign_in(client, make_user, invite):
    existing = make_user("known@example.pk")
    _invitation, token = invite(existing.email)

    page = client.get(accept_path(token))

    assert page.context["has_account"] is True
    assert page.context["form"] is None
    assert f"{reverse('accounts:login')}?next=" in page.content.decode()


def test_accepting_twice_creates_one_membership(invite, organisation):
    _invitation, token = invite("twice@example.pk")

    person = services.accept_invitation(
        token=token, full_name="Once", password=NEW_PASSWORD, accepted_terms=True
    )
    with pytest.raises(ValidationError, match="already been accepted"):
        services.accept_invitation(token=token, user=person.user)

    assert Person.objects.filter(organisation=organisation, user=person.user).count() == 1
    assert User.objects.filter(email="twice@example.pk").count() == 1


def test_a_second_click_on_the_link_is_refused_without_a_new_membership(
    client, invite, organisation
):
    _invitation, token = invite("twice@example.pk")

    first = client.post(accept_path(token), new_account_details())
    second = client.post(accept_path(token), new_account_details())

    assert first.status_code == 302
    assert second.status_code == 410
    assert Person.objects.filter(organisation=organisation, email="twice@example.pk").count() == 1


def test_a_contact_record_with_the_same_address_becomes_the_membership(invite, organisation):
    # Given a contact added by hand without an account
    contact = Person.objects.create(
        organisation=organisation,
        full_name="Dr. Bilal Ahmed",
        email="bilal@example.pk",
        job_title="CTO",
    )
    _invitation, token = invite("bilal@example.pk", role="admin")

    person = services.accept_invitation(
        token=token, full_name="Bilal Ahmed", password=NEW_PASSWORD, accepted_terms=True
    )

    assert person.pk == contact.pk
    contact.refresh_from_db()
    assert (contact.user, contact.role, contact.job_title) == (person.user, "admin", "CTO")
    assert Person.objects.filter(organisation=organisation, email="bilal@example.pk").count() == 1


def test_a_new_invitee_must_accept_the_terms_and_the_acceptance_is_kept(client, invite):
    from silkbridge.public import legal

    _invitation, token = invite()

    refused = client.post(accept_path(token), new_account_details(accept_terms=""))

    assert refused.status_code == 200
    html = refused.content.decode()
    assert 'id="id_accept_terms_error"' in html
    assert f'href="{reverse("public:terms")}"' in html
    assert not User.objects.filter(email="new.person@example.pk").exists()

    client.post(accept_path(token), new_account_details())

    user = User.objects.get(email="new.person@example.pk")
    assert user.terms_accepted_at is not None
    assert user.terms_version == legal.current_version("terms")
    assert user.privacy_version == legal.current_version("privacy")
