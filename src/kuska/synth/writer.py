"""Writing a synthetic data set as agencies would submit it: one folder per agency, one CSV per record type.

Files follow the submission format (``docs/intake.md``): the file name is the record type (``persons.csv``), row 1
holds column names, dates are ``dd/mm/yyyy``. Each agency keeps its own habits, all of which the intake accepts:
the police write names in capitals without accents, sex as ``F``/``M``, countries and document types by their
Spanish names and regions by name; the child-protection units and the emergency centres use the Spanish column names (``nombres``, ``apellido_paterno``),
Spanish labels for code lists and the semicolon-separated, BOM-marked CSV of a Spanish-language Excel; MININTER
writes amounts as ``2.350.000,00``. Beside the folders: ``truth.csv`` (which person records are the same person)
and ``README.txt``.
"""

from __future__ import annotations

import csv
import datetime
import io
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path

from kuska.files import open_private, private_folder, write_private
from kuska.intake.schema import RECORD_TYPES, Column, Kind
from kuska.synth.country import (
    CHILD_PROTECTION,
    COURTS,
    EMERGENCY_CENTRES,
    INTERIOR,
    POLICE,
    PROSECUTORS,
    VICTIM_CARE,
)
from kuska.synth.dataset import Dataset, Row

NAME_COLUMNS = frozenset({"given_names", "paternal_surname", "maternal_surname"})


@dataclass(frozen=True)
class Style:
    """How one agency writes its files."""

    # the first Spanish alias of each column instead of its English name
    spanish_headers: bool = False
    delimiter: str = ","
    bom: bool = False
    names: str = "title"  # title: as spelt; upper: capitals; plain: capitals without accents
    labels: frozenset[str] = frozenset()  # code lists written as their Spanish label
    own_words: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # list → code → word
    regions_by_name: bool = False
    yes: str = "sí"
    no: str = "no"
    decimal_comma: bool = False


STYLES: Mapping[str, Style] = {
    POLICE: Style(
        names="plain",
        labels=frozenset({"nationality"}),
        own_words={
            "sex": {"female": "F", "male": "M"},
            "person_role": {"victim": "VICTIMA", "suspect": "DENUNCIADO"},
            "document_type": {
                "dni": "DNI",
                "ce": "CARNÉ DE EXTRANJERÍA",
                "passport": "PASAPORTE",
                "ptp": "PTP",
                "cpp": "CPP",
                "foreign_id": "CÉDULA",
                "birth_certificate": "PARTIDA DE NACIMIENTO",
                "none": "SIN DOCUMENTO",
            },
        },
        regions_by_name=True,
        yes="SI",
        no="NO",
    ),
    PROSECUTORS: Style(),
    VICTIM_CARE: Style(
        labels=frozenset({"nationality", "service_type"}),
        own_words={"sex": {"female": "Mujer", "male": "Hombre"}},
    ),
    COURTS: Style(names="upper"),
    CHILD_PROTECTION: Style(
        spanish_headers=True,
        delimiter=";",
        bom=True,
        labels=frozenset(
            {
                "sex",
                "nationality",
                "document_type",
                "person_role",
                "service_type",
                "referral_outcome",
                "facility_type",
                "language",
            }
        ),
        regions_by_name=True,
        yes="Sí",
        no="No",
    ),
    EMERGENCY_CENTRES: Style(
        spanish_headers=True,
        delimiter=";",
        bom=True,
        labels=frozenset({"facility_type"}),
        regions_by_name=True,
        yes="Sí",
        no="No",
    ),
    INTERIOR: Style(decimal_comma=True),
}
DEFAULT_STYLE = Style()


def _profile_file(name: str) -> list[dict[str, str]]:
    text = (resources.files("kuska") / "profiles" / "peru" / name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


_LABELS: dict[tuple[str, str], str] = {
    (row["list"], row["code"]): row["label_es"] for row in _profile_file("codelists.csv")
}
_REGION_NAMES = {row["code"]: row["name_es"] for row in _profile_file("regions.csv")}


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) or ch == "\u0303")
    return unicodedata.normalize("NFC", kept).upper()  # capitals without accents, Ñ kept


def _date(value: object) -> str:
    assert isinstance(value, datetime.date)
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


class _Formatter:
    def __init__(self, style: Style) -> None:
        self.style = style

    def code(self, column: Column, value: str) -> str:
        words = self.style.own_words.get(column.code_list, {})
        if value in words:
            return words[value]
        if column.code_list in self.style.labels:
            return _LABELS.get((column.code_list, value), value)
        return value

    def cell(self, column: Column, value: object) -> str:
        style = self.style
        if value is None or value == "" or value == []:
            return ""
        kind = column.kind
        if kind is Kind.DATE:
            return _date(value)
        if kind is Kind.DATETIME:
            assert isinstance(value, datetime.datetime)
            return f"{_date(value)} {value.hour:02d}:{value.minute:02d}"
        if kind is Kind.BOOLEAN:
            return style.yes if value else style.no
        if kind is Kind.DECIMAL:
            amount = Decimal(str(value)).quantize(Decimal("0.01"))
            text = f"{amount:,.2f}"
            if style.decimal_comma:
                text = text.replace(",", "_").replace(".", ",").replace("_", ".")
            else:
                text = text.replace(",", "")
            return text
        if kind is Kind.CODE:
            return self.code(column, str(value))
        if kind is Kind.REGION:
            return (
                _REGION_NAMES.get(str(value), str(value)) if style.regions_by_name else str(value)
            )
        if isinstance(value, list):
            parts = [self.code(column, str(v)) if kind is Kind.CODES else str(v) for v in value]
            return "; ".join(parts) if kind is Kind.AGENCIES else ";".join(parts)
        if column.name in NAME_COLUMNS:
            text = str(value)
            if style.names == "upper":
                return text.upper()
            if style.names == "plain":
                return _plain(text)
            return text
        return str(value)


