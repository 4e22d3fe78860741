from django.urls import path

from silkbridge.ventures import views

app_name = "ventures"

urlpatterns = [
    path("", views.venture_list, name="list"),
    path("export.csv", views.venture_export, name="export"),
    path("new/", views.venture_new, name="new"),
    path("rates/", views.rates, name="rates"),
    path("stories/", views.public_stories, name="stories"),
    path("stories/<int:pk>/", views.public_story, name="story"),
    path("<int:pk>/", views.venture_detail, name="detail"),
    path("<int:pk>/edit/", views.venture_edit, name="edit"),
    path("<int:pk>/stage/", views.venture_stage, name="stage"),
    path("<int:pk>/review/", views.venture_review, name="review"),
    path(
        "<int:pk>/parties/<int:party_pk>/public-story/",
        views.venture_public_story,
        name="public-story",
    ),
    path(
        "<int:pk>/history/<int:change_pk>/",
        views.stage_change_correct,
        name="correct-stage-change",
    ),
]
