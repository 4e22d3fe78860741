"""Registering a new organisation, and the secretariat approving or refusing it (services)."""

import io

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from silkbridge.directory.models import Organisation, Person, Verification
from silkbridge.directory.selectors import DirectoryQuery, search_organisations
from silkbridge.joining import registrations
from silkbridge.notifications.models import Notification


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def registrant(make_user):
    """A Kazakh startup founder who signed up and followed the confirmation link."""
    from allauth.account.models import EmailAddress

    user = make_user("aigerim@nomad-ai.example.kz", full_name="Aigerim Sadykova")
    assert EmailAddress.objects.filter(user=user, verified=True).exists()
    return user


def details(**changes) -> dict:
    return {
        "name": "Nomad AI Systems",
        "kind": "company",
        "country": "KZ",
        "registration_number": "971240001315",
        "website": "https://nomad-ai.example.kz",
        **changes,
    }


def image_upload(size=(1600, 900), image_format="JPEG", *, exif: bool = False, name="logo.jpg"):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (20, 120, 200))
    extra = {}
    if exif:
        tags = Image.Exif()
        tags[0x010F] = "Camera maker that must not leak"
        tags[0x0110] = "Secret model"
        extra["exif"] = tags
    image.save(buffer, format=image_format, **extra)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_a_registered_organisation_is_listed_unverified_with_its_registrant_as_admin(registrant):
    organisation, created = registrations.register_organisation(actor=registrant, data=details())

    assert created
    organisation.refresh_from_db()
    assert organisation.verification == Verification.UNVERIFIED
    assert organisation.registered_by == registrant
    assert organisation.registered_at is not None
    assert organisation.registration_number == "971240001315"
    assert organisation.website_domain == "nomad-ai.example.kz"
    person = Person.objects.get(organisation=organisation, user=registrant)
    assert person.role == "admin"
    assert list(search_organisations(DirectoryQuery(q="nomad"))) == [organisation]


def test_the_secretariat_is_told_of_a_new_registration(registrant, secretariat):
    organisation, _ = registrations.register_organisation(actor=registrant, data=details())

    notice = Notification.objects.get(recipient=secretariat)
    assert notice.kind == "registration_submitted"
    assert organisation.name in notice.text
    assert "Aigerim Sadykova" in notice.text


def test_a_person_without_a_verified_address_cannot_register(make_user):
    from allauth.account.models import EmailAddress

    unverified = make_user("new@example.kz")
    EmailAddress.objects.filter(user=unverified).update(verified=False)

    with pytest.raises(PermissionDenied):
        registrations.register_organisation(actor=unverified, data=details())
    assert not Organisation.objects.exists()


def test_a_registration_number_in_the_wrong_format_writes_nothing(registrant):
    with pytest.raises(ValidationError) as caught:
        registrations.register_organisation(
            actor=registrant, data=details(registration_number="971240001316")
        )
    assert "registration_number" in caught.value.error_dict
    assert not Organisation.objects.exists()
    assert not Person.objects.exists()


def test_the_logo_is_shrunk_to_512_pixels_and_stored_as_webp_without_exif(registrant):
    organisation, _ = registrations.register_organisation(
        actor=registrant, data=details(), logo=image_upload(exif=True)
    )

    organisation.refresh_from_db()
    assert organisation.logo.name.endswith(".webp")
    with organisation.logo.open("rb") as stored, Image.open(stored) as logo:
        assert logo.format == "WEBP"
        assert max(logo.size) == 512
        assert logo.size == (512, 288)
        assert not logo.getexif()
        assert b"Camera maker" not in stored.read()


def test_a_small_logo_is_not_enlarged(registrant):
    organisation, _ = registrations.register_organisation(
        actor=registrant, data=details(), logo=image_upload((120, 80), "PNG", name="logo.png")
    )
    with organisation.logo.open("rb") as stored, Image.open(stored) as logo:
        assert logo.size == (120, 80)


def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(registrant):
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")

    with pytest.raises(ValidationError) as caught:
        registrations.register_organisation(actor=registrant, data=details(), logo=fake)
    assert "PNG, JPEG, WebP or GIF" in " ".join(caught.value.messages)
    assert not Organisation.objects.exists()


def test_a_logo_over_the_size_limit_is_refused(registrant, monkeypatch):
    from silkbridge.directory import logos

    monkeypatch.setattr(logos, "LOGO_MAX_BYTES", 1000)
    with pytest.raises(ValidationError) as caught:
        registrations.register_organisation(actor=registrant, data=details(), logo=image_upload())
    assert caught.value.code == "logo_size"
    assert not Organisation.objects.exists()


def test_a_failed_registration_leaves_no_logo_file_behind(registrant, settings, monkeypatch):
    from silkbridge.directory import services as directory_services

    def broken_notice(*args, **kwargs):
        raise RuntimeError("mail server down")

    monkeypatch.setattr(registrations, "notify", broken_notice)
    with pytest.raises(RuntimeError):
        registrations.register_organisation(actor=registrant, data=details(), logo=image_upload())
    assert not Organisation.objects.exists()
    logos_folder = settings.MEDIA_ROOT / "organisation-logos"
    assert not logos_folder.exists() or not any(logos_folder.iterdir())
    assert directory_services  # the directory's own services were used, not bypassed


def test_submitting_the_same_registration_twice_creates_one_organisation(registrant):
    first, created_first = registrations.register_organisation(actor=registrant, data=details())
    second, created_second = registrations.register_organisation(
        actor=registrant, data=details(name="NOMAD AI SYSTEMS ")
    )

    assert (created_first, created_second) == (True, False)
    assert second.pk == first.pk
    assert Organisation.objects.count() == 1


