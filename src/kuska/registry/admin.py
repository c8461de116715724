"""Django admin for the reference data loaded from the country profile. Records are not edited here: they come
through intake, with provenance."""

from django.contrib import admin

from kuska.registry.models import Agency, CodeItem, LoadedProfile, Offence, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = ["code", "name_es", "inei_department", "inei_province", "reniec_department"]
    search_fields = ["code", "name_es", "name_en"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ["code", "name_es", "sector", "region", "parent"]
    list_filter = ["sector"]
    search_fields = ["code", "name_es", "name_en", "acronym"]


@admin.register(Offence)
class OffenceAdmin(admin.ModelAdmin[Offence]):
    list_display = [
        "article",
        "framework",
        "title_es",
        "category",
        "replaces",
        "valid_from",
        "valid_to",
    ]
    list_filter = ["framework", "category"]
    search_fields = ["article", "title_es", "title_en"]


@admin.register(CodeItem)
class CodeItemAdmin(admin.ModelAdmin[CodeItem]):
    list_display = ["list", "code", "label_es", "label_en", "group"]
    list_filter = ["list"]
    search_fields = ["code", "label_es", "label_en"]


@admin.register(LoadedProfile)
class LoadedProfileAdmin(admin.ModelAdmin[LoadedProfile]):
    list_display = ["code", "country", "name_es", "digest", "loaded_at"]
