from django.urls import path

from silkbridge.talent.agreements import views

app_name = "talent_agreements"

urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("new/", views.agreement_new, name="new"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/edit/", views.agreement_edit, name="edit"),
    path("<int:pk>/conditions/new/", views.condition_new, name="condition-new"),
    path(
        "<int:pk>/conditions/<int:condition_pk>/edit/",
        views.condition_edit,
        name="condition-edit",
    ),
    path(
        "<int:pk>/conditions/<int:condition_pk>/delete/",
        views.condition_delete,
        name="condition-delete",
    ),
    path("<int:pk>/submit/", views.agreement_submit, name="submit"),
    path("<int:pk>/approve/", views.agreement_approve, name="approve"),
    path("<int:pk>/terminate/", views.agreement_terminate, name="terminate"),
    path("<int:pk>/agreement.pdf", views.agreement_pdf, name="pdf"),
    path("<int:pk>/ewp-iia.json", views.agreement_ewp, name="ewp"),
]