def test_one_person_may_have_only_a_few_registrations_waiting(registrant):
    for n in range(registrations.MAX_AWAITING_PER_PERSON):
        registrations.register_organisation(
            actor=registrant, data=details(name=f"Startup {n}", registration_number="")
        )

    with pytest.raises(ValidationError) as caught:
        registrations.register_organisation(
            actor=registrant, data=details(name="One too many", registration_number="")
        )
    assert caught.value.code == "too_many_registrations"
    assert Organisation.objects.count() == registrations.MAX_AWAITING_PER_PERSON


def test_the_secretariat_approves_a_registration_and_the_registrant_is_told(
    registrant, secretariat
):
    organisation, _ = registrations.register_organisation(actor=registrant, data=details())

    registrations.approve_registration(organisation=organisation, by=secretariat)

    organisation.refresh_from_db()
    assert organisation.verification == Verification.VERIFIED
    assert organisation.verified_by == secretariat
    assert organisation.verified_at is not None
    notice = Notification.objects.get(recipient=registrant)
    assert notice.kind == "registration_approved"
    assert "Nomad AI Systems" in notice.text
    entry = LogEntry.objects.get_for_object(organisation).filter(actor=secretariat).first()
    assert entry is not None and "verification" in entry.changes_dict


@pytest.mark.parametrize("persona", ["observer", "org_admin", "member", "outsider"])
def test_only_the_secretariat_decides_registrations(request, registrant, persona):
    organisation, _ = registrations.register_organisation(actor=registrant, data=details())
    someone = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        registrations.approve_registration(organisation=organisation, by=someone)
    with pytest.raises(PermissionDenied):
        registrations.refuse_registration(organisation=organisation, by=someone, reason="No.")
    organisation.refresh_from_db()
    assert organisation.verification == Verification.UNVERIFIED
    assert organisation.registration_refused_at is None


def test_the_registrant_cannot_approve_their_own_registration(registrant):
    organisation, _ = registrations.register_organisation(actor=registrant, data=details())
    with pytest.raises(PermissionDenied):
        registrations.approve_registration(organisation=organisation, by=registrant)


def test_a_refusal_needs_a_reason_and_writes_nothing_without_one(registrant, secretariat):
    organisation, _ = registrations.register_organisation(actor=registrant, data=details())

    with pytest.raises(ValidationError) as caught:
        registrations.refuse_registration(organisation=organisation, by=secretariat, reason="  ")
    assert "reason" in caught.value.error_dict
    organisation.refresh_from_db()
    assert organisation.registration_refused_at is None
    assert not Notification.objects.filter(recipient=registrant).exists()


def test_a_refused_registration_leaves_the_directory_and_the_registrant_reads_why(
    registrant, secretariat
):
    organisation, _ = registrations.register_organisation(actor=registrant, data=details())
    reason = "The BIN belongs to another company."

    registrations.refuse_registration(organisation=organisation, by=secretariat, reason=reason)

    organisation.refresh_from_db()
    assert organisation.registration_refused_at is not None
    assert not Organisation.objects.active().filter(pk=organisation.pk).exists()
    assert list(search_organisations(DirectoryQuery(q="nomad"))) == []
    notice = Notification.objects.get(recipient=registrant)
    assert notice.kind == "registration_refused"
    assert reason in notice.text
    entry = LogEntry.objects.get_for_object(organisation).filter(actor=secretariat).first()
    assert reason in str(entry.changes_dict)


def test_a_decided_registration_cannot_be_decided_again(registrant, secretariat):
    organisation, _ = registrations.register_organisation(actor=registrant, data=details())
    registrations.approve_registration(organisation=organisation, by=secretariat)

    with pytest.raises(ValidationError):
        registrations.refuse_registration(organisation=organisation, by=secretariat, reason="No")
    with pytest.raises(ValidationError):
        registrations.approve_registration(organisation=organisation, by=secretariat)
    organisation.refresh_from_db()
    assert organisation.registration_refused_at is None


def test_an_organisation_the_secretariat_imported_is_not_a_registration(organisation, secretariat):
    with pytest.raises(ValidationError):
        registrations.approve_registration(organisation=organisation, by=secretariat)


def test_an_admin_replaces_the_logo_and_the_old_file_is_deleted(registrant, settings):
    from django.test import TestCase

    from silkbridge.directory.logos import replace_logo

    organisation, _ = registrations.register_organisation(
        actor=registrant, data=details(), logo=image_upload()
    )
    old_path = settings.MEDIA_ROOT / organisation.logo.name

    with TestCase.captureOnCommitCallbacks(execute=True):
        replace_logo(
            actor=registrant,
            organisation=organisation,
            upload=image_upload((300, 300), "PNG", name="new.png"),
        )

    organisation.refresh_from_db()
    assert organisation.logo.name.endswith(".webp")
    assert (settings.MEDIA_ROOT / organisation.logo.name).exists()
    assert not old_path.exists()
    with organisation.logo.open("rb") as stored, Image.open(stored) as logo:
        assert logo.size == (300, 300)


def test_only_the_organisations_admins_and_the_secretariat_change_its_logo(
    registrant, member, secretariat
):
    from silkbridge.directory.logos import replace_logo

    organisation, _ = registrations.register_organisation(actor=registrant, data=details())

    with pytest.raises(PermissionDenied):
        replace_logo(actor=member, organisation=organisation, upload=image_upload())
    organisation.refresh_from_db()
    assert not organisation.logo
    replace_logo(actor=secretariat, organisation=organisation, upload=image_upload())
    organisation.refresh_from_db()
    assert organisation.logo
