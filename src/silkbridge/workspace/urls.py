from django.urls import path

from silkbridge.workspace import action_views, views

app_name = "workspace"
urlpatterns = [
    path("", views.group_list, name="list"),
    path("new/", views.group_create, name="create"),
    path("feed/<str:token>.ics", views.calendar_feed, name="feed"),
    path("actions/", action_views.overview, name="overview"),
    path("actions/export.csv", action_views.overview_csv, name="overview-csv"),
    path("actions/mine/", action_views.my_actions, name="my-actions"),
    path("actions/<int:pk>/", action_views.action_detail, name="action"),
    path("actions/<int:pk>/status/", action_views.action_status, name="action-status"),
    path("actions/<int:pk>/comment/", action_views.action_comment, name="action-comment"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting-cancel"),
    path("meetings/<int:pk>/minutes/", views.meeting_minutes, name="meeting-minutes"),
    path("meetings/<int:pk>/agenda/", views.agenda_add, name="agenda-add"),
    path("meetings/<int:pk>/decisions/", views.decision_create, name="decision-create"),
    path("members/<int:pk>/role/", views.member_role, name="member-role"),
    path("members/<int:pk>/remove/", views.member_remove, name="member-remove"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("<slug:slug>/", views.group_detail, name="group"),
    path("<slug:slug>/members/", views.member_add, name="member-add"),
    path("<slug:slug>/organisations/", views.organisation_add, name="organisation-add"),
    path("<slug:slug>/meetings/new/", views.meeting_create, name="meeting-create"),
    path("<slug:slug>/actions/new/", views.action_create, name="action-create"),
    path("<slug:slug>/documents/", views.document_upload, name="document-upload"),
]
