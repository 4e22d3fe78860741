"""The Atom feed of published announcements, each in the reader's language (the request's, or
the one `?lang=` names), falling back as the pages do."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from silkbridge.announcements import selectors
from silkbridge.announcements.models import Announcement

FEED_SIZE = 30


class AnnouncementFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request: HttpRequest, *args, **kwargs):
        # Feed's own language is unset, so the feed is tagged with the active one: this.
        language = self._language(request)
        with translation.override(language):
            response = super().__call__(request, *args, **kwargs)
        response["Content-Language"] = language
        return response

    @staticmethod
    def _language(request: HttpRequest) -> str:
        codes = {code for code, _name in settings.LANGUAGES}
        asked = request.GET.get("lang", "")
        if asked in codes:
            return asked
        return (translation.get_language() or "en").split("-")[0]

    def get_object(self, request: HttpRequest, *args, **kwargs) -> tuple[str, str]:
        """(language, kind): the feed object is the reader's choice, not shared state."""
        return self._language(request), request.GET.get("kind", "")

    def title(self, obj: tuple[str, str]) -> str:
        return _("Announcements of the working group")

    def subtitle(self, obj: tuple[str, str]) -> str:
        return _("News, calls and forum announcements of the bilateral IT working group.")

    def link(self, obj: tuple[str, str]) -> str:
        return reverse("announcements:list")

    def feed_url(self, obj: tuple[str, str]) -> str:
        return f"{reverse('announcements:feed')}?lang={obj[0]}"

    def items(self, obj: tuple[str, str]):
        return selectors.public_announcements(obj[1])[:FEED_SIZE]

    def item_title(self, item: Announcement) -> str:
        return item.title_in(translation.get_language())

    def item_description(self, item: Announcement) -> str:
        # The summary is typed as HTML: the plain text is escaped, then cut into paragraphs.
        return linebreaks(item.body_in(translation.get_language()), autoescape=True)

    def item_link(self, item: Announcement) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Announcement):
        return item.published_at

    def item_updateddate(self, item: Announcement):
        return item.updated_at

    def item_categories(self, item: Announcement) -> list[str]:
        return [str(item.get_kind_display())]
