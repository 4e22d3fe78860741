from django.urls import path

from silkbridge.introductions import views

app_name = "introductions"
urlpatterns = [
    path("", views.introduction_list, name="list"),
    path("overview/", views.overview, name="overview"),
    path("<int:pk>/", views.introduction_detail, name="detail"),
    path("<int:pk>/respond/", views.introduction_respond, name="respond"),
    path("<int:pk>/nudge/", views.introduction_nudge, name="nudge"),
    path("<int:pk>/reassign/", views.introduction_reassign, name="reassign"),
    path("<int:pk>/close/", views.introduction_close, name="close"),
    path("propose/<slug:slug>/", views.propose, name="propose"),
    path("introduce/<slug:slug>/", views.secretariat_introduce, name="secretariat-introduce"),
    path(
        "interest/opportunity/<int:opportunity_pk>/",
        views.interest_express,
        name="interest-express",
    ),
    path("interest/<int:pk>/withdraw/", views.interest_withdraw, name="interest-withdraw"),
    path("interest/<int:pk>/accept/", views.interest_accept, name="interest-accept"),
    path("interest/<int:pk>/decline/", views.interest_decline, name="interest-decline"),
]
