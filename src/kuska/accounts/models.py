"""People who use Kuska, their memberships of agencies and the roles that give them permissions.

A :class:`User` logs in with an e-mail address. What a user may do comes only from their :class:`Membership` rows:
each gives one :class:`Role` at one agency, and a membership of an agency covers its units (see
:mod:`kuska.accounts.tree`). Roles and permissions are rows loaded from ``roles.toml`` (documented in
``docs/access.md``), never names tested in code.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
import time
from base64 import b32encode
from binascii import unhexlify
from typing import Any, ClassVar
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP
from django_otp.util import random_hex

from kuska.registry.fields import EncryptedTextField
from kuska.registry.models import Agency


def normalise_email(email: str) -> str:
    """The form an e-mail address is stored and looked up in: trimmed and lower-cased.

    >>> normalise_email("  Rosa.Quispe@Mimp.gob.PE ")
    'rosa.quispe@mimp.gob.pe'
    """
    return email.strip().lower()


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        if not email or not email.strip():
            raise ValueError("a user needs an e-mail address")
        user = self.model(email=normalise_email(email), **fields)
        user.set_password(password)  # None: an unusable password, no login until one is set
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email=normalise_email(username or ""))


class User(AbstractBaseUser, PermissionsMixin):
    """A person with a login. Disabled (``is_active`` false), never deleted: the audit trail names them."""

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    # a language with a catalogue (settings.LANGUAGES); checked by kuska.accounts.users, not by choices, so a new
    # catalogue needs no migration
    language = models.CharField(_("language"), max_length=10, default="es")
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff"), default=False, help_text=_("May sign in to the administration site.")
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ignoring_case"),
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalise_email(self.email)

    def get_full_name(self) -> str:
        return self.display_name or self.email

    def get_short_name(self) -> str:
        return self.display_name or self.email

    def offered_language(self) -> str | None:
        """The user's language when Kuska offers it (``settings.LANGUAGES``), else None: a catalogue may have
        been removed since it was stored."""
        return self.language if _offered(self.language) else None

    def choose_language(self, code: str) -> bool:
        """Store the language the user chose (the pages' language switch), when Kuska offers it; whether the
        stored language is now ``code``."""
        if not _offered(code):
            return False
        if self.language != code:
            self.language = code
            self.save(update_fields=["language"])
        return True


def _offered(code: str) -> bool:
    return any(code == offered for offered, _name in settings.LANGUAGES)


class Permission(models.Model):
    """Something a role allows, e.g. ``records.submit``; ``scope`` says whether it holds at the membership's
    agency (and its units) or across every agency."""

    class Scope(models.TextChoices):
        AGENCY = "agency", _("at the agency and its units")
        ALL = "all", _("across all agencies")

    code = models.CharField(max_length=60, unique=True)
    scope = models.CharField(max_length=10, choices=Scope.choices)
    description = models.TextField()

    class Meta:
        ordering = ["code"]
        verbose_name = _("permission")
        verbose_name_plural = _("permissions")

    def __str__(self) -> str:
        return self.code


class Role(models.Model):
    """A named set of permissions, e.g. ``case_worker``. ``names`` holds the role's name keyed by language code;
    a role that is not ``assignable`` (``public``) is nobody's membership: it is what anyone may do."""

    code = models.CharField(max_length=40, unique=True)
    names = models.JSONField(default=dict)
    assignable = models.BooleanField(default=True)
    permissions = models.ManyToManyField(Permission, related_name="roles", blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return self.code

    def name(self, language: str) -> str:
        """The role's name in a language, else in English, else its code."""
        names: dict[str, str] = self.names or {}
        return names.get(language) or names.get("en") or self.code


class Membership(models.Model):
    """A user holds a role at an agency (and, through it, at the agency's units)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="memberships")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["user", "agency", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="membership_once_per_agency_and_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role.code}@{self.agency.code}"


def token_digest(secret: str) -> str:
    """What is stored of an API token: its SHA-256, never the token.

    >>> token_digest("ksk_example")[:16]
    '3b20bf5568088182'
    """
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(models.Model):
    """A secret with which a user's system calls the API as that user (their roles, their agencies).

    Only its SHA-256 is stored. A token works until ``expires_at`` or until it is revoked, whichever comes first,
    and never for a disabled user.
    """

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    label = models.CharField(max_length=100, blank=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user", "created_at", "pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user.email} {self.label}".strip()

    @classmethod
    def issue(cls, user: User, *, days: int, label: str = "") -> tuple[ApiToken, str]:
        """A new token of the user, valid for ``days``; the clear token is returned once and never stored."""
        secret = "ksk_" + secrets.token_urlsafe(32)
        now = timezone.now()
        token = cls.objects.create(
            user=user,
            label=label,
            digest=token_digest(secret),
            created_at=now,
            expires_at=now + datetime.timedelta(days=days),
        )
        return token, secret

    @classmethod
    def user_for(cls, secret: str) -> tuple[User, ApiToken] | None:
        """The active user a presented token belongs to, if the token is known, unexpired and not revoked."""
        found = (
            cls.objects.select_related("user")
            .filter(
                digest=token_digest(secret),
                revoked_at__isnull=True,
                expires_at__gt=timezone.now(),
                user__is_active=True,
            )
            .first()
        )
        return (found.user, found) if found else None

    @property
    def state(self) -> str:
        """``revoked``, ``expired`` or ``active``."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "active"


def new_authenticator_key() -> str:
    """A fresh TOTP key: 20 random bytes (160 bits, RFC 4226's recommendation), hex-encoded."""
    key: str = random_hex(20)
    return key


# models.Model, last, changes nothing at run time (the mixins derive from it) and tells the type checker, to whom
# django-otp's untyped classes are Any, that this is a model
class Authenticator(TimestampMixin, ThrottlingMixin, Device, models.Model):  # type: ignore[misc]
    """A user's authenticator app: the key of its time-based codes (TOTP, RFC 6238), encrypted at rest with the
    data keys, as identities are (``kuska.registry.fields.EncryptedTextField``).

    A django-otp device (its ``Device`` and mixins: confirmation, throttling after wrong codes, last use), so
    django-otp's session handling and ``devices_for_user`` know it; it behaves as django-otp's ``TOTPDevice``,
    whose key column holds the key in clear (``docs/access.md``, "Second factor").

    >>> device = Authenticator(key="3132333435363738393031323334353637383930")
    >>> device.bin_key
    b'12345678901234567890'
    """

    key = EncryptedTextField(
        _("key"),
        default=new_authenticator_key,
        help_text=_("The authenticator's secret, hex-encoded; encrypted at rest."),
    )
    step = models.PositiveSmallIntegerField(_("time step in seconds"), default=30)
    t0 = models.BigIntegerField(_("first time step (Unix time)"), default=0)
    digits = models.PositiveSmallIntegerField(_("digits"), default=6)
    tolerance = models.PositiveSmallIntegerField(
        _("time steps of tolerance"),
        default=1,
        help_text=_("How many time steps before and after the current one a code may be from."),
    )
    drift = models.SmallIntegerField(_("drift in time steps"), default=0)
    # django-otp's DeviceManager (a Manager with devices_for_user()), which the type checker cannot see
    objects: ClassVar[models.Manager[Authenticator]]
    _default_manager: ClassVar[models.Manager[Authenticator]]
    last_t = models.BigIntegerField(
        _("last accepted time step"),
        default=-1,
        help_text=_("A code is accepted once: the next must be of a later time step."),
    )

    class Meta:
        verbose_name = _("authenticator")
        verbose_name_plural = _("authenticators")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(digits__in=(6, 8)), name="authenticator_six_or_eight_digits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.user.email})"

    @property
    def bin_key(self) -> bytes:
        """The key as bytes."""
        return unhexlify(self.key.encode())

    def verify_token(self, token: object) -> bool:
        """Whether ``token`` is a code of this authenticator not used before (django-otp's ``Device`` API).

        A good code moves ``last_t`` on (so it is accepted once), follows the app's clock drift and resets the
        throttle; a wrong one makes the next try wait (``ThrottlingMixin``: 1 s, then doubling).
        """
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        try:
            code = int(str(token))
        except ValueError:
            code = -1
        totp = TOTP(self.bin_key, self.step, self.t0, self.digits, self.drift)
        totp.time = time.time()
        verified = code >= 0 and bool(totp.verify(code, self.tolerance, self.last_t + 1))
        if not verified:
            self.throttle_increment(commit=True)
            return False
        self.last_t = totp.t()
        self.drift = totp.drift
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True

    def get_throttle_factor(self) -> int:
        """Seconds of the first wait after a wrong code (doubled after each further one)."""
        return int(getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1))

    @property
    def config_url(self) -> str:
        """The ``otpauth://`` address an authenticator app reads from the QR code: the key, the user's e-mail
        and ``settings.OTP_TOTP_ISSUER``."""
        label = str(self.user.get_username())
        params = urlencode(
            {
                "secret": b32encode(self.bin_key),
                "algorithm": "SHA1",
                "digits": self.digits,
                "period": self.step,
            }
        )
        issuer = str(getattr(settings, "OTP_TOTP_ISSUER", "") or "").replace(":", "")
        if issuer:
            label = f"{issuer}:{label}"
            params += f"&issuer={quote(issuer)}"
        return f"otpauth://totp/{quote(label)}?{params}"
