import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from silkbridge.notifications.models import Notification
from silkbridge.opportunities import permissions, saved_searches, services
from silkbridge.opportunities.models import Opportunity, OpportunityAttachment, Status

TODAY = datetime.date.today


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def kinds_for(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


# -- creating ---------------------------------------------------------------------------------


def test_a_new_opportunity_is_a_draft_aimed_at_the_other_country(member, organisation, draft):
    assert draft.status == Status.DRAFT
    assert draft.organisation == organisation
    assert draft.created_by == member
    assert draft.target_country == "PK"
    assert draft.expires_on == days(90)
    assert "open banking" in draft.search_text


def test_a_user_with_several_organisations_must_choose(
    make_user, organisation, other_organisation, valid_data
):
    both = make_user(organisation=organisation)
    from silkbridge.directory.models import Person

    Person.objects.create(organisation=other_organisation, user=both, full_name="Both")
    with pytest.raises(ValidationError) as error:
        services.create_opportunity(actor=both, data=valid_data)
    assert "organisation" in error.value.message_dict
    opportunity = services.create_opportunity(
        actor=both, data=valid_data, organisation=other_organisation
    )
    assert opportunity.organisation == other_organisation
    assert opportunity.target_country == "KZ"


def test_only_members_of_an_organisation_can_post(stranger, secretariat, valid_data):
    for actor in (stranger, secretariat):
        with pytest.raises(PermissionDenied):
            services.create_opportunity(actor=actor, data=valid_data)
    assert not Opportunity.objects.exists()


def test_nobody_posts_for_an_organisation_they_do_not_belong_to(
    member, other_organisation, valid_data
):
    with pytest.raises(PermissionDenied):
        services.create_opportunity(actor=member, data=valid_data, organisation=other_organisation)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"expires_on": days(0)}, "expires_on", "The expiry date must be in the future."),
        ({"expires_on": days(-3)}, "expires_on", "The expiry date must be in the future."),
        ({"expires_on": days(366)}, "expires_on", "at most 365 days ahead"),
        (
            {"expires_on": days(30), "deadline": days(31)},
            "deadline",
            "The deadline must be on or before the expiry date.",
        ),
        ({"deadline": days(-1)}, "deadline", "The deadline cannot be in the past."),
        ({"target_country": "UZ"}, "target_country", "platform's countries"),
        ({"partner_kinds": ["spaceship"]}, "partner_kinds", "Choose values from the list."),
        ({"title": "x" * 161}, "title", "at most 160 characters"),
        ({"summary": "x" * 501}, "summary", "at most 500 characters"),
        ({"type": "charity"}, "type", "not a valid choice"),
    ],
)
def test_bad_fields_are_refused_with_a_clear_message(member, valid_data, changes, field, message):
    with pytest.raises(ValidationError) as error:
        services.create_opportunity(actor=member, data={**valid_data, **changes})
    assert message in " ".join(error.value.message_dict[field])
    assert not Opportunity.objects.exists()


def test_the_latest_expiry_and_a_deadline_on_the_expiry_day_are_accepted(member, valid_data):
    opportunity = services.create_opportunity(
        actor=member, data={**valid_data, "expires_on": days(365), "deadline": days(365)}
    )
    assert opportunity.deadline == opportunity.expires_on == days(365)


def test_owner_edits_a_draft_and_the_word_index_follows(member, draft, make_term):
    term = make_term("sector", "agritech", label_en="Agritech", label_ru="Агротех")
    services.update_opportunity(
        actor=member, opportunity=draft, data={"title": "Irrigation sensors", "sectors": [term]}
    )
    draft.refresh_from_db()
    assert draft.title == "Irrigation sensors"
    assert "агротех" in draft.search_text
    assert list(draft.sectors.all()) == [term]


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.PUBLISHED, Status.REJECTED])
def test_the_owner_cannot_edit_after_submitting(member, make_opportunity, organisation, status):
    opportunity = make_opportunity(organisation, status=status)
    with pytest.raises(ValidationError, match="can no longer be edited"):
        services.update_opportunity(actor=member, opportunity=opportunity, data={"title": "New"})


