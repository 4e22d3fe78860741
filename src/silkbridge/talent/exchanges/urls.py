from django.urls import path

from silkbridge.talent.exchanges import views

app_name = "talent_exchanges"

urlpatterns = [
    path("internships/", views.internship_list, name="internships"),
    path("internships/new/", views.internship_new, name="internship-new"),
    path("internships/<int:pk>/", views.internship_detail, name="internship"),
    path("internships/<int:pk>/close/", views.internship_close, name="internship-close"),
    path("calls/", views.call_list, name="calls"),
    path("calls/new/", views.call_new, name="call-new"),
    path("calls/<int:pk>/", views.call_detail, name="call"),
    path("calls/<int:pk>/apply/", views.application_new, name="apply"),
    path("calls/<int:pk>/rank/", views.call_rank, name="call-rank"),
    path("calls/<int:pk>/allocate/", views.call_allocate, name="call-allocate"),
    path("applicants/", views.applicants, name="applicants"),
    path("applicants/<int:pk>/confirm/", views.applicant_confirm, name="applicant-confirm"),
    path("applications/", views.application_list, name="applications"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="withdraw"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("nominations/", views.nomination_list, name="nominations"),
    path("nominations/<int:pk>/", views.nomination_decide, name="nomination"),
    path("mobilities/", views.mobility_list, name="mobilities"),
    path("mobilities/<int:pk>/", views.mobility_detail, name="mobility"),
]
