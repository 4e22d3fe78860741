"""Writing, publishing and withdrawing announcements: the rules hold and every change is logged."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from silkbridge.announcements import services
from silkbridge.announcements.models import Announcement

pytestmark = pytest.mark.django_db

TEXTS = {"title_en": "Fintech call", "body_en": "Apply by June."}


def test_a_draft_written_by_the_secretariat_is_not_public(secretariat):
    announcement = services.create_announcement(actor=secretariat, data={"kind": "call", **TEXTS})

    assert announcement.published_at is None
    assert announcement.author == secretariat
    assert not Announcement.objects.public().exists()


def test_an_announcement_needs_one_language_written_in_full(secretariat):
    with pytest.raises(ValidationError) as error:
        services.create_announcement(actor=secretariat, data={"kind": "news"})

    assert "title_en" in error.value.message_dict
    assert not Announcement.objects.exists()


def test_a_russian_only_announcement_is_valid(secretariat):
    announcement = services.create_announcement(
        actor=secretariat,
        data={"kind": "news", "title_ru": "Новости", "body_ru": "Текст."},
    )

    assert announcement.languages() == ["ru"]


def test_a_title_without_its_text_is_refused_on_that_field(secretariat):
    with pytest.raises(ValidationError) as error:
        services.create_announcement(
            actor=secretariat, data={"kind": "news", **TEXTS, "title_ur": "خبر"}
        )

    assert list(error.value.message_dict) == ["body_ur"]


def test_a_forum_announcement_names_its_forum(secretariat):
    with pytest.raises(ValidationError) as error:
        services.create_announcement(actor=secretariat, data={"kind": "forum", **TEXTS})

    assert "forum" in error.value.message_dict


def test_an_expiry_in_the_past_is_refused(secretariat):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.create_announcement(
            actor=secretariat, data={"kind": "news", **TEXTS, "expires_on": yesterday}
        )

    assert "expires_on" in error.value.message_dict


@pytest.mark.parametrize("persona", ["observer", "org_admin", "member"])
def test_only_the_secretariat_writes(request, persona):
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.create_announcement(actor=actor, data={"kind": "news", **TEXTS})

    assert not Announcement.objects.exists()


def test_publishing_makes_it_public_and_logs_who_did_it(secretariat):
    announcement = services.create_announcement(actor=secretariat, data={"kind": "news", **TEXTS})

    services.publish_announcement(actor=secretariat, announcement=announcement)

    assert list(Announcement.objects.public()) == [announcement]
    entries = LogEntry.objects.get_for_object(announcement)
    publication = [e for e in entries if "published_at" in (e.changes_dict or {})]
    assert publication and publication[0].actor == secretariat


def test_publishing_twice_keeps_the_first_date(secretariat):
    announcement = services.create_announcement(actor=secretariat, data={"kind": "news", **TEXTS})
    first = services.publish_announcement(actor=secretariat, announcement=announcement)
    stamp = first.published_at

    again = services.publish_announcement(
        actor=secretariat, announcement=Announcement.objects.get(pk=announcement.pk)
    )

    assert again.published_at == stamp


def test_unpublishing_withdraws_it_from_the_public(secretariat):
    announcement = services.create_announcement(actor=secretariat, data={"kind": "news", **TEXTS})
    services.publish_announcement(actor=secretariat, announcement=announcement)

    services.unpublish_announcement(actor=secretariat, announcement=announcement)

    assert not Announcement.objects.public().exists()
    assert Announcement.objects.get().published_at is None


def test_an_expired_announcement_is_not_public(make_announcement):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    make_announcement(expires_on=yesterday)

    assert not Announcement.objects.public().exists()


@pytest.mark.parametrize(
    ("reader", "shown"),
    [("ru", "ru"), ("kk", "en"), ("ur", "en"), ("en", "en")],
)
def test_readers_see_their_language_else_english(make_announcement, reader, shown):
    announcement = make_announcement(title_ru="Призыв", body_ru="Текст.")

    assert announcement.language_for(reader) == shown


def test_without_english_a_reader_sees_any_written_language(make_announcement):
    announcement = make_announcement(
        title_en="", body_en="", title_kk="Хабарландыру", body_kk="Мәтін."
    )

    assert announcement.title_in("ur") == "Хабарландыру"
