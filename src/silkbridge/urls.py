from django.contrib import admin
from django.urls import include, path

from silkbridge.api import api

urlpatterns = [
    path("", include("silkbridge.core.urls")),
    path("accounts/", include("silkbridge.accounts.urls")),
    # django-allauth: sign-up, e-mail verification, two-factor authentication, single sign-on.
    path("accounts/", include("allauth.urls")),
    path("directory/", include("silkbridge.directory.urls")),
    path("opportunities/", include("silkbridge.opportunities.urls")),
    path("notifications/", include("silkbridge.notifications.urls")),
    path("introductions/", include("silkbridge.introductions.urls")),
    path("messages/", include("silkbridge.conversations.urls")),
    path("matching/", include("silkbridge.matching.urls")),
    path("forums/", include("silkbridge.forums.urls")),
    path("groups/", include("silkbridge.workspace.urls")),
    path("ventures/", include("silkbridge.ventures.urls")),
    path("talent/agreements/", include("silkbridge.talent.agreements.urls")),
    path("talent/", include("silkbridge.talent.exchanges.urls")),
    path("outcomes/", include("silkbridge.outcomes.urls")),
    path("announcements/", include("silkbridge.announcements.urls")),
    path("join/", include("silkbridge.joining.urls")),
    path("outreach/", include("silkbridge.outreach.urls")),
    # robots.txt, sitemap.xml, feeds and public statistics sit at the root.
    path("", include("silkbridge.public.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]

# A body over DATA_UPLOAD_MAX_MEMORY_SIZE is 413, not a plain 400 (core/error_pages.py).
handler400 = "silkbridge.core.error_pages.bad_request"
