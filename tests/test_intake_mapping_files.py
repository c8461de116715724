"""Mapping files say what an export leaves unsaid: constants, one full-name column, document types from the
number's shape, the export's own codes, and where the person was identified — each as docs/intake.md shows it,
on files in the shape agencies send (Latin-1, ';', Spanish headers, dd/mm/yyyy and Excel serial dates, ages)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kuska.intake.mapping import MappingError, read_mapping_text
from kuska.intake.models import RejectedRow
from kuska.intake.names import split_full_name
from kuska.intake.submit import submit
from kuska.registry.models import PersonRecord

DOC = (Path(__file__).resolve().parents[1] / "docs" / "intake.md").read_text(encoding="utf-8")
MAPPING_SECTION = DOC.split("## Mapping files", 1)[1].split("\n## ", 1)[0]

pytestmark = pytest.mark.usefixtures("peru")


def documented(fence: str, start: str) -> str:
    """The block of the mapping-files section, in a ``fence`` code block, that starts with ``start``."""
    blocks = re.findall(rf"```{fence}\n(.*?)```", MAPPING_SECTION, re.DOTALL)
    (block,) = [b for b in blocks if b.startswith(start)]
    return str(block)


def export(tmp_path: Path, header: str, *lines: str, name: str = "victimas.csv") -> Path:
    """A prosecutor's export as it arrives: Latin-1, ';' separated."""
    path = tmp_path / name
    path.write_bytes("\r\n".join([header, *lines, ""]).encode("latin-1"))
    return path


def persons() -> dict[str, PersonRecord]:
    return {p.source_record_id: p for p in PersonRecord.objects.all()}


def test_the_whole_example_of_the_docs_is_accepted_as_described(tmp_path: Path) -> None:
    path = tmp_path / "victimas_fiscalia.csv"
    path.write_bytes(documented("text", "ID_AGRAVIADO").encode("latin-1"))
    mapping = read_mapping_text(documented("toml", 'record_type = "persons"\nname_order'))

    report = submit([path], "MP-FISCALIA", mapping=mapping)

    assert (report.total("accepted"), report.total("rejected")) == (3, 0)
    assert report.files[0].sheets[0].ignored_columns == []
    found = persons()
    maria, yesenia, jose = found["F-001"], found["F-002"], found["F-003"]
    assert (maria.given_names, maria.paternal_surname, maria.maternal_surname) == (
        "María del Pilar",
        "DE LA CRUZ",
        "QUISPE",
    )
    assert (maria.role, maria.document_type, maria.age_at_event, maria.names_inferred) == (
        "victim",
        "dni",
        17,
        True,
    )
    assert maria.identification_region is not None
    assert maria.identification_region.code == "PE-LMA"
    assert (yesenia.given_names, yesenia.paternal_surname, yesenia.maternal_surname) == (
        "Yesenia",
        "Ñahui",
        "Ccori",
    )
    assert (yesenia.document_type, str(yesenia.event_date)) == ("ce", "2020-03-15")
    assert yesenia.identification_region is not None
    assert yesenia.identification_region.code == "PE-CUS"
    assert (jose.given_names, jose.paternal_surname, jose.maternal_surname) == (
        "José",
        "Pérez y Soto",
        "Mamani",
    )
    assert (jose.sex, jose.document_type) == ("", "")
    assert jose.identification_region is not None
    assert jose.identification_region.code == "PE-ANC"


def test_a_constant_gives_every_row_its_value(tmp_path: Path) -> None:
    mapping = read_mapping_text(documented("toml", "[constants]"))
    path = export(tmp_path, "ID;NOMBRES;SEXO", "V-1;Rosa;F", "V-2;Luz;F")
    report = submit([path], "MP-FISCALIA", mapping=mapping)
    assert report.files[0].sheets[0].missing_columns == []
    assert {p.role for p in persons().values()} == {"victim"}
    assert report.total("accepted") == 2


@pytest.mark.parametrize(
    ("order", "written", "split"),
    [
        ("given_first", "QUISPE MAMANI, Rosa Elena", ("Rosa Elena", "QUISPE", "MAMANI")),
        ("given_first", "Rosa Elena Quispe Mamani", ("Rosa Elena", "Quispe", "Mamani")),
        ("surnames_first", "Quispe Mamani Rosa Elena", ("Rosa Elena", "Quispe", "Mamani")),
        (
            "given_first",
            "María del Pilar de la Cruz Huamán",
            ("María del Pilar", "de la Cruz", "Huamán"),
        ),
        ("given_first", "DE LOS SANTOS Y RUIZ, Ana", ("Ana", "DE LOS SANTOS Y RUIZ", "")),
        ("given_first", "Juan Pérez y Soto Mamani", ("Juan", "Pérez y Soto", "Mamani")),
        ("given_first", "Rosa Quispe", ("Rosa", "Quispe", "")),
        ("given_first", "Chaska", ("Chaska", "", "")),
    ],
)
def test_a_full_name_is_split_in_either_order_with_particles_and_compound_surnames(
    order: str, written: str, split: tuple[str, str, str]
) -> None:
    assert split_full_name(written, order) == split


