from django.urls import path

from silkbridge.accounts import views, views_leaving

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("language/", views.choose_language, name="language"),
    path("profile/", views.profile, name="profile"),
    path("tokens/", views.tokens, name="tokens"),
    path("leaving/", views_leaving.leaving_page, name="leaving"),
    path("leaving/my-data.json", views_leaving.export_data, name="export-data"),
    path("tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke-token"),
    path("invite/<slug:org_slug>/", views.invite, name="invite"),
    path(
        "invite/<slug:org_slug>/<int:invitation_id>/revoke/",
        views.revoke_invitation,
        name="revoke-invitation",
    ),
    path("invitations/<str:token>/", views.accept_invitation, name="accept-invitation"),
]
