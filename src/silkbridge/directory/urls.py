from django.urls import path

from silkbridge.directory import bulk_views, logos, views

app_name = "directory"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("export.csv", bulk_views.export_csv, name="export"),
    path("taxonomy/", views.taxonomy, name="taxonomy"),
    path("merge/", views.merge, name="merge"),
    path("import/", bulk_views.import_upload, name="import"),
    path("import/template.csv", bulk_views.import_template, name="import-template"),
    path("import/<str:token>/", bulk_views.import_preview, name="import-preview"),
    path("import/<str:token>/progress/", bulk_views.import_progress, name="import-progress"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
    path("<slug:slug>/edit/", views.organisation_edit, name="edit"),
    path("<slug:slug>/logo/", logos.serve_logo, name="logo"),
    path("<slug:slug>/verify/", views.organisation_verify, name="verify"),
    path("<slug:slug>/people/", views.people, name="people"),
    path("<slug:slug>/people/<int:person_id>/", views.person_edit, name="person-edit"),
    path("<slug:slug>/people/<int:person_id>/remove/", views.person_remove, name="person-remove"),
]
