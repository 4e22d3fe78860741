from django.urls import path

from silkbridge.opportunities import views

app_name = "opportunities"
urlpatterns = [
    path("", views.opportunity_list, name="list"),
    path("new/", views.opportunity_create, name="create"),
    path("mine/", views.my_opportunities, name="mine"),
    path("review/", views.review_queue, name="review-queue"),
    path("saved/", views.saved_searches, name="saved-searches"),
    path("saved/<int:pk>/delete/", views.saved_search_delete, name="saved-search-delete"),
    path("saved/<int:pk>/notify/", views.saved_search_notify, name="saved-search-notify"),
    path("<int:pk>/", views.opportunity_detail, name="detail"),
    path("<int:pk>/edit/", views.opportunity_edit, name="edit"),
    path("<int:pk>/submit/", views.opportunity_submit, name="submit"),
    path("<int:pk>/review/", views.opportunity_review, name="review"),
    path("<int:pk>/close/", views.opportunity_close, name="close"),
    path("<int:pk>/renew/", views.opportunity_renew, name="renew"),
    path("<int:pk>/files/", views.attachment_upload, name="attachment-upload"),
    path(
        "<int:pk>/files/<int:attachment_id>/",
        views.attachment_download,
        name="attachment-download",
    ),
    path(
        "<int:pk>/files/<int:attachment_id>/remove/",
        views.attachment_remove,
        name="attachment-remove",
    ),
]
