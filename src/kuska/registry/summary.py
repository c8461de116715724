"""What the registry holds, table by table: for the home page, ``kuska init`` and ``kuska demo``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, models

from kuska.registry import models as registry_models

REFERENCE_MODELS: tuple[type[models.Model], ...] = (
    registry_models.Region,
    registry_models.Agency,
    registry_models.Offence,
    registry_models.CodeItem,
)


@dataclass(frozen=True)
class TableSize:
    name: str
    label: str
    rows: int


def record_models() -> list[type[models.Model]]:
    """Every concrete model that carries provenance, in declaration order."""
    return [
        getattr(registry_models, name)
        for name in registry_models.__all__
        if issubclass(getattr(registry_models, name), registry_models.Record)
        and not getattr(registry_models, name)._meta.abstract
    ]


def _sizes(
    model_list: list[type[models.Model]] | tuple[type[models.Model], ...],
) -> list[TableSize]:
    return [
        TableSize(
            m._meta.model_name or "", str(m._meta.verbose_name_plural), m._default_manager.count()
        )
        for m in model_list
    ]


def reference_sizes() -> list[TableSize]:
    return _sizes(REFERENCE_MODELS)


def record_sizes() -> list[TableSize]:
    return _sizes(record_models())


def database_description() -> str:
    """The backend and database name, without credentials: ``sqlite (kuska.sqlite3)``."""
    settings = connection.settings_dict
    name = str(settings.get("NAME") or "")
    if connection.vendor == "sqlite":
        name = name.rsplit("/", 1)[-1]
    host = settings.get("HOST") or ""
    where = f"{name}@{host}" if host else name
    return f"{connection.vendor} ({where})"


def loaded_profile() -> registry_models.LoadedProfile | None:
    """The country profile loaded into the database, if any."""
    return registry_models.LoadedProfile.objects.first()