def test_others_cannot_edit_and_the_secretariat_can(outsider, secretariat, published):
    with pytest.raises(PermissionDenied):
        services.update_opportunity(actor=outsider, opportunity=published, data={"title": "X"})
    services.update_opportunity(actor=secretariat, opportunity=published, data={"title": "Fixed"})
    published.refresh_from_db()
    assert published.title == "Fixed"


def test_an_unchanged_past_deadline_does_not_block_an_edit(
    secretariat, make_opportunity, organisation
):
    opportunity = make_opportunity(organisation, deadline=days(-2), expires_on=days(10))
    services.update_opportunity(actor=secretariat, opportunity=opportunity, data={"title": "Ok"})
    opportunity.refresh_from_db()
    assert opportunity.title == "Ok"


# -- lifecycle --------------------------------------------------------------------------------


def test_full_lifecycle_with_notifications(member, org_admin, secretariat, draft, outsider):
    services.submit_opportunity(actor=member, opportunity=draft)
    assert draft.status == Status.SUBMITTED and draft.submitted_at
    assert kinds_for(secretariat) == ["opportunity_submitted"]

    services.request_changes(actor=secretariat, opportunity=draft, comment="Add a budget.")
    assert draft.status == Status.CHANGES_REQUESTED
    assert draft.review_comment == "Add a budget."
    assert "opportunity_changes_requested" in kinds_for(org_admin)
    assert "opportunity_changes_requested" in kinds_for(member)

    services.update_opportunity(
        actor=member, opportunity=draft, data={"description": "Budget: 50k USD."}
    )
    services.submit_opportunity(actor=member, opportunity=draft)
    services.approve_opportunity(actor=secretariat, opportunity=draft)
    assert draft.status == Status.PUBLISHED
    assert draft.published_at and draft.reviewed_by == secretariat
    assert draft.review_comment == ""
    assert "opportunity_approved" in kinds_for(member)
    assert kinds_for(outsider) == []

    services.close_opportunity(actor=member, opportunity=draft)
    assert draft.status == Status.CLOSED and draft.closed_at


def test_rejection_needs_a_reason_and_tells_the_owner(member, secretariat, submitted):
    with pytest.raises(ValidationError) as error:
        services.reject_opportunity(actor=secretariat, opportunity=submitted, reason="  ")
    assert "reason" in error.value.message_dict
    assert Opportunity.objects.get().status == Status.SUBMITTED
    services.reject_opportunity(actor=secretariat, opportunity=submitted, reason="Not IT.")
    assert submitted.status == Status.REJECTED
    note = Notification.objects.get(recipient=member, kind="opportunity_rejected")
    assert note.params["comment"] == "Not IT."


def test_asking_for_changes_needs_a_comment(secretariat, submitted):
    with pytest.raises(ValidationError) as error:
        services.request_changes(actor=secretariat, opportunity=submitted, comment="")
    assert "comment" in error.value.message_dict


@pytest.mark.parametrize(
    "review",
    [
        lambda actor, o: services.approve_opportunity(actor=actor, opportunity=o),
        lambda actor, o: services.request_changes(actor=actor, opportunity=o, comment="x"),
        lambda actor, o: services.reject_opportunity(actor=actor, opportunity=o, reason="x"),
    ],
    ids=["approve", "changes", "reject"],
)
@pytest.mark.parametrize(
    "status",
    [Status.DRAFT, Status.CHANGES_REQUESTED, Status.PUBLISHED, Status.REJECTED, Status.CLOSED],
)
def test_only_submitted_opportunities_can_be_reviewed(
    secretariat, make_opportunity, organisation, review, status
):
    opportunity = make_opportunity(organisation, status=status)
    with pytest.raises(ValidationError):
        review(secretariat, opportunity)
    opportunity.refresh_from_db()
    assert opportunity.status == status


