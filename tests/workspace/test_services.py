"""Workspace services: co-chair rule, meeting and action item validation (nothing written on
bad input), status changes with conflict detection, documents checked by type and size."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from silkbridge.notifications.models import Notification
from silkbridge.workspace import selectors, services
from silkbridge.workspace.models import (
    ActionItem,
    Decision,
    GroupDocument,
    GroupMeeting,
    GroupMembership,
    GroupOrganisation,
)
from tests.workspace.conftest import ALMATY, at

pytestmark = pytest.mark.django_db


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


# --- groups and members ------------------------------------------------------------------------


def test_only_secretariat_creates_groups(member, secretariat):
    with pytest.raises(PermissionDenied):
        services.create_group(actor=member, name="Fintech")
    group = services.create_group(actor=secretariat, name="Academia & talent")
    assert group.slug == "academia-talent"
    with pytest.raises(ValidationError) as error:
        services.create_group(actor=secretariat, name="Academia & Talent")
    assert codes(error.value) == {"name": ["unique"]}


def test_reserved_names_are_refused(secretariat):
    with pytest.raises(ValidationError):
        services.create_group(actor=secretariat, name="Actions")


def test_adding_a_member_adds_their_organisation(group, co_chair, organisation):
    assert GroupMembership.objects.get(user=co_chair).organisation == organisation
    assert GroupOrganisation.objects.filter(group=group, organisation=organisation).exists()


def test_one_co_chair_per_country(group, co_chair, make_user, organisation, secretariat):
    second = make_user("second@qfl.example.kz", organisation=organisation)
    with pytest.raises(ValidationError) as error:
        services.add_member(actor=secretariat, group=group, user=second, role="co_chair")
    assert codes(error.value) == {"role": ["co_chair_taken"]}
    assert "Kazakhstan" in error.value.messages[0]
    assert not GroupMembership.objects.filter(user=second).exists()
    # As a member first, then promoted: refused the same way.
    membership = services.add_member(actor=secretariat, group=group, user=second)
    with pytest.raises(ValidationError):
        services.change_role(actor=secretariat, membership=membership, role="co_chair")
    membership.refresh_from_db()
    assert membership.role == "member"


def test_co_chairs_from_both_countries(group, co_chair, pk_co_chair):
    countries = set(group.memberships.filter(role="co_chair").values_list("country", flat=True))
    assert countries == {"KZ", "PK"}


def test_co_chair_needs_an_organisation(group, make_user, secretariat):
    loner = make_user("loner@example.org")
    with pytest.raises(ValidationError) as error:
        services.add_member(actor=secretariat, group=group, user=loner, role="co_chair")
    assert codes(error.value) == {"organisation": ["required"]}


def test_member_cannot_claim_someone_elses_organisation(
    group, make_user, other_organisation, secretariat
):
    loner = make_user("loner@example.org")
    with pytest.raises(ValidationError) as error:
        services.add_member(
            actor=secretariat, group=group, user=loner, organisation=other_organisation
        )
    assert codes(error.value) == {"organisation": ["not_member"]}


def test_co_chair_manages_members_but_a_member_does_not(group, co_chair, group_member, make_user):
    newcomer = make_user("new@example.org")
    with pytest.raises(PermissionDenied):
        services.add_member(actor=group_member, group=group, user=newcomer)
    services.add_member(actor=co_chair, group=group, user=newcomer)
    assert group.memberships.filter(user=newcomer).exists()


# --- meetings ----------------------------------------------------------------------------------


def test_planning_invites_members_except_the_organiser(meeting, co_chair, group_member):
    notes = Notification.objects.filter(kind="group_meeting_invitation")
    assert set(notes.values_list("recipient__email", flat=True)) == {
        group_member.email,
        "chair@lahore.example.pk",
    }
    note = notes.first()
    assert note.url == meeting.get_absolute_url()
    assert note.params["time"] == "10:00 (Asia/Almaty)"
    assert list(meeting.agenda.values_list("order", "title")) == [
        (1, "Pilot scope"),
        (2, "QR payments"),
    ]


def test_meeting_ending_before_it_starts_is_refused(group, co_chair):
    with pytest.raises(ValidationError) as error:
        services.plan_meeting(
            actor=co_chair,
            group=group,
            data={
                "title": "Backwards",
                "starts_at": at(3, 12),
                "ends_at": at(3, 11),
                "time_zone": "Nowhere/City",
                "video_link": "not a link",
            },
        )
    assert codes(error.value) == {
        "ends_at": ["ends_before_start"],
        "time_zone": ["invalid"],
        "video_link": ["invalid"],
    }
    assert not GroupMeeting.objects.exists()
    assert not Notification.objects.exists()


def test_naive_times_are_refused(group, co_chair):
    with pytest.raises(ValidationError) as error:
        services.plan_meeting(
            actor=co_chair,
            group=group,
            data={
                "title": "Naive",
                "starts_at": datetime.datetime(2030, 1, 1, 10),
                "ends_at": datetime.datetime(2030, 1, 1, 11),
            },
        )
    assert set(codes(error.value)) == {"starts_at", "ends_at"}


def test_member_cannot_plan(group, group_member):
    with pytest.raises(PermissionDenied):
        services.plan_meeting(
            actor=group_member,
            group=group,
            data={"title": "x", "starts_at": at(1), "ends_at": at(1, 11)},
        )


def test_rescheduling_tells_members_and_bumps_the_sequence(meeting, co_chair):
    meeting.reminder_sent_at = timezone.now()
    meeting.save()
    services.update_meeting(
        actor=co_chair, meeting=meeting, data={"starts_at": at(8), "ends_at": at(8, 12)}
    )
    with pytest.raises(ValidationError):
        services.update_meeting(actor=co_chair, meeting=meeting, data={"ends_at": at(8, 9)})
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    assert meeting.reminder_sent_at is None
    assert meeting.ends_at == at(8, 12)
    assert Notification.objects.filter(kind="group_meeting_changed").count() == 2


def test_renaming_only_does_not_notify(meeting, co_chair):
    services.update_meeting(actor=co_chair, meeting=meeting, data={"title": "New title"})
    assert not Notification.objects.filter(kind="group_meeting_changed").exists()


def test_cancel_once(meeting, co_chair):
    services.cancel_meeting(actor=co_chair, meeting=meeting)
    assert Notification.objects.filter(kind="group_meeting_cancelled").count() == 2
    with pytest.raises(ValidationError):
        services.cancel_meeting(actor=co_chair, meeting=meeting)


def test_minutes_record_attendance_of_every_member(held_meeting, co_chair, group_member):
    rows = dict(held_meeting.attendance.values_list("user__email", "present"))
    assert rows == {
        co_chair.email: True,
        group_member.email: True,
        "chair@lahore.example.pk": False,
    }
    assert held_meeting.status == "held"


def test_minutes_refuse_strangers(meeting, co_chair, outsider):
    with pytest.raises(ValidationError):
        services.record_minutes(actor=co_chair, meeting=meeting, minutes="", present=[outsider])
    meeting.refresh_from_db()
    assert meeting.status == "planned"


# --- decisions and action items ----------------------------------------------------------------


def test_decision_with_two_action_items(decision, group_member, pk_co_chair, organisation):
    items = list(decision.action_items.order_by("title"))
    assert [i.title for i in items] == ["Draft the scope", "Share the QR specification"]
    assert items[0].owner_organisation == organisation  # from the owner's membership
    assigned = Notification.objects.filter(kind="action_item_assigned")
    assert set(assigned.values_list("recipient", flat=True)) == {group_member.pk, pk_co_chair.pk}


def test_bad_action_items_write_nothing(held_meeting, co_chair, outsider, other_organisation):
    # The meeting's day where it took place (Almaty), which is not UTC's day after 19:00 UTC.
    meeting_day = held_meeting.starts_at.astimezone(ALMATY).date()
    with pytest.raises(ValidationError) as error:
        services.record_decision(
            actor=co_chair,
            meeting=held_meeting,
            text="Do things.",
            actions=[
                {"title": "Fine", "owner_user": co_chair, "due_on": meeting_day},
                {
                    "title": "Too early",
                    "owner_user": outsider,
                    "due_on": meeting_day - datetime.timedelta(days=1),
                },
                {"title": "", "due_on": None},
            ],
        )
    assert codes(error.value) == {
        "actions.1.due_on": ["due_before_meeting"],
        "actions.1.owner_user": ["not_member"],
        "actions.2.title": ["required"],
        "actions.2.due_on": ["required"],
        "actions.2.owner_user": ["required"],
    }
    assert not Decision.objects.exists()
    assert not ActionItem.objects.exists()
    assert not Notification.objects.filter(kind="action_item_assigned").exists()


def test_owner_organisation_must_belong_to_the_group(held_meeting, co_chair, make_organisation):
    stranger_org = make_organisation("Karachi Systems", country="PK")
    with pytest.raises(ValidationError) as error:
        services.create_action_item(
            actor=co_chair,
            group=held_meeting.group,
            data={"title": "x", "owner_organisation": stranger_org, "due_on": timezone.localdate()},
        )
    assert codes(error.value) == {"owner_organisation": ["not_member"]}


def test_owner_closes_their_item_and_managers_hear(member_action, group_member, co_chair):
    services.set_action_status(actor=group_member, item=member_action, status="done")
    member_action.refresh_from_db()
    assert member_action.status == "done"
    assert member_action.completed_at is not None
    done = Notification.objects.filter(kind="action_item_done")
    assert set(done.values_list("recipient__email", flat=True)) == {
        co_chair.email,
        "chair@lahore.example.pk",
    }
    services.set_action_status(actor=co_chair, item=member_action, status="open")
    member_action.refresh_from_db()
    assert member_action.completed_at is None


def test_others_cannot_change_an_item(member_action, pk_co_chair, other_member, make_user, group):
    # A co-chair manages every item of the group; a member of another group none.
    services.set_action_status(actor=pk_co_chair, item=member_action, status="in_progress")
    with pytest.raises(PermissionDenied):
        services.set_action_status(actor=other_member, item=member_action, status="done")
    fellow = make_user("fellow@example.org")
    services.add_member(actor=pk_co_chair, group=group, user=fellow)
    with pytest.raises(PermissionDenied):
        services.set_action_status(actor=fellow, item=member_action, status="done")


def test_stale_status_change_is_a_conflict(member_action, group_member, co_chair):
    services.set_action_status(actor=co_chair, item=member_action, status="cancelled")
    with pytest.raises(ValidationError) as error:
        services.set_action_status(
            actor=group_member, item=member_action, status="done", expected="open"
        )
    assert error.value.code == "conflict"
    member_action.refresh_from_db()
    assert member_action.status == "cancelled"


def test_invalid_status(member_action, co_chair):
    with pytest.raises(ValidationError):
        services.set_action_status(actor=co_chair, item=member_action, status="finished")


def test_comments(member_action, group_member, co_chair, other_member):
    services.add_comment(actor=group_member, item=member_action, text="Draft attached.")
    assert Notification.objects.filter(kind="action_item_comment", recipient=co_chair).exists()
    with pytest.raises(ValidationError):
        services.add_comment(actor=group_member, item=member_action, text="   ")
    with pytest.raises(PermissionDenied):
        services.add_comment(actor=other_member, item=member_action, text="Hello")
    assert member_action.comments.count() == 1


# --- documents ---------------------------------------------------------------------------------


def test_document_upload(group, co_chair, held_meeting, png_upload):
    document = services.upload_document(
        actor=co_chair, group=group, upload=png_upload(), meeting=held_meeting
    )
    assert document.content_type == "image/png"
    assert document.title == "agenda.png"
    assert document.file.name.startswith("workspace/")


def test_document_too_large_or_wrong_type(group, co_chair, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as error:
        services.upload_document(
            actor=co_chair,
            group=group,
            upload=SimpleUploadedFile("notes.exe", b"MZ\x90\x00binary", "application/pdf"),
        )
    assert codes(error.value) == {"file": ["file_type"]}
    settings.SILKBRIDGE_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError) as error:
        services.upload_document(
            actor=co_chair,
            group=group,
            upload=SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"x" * 100),
        )
    assert codes(error.value) == {"file": ["file_size"]}
    assert not GroupDocument.objects.exists()


def test_member_cannot_upload(group, group_member, png_upload):
    with pytest.raises(PermissionDenied):
        services.upload_document(actor=group_member, group=group, upload=png_upload())


# --- selectors ---------------------------------------------------------------------------------


def test_open_action_item_counts(decision, member_action, group, other_group, co_chair):
    assert selectors.open_action_item_counts() == {"open": 2, "overdue": 1}
    assert selectors.open_action_item_counts(group) == {"open": 2, "overdue": 1}
    assert selectors.open_action_item_counts(other_group) == {"open": 0, "overdue": 0}
    services.set_action_status(actor=co_chair, item=member_action, status="done")
    assert selectors.open_action_item_counts() == {"open": 1, "overdue": 0}


def test_my_action_items_include_my_organisations(
    decision, member_action, co_chair, make_user, organisation
):
    # The co-chair owns nothing, but the member's item is owned by their shared organisation.
    assert list(selectors.my_action_items(co_chair)) == [member_action]
    colleague = make_user("colleague@qfl.example.kz", organisation=organisation)
    assert list(selectors.my_action_items(colleague)) == [member_action]


def test_overview_filters(decision, member_action, group, other_group):
    assert selectors.overview().count() == 2
    assert list(selectors.overview(overdue=True)) == [member_action]
    assert selectors.overview(group=other_group).count() == 0
    assert selectors.overview(status="done").count() == 0


def test_decision_as_a_venture_origin(decision, held_meeting):
    assert decision.venture_parties() == []
    assert decision.venture_origin_label() == "Decision of Fintech, Kick-off"
    assert (
        decision.get_absolute_url() == f"{held_meeting.get_absolute_url()}#decision-{decision.pk}"
    )
