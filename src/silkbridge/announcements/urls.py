from django.urls import path

from silkbridge.announcements import views
from silkbridge.announcements.feeds import AnnouncementFeed

app_name = "announcements"
urlpatterns = [
    path("", views.announcement_list, name="list"),
    path("feed/", AnnouncementFeed(), name="feed"),
    path("manage/", views.manage, name="manage"),
    path("new/", views.announcement_new, name="new"),
    path("<int:pk>/", views.announcement_detail, name="detail"),
    path("<int:pk>/edit/", views.announcement_edit, name="edit"),
    path("<int:pk>/preview/", views.announcement_preview, name="preview"),
    path("<int:pk>/publish/", views.announcement_publish, name="publish"),
    path("<int:pk>/unpublish/", views.announcement_unpublish, name="unpublish"),
]
