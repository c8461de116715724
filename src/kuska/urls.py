"""URL routes: the home page, the pages of signed-in users, the admin and the API."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from kuska.web import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("kuska.api.urls")),
    path("", include("kuska.web.urls")),
]
