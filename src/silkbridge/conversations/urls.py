from django.urls import path

from silkbridge.conversations import views

app_name = "conversations"
urlpatterns = [
    path("", views.conversation_list, name="list"),
    path("new/<slug:slug>/", views.start_thread, name="start"),
    path("<int:pk>/", views.conversation_detail, name="detail"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
