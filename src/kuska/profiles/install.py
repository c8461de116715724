"""Writing a profile into the registry. Idempotent: a second run creates and changes nothing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from kuska.profiles.reader import Profile
from kuska.registry.models import Agency, CodeItem, LoadedProfile, Offence, Region


@dataclass
class TableCount:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class InstallReport:
    """What :func:`install` did, table by table."""

    profile: str
    tables: dict[str, TableCount] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(t.created or t.updated for t in self.tables.values())


def _date(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _int(text: str) -> int | None:
    return int(text) if text else None


def _upsert(
    model: type[models.Model], key: dict[str, Any], values: dict[str, Any], count: TableCount
) -> Any:
    obj = model._default_manager.filter(**key).first()
    if obj is None:
        count.created += 1
        return model._default_manager.create(**key, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        count.updated += 1
    else:
        count.unchanged += 1
    return obj


def _parents_first(rows: list[dict[str, str]], *, key: str, ref: str) -> list[dict[str, str]]:
    """The rows ordered so that a row comes after the row its ``ref`` column points to."""
    done: set[str] = set()
    ordered: list[dict[str, str]] = []
    pending = list(rows)
    while pending:
        ready = [r for r in pending if not r[ref] or r[ref] in done]
        if not ready:
            raise ValueError(f"circular '{ref}' references among {[r[key] for r in pending]}")
        for row in ready:
            done.add(row[key])
            ordered.append(row)
        pending = [r for r in pending if r[key] not in done]
    return ordered


@transaction.atomic
def install(profile: Profile) -> InstallReport:
    """Create or update the profile's regions, code lists, agencies and offences; all or nothing."""
    report = InstallReport(profile=profile.code)
    counts = {name: TableCount() for name in ("regions", "code lists", "agencies", "offences")}
    report.tables = counts

    regions: dict[str, Region] = {}
    for row in profile.regions:
        regions[row["code"]] = _upsert(
            Region,
            {"code": row["code"]},
            {
                "name_es": row["name_es"],
                "name_en": row["name_en"],
                "inei_department": row["inei_department"],
                "inei_province": row.get("inei_province", ""),
                "reniec_department": row.get("reniec_department", ""),
                "notes": row.get("notes", ""),
            },
            counts["regions"],
        )

    order: dict[str, int] = {}
    for row in profile.codes:
        order[row["list"]] = order.get(row["list"], 0) + 1
        _upsert(
            CodeItem,
            {"list": row["list"], "code": row["code"]},
            {
                "label_es": row["label_es"],
                "label_en": row["label_en"],
                "group": row["group"],
                "aliases": row.get("aliases", ""),
                "notes": row.get("notes", ""),
                "sort_order": order[row["list"]],
            },
            counts["code lists"],
        )

    agencies: dict[str, Agency] = {}
    for row in _parents_first(profile.agencies, key="code", ref="parent"):
        agencies[row["code"]] = _upsert(
            Agency,
            {"code": row["code"]},
            {
                "name_es": row["name_es"],
                "name_en": row["name_en"],
                "acronym": row.get("acronym", ""),
                "aliases": row.get("aliases", ""),
                "sector": row["sector"],
                "region": regions.get(row["region"]),
                "parent": agencies.get(row["parent"]),
                "notes": row.get("notes", ""),
            },
            counts["agencies"],
        )

    offences: dict[str, Offence] = {}  # by article; a replaced article is one of an older framework
    for row in _parents_first(profile.offences, key="article", ref="replaces"):
        offences[row["article"]] = _upsert(
            Offence,
            {"framework": row["framework"], "article": row["article"]},
            {
                "title_es": row["title_es"],
                "title_en": row["title_en"],
                "valid_from": _date(row["valid_from"]),
                "valid_to": _date(row["valid_to"]),
                "replaces": offences.get(row["replaces"]),
                "category": row["category"],
                "exploitation_form": row.get("exploitation_form", ""),
                "penalty_min_years": _int(row.get("penalty_min_years", "")),
                "penalty_max_years": _int(row.get("penalty_max_years", "")),
                "notes": row.get("notes", ""),
            },
            counts["offences"],
        )

    if (
        report.changed
        or not LoadedProfile.objects.filter(code=profile.code, digest=profile.digest).exists()
    ):
        LoadedProfile.objects.update_or_create(
            code=profile.code,
            defaults={
                "country": profile.country,
                "name_es": profile.name_es,
                "name_en": profile.name_en,
                "digest": profile.digest,
                "loaded_at": timezone.now(),
            },
        )
    return report