def test_the_message_for_reviewing_a_draft(secretariat, draft):
    with pytest.raises(ValidationError, match="Only submitted opportunities can be reviewed"):
        services.approve_opportunity(actor=secretariat, opportunity=draft)


def test_only_the_secretariat_reviews(member, outsider, submitted):
    for actor in (member, outsider):
        with pytest.raises(PermissionDenied):
            services.approve_opportunity(actor=actor, opportunity=submitted)
        with pytest.raises(PermissionDenied):
            services.reject_opportunity(actor=actor, opportunity=submitted, reason="no")
    assert Opportunity.objects.get().status == Status.SUBMITTED


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Status.SUBMITTED, "Only drafts and opportunities sent back"),
        (Status.PUBLISHED, "Only drafts and opportunities sent back"),
        (Status.REJECTED, "This opportunity was rejected."),
        (Status.EXPIRED, "This opportunity has expired."),
        (Status.CLOSED, "This opportunity is closed."),
    ],
)
def test_illegal_submissions(member, make_opportunity, organisation, status, message):
    opportunity = make_opportunity(organisation, status=status)
    with pytest.raises(ValidationError, match=message):
        services.submit_opportunity(actor=member, opportunity=opportunity)
    opportunity.refresh_from_db()
    assert opportunity.status == status


def test_only_the_owner_submits(outsider, secretariat, draft):
    for actor in (outsider, secretariat):
        with pytest.raises(PermissionDenied):
            services.submit_opportunity(actor=actor, opportunity=draft)


def test_a_draft_past_its_expiry_date_cannot_be_submitted(member, make_opportunity, organisation):
    opportunity = make_opportunity(organisation, status=Status.DRAFT, expires_on=days(-1))
    with pytest.raises(ValidationError, match="has expired"):
        services.submit_opportunity(actor=member, opportunity=opportunity)


def test_a_submission_that_expired_while_waiting_cannot_be_approved(
    secretariat, make_opportunity, organisation
):
    opportunity = make_opportunity(organisation, status=Status.SUBMITTED, expires_on=days(-1))
    with pytest.raises(ValidationError, match="has expired"):
        services.approve_opportunity(actor=secretariat, opportunity=opportunity)


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Status.DRAFT, "Only published opportunities can be closed."),
        (Status.SUBMITTED, "Only published opportunities can be closed."),
        (Status.EXPIRED, "This opportunity has expired."),
        (Status.CLOSED, "This opportunity is closed."),
    ],
)
def test_illegal_closing(member, make_opportunity, organisation, status, message):
    opportunity = make_opportunity(organisation, status=status)
    with pytest.raises(ValidationError, match=message):
        services.close_opportunity(actor=member, opportunity=opportunity)


def test_only_the_owner_or_the_secretariat_closes(outsider, secretariat, published):
    with pytest.raises(PermissionDenied):
        services.close_opportunity(actor=outsider, opportunity=published)
    services.close_opportunity(actor=secretariat, opportunity=published)
    assert published.status == Status.CLOSED


def test_closing_twice_fails_the_second_time(member, published):
    stale = Opportunity.objects.get(pk=published.pk)
    services.close_opportunity(actor=member, opportunity=published)
    with pytest.raises(ValidationError, match=re.escape("This opportunity is closed.")):
        services.close_opportunity(actor=member, opportunity=stale)


def test_two_reviewers_approving_at_once_publish_once(secretariat, make_user, submitted, member):
    colleague = make_user(platform_role="secretariat")
    first = Opportunity.objects.get(pk=submitted.pk)
    second = Opportunity.objects.get(pk=submitted.pk)
    services.approve_opportunity(actor=secretariat, opportunity=first)
    with pytest.raises(ValidationError, match="Only submitted opportunities can be reviewed"):
        services.approve_opportunity(actor=colleague, opportunity=second)
    with pytest.raises(ValidationError):
        services.reject_opportunity(actor=colleague, opportunity=second, reason="late")
    stored = Opportunity.objects.get(pk=submitted.pk)
    assert stored.status == Status.PUBLISHED and stored.reviewed_by == secretariat
    assert kinds_for(member).count("opportunity_approved") == 1


