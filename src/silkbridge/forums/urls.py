from django.urls import path

from silkbridge.forums import views, views_bulk, views_requests, views_schedule
from silkbridge.forums.urls_day import urlpatterns as day_urls

app_name = "forums"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_create, name="create"),
    path("<slug:slug>/", views.event_detail, name="event"),
    path("<slug:slug>/edit/", views.event_edit, name="edit"),
    path("<slug:slug>/status/", views.event_status, name="status"),
    path("<slug:slug>/sessions/", views.sessions, name="sessions"),
    path("<slug:slug>/sessions/<int:pk>/delete/", views.session_delete, name="session-delete"),
    path("<slug:slug>/slots/<int:pk>/", views.slot_capacity, name="slot-capacity"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/participants/", views.participant_list, name="participants"),
    path(
        "<slug:slug>/participants/decide/",
        views_bulk.participants_decide,
        name="participants-decide",
    ),
    path(
        "<slug:slug>/participants/message/",
        views_bulk.participants_message,
        name="participants-message",
    ),
    path("<slug:slug>/messages/<int:pk>/", views_bulk.message_detail, name="message"),
    path("<slug:slug>/participants/<int:pk>/", views.participant_detail, name="participant"),
    path(
        "<slug:slug>/participants/<int:pk>/edit/",
        views.participant_edit,
        name="participant-edit",
    ),
    path(
        "<slug:slug>/participants/<int:pk>/decide/",
        views.participant_decide,
        name="participant-decide",
    ),
    path(
        "<slug:slug>/participants/<int:pk>/withdraw/",
        views.participant_withdraw,
        name="participant-withdraw",
    ),
    path(
        "<slug:slug>/participants/<int:pk>/request/",
        views_requests.request_send,
        name="request-send",
    ),
    path("<slug:slug>/marketplace/", views.marketplace, name="marketplace"),
    path("<slug:slug>/requests/", views_requests.request_list, name="requests"),
    path(
        "<slug:slug>/requests/<int:pk>/accept/",
        views_requests.request_accept,
        name="request-accept",
    ),
    path(
        "<slug:slug>/requests/<int:pk>/decline/",
        views_requests.request_decline,
        name="request-decline",
    ),
    path(
        "<slug:slug>/requests/<int:pk>/cancel/",
        views_requests.request_cancel,
        name="request-cancel",
    ),
    path("<slug:slug>/requests/<int:pk>/mark/", views_requests.request_mark, name="request-mark"),
    path("<slug:slug>/schedule/", views_schedule.schedule, name="schedule"),
    path("<slug:slug>/schedule/run/", views_schedule.schedule_run, name="schedule-run"),
    path(
        "<slug:slug>/schedule/progress/",
        views_schedule.schedule_progress_view,
        name="schedule-progress",
    ),
    path("<slug:slug>/schedule/publish/", views_schedule.schedule_publish, name="schedule-publish"),
    path(
        "<slug:slug>/schedule/meetings/<int:pk>/move/",
        views_schedule.meeting_move,
        name="meeting-move",
    ),
    path(
        "<slug:slug>/schedule/meetings/<int:pk>/swap/",
        views_schedule.meeting_swap,
        name="meeting-swap",
    ),
    path(
        "<slug:slug>/schedule/meetings/<int:pk>/lock/",
        views_schedule.meeting_lock,
        name="meeting-lock",
    ),
    *day_urls,
]
