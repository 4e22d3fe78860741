"""URLs of the agenda and the forum's day (added to the forums URLconf, namespace "forums")."""

from django.urls import path

from silkbridge.forums import views_day

urlpatterns = [
    path("agenda-sw.js", views_day.agenda_service_worker, name="agenda-sw"),
    path("<slug:slug>/my-agenda/", views_day.my_agenda, name="my-agenda"),
    path(
        "<slug:slug>/participants/<int:pk>/agenda.webmanifest",
        views_day.agenda_manifest,
        name="agenda-manifest",
    ),
    path("<slug:slug>/participants/<int:pk>/agenda/", views_day.agenda, name="agenda"),
    path("<slug:slug>/participants/<int:pk>/agenda.pdf", views_day.agenda_pdf, name="agenda-pdf"),
    path("<slug:slug>/participants/<int:pk>/agenda.ics", views_day.agenda_ics, name="agenda-ics"),
    path("<slug:slug>/checkin/", views_day.checkin, name="checkin"),
    path(
        "<slug:slug>/checkin/participants/<int:pk>/",
        views_day.checkin_participant,
        name="checkin-participant",
    ),
    path("<slug:slug>/checkin/<str:token>/", views_day.checkin_code, name="checkin-code"),
    path("<slug:slug>/badges.pdf", views_day.badges_all, name="badges"),
    path(
        "<slug:slug>/participants/<int:pk>/badges.pdf",
        views_day.badges_participant,
        name="badges-participant",
    ),
    path("<slug:slug>/day/", views_day.day, name="day"),
    path("<slug:slug>/walk-in/", views_day.walk_in, name="walk-in"),
    path("<slug:slug>/statistics/", views_day.statistics, name="stats"),
    path("<slug:slug>/statistics/remind/", views_day.feedback_remind, name="feedback-remind"),
    path(
        "<slug:slug>/participants/<int:pk>/statistics/",
        views_day.own_statistics,
        name="own-stats",
    ),
    path("meetings/<int:pk>/mark/", views_day.mark, name="meeting-mark"),
    path("meetings/<int:pk>/feedback/", views_day.feedback, name="feedback"),
    path(
        "meetings/<int:pk>/representative/",
        views_day.meeting_representative,
        name="meeting-representative",
    ),
    path(
        "meetings/<int:pk>/feedback/introduction/",
        views_day.feedback_introduction,
        name="feedback-introduction",
    ),
]
