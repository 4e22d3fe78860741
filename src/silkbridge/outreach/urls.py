from django.urls import path

from silkbridge.outreach import views

app_name = "outreach"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.upload, name="upload"),
    path("<int:pk>/preview/", views.preview, name="preview"),
    path("<int:pk>/", views.campaign_detail, name="campaign"),
    path("<int:pk>/remind/", views.remind, name="remind"),
    path("i/<str:token>/", views.link, name="link"),
]
