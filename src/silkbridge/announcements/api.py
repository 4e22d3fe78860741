"""Announcements over the API: read-only and public, the same published ones as the public list,
each in the reader's language (`?lang=` or Accept-Language, read by the locale middleware)."""

from datetime import date, datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import translation
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from silkbridge.announcements import selectors
from silkbridge.announcements.models import Announcement, AnnouncementKind
from silkbridge.api import ERROR_RESPONSES, PUBLIC, Page

announcements_router = Router(tags=["announcements"])


def _reader_language() -> str:
    return translation.get_language() or "en"


class AnnouncementOut(Schema):
    id: int
    kind: str = Field(description="news, call or forum.")
    kind_label: str = Field(description="The kind in the request's language.")
    language: str = Field(
        description="The language of `title` (and `body`): the request's if the announcement is "
        "written in it, else English, else one it has."
    )
    languages: list[str] = Field(description="Every language it is written in.")
    title: str
    published_at: datetime
    expires_on: date | None = Field(description="Shown until this day; null: until withdrawn.")
    forum: str | None = Field(description="The slug of the forum it announces, if any.")
    url: str = Field(description="Its public page.")

    @staticmethod
    def resolve_kind_label(announcement: Announcement) -> str:
        return str(announcement.get_kind_display())

    @staticmethod
    def resolve_language(announcement: Announcement) -> str:
        return announcement.language_for(_reader_language())

    @staticmethod
    def resolve_languages(announcement: Announcement) -> list[str]:
        return announcement.languages()

    @staticmethod
    def resolve_title(announcement: Announcement) -> str:
        return announcement.title_in(_reader_language())

    @staticmethod
    def resolve_forum(announcement: Announcement) -> str | None:
        return announcement.forum.slug if announcement.forum_id else None

    @staticmethod
    def resolve_url(announcement: Announcement, context: dict[str, Any]) -> str:
        return context["request"].build_absolute_uri(announcement.get_absolute_url())


class AnnouncementDetailOut(AnnouncementOut):
    body: str = Field(description="The text, paragraphs separated by a blank line.")

    @staticmethod
    def resolve_body(announcement: Announcement) -> str:
        return announcement.body_in(_reader_language())


class AnnouncementFilters(Schema):
    kind: AnnouncementKind | None = Field(None, description="news, call or forum.")


@announcements_router.get(
    "",
    response={200: list[AnnouncementOut], **ERROR_RESPONSES},
    auth=PUBLIC,
    summary="List published announcements",
)
@paginate(Page)
def list_announcements(request: HttpRequest, filters: Query[AnnouncementFilters]) -> Any:
    """Published and current announcements, newest first, as the public list shows them."""
    return selectors.public_announcements(filters.kind or "")


@announcements_router.get(
    "/{announcement_id}",
    response={200: AnnouncementDetailOut, **ERROR_RESPONSES},
    auth=PUBLIC,
    summary="Read a published announcement",
)
def get_announcement(request: HttpRequest, announcement_id: int) -> Any:
    """A draft, a withdrawn or an expired announcement is a 404 like a missing one, for everyone:
    the secretariat edits drafts on its pages."""
    announcement = selectors.public_announcements().filter(pk=announcement_id).first()
    if announcement is None:
        raise Http404
    return announcement
