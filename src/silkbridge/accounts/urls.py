"""Account pages. Sign-in, sign-up and passwords are allauth's views with our forms and rate
limits, at allauth's own paths, so `accounts:login` and `account_login` name the same page;
allauth's remaining pages (e-mail verification, two-factor) come from its URLconf after this."""

from django.urls import path, re_path
from django.views.generic import RedirectView

from silkbridge.accounts import views, views_leaving

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("signup/", views.SignUpView.as_view(), name="signup"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        views.PasswordResetFromKeyView.as_view(),
        name="password_reset_confirm",
    ),
    # The address is the one the person signed up or was invited with; several addresses per
    # account (allauth's e-mail page) are not offered.
    path("email/", RedirectView.as_view(pattern_name="accounts:profile"), name="email"),
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
