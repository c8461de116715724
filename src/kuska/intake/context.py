"""The reference data a submission is checked against, read once from the registry."""

from __future__ import annotations

import datetime
import re
import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from kuska.i18n import localized
from kuska.intake.schema import header_key
from kuska.intake.values import CellError, CodeLookup
from kuska.registry.agencies import AgencyTree
from kuska.registry.models import Agency, CodeItem, Offence, Region
from kuska.registry.offences import normalize_article


@dataclass
class Mapping:
    """An agency's own way of writing its export: renamed columns, its own values, its date formats."""

    columns: dict[str, str] = field(default_factory=dict)  # source header -> canonical column name
    values: dict[str, dict[str, str]] = field(
        default_factory=dict
    )  # code list -> {their value: code}
    date_formats: tuple[str, ...] = ()
    record_type: str = ""
    constants: dict[str, str] = field(
        default_factory=dict
    )  # canonical column -> value for every row
    name_order: str = "given_first"  # of a full-name column without a comma
    # (document type, pattern) in order; None: the profile's rules
    document_shapes: tuple[tuple[str, str], ...] | None = None


FULL_NAME = "full_name"  # a mapping target: one column split into given names and surnames


@dataclass(frozen=True)
class DocumentShapes:
    """The document type of a number sent without one, from the number's shape (the first rule that matches)."""

    rules: tuple[tuple[str, re.Pattern[str]], ...] = ()

    def type_of(self, number: str) -> str | None:
        compact = compact_number(number)
        for document_type, pattern in self.rules:
            if pattern.fullmatch(compact):
                return document_type
        return None

    @classmethod
    def of(cls, rules: tuple[tuple[str, str], ...]) -> DocumentShapes:
        return cls(tuple((kind, re.compile(pattern)) for kind, pattern in rules))


def compact_number(number: str) -> str:
    """A document number as its shape is judged: spaces, dots and hyphens removed, letters upper-cased.

    >>> compact_number("45.678-912"), compact_number("ce 001234")
    ('45678912', 'CE001234')
    """
    return re.sub(r"[\s.\-]", "", number).upper()


@dataclass(frozen=True)
class DocumentFormat:
    """The form a document type's number must have, and the rule as a data officer reads it, per language
    (``rule_es``, ``rule_en``…: the profile's ``intake.toml``, ``[document_formats.TYPE]``)."""

    pattern: re.Pattern[str]
    rule: dict[str, str]

    def fits(self, number: str) -> bool:
        return self.pattern.fullmatch(compact_number(number)) is not None

    def rule_in(self, lang: str) -> str:
        return localized(self.rule, "rule", lang)


def document_formats(profile: dict[str, object]) -> dict[str, DocumentFormat]:
    """The profile's document formats by document type; a type without one is not checked.

    >>> found = document_formats({"document_formats": {"dni": {"pattern": "[0-9]{8}", "rule_en": "8 digits"}}})
    >>> found["dni"].fits("45.678.912"), found["dni"].fits("123"), found["dni"].rule_in("es")
    (True, False, '8 digits')
    """
    declared = profile.get("document_formats", {})
    if not isinstance(declared, dict):
        raise ValueError("intake.toml: [document_formats] must be a table of document types")
    formats = {}
    for kind, spec in declared.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("pattern"), str):
            raise ValueError(f"intake.toml: [document_formats.{kind}] needs a pattern")
        rules = {key: str(value) for key, value in spec.items() if key.startswith("rule_")}
        formats[str(kind)] = DocumentFormat(re.compile(spec["pattern"]), rules)
    return formats


def profile_intake() -> dict[str, object]:
    """The profile's ``intake.toml`` (document shapes, fiscal districts), empty when it has none."""
    from kuska.profiles.reader import ProfileError, profile_dir

    try:
        path = profile_dir(str(getattr(settings, "KUSKA_PROFILE", "peru"))) / "intake.toml"
    except ProfileError:
        return {}
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