def test_a_double_submit_submits_once(member, draft, secretariat):
    stale = Opportunity.objects.get(pk=draft.pk)
    services.submit_opportunity(actor=member, opportunity=draft)
    with pytest.raises(ValidationError):
        services.submit_opportunity(actor=member, opportunity=stale)
    assert kinds_for(secretariat) == ["opportunity_submitted"]


# -- renewal, expiry, reminders ---------------------------------------------------------------


def test_renewing_an_expired_opportunity_republishes_it_and_resets_the_reminder(
    member, make_opportunity, organisation
):
    opportunity = make_opportunity(
        organisation,
        status=Status.EXPIRED,
        expires_on=days(-1),
        deadline=days(-5),
        expiry_reminder_sent_at=timezone.now(),
    )
    services.renew_opportunity(actor=member, opportunity=opportunity, expires_on=days(60))
    opportunity.refresh_from_db()
    assert opportunity.status == Status.PUBLISHED
    assert opportunity.expires_on == days(60)
    assert opportunity.expiry_reminder_sent_at is None
    assert opportunity.deadline is None  # a passed deadline would keep it closed to responses


def test_renewal_defaults_to_the_usual_period(member, published):
    services.renew_opportunity(actor=member, opportunity=published)
    assert published.expires_on == days(90)


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.CLOSED, Status.REJECTED])
def test_only_published_or_expired_opportunities_are_renewed(
    member, make_opportunity, organisation, status
):
    opportunity = make_opportunity(organisation, status=status)
    with pytest.raises(ValidationError):
        services.renew_opportunity(actor=member, opportunity=opportunity, expires_on=days(40))
    opportunity.refresh_from_db()
    assert opportunity.status == status


def test_renewal_checks_the_new_date_and_who_asks(member, outsider, published):
    with pytest.raises(ValidationError, match="at most 365 days"):
        services.renew_opportunity(actor=member, opportunity=published, expires_on=days(400))
    with pytest.raises(ValidationError, match="in the future"):
        services.renew_opportunity(actor=member, opportunity=published, expires_on=days(0))
    with pytest.raises(PermissionDenied):
        services.renew_opportunity(actor=outsider, opportunity=published, expires_on=days(40))


def test_expire_due_expires_past_opportunities_once_and_tells_the_owner(
    member, make_opportunity, organisation
):
    past = make_opportunity(organisation, expires_on=days(-1))
    today = make_opportunity(organisation, expires_on=days(0))
    draft = make_opportunity(organisation, status=Status.DRAFT, expires_on=days(-1))
    assert services.expire_due() == 1
    assert services.expire_due() == 0
    statuses = dict(Opportunity.objects.values_list("pk", "status"))
    assert statuses == {past.pk: Status.EXPIRED, today.pk: Status.PUBLISHED, draft.pk: "draft"}
    assert kinds_for(member) == ["opportunity_expired"]


def test_expire_due_uses_the_given_time(make_opportunity, organisation):
    opportunity = make_opportunity(organisation, expires_on=days(3))
    assert services.expire_due(timezone.now() + datetime.timedelta(days=4)) == 1
    opportunity.refresh_from_db()
    assert opportunity.status == Status.EXPIRED


def test_reminders_go_once_within_the_reminder_period(member, make_opportunity, organisation):
    soon = make_opportunity(organisation, expires_on=days(7))
    make_opportunity(organisation, expires_on=days(8))
    make_opportunity(organisation, status=Status.DRAFT, expires_on=days(2))
    assert services.remind_expiring() == 1
    assert services.remind_expiring() == 0
    note = Notification.objects.get(recipient=member)
    assert note.kind == "opportunity_expiring"
    assert note.params["date"] == days(7).isoformat()
    soon.refresh_from_db()
    assert soon.expiry_reminder_sent_at is not None


