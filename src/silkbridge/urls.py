from django.contrib import admin
from django.urls import include, path

from silkbridge.api import api

urlpatterns = [
    path("", include("silkbridge.core.urls")),
    path("accounts/", include("silkbridge.accounts.urls")),
    path("directory/", include("silkbridge.directory.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
