from django.urls import path

from silkbridge.matching import views

app_name = "matching"

urlpatterns = [
    path("organisations/<slug:slug>/", views.organisation, name="organisation"),
    path("organisations/<slug:slug>/dismiss/", views.dismiss, name="dismiss"),
    path("organisations/<slug:slug>/save/", views.save, name="save"),
    path("organisations/<slug:slug>/introduce/", views.introduce, name="introduce"),
    path("delegation/", views.delegation, name="delegation"),
]
