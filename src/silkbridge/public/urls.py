from django.urls import path

from silkbridge.public import views

app_name = "public"
urlpatterns = [
    path("terms/", views.terms, name="terms"),
    path("terms/<int:version>/", views.terms, name="terms-version"),
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/<int:version>/", views.privacy, name="privacy-version"),
    path("legal/<str:kind>/edit/", views.edit_legal, name="legal-edit"),
]
