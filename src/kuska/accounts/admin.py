"""The administration site's pages for users. Roles and permissions are shown, not edited: they come from
``roles.toml``. Adding or changing a user here is an audit event, like ``kuska user``; users are disabled, never
deleted."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kuska.accounts.models import Membership, Role, User
from kuska.audit.trail import Action, record_event, request_source


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserEditForm(UserChangeForm[User]):
    class Meta:
        model = User
        fields = "__all__"


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    extra = 0
    autocomplete_fields = ["agency"]


# the stubs bind Django's UserAdmin to AbstractUser; it serves any user model given its forms and fieldsets
@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):  # type: ignore[type-var]
    form = UserEditForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "display_name", "language", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "memberships__role"]
    search_fields = ["email", "display_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("display_name", "language")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )
    filter_horizontal = ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def _actor(self, request: HttpRequest) -> User | None:
        return request.user if isinstance(request.user, User) else None

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        record_event(
            self._actor(request), Action.USER_ADD, records=[obj], source=request_source(request)
        )
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        record_event(
            self._actor(request), Action.USER_CHANGE, records=[obj], source=request_source(request)
        )
        return super().log_change(request, obj, message)


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin[Role]):
    list_display = ["code", "assignable"]
    readonly_fields = ["code", "names", "assignable", "permissions"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
