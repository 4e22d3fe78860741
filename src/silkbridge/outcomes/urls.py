from django.urls import path

from silkbridge.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/<slug:table>.csv", views.export_table, name="export"),
    path("report.pdf", views.report_pdf, name="report"),
    path("targets/", views.target_list, name="targets"),
    path("targets/export.csv", views.target_export, name="targets-export"),
    path("targets/new/", views.target_create, name="target-create"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target-edit"),
    path("targets/<int:pk>/delete/", views.target_delete, name="target-delete"),
]
