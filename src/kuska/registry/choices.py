"""The values a declared column may take, for a form that offers them: each as the value intake reads and its
label in a language.

A column of a code list offers the list's codes; a region column the regions and an agency column the agencies of
the profile, by code; a yes/no column yes and no. Any other column is typed freely (``None``).

>>> # choices(RECORD_TYPES["hotline_calls"].column("line"), "es")
>>> # [(code, its label in Spanish), …]: the hotline code list of the country profile
>>> # stored_labels(RECORD_TYPES["hotline_calls"].column("suspected_trafficking"), "en")
>>> # {True: 'Yes', False: 'No'}
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kuska.i18n import localized, translated
from kuska.registry.models import Agency, CodeItem, Region
from kuska.registry.records.base import Column, Kind

# what intake reads as yes and as no (kuska.intake.values.parse_boolean)
YES, NO = "yes", "no"


def choices(column: Column, language: str) -> list[tuple[str, str]] | None:
    """The values the column may take, ``(value, label)`` in the order the profile gives them; ``None`` for a
    column typed freely (text, dates, numbers, references)."""
    if column.kind in (Kind.CODE, Kind.CODES):
        items = CodeItem.objects.filter(list=column.code_list).order_by("sort_order", "code")
        return [(item.code, localized(item, "label", language)) for item in items]
    if column.kind is Kind.REGION:
        return [
            (region.code, localized(region, "name", language))
            for region in Region.objects.order_by("code")
        ]
    if column.kind in (Kind.AGENCY, Kind.AGENCIES):
        return [
            (agency.code, f"{agency.code} — {localized(agency, 'name', language)}")
            for agency in Agency.objects.order_by("code")
        ]
    if column.kind is Kind.BOOLEAN:
        return [(YES, translated(_("Yes"), language)), (NO, translated(_("No"), language))]
    return None


def stored_labels(column: Column, language: str) -> dict[object, str]:
    """How the column's stored values are shown, by stored value: a code by its label, a region (its id) by its
    name, an agency (its id) by its code, yes and no in words. Empty for a column shown as it is stored."""
    if column.kind is Kind.BOOLEAN:
        return {True: translated(_("Yes"), language), False: translated(_("No"), language)}
    if column.kind is Kind.CODE:
        items = CodeItem.objects.filter(list=column.code_list)
        return {item.code: localized(item, "label", language) for item in items}
    if column.kind is Kind.REGION:
        return {region.pk: localized(region, "name", language) for region in Region.objects.all()}
    if column.kind is Kind.AGENCY:
        return dict(Agency.objects.values_list("pk", "code"))
    return {}