def test_a_full_name_column_fills_the_name_columns_and_marks_them_inferred(tmp_path: Path) -> None:
    mapping = read_mapping_text('record_type = "persons"\n' + documented("toml", "name_order"))
    path = export(
        tmp_path,
        "ID;NOMBRE_COMPLETO;CONDICION",
        "V-1;Rosa Elena Quispe Mamani;agraviada",
        "V-2;;agraviada",
    )
    report = submit([path], "MP-FISCALIA", mapping=mapping)
    assert report.total("accepted") == 2
    assert report.files[0].sheets[0].ignored_columns == []
    rosa, unnamed = persons()["V-1"], persons()["V-2"]
    assert (rosa.given_names, rosa.paternal_surname, rosa.names_inferred) == (
        "Rosa Elena",
        "Quispe",
        True,
    )
    assert (unnamed.given_names, unnamed.names_inferred) == ("", False)


def test_the_document_type_comes_from_the_numbers_shape_where_the_export_has_no_type_column(
    tmp_path: Path,
) -> None:
    path = export(
        tmp_path,
        "ID;CONDICION;NRO_DOC",
        "V-1;agraviada;45678912",
        "V-2;agraviada;001234567",
        "V-3;agraviada;AB123456",
        "V-4;agraviada;12-34",
    )
    mapping = read_mapping_text('[columns]\n"NRO_DOC" = "document_number"\n')
    report = submit([path], "MP-FISCALIA", mapping=mapping)
    assert {k: p.document_type for k, p in persons().items()} == {
        "V-1": "dni",
        "V-2": "ce",
        "V-3": "passport",
    }
    assert report.total("rejected") == 1
    assert RejectedRow.objects.get().problems[0]["code"] == "document_without_type"


def test_a_mapping_replaces_the_profiles_document_rules(tmp_path: Path) -> None:
    rules = documented("toml", "[[document_shapes]]")
    mapping = read_mapping_text('[columns]\n"NRO_DOC" = "document_number"\n\n' + rules)
    path = export(
        tmp_path, "ID;CONDICION;NRO_DOC", "V-1;agraviada;001234567", "V-2;agraviada;AB123456"
    )
    report = submit([path], "MP-FISCALIA", mapping=mapping)
    assert {k: p.document_type for k, p in persons().items()} == {"V-1": "ce"}
    assert report.total("rejected") == 1  # no passport rule in this mapping


def test_an_empty_cell_of_a_document_type_column_is_still_an_error(tmp_path: Path) -> None:
    path = export(tmp_path, "ID;CONDICION;TIPO_DOC;NRO_DOCUMENTO", "V-1;agraviada;;45678912")
    report = submit([path], "MP-FISCALIA")
    assert report.total("rejected") == 1


def test_the_exports_own_codes_map_by_column_and_unknown_means_not_known(tmp_path: Path) -> None:
    mapping = read_mapping_text(documented("toml", "[values.sex]"))
    path = export(
        tmp_path, "ID;CONDICION;SEXO", "V-1;AGRAVIADA;X?", "V-2;AGRAVIADA;F", "V-3;AGRAVIADA;Q"
    )
    submit([path], "MP-FISCALIA", mapping=mapping)
    assert {k: (p.role, p.sex) for k, p in persons().items()} == {
        "V-1": ("victim", ""),
        "V-2": ("victim", "female"),
    }
    assert RejectedRow.objects.get().problems[0]["code"] == "not_in_code_list"


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Lima Norte", "PE-LMA"),
        ("Distrito Fiscal de Lima Sur", "PE-LMA"),
        ("Del Santa", "PE-ANC"),
        ("Selva Central", "PE-JUN"),
        ("Sullana", "PE-PIU"),
        ("Cusco", "PE-CUS"),
        ("PE-ARE", "PE-ARE"),
    ],
)
def test_the_region_of_identification_takes_regions_and_fiscal_districts(
    tmp_path: Path, written: str, code: str
) -> None:
    mapping = read_mapping_text(documented("toml", '[columns]\n"DISTRITO_FISCAL"'))
    path = export(tmp_path, "ID;CONDICION;DISTRITO_FISCAL", f"V-1;agraviada;{written}")
    assert submit([path], "MP-FISCALIA", mapping=mapping).total("accepted") == 1
    region = PersonRecord.objects.get().identification_region
    assert region is not None
    assert region.code == code


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[constants]\nnickname = 'x'\n", "[constants] names 'nickname'"),
        ("name_order = 'random'\n", "name_order must be one of"),
        ("[[document_shapes]]\ntype = 'dni'\n", "needs a type and a pattern"),
        ("[[document_shapes]]\ntype = 'dni'\npattern = '[0-9'\n", "pattern '[0-9'"),
        (
            "[values.height]\n'1' = 'tall'\n",
            "neither a code list used by intake nor a coded column",
        ),
    ],
)
def test_a_mapping_with_a_wrong_entry_is_refused_saying_which(text: str, message: str) -> None:
    with pytest.raises(MappingError, match=re.escape(message)):
        read_mapping_text(text)