def _header(column: Column, style: Style) -> str:
    if style.spanish_headers and column.aliases:
        return column.aliases[0]
    return column.name


def write_rows(path: Path, record_type: str, rows: list[Row], style: Style) -> None:
    """One record type's rows as a CSV file: the columns any row fills, in the format's order."""
    schema = RECORD_TYPES[record_type]
    known = {c.name for c in schema.columns}
    for row in rows:
        unknown = set(row) - known
        if unknown:
            raise ValueError(f"{record_type}: no column {', '.join(sorted(unknown))} in the format")
    used = [c for c in schema.columns if any(row.get(c.name) not in (None, "", []) for row in rows)]
    formatter = _Formatter(style)
    with open_private(
        path, "w", encoding="utf-8-sig" if style.bom else "utf-8", newline=""
    ) as handle:
        writer = csv.writer(handle, delimiter=style.delimiter, lineterminator="\n")
        writer.writerow([_header(c, style) for c in used])
        for row in rows:
            writer.writerow([formatter.cell(c, row.get(c.name)) for c in used])


def write_dataset(dataset: Dataset, out: Path) -> dict[str, dict[str, int]]:
    """Write every agency's files, ``truth.csv`` and ``README.txt`` under ``out``; rows written per agency and type.

    Files of another run in the agency folders are removed first, so the folder holds this data set only.
    """
    private_folder(out)
    counts: dict[str, dict[str, int]] = {}
    for agency in sorted(dataset.submissions):
        submission = dataset.submissions[agency]
        folder = out / agency
        private_folder(folder)
        for old in folder.glob("*.csv"):
            old.unlink()
        style = STYLES.get(agency, DEFAULT_STYLE)
        counts[agency] = {}
        for record_type in RECORD_TYPES:  # the order of the format
            rows = submission.rows.get(record_type)
            if rows:
                write_rows(folder / f"{record_type}.csv", record_type, rows, style)
                counts[agency][record_type] = len(rows)
    with open_private(out / "truth.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["agency", "source_record_id", "truth_id", "noise"])
        writer.writerows(sorted(dataset.truth))
    write_private(out / "README.txt", readme(dataset, counts))
    return counts


def readme(dataset: Dataset, counts: Mapping[str, Mapping[str, int]]) -> str:
    years = f"{min(dataset.years)}–{max(dataset.years)}"
    persons = len(dataset.truth)
    lines = [
        "SYNTHETIC DATA — DATOS SINTÉTICOS",
        "",
        f"Generated by `kuska synth --years {min(dataset.years)}-{max(dataset.years)} --seed {dataset.seed}"
        f"{f' --scale {dataset.scale:g}' if dataset.scale != 1 else ''}`.",
        "",
        "Every record in these files is invented. No real person is described: given names and surnames are drawn",
        "at random from lists of common names and combined at random; document numbers and birth dates are random.",
        "Any resemblance to a real person is a coincidence. Datos inventados: ninguna persona real.",
        "",
        f"What it is: the records that Peruvian agencies would submit to Kuska for {years}, calibrated so that",
        "Kuska's indicators give the figures of the 2021 US Trafficking in Persons report on Peru (the seed",
        "entries of src/kuska/stats/indicators.toml) — exactly at scale 1. Figures the report does not give",
        "(e.g. a year it is silent on) are synthetic draws, not the report's.",
        "",
        "Layout: one folder per submitting agency (agency codes of the Peru profile), one CSV per record type, in",
        "the submission format of docs/intake.md. Import each folder with:",
        "",
        "    kuska import DIR/<AGENCY>/*.csv --agency <AGENCY>",
        "",
        f"truth.csv: agency, source_record_id, truth_id, noise — which of the {persons} person records are the",
        f"same person ({len(dataset.people.persons)} persons). Agencies record the same person with mistakes",
        "(typos, swapped or missing surnames, a given name and a surname swapped, a first name only, missing or",
        "mistyped document numbers, wrong birth dates, an age instead of a birth date); some different persons",
        "share a given name and a surname. The noise column names the kinds of noise of each record (separated",
        "by ;). truth.csv is the answer key for record linkage (kuska link --evaluate truth.csv).",
        "",
        "Rows per agency and record type:",
    ]
    for agency, by_type in counts.items():
        lines.append(f"  {agency}: " + ", ".join(f"{t} {n}" for t, n in by_type.items()))
    return "\n".join(lines) + "\n"
