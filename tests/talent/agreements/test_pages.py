"""The agreement pages: forms give field errors and write nothing; approvals from the page;
the version history shows what each side approved."""

from django.urls import reverse

from silkbridge.talent.agreements.models import Agreement, AgreementStatus, CooperationCondition


def _condition_post(kz, pk, **overrides):
    data = {
        "sending_institution": kz.pk,
        "receiving_institution": pk.pk,
        "mobility_type": "student_study",
        "isced_code": "0613",
        "eqf_level": "6",
        "people_per_year": "2",
        "total_months_per_year": "10",
        "language_1": "en",
        "cefr_1": "B2",
        "contact_name": "Aigerim",
        "contact_email": "aigerim@astanait.example.kz",
    }
    data.update(overrides)
    return data


def _errors_of(response, field):
    return response.context["form"].errors.get(field, [])


def test_a_coordinator_creates_an_agreement_and_is_sent_to_add_conditions(
    client, kz_coordinator, kz_university, pk_university
):
    client.force_login(kz_coordinator)
    response = client.post(
        reverse("talent_agreements:new"),
        {
            "title": "AI exchange",
            "academic_year_start": "2026",
            "academic_year_end": "2027",
            "institutions": [kz_university.pk, pk_university.pk],
        },
    )
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("talent_agreements:condition-new", kwargs={"pk": agreement.pk})
    assert set(agreement.institutions.all()) == {kz_university, pk_university}


def test_two_institutions_of_one_country_are_refused_on_the_institutions_field(
    client, kz_coordinator, kz_university, make_organisation
):
    other_kz = make_organisation("KBTU", country="KZ", kind="academic")
    client.force_login(kz_coordinator)
    response = client.post(
        reverse("talent_agreements:new"),
        {
            "title": "Domestic",
            "academic_year_start": "2026",
            "academic_year_end": "2027",
            "institutions": [kz_university.pk, other_kz.pk],
        },
    )
    assert response.status_code == 200
    assert "both countries" in " ".join(_errors_of(response, "institutions"))
    assert not Agreement.objects.exists()


def test_a_company_cannot_be_a_party(client, kz_coordinator, kz_university, other_organisation):
    client.force_login(kz_coordinator)
    response = client.post(
        reverse("talent_agreements:new"),
        {
            "title": "With a company",
            "academic_year_start": "2026",
            "academic_year_end": "2027",
            "institutions": [kz_university.pk, other_organisation.pk],
        },
    )
    # Only academic institutions are offered at all.
    assert _errors_of(response, "institutions")
    assert not Agreement.objects.exists()


def test_condition_errors_are_shown_on_their_fields_and_nothing_is_written(
    client, make_agreement, kz_coordinator, kz_university, pk_university
):
    agreement = make_agreement()
    client.force_login(kz_coordinator)
    url = reverse("talent_agreements:condition-new", kwargs={"pk": agreement.pk})
    cases = [
        ({"people_per_year": "0"}, "people_per_year", "at least one"),
        ({"eqf_level": "9"}, "eqf_level", "between 5 and 8"),
        ({"eqf_level": "4"}, "eqf_level", "between 5 and 8"),
        ({"isced_code": "9999"}, "isced_code", "ISCED"),
        ({"receiving_institution": kz_university.pk}, "receiving_institution", "differ"),
    ]
    for change, field, words in cases:
        response = client.post(url, _condition_post(kz_university, pk_university, **change))
        assert response.status_code == 422, change
        assert words in " ".join(_errors_of(response, field)), change
    assert agreement.conditions.count() == 1


def test_both_institutions_from_one_country_is_a_field_error(
    client, kz_coordinator, kz_university, pk_university, make_organisation
):
    from silkbridge.talent.agreements import services

    other_kz = make_organisation("KBTU", country="KZ", kind="academic")
    agreement = services.create_agreement(
        actor=kz_coordinator,
        data={
            "title": "Three",
            "academic_year_start": 2026,
            "academic_year_end": 2026,
            "institutions": [kz_university, pk_university, other_kz],
        },
    )
    client.force_login(kz_coordinator)
    response = client.post(
        reverse("talent_agreements:condition-new", kwargs={"pk": agreement.pk}),
        _condition_post(kz_university, other_kz),
    )
    assert "one country" in " ".join(_errors_of(response, "receiving_institution"))
    assert not CooperationCondition.objects.filter(agreement=agreement).exists()


