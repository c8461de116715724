"""Reference data loaded from the country profile: regions, agencies, offences and code lists."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kuska.registry.codes import OffenceCategory
from kuska.registry.models.constraints import not_before


class Region(models.Model):
    """A reporting region (Peru: 24 departments, Callao, and Lima split into Metropolitan Lima and Lima Provincias)."""

    code = models.CharField(max_length=20, unique=True)
    name_es = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)
    inei_department = models.CharField(max_length=2, db_index=True)
    inei_province = models.CharField(max_length=2, blank=True)
    reniec_department = models.CharField(max_length=2, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return f"{self.code} {self.name_es}"


class Agency(models.Model):
    """An institution that submits records or is counted (police unit, prosecutors, ministry, NGO…)."""

    code = models.CharField(max_length=40, unique=True)
    name_es = models.CharField(max_length=250)
    name_en = models.CharField(max_length=250)
    acronym = models.CharField(max_length=40, blank=True)
    sector = models.CharField(max_length=40)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # other codes the agency goes by (an acronym, an older code), separated by |
    aliases = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="agency_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Offence(models.Model):
    """A penal-code article in one version of the legal framework, with the article it replaced."""

    framework = models.CharField(max_length=20)
    article = models.CharField(max_length=20)
    title_es = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    category = models.CharField(max_length=20, choices=OffenceCategory.choices)
    exploitation_form = models.CharField(max_length=50, blank=True)
    penalty_min_years = models.PositiveSmallIntegerField(null=True, blank=True)
    penalty_max_years = models.PositiveSmallIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["framework", "article"]
        verbose_name = _("offence")
        verbose_name_plural = _("offences")
        constraints = [
            models.UniqueConstraint(fields=["framework", "article"], name="offence_unique_article"),
            models.CheckConstraint(
                condition=Q(category__in=OffenceCategory.values), name="offence_category_valid"
            ),
            not_before("valid_to", "valid_from", "offence_validity_ordered"),
            not_before("penalty_max_years", "penalty_min_years", "offence_penalty_ordered"),
        ]

    def __str__(self) -> str:
        return f"art. {self.article} ({self.framework})"


class CodeItem(models.Model):
    """One value of a code list (sex, nationality, form of exploitation, service type…), with its labels."""

    list = models.CharField(max_length=40)
    code = models.CharField(max_length=60)
    label_es = models.CharField(max_length=200)
    label_en = models.CharField(max_length=200)
    group = models.CharField(max_length=60, blank=True)
    # other ways agencies write the value, separated by |
    aliases = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["list", "sort_order"]
        verbose_name = _("code")
        verbose_name_plural = _("code lists")
        constraints = [
            models.UniqueConstraint(fields=["list", "code"], name="codeitem_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.list}:{self.code}"


class LoadedProfile(models.Model):
    """The country profile this database was initialised with, and the digest of its files."""

    code = models.CharField(max_length=40, unique=True)
    country = models.CharField(max_length=2)
    name_es = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)
    digest = models.CharField(max_length=64)
    loaded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("country profile")
        verbose_name_plural = _("country profiles")

    def __str__(self) -> str:
        return self.code
