import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from silkbridge.directory import services
from silkbridge.directory.models import Organisation, Person, SourceRecord


def test_website_domain_drops_scheme_www_and_case():
    assert services.website_domain("https://WWW.Example.KZ/about") == "example.kz"
    assert services.website_domain("example.pk") == "example.pk"
    assert services.website_domain("") == ""


def test_search_text_joins_name_description_city_and_tag_labels(make_organisation, make_term):
    # given an organisation tagged with a translated sector
    fintech = make_term("sector", "fintech", "Fintech", label_ru="Финтех")
    org = make_organisation("Almaty Ödeme", description="Open   banking APIs", sectors=[fintech])
    # then its search text is normalised and carries every label
    org.refresh_from_db()
    assert "almaty odeme" in org.search_text
    assert "open banking apis" in org.search_text
    assert "финтех" in org.search_text


def test_only_the_secretariat_creates_organisations(org_admin, secretariat):
    with pytest.raises(PermissionDenied):
        services.create_organisation(
            actor=org_admin, data={"name": "X", "country": "KZ", "kind": "company"}
        )
    created = services.create_organisation(
        actor=secretariat, data={"name": "X", "country": "KZ", "kind": "company"}
    )
    assert created.slug == "x"


def test_update_rejects_an_invalid_website_and_writes_nothing(organisation, org_admin):
    with pytest.raises(ValidationError) as error:
        services.update_organisation(
            actor=org_admin, organisation=organisation, data={"website": "not a url"}
        )
    assert "website" in error.value.message_dict
    organisation.refresh_from_db()
    assert organisation.website == "https://qfl.example.kz"


def test_a_member_cannot_update_the_profile(organisation, member):
    with pytest.raises(PermissionDenied):
        services.update_organisation(
            actor=member, organisation=organisation, data={"name": "Renamed"}
        )


def test_updates_are_audited_with_the_actor(organisation, org_admin):
    services.update_organisation(
        actor=org_admin, organisation=organisation, data={"description": "New text"}
    )
    entry = (
        LogEntry.objects.get_for_object(organisation).filter(action=LogEntry.Action.UPDATE).first()
    )
    assert entry is not None
    assert entry.actor == org_admin
    assert "description" in entry.changes_dict


def test_merge_moves_people_sources_and_tags_and_leaves_a_pointer(
    make_organisation, make_term, make_user, secretariat
):
    # given two records of the same university, one with a website and a source
    ai = make_term("technology", "ai", "AI")
    keep = make_organisation("Nazarbayev University", kind="academic")
    duplicate = make_organisation(
        "Nazarbayev Univ.", kind="academic", website="https://nu.edu.kz", technologies=[ai]
    )
    SourceRecord.objects.create(organisation=duplicate, source="hipo", external_id="nu.edu.kz")
    person = make_user(organisation=duplicate, role="admin")
    # when the secretariat merges them
    services.merge_organisations(actor=secretariat, keep=keep, duplicate=duplicate)
    # then everything lives on the kept record
    keep.refresh_from_db()
    duplicate.refresh_from_db()
    assert keep.website == "https://nu.edu.kz"
    assert keep.website_domain == "nu.edu.kz"
    assert list(keep.technologies.all()) == [ai]
    assert keep.sources.filter(source="hipo").exists()
    assert Person.objects.get(user=person).organisation == keep
    assert duplicate.merged_into == keep
    assert not Organisation.objects.active().filter(pk=duplicate.pk).exists()


def test_merge_refuses_the_same_organisation_and_non_secretariat(
    organisation, org_admin, secretariat
):
    with pytest.raises(ValidationError):
        services.merge_organisations(actor=secretariat, keep=organisation, duplicate=organisation)
    with pytest.raises(PermissionDenied):
        services.merge_organisations(actor=org_admin, keep=organisation, duplicate=organisation)


def test_the_last_admin_cannot_be_demoted_or_removed(organisation, org_admin):
    admin_person = Person.objects.get(user=org_admin)
    with pytest.raises(ValidationError):
        services.update_person(actor=org_admin, person=admin_person, data={"role": "member"})
    with pytest.raises(ValidationError):
        services.remove_person(actor=org_admin, person=admin_person)
    assert Person.objects.filter(pk=admin_person.pk, role="admin").exists()


def test_verification_records_who_and_when(organisation, secretariat, org_admin):
    with pytest.raises(PermissionDenied):
        services.set_verification(actor=org_admin, organisation=organisation, verified=True)
    services.set_verification(actor=secretariat, organisation=organisation, verified=True)
    organisation.refresh_from_db()
    assert organisation.is_verified
    assert organisation.verified_by == secretariat
    assert organisation.verified_at is not None