def test_approving_from_the_page_by_both_coordinators(
    client, make_agreement, kz_coordinator, pk_coordinator, kz_university, pk_university
):
    agreement = make_agreement(submitted=True)
    url = reverse("talent_agreements:approve", kwargs={"pk": agreement.pk})
    for user, institution in ((kz_coordinator, kz_university), (pk_coordinator, pk_university)):
        client.force_login(user)
        page = client.get(agreement.get_absolute_url()).content.decode()
        assert f'data-approve="{institution.pk}"' in page
        client.post(url, {"organisation": institution.pk, "version": 1})
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.APPROVED
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "data-approve=" not in page
    assert page.count("Approved for") == 2


def test_a_stale_approval_from_the_page_is_refused_with_a_message(
    client, make_agreement, pk_coordinator, pk_university, kz_coordinator, condition_data
):
    from silkbridge.talent.agreements import services

    agreement = make_agreement(submitted=True)
    services.update_condition(
        actor=kz_coordinator,
        condition=agreement.conditions.get(),
        data=condition_data(people_per_year=4),
    )
    client.force_login(pk_coordinator)
    response = client.post(
        reverse("talent_agreements:approve", kwargs={"pk": agreement.pk}),
        {"organisation": pk_university.pk, "version": 1},
        follow=True,
    )
    assert "version 2 is current" in response.content.decode()
    assert not agreement.approvals.exists()


def test_the_list_filters_by_subject_area_and_status(client, secretariat, make_agreement):
    draft = make_agreement(title="Draft one")
    pending = make_agreement(title="Pending one", submitted=True)
    client.force_login(secretariat)
    page = client.get(reverse("talent_agreements:list"), {"status": "pending_approval"})
    text = page.content.decode()
    assert pending.title in text and draft.title not in text
    page = client.get(reverse("talent_agreements:list"), {"isced_code": "0612"})
    assert "No agreements match." in page.content.decode()


def test_pages_render_in_urdu_right_to_left(client, make_agreement, kz_coordinator):
    agreement = make_agreement(submitted=True)
    client.force_login(kz_coordinator)
    client.cookies["django_language"] = "ur"
    page = client.get(agreement.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ur").content.decode()
    assert 'dir="rtl"' in page
    assert "bi-arrow-left" in page


def test_the_list_and_the_institution_page_take_as_many_queries_for_many_agreements(
    client, secretariat, make_agreement, kz_university
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_agreement(title="First")
    client.force_login(secretariat)
    # The first visit builds what every later one reuses (the matching index, caches).
    client.get(reverse("talent_agreements:list"))
    client.get(kz_university.get_absolute_url())
    counts = []
    for extra in range(2):
        if extra:
            for n in range(5):
                make_agreement(title=f"More {n}", submitted=True)
        with CaptureQueriesContext(connection) as list_queries:
            client.get(reverse("talent_agreements:list"))
        with CaptureQueriesContext(connection) as page_queries:
            client.get(kz_university.get_absolute_url())
        counts.append((len(list_queries), len(page_queries)))
    assert counts[0] == counts[1]


def test_a_coordinator_is_offered_to_propose_from_their_institutions_page(
    client, kz_coordinator, kz_university, pk_university, make_agreement
):
    client.force_login(kz_coordinator)
    page = client.get(kz_university.get_absolute_url()).content.decode()
    assert "No agreements yet." in page
    assert reverse("talent_agreements:new") in page
    # Not on another institution's page, where they coordinate nothing.
    assert (
        reverse("talent_agreements:new")
        not in client.get(pk_university.get_absolute_url()).content.decode()
    )
    make_agreement(title="Cloud computing exchange")
    page = client.get(kz_university.get_absolute_url()).content.decode()
    assert "Cloud computing exchange" in page
    assert "FAST National University</bdi> (PK)" in page
    assert "Astana IT University</bdi> (KZ)" not in page
