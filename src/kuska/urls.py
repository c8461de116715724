"""URL routes: the home page, signing in and out, the language switch, the pages of signed-in users, the admin
and the API."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from kuska.web import auth, offline, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("sign-in/", auth.login, name="login"),
    path("sign-in/second-factor/", auth.second_factor, name="second-factor"),
    path("sign-out/", auth.logout, name="logout"),
    path("language/", auth.set_language, name="set_language"),
    # the offline forms' service worker: served from the root, its scope covers the forms (kuska.web.offline)
    path("offline-worker.js", offline.worker, name="offline-worker"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("kuska.api.urls")),
    path("", include("kuska.web.urls")),
]
