"""Exchanges from offer to outcome, through the services: what coordinators and students rely on."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from silkbridge.talent.exchanges.models import (
    Application,
    ApplicationDocument,
    ApplicationStatus,
    Call,
    CallStatus,
    Internship,
    LearningAgreement,
    Mobility,
    MobilityStatus,
    Nomination,
)
from silkbridge.talent.exchanges.services import (
    allocation,
    applications,
    calls,
    internships,
    mobilities,
    nominations,
    privacy,
    profiles,
)


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


# --- internships ----------------------------------------------------------------------------


def test_a_company_admin_offers_an_internship_to_students_of_the_other_country(internship):
    assert internship.for_country == "KZ"
    assert internship.places == 1
    assert internship.duration_weeks == 12


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"places": 0}, "places", "places"),
        ({"subject_area": "9999"}, "subject_area", "isced"),
        ({"ends_on": datetime.date(2020, 1, 1)}, "ends_on", "order"),
        ({"stipend_currency": "rupees"}, "stipend_currency", "invalid"),
        ({"work_mode": "anywhere"}, "work_mode", "invalid"),
        ({"title": ""}, "title", "required"),
    ],
)
def test_a_bad_internship_gets_a_field_error_and_writes_nothing(
    company_admin, host_company, internship_data, overrides, field, code
):
    with pytest.raises(ValidationError) as caught:
        internships.create_internship(
            actor=company_admin, host=host_company, data=internship_data(**overrides)
        )
    assert code in codes(caught.value)[field]
    assert not Internship.objects.exists()


def test_only_the_hosts_admins_offer_its_internships(member, host_company, internship_data):
    with pytest.raises(PermissionDenied):
        internships.create_internship(actor=member, host=host_company, data=internship_data())


# --- calls ----------------------------------------------------------------------------------


def test_a_call_offers_a_condition_and_an_internship_with_their_seats(call, places):
    exchange, internship_place = places
    assert (exchange.capacity, exchange.host.name) == (2, "FAST National University")
    assert (internship_place.capacity, internship_place.mobility_type) == (1, "internship")


def _call_data(**overrides):
    values = {
        "title": "Places",
        "academic_year": 2027,
        "deadline": timezone.now() + datetime.timedelta(days=5),
    }
    values.update(overrides)
    return values


def test_a_call_cannot_offer_more_seats_than_the_condition_or_an_unapproved_agreement(
    home_coordinator, home_university, condition
):
    with pytest.raises(ValidationError) as caught:
        calls.create_call(
            actor=home_coordinator,
            institution=home_university,
            data=_call_data(),
            places=[calls.PlaceOffer(condition=condition, capacity=3)],
        )
    assert codes(caught.value) == {"places": ["capacity"]}
    condition.agreement.status = "pending_approval"
    condition.agreement.save()
    with pytest.raises(ValidationError) as caught:
        calls.create_call(
            actor=home_coordinator,
            institution=home_university,
            data=_call_data(),
            places=[calls.PlaceOffer(condition=condition)],
        )
    assert codes(caught.value) == {"places": ["not_approved"]}
    assert not Call.objects.exists()


def test_a_call_refuses_a_past_deadline_and_a_year_outside_the_agreement(
    home_coordinator, home_university, condition
):
    with pytest.raises(ValidationError) as caught:
        calls.create_call(
            actor=home_coordinator,
            institution=home_university,
            data=_call_data(academic_year=2031, deadline="2020-01-01"),
            places=[calls.PlaceOffer(condition=condition)],
        )
    assert codes(caught.value) == {"deadline": ["past"], "places": ["year"]}


def test_only_the_sending_institutions_coordinator_opens_a_call_on_its_conditions(
    host_coordinator, host_university, condition
):
    with pytest.raises(ValidationError) as caught:
        calls.create_call(
            actor=host_coordinator,
            institution=host_university,
            data=_call_data(),
            places=[calls.PlaceOffer(condition=condition)],
        )
    assert codes(caught.value) == {"places": ["not_sending"]}


# --- profiles and applications --------------------------------------------------------------


def test_a_student_asks_to_be_confirmed_and_the_home_coordinator_confirms(
    make_user, home_university, home_coordinator, outsider
):
    user = make_user("new@astanait.example.kz")
    profile = profiles.request_profile(
        actor=user,
        home_institution=home_university,
        data={"subject_area": "0613", "study_level": "7"},
    )
    assert not profile.confirmed
    assert home_coordinator.notifications.filter(kind="talent_profile_to_confirm").exists()
    with pytest.raises(PermissionDenied):
        profiles.confirm_profile(actor=outsider, profile=profile)
    profile = profiles.confirm_profile(actor=home_coordinator, profile=profile)
    assert profile.confirmed and profile.confirmed_by == home_coordinator


def test_a_profile_with_an_eqf_level_outside_5_to_8_is_refused(make_user, home_university):
    with pytest.raises(ValidationError) as caught:
        profiles.request_profile(
            actor=make_user(),
            home_institution=home_university,
            data={"subject_area": "0613", "study_level": "4"},
        )
    assert codes(caught.value) == {"study_level": ["eqf"]}


def test_a_student_applies_with_ranked_places_and_pdfs(student, call, places, apply):
    exchange, internship_place = places
    application = apply(student, call, [internship_place.pk, exchange.pk])
    assert application.status == ApplicationStatus.SUBMITTED
    assert [c.place_id for c in application.choices.order_by("position")] == [
        internship_place.pk,
        exchange.pk,
    ]
    assert sorted(application.documents.values_list("kind", flat=True)) == ["cv", "transcript"]


@pytest.mark.parametrize(
    ("case", "field", "code"),
    [
        ("twice", "choices", "duplicate_place"),
        ("none", "choices", "required"),
        ("png", "cv", "file_type"),
        ("text", "transcript", "file_type"),
        ("big", "cv", "file_size"),
        ("missing", "transcript", "required"),
    ],
)
def test_bad_applications_get_field_errors_and_write_nothing(
    student, call, places, apply, pdf, settings, case, field, code
):
    exchange, _internship = places
    choices = [exchange.pk]
    documents = {"cv": pdf(), "transcript": pdf("tr.pdf")}
    if case == "twice":
        choices = [exchange.pk, exchange.pk]
    elif case == "none":
        choices = []
    elif case == "png":
        documents["cv"] = pdf("cv.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    elif case == "text":
        documents["transcript"] = pdf("tr.pdf", b"just text, named like a pdf")
    elif case == "big":
        settings.SILKBRIDGE_MAX_UPLOAD_BYTES = 20
    elif case == "missing":
        del documents["transcript"]
    with pytest.raises(ValidationError) as caught:
        apply(student, call, choices, documents=documents)
    assert code in codes(caught.value)[field]
    assert not Application.objects.exists()
    assert not ApplicationDocument.objects.exists()


def test_more_than_five_choices_are_refused(student, home_coordinator, home_university, call):
    from silkbridge.talent.exchanges.errors import FieldErrors
    from silkbridge.talent.exchanges.services.applications import clean_choices

    errors = FieldErrors()
    clean_choices(errors, call, list(call.places.values_list("pk", flat=True)) * 3)
    assert [e.code for e in errors.errors["choices"]] == ["duplicate_place"]
    errors = FieldErrors()
    clean_choices(errors, call, ["x"])
    assert [e.code for e in errors.errors["choices"]] == ["unknown_place"]


def test_no_application_after_the_deadline(student, call, places, apply, close_call):
    close_call(call)
    with pytest.raises(ValidationError) as caught:
        apply(student, call, [places[0].pk])
    assert codes(caught.value) == {"call": ["closed"]}
    assert not Application.objects.exists()


def test_an_unconfirmed_student_cannot_apply(make_student, call, places, apply):
    user = make_student("unconfirmed@astanait.example.kz", confirmed=False)
    with pytest.raises(ValidationError) as caught:
        apply(user, call, [places[0].pk])
    assert codes(caught.value) == {"profile": ["unconfirmed"]}


def test_reading_a_document_is_audited_and_refused_to_others(
    student, call, places, apply, host_coordinator, home_coordinator
):
    from auditlog.models import LogEntry

    application = apply(student, call, [places[0].pk])
    document = application.documents.first()
    with pytest.raises(PermissionDenied):
        applications.open_document(actor=host_coordinator, document=document)
    applications.open_document(actor=home_coordinator, document=document)
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert entry.actor == home_coordinator
    assert entry.object_pk == str(document.pk)


# --- ranking and allocation ------------------------------------------------------------------


def test_allocation_gives_places_by_the_home_ranking_and_explains_the_rest(
    make_student, call, places, apply, close_call, home_coordinator, host_coordinator
):
    exchange, internship_place = places
    users = [make_student(f"s{i}@astanait.example.kz") for i in range(4)]
    # Everyone wants the internship (1 seat) first, then the exchange (2 seats).
    apps = [apply(u, call, [internship_place.pk, exchange.pk]) for u in users]
    close_call(call)
    ranking = [apps[2].pk, apps[0].pk, apps[3].pk, apps[1].pk]
    allocation.rank_applicants(actor=home_coordinator, call=call, application_ids=ranking)
    counts = allocation.allocate_call(actor=home_coordinator, call=call)
    assert counts == {"nominated": 3, "unplaced": 1}
    got = {a.pk: a for a in Application.objects.filter(call=call)}
    assert got[apps[2].pk].place_id == internship_place.pk
    assert got[apps[2].pk].choice_number == 1
    assert got[apps[0].pk].place_id == exchange.pk
    assert got[apps[0].pk].refusals == [
        {
            "place": internship_place.pk,
            "label": internship_place.label,
            "reason": "full",
            "capacity": 1,
            "rank": 2,
            "lowest": 1,
        }
    ]
    assert got[apps[1].pk].status == ApplicationStatus.UNPLACED
    assert [r["reason"] for r in got[apps[1].pk].refusals] == ["full", "full"]
    assert Nomination.objects.filter(place=exchange).count() == 2
    assert host_coordinator.notifications.filter(kind="talent_nominated").exists()
    call.refresh_from_db()
    assert call.status == CallStatus.ALLOCATED


def test_a_call_is_allocated_once_and_only_after_its_deadline_with_everyone_ranked(
    student, call, places, apply, close_call, home_coordinator
):
    application = apply(student, call, [places[0].pk])
    with pytest.raises(ValidationError) as caught:
        allocation.allocate_call(actor=home_coordinator, call=call)
    assert codes(caught.value) == {"call": ["still_open"]}
    close_call(call)
    with pytest.raises(ValidationError) as caught:
        allocation.allocate_call(actor=home_coordinator, call=call)
    assert codes(caught.value) == {"ranking": ["unranked"]}
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN  # the refused attempt wrote nothing
    with pytest.raises(ValidationError) as caught:
        allocation.rank_applicants(
            actor=home_coordinator, call=call, application_ids=[application.pk, application.pk]
        )
    assert codes(caught.value) == {"ranking": ["duplicate"]}
    allocation.rank_applicants(actor=home_coordinator, call=call, application_ids=[application.pk])
    allocation.allocate_call(actor=home_coordinator, call=call)
    with pytest.raises(ValidationError) as caught:
        allocation.allocate_call(actor=home_coordinator, call=call)
    assert codes(caught.value) == {"call": ["allocated"]}
    assert Nomination.objects.count() == 1


def test_only_home_coordinators_rank_and_allocate(call, close_call, host_coordinator):
    close_call(call)
    with pytest.raises(PermissionDenied):
        allocation.allocate_call(actor=host_coordinator, call=call)


# --- nominations, learning agreements, mobilities -------------------------------------------


def test_the_host_rejects_a_nomination_and_the_application_is_refused(
    nominated, host_coordinator, home_coordinator
):
    with pytest.raises(PermissionDenied):
        nominations.decide_nomination(
            actor=home_coordinator, nomination=nominated.nomination, accept=False
        )
    nominations.decide_nomination(
        actor=host_coordinator, nomination=nominated.nomination, accept=False
    )
    nominated.refresh_from_db()
    assert nominated.status == ApplicationStatus.REFUSED
    assert not Mobility.objects.exists()
    with pytest.raises(ValidationError) as caught:
        nominations.decide_nomination(
            actor=host_coordinator, nomination=nominated.nomination, accept=True
        )
    assert codes(caught.value) == {"planned_start": ["required"], "planned_end": ["required"]}


def test_accepting_needs_dates_and_makes_a_planned_mobility(nominated, host_coordinator):
    nomination = nominated.nomination
    with pytest.raises(ValidationError):
        nominations.decide_nomination(actor=host_coordinator, nomination=nomination, accept=True)
    assert Nomination.objects.get(pk=nomination.pk).status == "pending"
    mobility_start = datetime.date(2027, 9, 1)
    nominations.decide_nomination(
        actor=host_coordinator,
        nomination=nomination,
        accept=True,
        planned_start=mobility_start,
        planned_end=datetime.date(2028, 1, 31),
    )
    mobility = Mobility.objects.get()
    assert (mobility.sending_country, mobility.receiving_country) == ("KZ", "PK")
    assert (mobility.mobility_type, mobility.subject_area, mobility.study_level) == (
        "student_study",
        "0613",
        6,
    )
    assert mobility.learning_agreement.plan_kind == "courses"


def test_a_learning_agreement_without_credits_is_refused(mobility, student):
    agreement = mobility.learning_agreement
    for components, code in (
        ([], "required"),
        ([{"title": "Distributed systems", "credits": "0"}], "credits"),
        ([{"title": "Distributed systems", "credits": ""}], "credits"),
    ):
        with pytest.raises(ValidationError) as caught:
            mobilities.set_learning_plan(
                actor=student, agreement=agreement, plan_kind="courses", components=components
            )
        assert codes(caught.value) == {"components": [code]}
    assert not agreement.components.exists()


def test_the_plan_is_approved_by_all_three_and_a_change_needs_approval_again(
    mobility, student, home_coordinator, host_coordinator
):
    agreement = mobility.learning_agreement
    agreement = mobilities.set_learning_plan(
        actor=student,
        agreement=agreement,
        plan_kind="courses",
        components=[
            {"title": "Distributed systems", "code": "CS-401", "credits": "6"},
            {"title": "Urdu for beginners", "credits": "3"},
        ],
    )
    for actor in (student, home_coordinator, host_coordinator):
        agreement = mobilities.approve_learning_agreement(
            actor=actor, agreement=agreement, version=agreement.version
        )
    assert agreement.approved
    old_version = agreement.version
    agreement = mobilities.set_learning_plan(
        actor=host_coordinator,
        agreement=agreement,
        plan_kind="courses",
        components=[{"title": "Distributed systems", "credits": "7.5"}],
    )
    assert not agreement.approved and agreement.student_approved_at is None
    with pytest.raises(ValidationError) as caught:
        mobilities.approve_learning_agreement(
            actor=student, agreement=agreement, version=old_version
        )
    assert codes(caught.value) == {"version": ["conflict"]}


def _approve_all(mobility, student, home_coordinator, host_coordinator):
    agreement = mobilities.set_learning_plan(
        actor=student,
        agreement=mobility.learning_agreement,
        plan_kind="courses",
        components=[{"title": "Cloud computing", "credits": "30"}],
    )
    for actor in (student, home_coordinator, host_coordinator):
        mobilities.approve_learning_agreement(
            actor=actor, agreement=agreement, version=agreement.version
        )
    mobility.refresh_from_db()
    return Mobility.objects.select_related("learning_agreement").get(pk=mobility.pk)


def test_a_mobility_starts_only_with_an_approved_plan_and_then_completes(
    mobility, student, home_coordinator, host_coordinator
):
    with pytest.raises(ValidationError) as caught:
        mobilities.move_mobility(actor=host_coordinator, mobility=mobility, to_status="started")
    assert codes(caught.value) == {"status": ["not_approved"]}
    mobility = _approve_all(mobility, student, home_coordinator, host_coordinator)
    with pytest.raises(PermissionDenied):
        mobilities.move_mobility(actor=student, mobility=mobility, to_status="started")
    mobility = mobilities.move_mobility(
        actor=host_coordinator, mobility=mobility, to_status="started", on=datetime.date(2027, 9, 2)
    )
    assert (mobility.status, mobility.started_on) == ("started", datetime.date(2027, 9, 2))
    with pytest.raises(ValidationError) as caught:
        mobilities.move_mobility(
            actor=home_coordinator,
            mobility=mobility,
            to_status="completed",
            on=datetime.date(2027, 9, 1),
        )
    assert codes(caught.value) == {"on": ["order"]}
    mobility = mobilities.move_mobility(
        actor=home_coordinator,
        mobility=mobility,
        to_status="completed",
        on=datetime.date(2028, 1, 30),
    )
    assert mobility.status == MobilityStatus.COMPLETED
    with pytest.raises(ValidationError) as caught:
        mobilities.move_mobility(actor=home_coordinator, mobility=mobility, to_status="started")
    assert codes(caught.value) == {"status": ["invalid_move"]}


def test_a_move_from_a_stale_status_loses(mobility, student):
    """Two people acting on the same page: the second finds the status changed under them."""
    stale = Mobility.objects.get(pk=mobility.pk)
    mobilities.move_mobility(actor=student, mobility=mobility, to_status="cancelled")
    with pytest.raises(ValidationError) as caught:
        mobilities.move_mobility(actor=student, mobility=stale, to_status="cancelled")
    assert codes(caught.value) == {"status": ["conflict"]}


# --- people's data and outcomes -------------------------------------------------------------


def test_housekeeping_erases_documents_and_anonymises_after_the_retention_time(
    make_student, call, places, apply, close_call, home_coordinator, settings
):
    settings.SILKBRIDGE_TALENT_RETENTION_DAYS = 30
    _exchange, internship_place = places
    users = [make_student(f"p{i}@astanait.example.kz") for i in range(4)]
    apps = [apply(u, call, [internship_place.pk]) for u in users]
    close_call(call)
    allocation.rank_applicants(
        actor=home_coordinator, call=call, application_ids=[a.pk for a in apps]
    )
    allocation.allocate_call(actor=home_coordinator, call=call)
    refused = Application.objects.filter(status=ApplicationStatus.UNPLACED)
    assert refused.count() == 3
    storage_names = [
        d.file.name for d in ApplicationDocument.objects.filter(application__in=refused)
    ]
    storage = ApplicationDocument._meta.get_field("file").storage
    assert all(storage.exists(name) for name in storage_names)

    assert privacy.erase_personal_data(now=timezone.now() + datetime.timedelta(days=29)) == 0
    later = timezone.now() + datetime.timedelta(days=31)
    assert privacy.erase_personal_data(now=later) == 3
    assert privacy.erase_personal_data(now=later) == 0
    for application in Application.objects.filter(status=ApplicationStatus.UNPLACED):
        assert application.applicant is None and application.motivation == ""
        assert application.refusals == [] and application.anonymised_at is not None
        assert not application.documents.exists() and not application.choices.exists()
    assert not any(storage.exists(name) for name in storage_names)
    # The nominated applicant's data stays while their exchange goes on.
    kept = Application.objects.get(status=ApplicationStatus.NOMINATED)
    assert kept.applicant is not None and kept.documents.count() == 2


def test_outcomes_count_completed_mobilities_and_places(
    mobility, student, home_coordinator, host_coordinator
):
    from silkbridge.talent.exchanges.outcomes import talent_outcomes

    before = talent_outcomes()
    assert before["completed_mobilities"] == 0
    assert (before["places_offered"], before["places_used"]) == (3, 1)
    mobility = _approve_all(mobility, student, home_coordinator, host_coordinator)
    mobility = mobilities.move_mobility(
        actor=host_coordinator, mobility=mobility, to_status="started"
    )
    mobilities.move_mobility(actor=host_coordinator, mobility=mobility, to_status="completed")
    after = talent_outcomes()
    assert after["completed_mobilities"] == 1
    assert after["by_direction"] == [
        {"sending_country": "KZ", "receiving_country": "PK", "people": 1}
    ]
    assert after["by_type"] == [{"mobility_type": "student_study", "people": 1}]
    assert after["by_level"] == [{"study_level": 6, "people": 1}]
    assert after["internships_completed"] == 0
    assert LearningAgreement.objects.get().approved


def test_housekeeping_runs_the_erasure(db):
    from silkbridge.core import housekeeping

    counts = housekeeping.run()
    assert counts["talent.erase_personal_data"] == 0


def test_ranks_given_a_page_at_a_time_are_kept_and_may_not_collide(
    make_student, call, places, apply, close_call, home_coordinator
):
    apps = [
        apply(make_student(f"k{i}@astanait.example.kz"), call, [places[0].pk]) for i in range(3)
    ]
    close_call(call)
    allocation.set_ranks(actor=home_coordinator, call=call, ranks={apps[0].pk: 2, apps[1].pk: 1})
    with pytest.raises(ValidationError) as caught:
        allocation.set_ranks(actor=home_coordinator, call=call, ranks={apps[2].pk: 1})
    assert codes(caught.value) == {"ranking": ["duplicate"]}
    # Swapping two ranks on one page is fine.
    allocation.set_ranks(
        actor=home_coordinator, call=call, ranks={apps[0].pk: 1, apps[1].pk: 2, apps[2].pk: 3}
    )
    ranks = dict(Application.objects.values_list("pk", "home_rank"))
    assert ranks == {apps[0].pk: 1, apps[1].pk: 2, apps[2].pk: 3}
    assert allocation.allocate_call(actor=home_coordinator, call=call) == {
        "nominated": 2,
        "unplaced": 1,
    }
