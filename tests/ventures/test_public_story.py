"""Success stories: public only when every party's admin agreed and the venture is not
confidential; the public sees the title, parties, countries, sectors and stage, nothing else."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from silkbridge.ventures import publicity
from silkbridge.ventures.models import VentureParty

pytestmark = pytest.mark.django_db


@pytest.fixture
def kz_admin(make_user, kz_org):
    return make_user("admin@qfl.example.kz", organisation=kz_org, role="admin")


@pytest.fixture
def pk_admin(make_user, pk_org):
    return make_user("admin@karachicloud.example.pk", organisation=pk_org, role="admin")


def _party(venture, organisation):
    return VentureParty.objects.get(venture=venture, organisation=organisation)


def _agree(venture, *pairs):
    for admin, organisation in pairs:
        publicity.set_public_story(actor=admin, party=_party(venture, organisation), public=True)


def test_a_venture_is_private_until_every_party_agrees(
    make_venture, kz_org, pk_org, kz_admin, pk_admin
):
    venture = make_venture()
    assert not publicity.public_ventures().exists()

    _agree(venture, (kz_admin, kz_org))
    assert not publicity.public_ventures().exists()

    _agree(venture, (pk_admin, pk_org))
    assert list(publicity.public_ventures()) == [venture]


def test_a_confidential_venture_is_never_public(make_venture, kz_org, pk_org, kz_admin, pk_admin):
    venture = make_venture(confidential=True)

    _agree(venture, (kz_admin, kz_org), (pk_admin, pk_org))

    assert not publicity.public_ventures().exists()


def test_a_party_that_withdraws_takes_the_story_down(
    make_venture, kz_org, pk_org, kz_admin, pk_admin
):
    venture = make_venture()
    _agree(venture, (kz_admin, kz_org), (pk_admin, pk_org))

    publicity.set_public_story(actor=pk_admin, party=_party(venture, pk_org), public=False)

    assert not publicity.public_ventures().exists()


@pytest.mark.parametrize("persona", ["member", "pk_admin", "secretariat", "outsider"])
def test_only_the_partys_own_admin_decides_for_it(request, make_venture, kz_org, persona):
    venture = make_venture()
    actor = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        publicity.set_public_story(actor=actor, party=_party(venture, kz_org), public=True)

    assert not _party(venture, kz_org).public_story


def test_the_choice_is_audit_logged(make_venture, kz_org, kz_admin):
    venture = make_venture()

    _agree(venture, (kz_admin, kz_org))

    entry = LogEntry.objects.get_for_object(_party(venture, kz_org)).first()
    assert entry.actor == kz_admin
    assert "public_story" in entry.changes_dict


def test_the_public_story_shows_only_what_was_agreed(
    client, make_venture, kz_org, pk_org, kz_admin, pk_admin, sector
):
    venture = make_venture(
        summary="Internal figures nobody outside may read",
        value_amount="4321000",
        value_currency="USD",
        jobs_created=77,
    )
    venture.sectors.set([sector])
    _agree(venture, (kz_admin, kz_org), (pk_admin, pk_org))

    page = client.get(reverse("ventures:story", args=[venture.pk])).content.decode()

    assert venture.title in page
    assert kz_org.name in page and pk_org.name in page
    assert "Pakistan" in page and "Fintech" in page
    assert "Introduced" in page
    assert "Internal figures" not in page
    assert "4,321,000" not in page and "4321000" not in page


def test_a_story_not_agreed_is_not_found(client, make_venture, kz_org, kz_admin):
    venture = make_venture()
    _agree(venture, (kz_admin, kz_org))

    assert client.get(reverse("ventures:story", args=[venture.pk])).status_code == 404


def test_the_stories_list_is_public(client, make_venture, kz_org, pk_org, kz_admin, pk_admin):
    shown = make_venture(title="Agreed by both")
    make_venture(title="Agreed by one")
    _agree(shown, (kz_admin, kz_org), (pk_admin, pk_org))

    page = client.get(reverse("ventures:stories")).content.decode()

    assert "Agreed by both" in page
    assert "Agreed by one" not in page


def test_the_partys_admin_toggles_it_on_the_venture_page(client, make_venture, kz_org, kz_admin):
    venture = make_venture()
    client.force_login(kz_admin)
    url = reverse("ventures:public-story", args=[venture.pk, _party(venture, kz_org).pk])

    assert "Agree to make it public" in client.get(venture.get_absolute_url()).content.decode()
    client.post(url, {"public": "1"})
    assert _party(venture, kz_org).public_story
    client.post(url, {"public": "0"})
    assert not _party(venture, kz_org).public_story


@pytest.mark.parametrize(
    ("persona", "status"),
    [("party", 403), ("secretariat", 403), ("outsider", 403), ("anonymous", 302)],
)
def test_others_cannot_toggle_a_partys_choice(as_persona, make_venture, kz_org, persona, status):
    venture = make_venture()
    url = reverse("ventures:public-story", args=[venture.pk, _party(venture, kz_org).pk])

    response = as_persona(persona).post(url, {"public": "1"})

    assert response.status_code == status
    assert not _party(venture, kz_org).public_story