class RegionLookup:
    """Regions by ISO code (``XX-NOR`` or ``NOR``), INEI department code, or Spanish or English name.

    A department code that several regions share (the capital's department, split into the capital and the rest
    of the department) names none of them: it is ambiguous, as the department's bare name is (``ambiguous``: the
    profile's ``intake.toml``, ``ambiguous_region_names``).
    """

    def __init__(
        self,
        regions: list[Region],
        districts: dict[str, str] | None = None,
        ambiguous: Iterable[str] = (),
    ) -> None:
        self._map: dict[str, int] = {}
        shared = Counter(region.inei_department for region in regions)
        self._ambiguous = {header_key(name) for name in ambiguous}
        for region in regions:
            keys = [region.code, region.code.split("-")[-1], region.name_es, region.name_en]
            department = [region.inei_department, str(int(region.inei_department))]
            if shared[region.inei_department] == 1:
                keys += department
            else:
                self._ambiguous |= {header_key(key) for key in department}
            for key in keys:
                self._map[header_key(key)] = region.pk
        by_code = {region.code: region.pk for region in regions}
        for name, code in (districts or {}).items():  # the profile's fiscal districts
            if code in by_code:
                for key in (name, f"distrito fiscal de {name}", f"distrito fiscal {name}"):
                    self._map.setdefault(header_key(key), by_code[code])

    def resolve(self, value: object) -> int:
        key = header_key(str(value))
        if isinstance(value, float) and value.is_integer():
            key = str(int(value))
        if key in self._ambiguous:
            raise CellError("ambiguous_region")
        if key.isdigit() and len(key) == 1:
            key = "0" + key
        found = self._map.get(key) or self._map.get(key.lstrip("0"))
        if found is None:
            raise CellError("unknown_region")
        return found


class OffenceLookup:
    """Offences by article as written (``153``, ``Art. 129-A``); the charge is kept as written, in the framework
    in force on the event date, so a later reading can follow the renumbering."""

    def __init__(self, offences: list[Offence]) -> None:
        self._by_article: dict[str, list[Offence]] = {}
        for offence in offences:
            self._by_article.setdefault(offence.article, []).append(offence)

    def resolve(self, article: str, on: datetime.date | None) -> int:
        candidates = self._by_article.get(normalize_article(article))
        if not candidates:
            raise CellError("unknown_offence")
        if on is not None:
            for offence in candidates:
                starts_ok = offence.valid_from is None or offence.valid_from <= on
                ends_ok = offence.valid_to is None or on <= offence.valid_to
                if starts_ok and ends_ok:
                    return offence.pk
        return min(candidates, key=lambda o: o.valid_to is not None).pk


@dataclass
class Context:
    """Lookups for one submission, plus the agency submitting it."""

    agency: Agency
    codes: dict[str, CodeLookup]
    regions: RegionLookup
    agencies: AgencyTree
    offences: OffenceLookup
    today: datetime.date
    tz: datetime.tzinfo
    mapping: Mapping
    documents: DocumentShapes = field(default_factory=DocumentShapes)
    # the form each document type's number must have (the profile's); a type not listed is not checked
    document_formats: dict[str, DocumentFormat] = field(default_factory=dict)

    def agency_id(self, value: object) -> int:
        found = self.agencies.get(str(value))
        if found is None:
            raise CellError("unknown_agency")
        return found.id


def _not_known(
    mapping: Mapping, list_name: str, items: list[tuple[str, str, str]]
) -> dict[str, str]:
    """The mapping's values for a code list; a value mapped to ``""`` or ``"unknown"`` (where the list has no
    such code) means "not known", as an empty cell does."""
    codes = {code for code, _, _ in items}
    return {
        value: ("" if code == NOT_KNOWN and NOT_KNOWN not in codes else code)
        for value, code in mapping.values.get(list_name, {}).items()
    }


NOT_KNOWN = "unknown"


def build_context(agency: Agency, mapping: Mapping | None = None) -> Context:
    mapping = mapping or Mapping()
    items: dict[str, list[tuple[str, str, str]]] = {}
    aliases: dict[str, dict[str, str]] = {}
    for item in CodeItem.objects.order_by("list", "sort_order"):
        items.setdefault(item.list, []).append((item.code, item.label_es, item.label_en))
        for alias in filter(None, (a.strip() for a in item.aliases.split("|"))):
            aliases.setdefault(item.list, {})[alias] = item.code
    codes = {
        name: CodeLookup(
            name, values, {**aliases.get(name, {}), **_not_known(mapping, name, values)}
        )
        for name, values in items.items()
    }
    profile = profile_intake()
    shapes = mapping.document_shapes
    if shapes is None:
        shapes = tuple(
            (str(rule["type"]), str(rule["pattern"]))
            for rule in profile.get("document_shapes", [])  # type: ignore[attr-defined]
        )
    districts = {str(k): str(v) for k, v in dict(profile.get("fiscal_districts", {})).items()}  # type: ignore[call-overload]
    return Context(
        agency=agency,
        codes=codes,
        regions=RegionLookup(
            list(Region.objects.all()),
            districts,
            [str(name) for name in profile.get("ambiguous_region_names", [])],  # type: ignore[attr-defined]
        ),
        documents=DocumentShapes.of(shapes),
        document_formats=document_formats(profile),
        agencies=AgencyTree.load(),
        offences=OffenceLookup(list(Offence.objects.all())),
        today=timezone.localdate(),
        tz=timezone.get_current_timezone(),
        mapping=mapping,
    )
