"""Who sees and changes agreements: coordinators of the parties, the secretariat; observers read;
a coordinator of another institution, a plain member and anonymous visitors get nothing."""

import pytest
from django.urls import reverse

from silkbridge.talent.agreements import permissions

READERS = {"secretariat", "observer", "kz_coordinator"}
EDITORS = {"secretariat", "kz_coordinator"}
PERSONAS = [
    "secretariat",
    "observer",
    "kz_coordinator",
    "other_coordinator",
    "kz_member",
    "anonymous",
]


@pytest.fixture
def as_persona(request, client):
    def login(name):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return login


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_detail_page_is_for_readers_only(persona, as_persona, make_agreement):
    agreement = make_agreement(submitted=True)
    response = as_persona(persona).get(agreement.get_absolute_url())
    if persona == "anonymous":
        assert response.status_code == 302
    elif persona in READERS:
        assert response.status_code == 200
        assert agreement.title in response.content.decode()
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_list_shows_an_agreement_only_to_its_readers(persona, as_persona, make_agreement):
    agreement = make_agreement(title="Cyber security exchange")
    response = as_persona(persona).get(reverse("talent_agreements:list"))
    if persona == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert (agreement.title in response.content.decode()) == (persona in READERS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_coordinators_of_the_parties_and_the_secretariat_change_conditions(
    persona, as_persona, make_agreement
):
    agreement = make_agreement()
    url = reverse("talent_agreements:condition-new", kwargs={"pk": agreement.pk})
    response = as_persona(persona).get(url)
    if persona == "anonymous":
        assert response.status_code == 302
    elif persona in EDITORS:
        assert response.status_code == 200
    elif persona == "observer":
        assert response.status_code == 403
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_pdf_and_the_export_follow_the_readers(persona, as_persona, make_agreement):
    agreement = make_agreement(submitted=True)
    for name in ("talent_agreements:pdf", "talent_agreements:ewp"):
        response = as_persona(persona).get(reverse(name, kwargs={"pk": agreement.pk}))
        expected = 302 if persona == "anonymous" else 200 if persona in READERS else 404
        assert response.status_code == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_coordinators_and_the_secretariat_may_propose(persona, request):
    user = request.getfixturevalue(persona) if persona != "anonymous" else None
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    assert permissions.can_create_agreement(user) == (
        persona in {"secretariat", "kz_coordinator", "other_coordinator"}
    )


def test_an_observer_cannot_approve_or_terminate(client, observer, make_agreement, kz_university):
    agreement = make_agreement(submitted=True)
    client.force_login(observer)
    client.post(
        reverse("talent_agreements:approve", kwargs={"pk": agreement.pk}),
        {"organisation": kz_university.pk, "version": 1},
    )
    assert not agreement.approvals.exists()
    response = client.post(
        reverse("talent_agreements:terminate", kwargs={"pk": agreement.pk}), {"reason": "No."}
    )
    assert response.status_code == 403
    agreement.refresh_from_db()
    assert agreement.status == "pending_approval"


def test_the_institution_page_lists_its_agreements_for_its_coordinator_only(
    client, make_agreement, pk_university, pk_coordinator, kz_member
):
    agreement = make_agreement(title="Data science exchange")
    client.force_login(pk_coordinator)
    page = client.get(pk_university.get_absolute_url()).content.decode()
    assert agreement.title in page and agreement.get_absolute_url() in page
    client.force_login(kz_member)
    page = client.get(pk_university.get_absolute_url()).content.decode()
    assert agreement.title not in page


def test_the_back_office_shows_agreements_read_only(client, make_agreement):
    from silkbridge.accounts.models import User

    agreement = make_agreement(submitted=True)
    client.force_login(User.objects.create_superuser("root@example.org", "pw-for-tests-only"))
    listing = client.get(reverse("admin:talent_agreements_agreement_changelist"))
    assert agreement.title in listing.content.decode()
    page = client.get(
        reverse("admin:talent_agreements_agreement_change", kwargs={"object_id": agreement.pk})
    )
    assert page.status_code == 200
    assert client.get(reverse("admin:talent_agreements_agreement_add")).status_code == 403