def test_a_renewed_opportunity_is_reminded_again_before_its_new_date(
    member, make_opportunity, organisation
):
    opportunity = make_opportunity(organisation, expires_on=days(3))
    assert services.remind_expiring() == 1
    services.renew_opportunity(actor=member, opportunity=opportunity, expires_on=days(5))
    assert services.remind_expiring() == 1
    assert kinds_for(member).count("opportunity_expiring") == 2


# -- attachments ------------------------------------------------------------------------------


def test_attachments_are_stored_privately_under_a_random_name(
    member, draft, pdf_upload, png_upload, settings
):
    saved = services.add_attachments(
        actor=member, opportunity=draft, uploads=[pdf_upload("Plan.PDF"), png_upload()]
    )
    assert [(a.original_name, a.content_type) for a in saved] == [
        ("Plan.PDF", "application/pdf"),
        ("diagram.png", "image/png"),
    ]
    stored = saved[0].file.name
    assert stored.startswith("opportunities/") and "Plan" not in stored
    assert (settings.PRIVATE_MEDIA_ROOT / stored).exists()


def test_an_oversized_file_is_refused(member, draft, pdf_upload, settings):
    settings.SILKBRIDGE_MAX_UPLOAD_BYTES = 20
    with pytest.raises(ValidationError, match="the largest file accepted"):
        services.add_attachment(actor=member, opportunity=draft, upload=pdf_upload())
    assert not OpportunityAttachment.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"just some text pretending to be a PDF"),
        ("photo.png", b"%PDF-looks like a pdf but named png"[:3] + b"plain text"),
        ("script.png", b"<script>alert(1)</script>"),
    ],
)
def test_a_file_whose_content_is_not_a_pdf_or_image_is_refused(
    member, draft, pdf_upload, name, content
):
    with pytest.raises(ValidationError, match="is not a PDF or an image"):
        services.add_attachment(actor=member, opportunity=draft, upload=pdf_upload(name, content))
    assert not OpportunityAttachment.objects.exists()


def test_a_pdf_named_png_is_stored_as_what_it_really_is(member, draft, pdf_upload):
    attachment = services.add_attachment(
        actor=member, opportunity=draft, upload=pdf_upload("picture.png")
    )
    assert attachment.content_type == "application/pdf"


def test_at_most_five_files_and_a_failed_batch_writes_nothing(
    member, draft, pdf_upload, png_upload
):
    services.add_attachments(
        actor=member, opportunity=draft, uploads=[pdf_upload() for _ in range(4)]
    )
    with pytest.raises(ValidationError, match="at most 5 attachments"):
        services.add_attachments(
            actor=member, opportunity=draft, uploads=[png_upload(), png_upload()]
        )
    with pytest.raises(ValidationError, match="is not a PDF or an image"):
        services.add_attachments(
            actor=member, opportunity=draft, uploads=[png_upload(), pdf_upload("x.pdf", b"nope")]
        )
    assert draft.attachments.count() == 4
    services.add_attachment(actor=member, opportunity=draft, upload=png_upload())
    assert draft.attachments.count() == 5


def test_removing_an_attachment_deletes_the_file(
    member, draft, pdf_upload, settings, django_capture_on_commit_callbacks
):
    attachment = services.add_attachment(actor=member, opportunity=draft, upload=pdf_upload())
    path = settings.PRIVATE_MEDIA_ROOT / attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_attachment(actor=member, attachment=attachment)
    assert not path.exists()
    assert not draft.attachments.exists()


def test_files_cannot_be_added_by_others_or_once_published(
    outsider, member, draft, published, pdf_upload
):
    with pytest.raises(PermissionDenied):
        services.add_attachment(actor=outsider, opportunity=draft, upload=pdf_upload())
    with pytest.raises(ValidationError, match="can no longer be edited"):
        services.add_attachment(actor=member, opportunity=published, upload=pdf_upload())


