"""The registration page: who may use it, duplicates first, then the record; and logos."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from silkbridge.directory.models import City, Organisation, Person

URL = reverse("joining:register")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def almaty(db):
    return City.objects.create(name="Almaty", country="KZ", population=2_000_000)


@pytest.fixture
def lahore(db):
    return City.objects.create(name="Lahore", country="PK", population=11_000_000)


@pytest.fixture
def founder(make_user):
    return make_user("aigerim@nomad-ai.example.kz", full_name="Aigerim Sadykova")


def posted(**changes) -> dict:
    return {
        "country": "KZ",
        "kind": "company",
        "name": "Nomad AI Systems",
        "registration_number": "971 240 001 315",
        "website": "nomad-ai.example.kz",
        **changes,
    }


def png(size=(800, 400)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        ("secretariat", 200),
        ("observer", 200),
        ("org_admin", 200),
        ("member", 200),
        ("outsider", 200),
    ],
)
def test_who_sees_the_registration_page(persona_client, persona, status):
    response = persona_client(persona).get(URL)
    assert response.status_code == status
    if persona == "anonymous":
        assert "next=/join/register/" in response["Location"].replace("%2F", "/")


def test_a_person_without_a_verified_address_is_asked_to_verify_it_first(client, founder):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=founder).update(verified=False)
    client.force_login(founder)

    page = client.get(URL)
    refused = client.post(URL, posted())

    assert page.status_code == refused.status_code == 403
    assert "Verify your e-mail address first" in page.content.decode()
    assert not Organisation.objects.exists()


def test_the_form_explains_each_countrys_number_format(client, founder):
    client.force_login(founder)
    html = client.get(URL).content.decode()
    assert "971240001315" in html
    assert "4174941-3" in html


def test_a_new_organisation_without_duplicates_is_registered_at_once(client, founder, almaty):
    client.force_login(founder)

    response = client.post(URL, {**posted(city=almaty.pk), "logo": png()})

    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == organisation.get_absolute_url()
    assert organisation.registration_number == "971240001315"
    assert organisation.website == "https://nomad-ai.example.kz"
    assert organisation.city == almaty
    assert organisation.logo
    assert Person.objects.get(organisation=organisation).user == founder
    detail = client.get(organisation.get_absolute_url()).content.decode()
    assert "Not verified" in detail or "not verified" in detail


def test_likely_duplicates_are_shown_before_anything_is_written(client, founder, make_organisation):
    existing = make_organisation("Nomad AI Systems LLP", country="KZ")
    client.force_login(founder)

    response = client.post(URL, posted())

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="likely-duplicates"' in html
    assert "Nomad AI Systems LLP" in html
    assert reverse("joining:claim", kwargs={"slug": existing.slug}) in html
    assert "None of these, register anyway" in html
    assert Organisation.objects.count() == 1


def test_registering_anyway_after_seeing_the_duplicates_creates_the_organisation(
    client, founder, make_organisation
):
    make_organisation("Nomad AI Systems LLP", country="KZ")
    client.force_login(founder)

    response = client.post(URL, {**posted(), "register_anyway": "on", "next": "/forums/"})

    assert response.status_code == 302
    assert response["Location"] == "/forums/"
    created = Organisation.objects.get(registered_by=founder)
    assert created.name == "Nomad AI Systems"


def test_a_wrong_number_is_a_field_error_naming_the_format(client, founder):
    client.force_login(founder)

    response = client.post(URL, posted(registration_number="971240001316"))

    form = response.context["form"]
    assert "registration_number" in form.errors
    assert "12 digits" in " ".join(form.errors["registration_number"])
    assert not Organisation.objects.exists()


def test_a_pakistani_company_needs_an_ntn_or_secp_number(client, founder, lahore):
    client.force_login(founder)

    missing = client.post(URL, posted(country="PK", city=lahore.pk, registration_number=""))
    accepted = client.post(
        URL, posted(country="PK", city=lahore.pk, name="Ravi Soft", registration_number="0012345")
    )

    assert "NTN" in " ".join(missing.context["form"].errors["registration_number"])
    assert accepted.status_code == 302
    assert Organisation.objects.get().registration_number == "0012345"


def test_a_city_of_the_other_country_is_refused(client, founder, lahore):
    client.force_login(founder)
    response = client.post(URL, posted(city=lahore.pk))
    assert "city" in response.context["form"].errors
    assert not Organisation.objects.exists()


def test_a_logo_that_is_not_an_image_is_a_field_error(client, founder):
    client.force_login(founder)
    fake = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")

    response = client.post(URL, {**posted(), "logo": fake})

    assert "logo" in response.context["form"].errors
    assert not Organisation.objects.exists()


def test_a_listed_organisations_logo_is_served_to_anyone_as_webp(client, founder):
    client.force_login(founder)
    client.post(URL, {**posted(), "logo": png()})
    organisation = Organisation.objects.get()
    client.logout()

    response = client.get(reverse("directory:logo", kwargs={"slug": organisation.slug}))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as logo:
        assert logo.size == (512, 256)


def test_no_logo_and_a_refused_organisations_logo_are_not_found(
    client, founder, secretariat, organisation
):
    from silkbridge.joining import registrations

    client.force_login(founder)
    client.post(URL, {**posted(), "logo": png()})
    registered = Organisation.objects.get(registered_by=founder)
    registrations.refuse_registration(organisation=registered, by=secretariat, reason="Fake.")

    assert (
        client.get(reverse("directory:logo", kwargs={"slug": organisation.slug})).status_code == 404
    )
    assert (
        client.get(reverse("directory:logo", kwargs={"slug": registered.slug})).status_code == 404
    )


@pytest.mark.parametrize("persona", ["anonymous", "founder", "secretariat"])
def test_a_refused_registrations_page_is_not_found_for_anyone(
    request, client, founder, secretariat, persona
):
    from silkbridge.joining import registrations

    organisation, _ = registrations.register_organisation(
        actor=founder, data={"name": "Fake Startup", "kind": "association", "country": "KZ"}
    )
    registrations.refuse_registration(organisation=organisation, by=secretariat, reason="Fake.")
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))

    response = client.get(organisation.get_absolute_url())

    assert response.status_code == 404
