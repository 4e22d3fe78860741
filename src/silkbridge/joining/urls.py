from django.urls import path

from silkbridge.joining import views, views_register

app_name = "joining"
urlpatterns = [
    path("", views.start, name="start"),
    path("claim/<slug:slug>/", views.claim, name="claim"),
    path("register/", views_register.register, name="register"),
    path("claims/<int:claim_id>/withdraw/", views.withdraw, name="withdraw"),
    path("claims/<int:claim_id>/decide/", views.decide_claim, name="decide-claim"),
    path("claims/<int:claim_id>/evidence/", views.evidence, name="evidence"),
    path("organisations/<slug:slug>/claims/", views.claims_for, name="claims-for"),
    path("queue/", views.queue, name="queue"),
    path("queue/registrations/<slug:slug>/", views.decide_registration, name="decide-registration"),
]