# -- anonymity --------------------------------------------------------------------------------


def test_an_anonymous_opportunity_hides_its_owner_until_an_introduction_is_accepted(
    member, outsider, secretariat, stranger, make_opportunity, organisation, other_organisation
):
    from django.contrib.auth.models import AnonymousUser

    from silkbridge.introductions.models import Introduction, pair_key

    opportunity = make_opportunity(organisation, is_anonymous=True)
    assert permissions.show_owner(member, opportunity)
    assert permissions.show_owner(secretariat, opportunity)
    assert not permissions.show_owner(outsider, opportunity)
    assert not permissions.show_owner(stranger, opportunity)
    assert not permissions.show_owner(AnonymousUser(), opportunity)
    Introduction.objects.create(
        org_a=other_organisation,
        org_b=organisation,
        pair=pair_key(other_organisation.pk, organisation.pk),
        origin="profile",
        status="accepted",
        expires_at=timezone.now(),
    )
    outsider.__dict__.pop("_member_organisation_ids", None)
    assert permissions.show_owner(outsider, opportunity)
    assert permissions.show_owner(outsider, make_opportunity(organisation, is_anonymous=False))


# -- saved searches ---------------------------------------------------------------------------


def test_saved_search_names_are_unique_per_user(stranger, outsider):
    saved_searches.save_search(actor=stranger, name="Fintech in KZ", query="q=fintech&page=3&x=1")
    saved = stranger.saved_searches.get()
    assert saved.query == "q=fintech"
    with pytest.raises(ValidationError) as error:
        saved_searches.save_search(actor=stranger, name=" Fintech  in KZ ", query="")
    assert "already have a saved search called" in error.value.message_dict["name"][0]
    saved_searches.save_search(actor=outsider, name="Fintech in KZ", query="")


def test_saved_searches_belong_to_their_user(stranger, outsider):
    saved = saved_searches.save_search(actor=stranger, name="Mine", query="")
    with pytest.raises(PermissionDenied):
        saved_searches.delete_saved_search(actor=outsider, saved_search=saved)
    saved_searches.delete_saved_search(actor=stranger, saved_search=saved)
    assert not stranger.saved_searches.exists()


def test_publishing_tells_users_whose_saved_search_matches(
    member,
    org_admin,
    stranger,
    outsider,
    make_user,
    secretariat,
    submitted,
    django_capture_on_commit_callbacks,
):
    quiet = make_user()
    saved_searches.save_search(actor=stranger, name="Banking", query="q=banking&type=technology")
    saved_searches.save_search(actor=stranger, name="Everything", query="")
    saved_searches.save_search(
        actor=outsider, name="KZ requests", query="country=kz&direction=request"
    )
    saved_searches.save_search(actor=quiet, name="Offers only", query="direction=offer")
    saved_searches.save_search(actor=quiet, name="Banking muted", query="q=banking", notify=False)
    saved_searches.save_search(actor=member, name="Own posts", query="q=banking")
    saved_searches.save_search(actor=org_admin, name="Own posts", query="")
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_opportunity(actor=secretariat, opportunity=submitted)
    assert kinds_for(stranger) == ["saved_search_match"]  # once, though two searches match
    assert Notification.objects.get(recipient=stranger).params["search"] == "Banking"
    assert kinds_for(outsider) == ["saved_search_match"]
    assert kinds_for(quiet) == []
    assert "saved_search_match" not in kinds_for(member)
    assert "saved_search_match" not in kinds_for(org_admin)


def test_nothing_is_matched_if_the_approval_rolls_back(
    stranger, secretariat, submitted, django_capture_on_commit_callbacks
):
    from django.db import transaction

    saved_searches.save_search(actor=stranger, name="Everything", query="")
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.approve_opportunity(actor=secretariat, opportunity=submitted)
        raise RuntimeError
    assert callbacks == []
    assert Opportunity.objects.get().status == Status.SUBMITTED
