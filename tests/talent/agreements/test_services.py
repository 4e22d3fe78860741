"""Agreements: each institution approves the same version; a change after approval is a new
version both approve again; the history stays; termination ends it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from silkbridge.notifications.models import Notification
from silkbridge.talent.agreements import services
from silkbridge.talent.agreements.models import AgreementStatus, AgreementVersion


def test_a_new_agreement_is_a_draft_without_versions(make_agreement):
    agreement = make_agreement()
    assert agreement.status == AgreementStatus.DRAFT
    assert agreement.version_number == 0
    assert not agreement.versions.exists()


def test_submitting_freezes_version_one_and_asks_the_other_coordinator(
    make_agreement, pk_coordinator, kz_coordinator
):
    agreement = make_agreement(submitted=True)
    assert agreement.status == AgreementStatus.PENDING_APPROVAL
    version = agreement.versions.get()
    assert version.number == 1
    assert version.terms["conditions"][0]["people_per_year"] == 3
    assert version.terms["conditions"][0]["isced_code"] == "0613"
    told = Notification.objects.filter(kind="agreement_approval_needed")
    assert list(told.values_list("recipient", flat=True)) == [pk_coordinator.pk]


def test_a_draft_without_conditions_cannot_be_submitted(
    kz_coordinator, kz_university, pk_university
):
    agreement = services.create_agreement(
        actor=kz_coordinator,
        data={
            "title": "Empty",
            "academic_year_start": 2026,
            "academic_year_end": 2026,
            "institutions": [kz_university, pk_university],
        },
    )
    with pytest.raises(ValidationError):
        services.submit_for_approval(actor=kz_coordinator, agreement=agreement)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT


def test_both_approvals_of_the_same_version_approve_the_agreement(
    make_agreement, kz_coordinator, pk_coordinator, kz_university, pk_university
):
    agreement = make_agreement(submitted=True)
    services.approve(
        actor=kz_coordinator, agreement=agreement, organisation=kz_university, version=1
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.PENDING_APPROVAL
    services.approve(
        actor=pk_coordinator, agreement=agreement, organisation=pk_university, version=1
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.APPROVED
    assert agreement.approved_at is not None
    assert Notification.objects.filter(kind="agreement_approved", recipient=kz_coordinator).exists()


def test_a_change_after_approval_is_a_new_version_that_needs_both_approvals_again(
    make_agreement, kz_coordinator, pk_coordinator, kz_university, pk_university, condition_data
):
    agreement = make_agreement(submitted=True)
    for actor, org in ((kz_coordinator, kz_university), (pk_coordinator, pk_university)):
        services.approve(actor=actor, agreement=agreement, organisation=org, version=1)
    condition = agreement.conditions.get()

    services.update_condition(
        actor=pk_coordinator, condition=condition, data=condition_data(people_per_year=5)
    )

    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.PENDING_APPROVAL
    assert agreement.version_number == 2
    assert [v.terms["conditions"][0]["people_per_year"] for v in agreement.versions.all()] == [
        5,
        3,
    ]
    services.approve(
        actor=kz_coordinator, agreement=agreement, organisation=kz_university, version=2
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.PENDING_APPROVAL
    services.approve(
        actor=pk_coordinator, agreement=agreement, organisation=pk_university, version=2
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.APPROVED
    # The first version keeps both of its approvals in the history.
    assert agreement.versions.get(number=1).approvals.count() == 2


def test_approving_a_version_that_is_no_longer_current_is_refused(
    make_agreement, kz_coordinator, pk_coordinator, pk_university, condition_data
):
    agreement = make_agreement(submitted=True)
    services.update_condition(
        actor=kz_coordinator,
        condition=agreement.conditions.get(),
        data=condition_data(eqf_level=7),
    )
    with pytest.raises(services.ApprovalConflict):
        services.approve(
            actor=pk_coordinator, agreement=agreement, organisation=pk_university, version=1
        )
    assert not agreement.approvals.exists()


def test_an_unchanged_save_makes_no_new_version(make_agreement, kz_coordinator, condition_data):
    agreement = make_agreement(submitted=True)
    services.update_condition(
        actor=kz_coordinator, condition=agreement.conditions.get(), data=condition_data()
    )
    agreement.refresh_from_db()
    assert agreement.version_number == 1


def test_a_coordinator_approves_only_for_their_own_institution(
    make_agreement, kz_coordinator, pk_university
):
    agreement = make_agreement(submitted=True)
    with pytest.raises(PermissionDenied):
        services.approve(
            actor=kz_coordinator, agreement=agreement, organisation=pk_university, version=1
        )


def test_the_secretariat_does_not_approve_for_an_institution(
    make_agreement, secretariat, kz_university
):
    agreement = make_agreement(submitted=True)
    with pytest.raises(PermissionDenied):
        services.approve(
            actor=secretariat, agreement=agreement, organisation=kz_university, version=1
        )


def test_approving_twice_is_a_conflict(make_agreement, kz_coordinator, kz_university):
    agreement = make_agreement(submitted=True)
    services.approve(
        actor=kz_coordinator, agreement=agreement, organisation=kz_university, version=1
    )
    with pytest.raises(services.ApprovalConflict):
        services.approve(
            actor=kz_coordinator, agreement=agreement, organisation=kz_university, version=1
        )
    assert agreement.approvals.count() == 1


def test_versions_cannot_be_rewritten(make_agreement):
    version = make_agreement(submitted=True).versions.get()
    version.terms = {}
    with pytest.raises(ValueError):
        version.save()
    assert AgreementVersion.objects.get(pk=version.pk).terms["conditions"]


def test_termination_needs_a_reason_and_ends_all_changes(
    make_agreement, kz_coordinator, condition_data, pk_coordinator
):
    agreement = make_agreement(submitted=True)
    with pytest.raises(ValidationError) as error:
        services.terminate(actor=kz_coordinator, agreement=agreement, reason=" ")
    assert "reason" in error.value.message_dict
    services.terminate(actor=kz_coordinator, agreement=agreement, reason="Programme closed.")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.TERMINATED
    assert Notification.objects.filter(
        kind="agreement_terminated", recipient=pk_coordinator
    ).exists()
    with pytest.raises(PermissionDenied):
        services.add_condition(actor=kz_coordinator, agreement=agreement, data=condition_data())


def test_changing_the_institutions_after_submission_is_a_new_version(
    make_agreement, kz_coordinator, kz_university, pk_university, make_organisation
):
    agreement = make_agreement(submitted=True)
    third = make_organisation("NUST", country="PK", kind="academic")
    services.update_agreement(
        actor=kz_coordinator,
        agreement=agreement,
        data={
            "title": agreement.title,
            "academic_year_start": 2026,
            "academic_year_end": 2028,
            "institutions": [kz_university, pk_university, third],
        },
    )
    agreement.refresh_from_db()
    assert agreement.version_number == 2
    assert len(agreement.versions.get(number=2).terms["institutions"]) == 3


def test_an_institution_with_conditions_cannot_be_removed(
    make_agreement, kz_coordinator, kz_university, make_organisation
):
    agreement = make_agreement()
    other_pk = make_organisation("NUST", country="PK", kind="academic")
    with pytest.raises(ValidationError) as error:
        services.update_agreement(
            actor=kz_coordinator,
            agreement=agreement,
            data={
                "title": agreement.title,
                "academic_year_start": 2026,
                "academic_year_end": 2028,
                "institutions": [kz_university, other_pk],
            },
        )
    assert "institutions" in error.value.message_dict
    assert agreement.institutions.count() == 2


def test_a_coordinator_cannot_propose_an_agreement_without_their_institution(
    other_coordinator, kz_university, pk_university
):
    with pytest.raises(ValidationError) as error:
        services.create_agreement(
            actor=other_coordinator,
            data={
                "title": "Not mine",
                "academic_year_start": 2026,
                "academic_year_end": 2027,
                "institutions": [kz_university, pk_university],
            },
        )
    assert "institutions" in error.value.message_dict


def test_a_plain_member_cannot_propose_an_agreement(kz_member, kz_university, pk_university):
    with pytest.raises(PermissionDenied):
        services.create_agreement(
            actor=kz_member,
            data={
                "title": "Member's idea",
                "academic_year_start": 2026,
                "academic_year_end": 2027,
                "institutions": [kz_university, pk_university],
            },
        )


def test_approvals_and_changes_are_in_the_audit_log_with_who_did_them(
    make_agreement, kz_coordinator, kz_university, condition_data
):
    from auditlog.models import LogEntry

    agreement = make_agreement(submitted=True)
    approval = services.approve(
        actor=kz_coordinator, agreement=agreement, organisation=kz_university, version=1
    )
    condition = agreement.conditions.get()
    services.update_condition(
        actor=kz_coordinator, condition=condition, data=condition_data(people_per_year=9)
    )
    assert LogEntry.objects.get_for_object(approval).get().actor == kz_coordinator
    change = LogEntry.objects.get_for_object(condition).filter(action=LogEntry.Action.UPDATE)
    assert change.get().actor == kz_coordinator
    assert "people_per_year" in change.get().changes_dict


def test_a_condition_places_were_offered_under_is_changed_not_removed(
    make_agreement, kz_coordinator, kz_university, pk_university
):
    from django.apps import apps
    from django.utils import timezone

    agreement = make_agreement(submitted=True)
    condition = agreement.conditions.get()
    call = apps.get_model("talent_exchanges", "Call").objects.create(
        home_institution=kz_university,
        title="Exchange places 2026/2027",
        academic_year=2026,
        deadline=timezone.now(),
    )
    apps.get_model("talent_exchanges", "CallPlace").objects.create(
        call=call,
        condition=condition,
        host=pk_university,
        label="Software engineering at FAST",
        capacity=3,
        mobility_type="student_study",
        subject_area="0613",
    )
    with pytest.raises(ValidationError):
        services.remove_condition(actor=kz_coordinator, condition=condition)
    agreement.refresh_from_db()
    assert agreement.conditions.filter(pk=condition.pk).exists()
    assert agreement.version_number == 1
