"""URLs of the agenda and the forum's day (added to the forums URLconf, namespace "forums")."""

from django.urls import path

from silkbridge.forums import views_after, views_agenda, views_desk

urlpatterns = [
    path("agenda-sw.js", views_agenda.agenda_service_worker, name="agenda-sw"),
    path("<slug:slug>/my-agenda/", views_agenda.my_agenda, name="my-agenda"),
    path(
        "<slug:slug>/participants/<int:pk>/agenda.webmanifest",
        views_agenda.agenda_manifest,
        name="agenda-manifest",
    ),
    path("<slug:slug>/participants/<int:pk>/agenda/", views_agenda.agenda, name="agenda"),
    path(
        "<slug:slug>/participants/<int:pk>/agenda.pdf", views_agenda.agenda_pdf, name="agenda-pdf"
    ),
    path(
        "<slug:slug>/participants/<int:pk>/agenda.ics", views_agenda.agenda_ics, name="agenda-ics"
    ),
    path("<slug:slug>/checkin/", views_desk.checkin, name="checkin"),
    path(
        "<slug:slug>/checkin/participants/<int:pk>/",
        views_desk.checkin_participant,
        name="checkin-participant",
    ),
    path("<slug:slug>/checkin/<str:token>/", views_desk.checkin_code, name="checkin-code"),
    path("<slug:slug>/badges.pdf", views_desk.badges_all, name="badges"),
    path(
        "<slug:slug>/participants/<int:pk>/badges.pdf",
        views_desk.badges_participant,
        name="badges-participant",
    ),
    path("<slug:slug>/day/", views_desk.day, name="day"),
    path("<slug:slug>/walk-in/", views_desk.walk_in, name="walk-in"),
    path("<slug:slug>/statistics/", views_after.statistics, name="stats"),
    path("<slug:slug>/statistics/remind/", views_after.feedback_remind, name="feedback-remind"),
    path(
        "<slug:slug>/participants/<int:pk>/statistics/",
        views_after.own_statistics,
        name="own-stats",
    ),
    path("meetings/<int:pk>/mark/", views_desk.mark, name="meeting-mark"),
    path("meetings/<int:pk>/feedback/", views_after.feedback, name="feedback"),
    path(
        "meetings/<int:pk>/representative/",
        views_agenda.meeting_representative,
        name="meeting-representative",
    ),
    path(
        "meetings/<int:pk>/feedback/introduction/",
        views_after.feedback_introduction,
        name="feedback-introduction",
    ),
]
