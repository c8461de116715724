"""URL routes: the home page and the admin."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, path

from kuska.web import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
]
