"""Submitting files: every row read is accepted or explained, nothing is lost, and nothing is stored twice."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.db import connection

from kuska.intake import load
from kuska.intake.models import RejectedRow
from kuska.intake.submit import CHUNK, Rejection, SubmissionError, SubmissionReport, submit
from kuska.intake.validate import CleanRow
from kuska.registry.models import (
    CaseExploitation,
    CaseFile,
    ChargedOffence,
    Compensation,
    Identification,
    PersonRecord,
    RecordVersion,
    Sentence,
    SubmissionBatch,
)
from tests.intake_files import person, write_csv, write_jsonl, write_xlsx
from tests.personas import member

pytestmark = pytest.mark.usefixtures("peru")


def counts(report: SubmissionReport) -> dict[str, int]:
    names = ("rows_read", "accepted", "created", "updated", "unchanged", "rejected")
    return {name: report.total(name) for name in names}


def test_every_row_read_is_accepted_or_rejected(tmp_path: Path) -> None:
    rows = [
        person("P-1"),
        person("P-2", sex="X"),
        person("P-3", birth_date="31/02/2004"),
        person("P-4", nationality="Atlantis"),
        person("P-5", given_names="Ana", document_number="11111111"),
    ]
    report = submit([write_csv(tmp_path / "personas.csv", rows)], "PNP")
    assert counts(report) == {
        "rows_read": 5,
        "accepted": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 3,
    }
    assert PersonRecord.objects.count() == 2
    batch = SubmissionBatch.objects.get()
    assert (batch.rows_read, batch.rows_accepted, batch.rows_rejected) == (5, 2, 3)


def test_a_batch_names_the_user_who_submitted_it_and_none_for_a_file_from_the_command_line(
    tmp_path: Path,
) -> None:
    officer = member("oficial@pnp.example", "PNP", "data_officer")
    submit([write_csv(tmp_path / "personas.csv", [person("P-1")])], "PNP", submitted_by=officer)
    submit([write_csv(tmp_path / "personas.csv", [person("P-2")])], "PNP")
    batches = SubmissionBatch.objects.order_by("pk").values_list("submitted_by", flat=True)
    assert list(batches) == [officer.pk, None]


def test_rejected_rows_are_kept_with_row_column_value_and_reason(tmp_path: Path) -> None:
    submit([write_csv(tmp_path / "personas.csv", [person("P-1"), person("P-2", sex="X")])], "PNP")
    rejected = RejectedRow.objects.get()
    assert rejected.row_number == 3
    assert rejected.record_type == "persons"
    assert rejected.problems == [
        {
            "row": 3,
            "column": "sex",
            "value": "X",
            "code": "not_in_code_list",
            "message_es": "El valor no está en la lista «sex» (use el código o la etiqueta en español o inglés).",
            "message_en": "The value is not in the code list 'sex' (use the code or the Spanish or English label).",
        }
    ]
    assert '"given_names": "***"' in rejected.raw


def test_a_row_whose_field_count_differs_from_the_header_is_rejected_whole(tmp_path: Path) -> None:
    path = tmp_path / "personas.csv"
    path.write_text(
        "record_id,role,sex,nationality\n"
        "P-1,victim,female,PE\n"
        "P-2,victim\n"  # a truncated line
        "P-3,victim,female,PE,sobra\n",
        encoding="utf-8",
    )
    report = submit([path], "PNP")
    assert (report.total("accepted"), report.total("rejected")) == (1, 2)
    assert list(PersonRecord.objects.values_list("source_record_id", flat=True)) == ["P-1"]
    messages = [r.problems[0]["message_en"] for r in RejectedRow.objects.order_by("row_number")]
    assert messages == [
        "The row has 2 fields; the header has 4.",
        "The row has 5 fields; the header has 4.",
    ]


def test_a_rejected_row_is_encrypted_at_rest_like_identities(tmp_path: Path) -> None:
    submit([write_csv(tmp_path / "personas.csv", [person("P-2", sex="X")])], "PNP")
    with connection.cursor() as cursor:
        cursor.execute("SELECT raw FROM intake_rejectedrow")
        (stored,) = cursor.fetchone()
    assert stored.startswith("v1:")
    assert "Quispe" not in stored


def test_identity_values_are_not_repeated_in_problem_messages(tmp_path: Path) -> None:
    long_name = "N" * 400
    submit([write_csv(tmp_path / "personas.csv", [person("P-1", given_names=long_name)])], "PNP")
    problems = RejectedRow.objects.get().problems
    assert problems[0]["code"] == "too_long"
    assert problems[0]["value"] == ""


def test_the_same_file_twice_changes_nothing(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "personas.csv", [person("P-1"), person("P-2", given_names="Ana")])
    submit([path], "PNP")
    before = list(PersonRecord.objects.values_list("pk", "version", "batch_id", "fingerprint"))
    report = submit([path], "PNP")
    assert counts(report) == {
        "rows_read": 2,
        "accepted": 2,
        "created": 0,
        "updated": 0,
        "unchanged": 2,
        "rejected": 0,
    }
    assert (
        list(PersonRecord.objects.values_list("pk", "version", "batch_id", "fingerprint")) == before
    )
    assert RecordVersion.objects.count() == 0


def test_a_corrected_row_updates_its_record_and_keeps_the_previous_version(tmp_path: Path) -> None:
    submit([write_csv(tmp_path / "personas.csv", [person("P-1", paternal_surname="Qispe")])], "PNP")
    first_batch = SubmissionBatch.objects.get()
    report = submit(
        [write_csv(tmp_path / "personas.csv", [person("P-1", paternal_surname="Quispe")])], "PNP"
    )
    assert report.total("updated") == 1
    record = PersonRecord.objects.get()
    assert record.paternal_surname == "Quispe"
    assert record.version == 2
    previous = RecordVersion.objects.get()
    assert previous.version == 1
    assert previous.batch_id == first_batch.pk
    assert previous.record_id == record.pk
    assert "Qispe" not in str(previous.data)  # the old surname is kept, encrypted
    assert previous.data["paternal_surname"].startswith("v1:")


@pytest.mark.parametrize("workers", [0, 2])
def test_a_correction_rewrites_every_column_and_the_provenance(
    tmp_path: Path, workers: int
) -> None:
    path = tmp_path / "personas.csv"
    others = [person(f"P-{i}") for i in range(2, CHUNK + 2)]  # more than a chunk, so workers start
    submit([write_csv(path, [person("P-1"), *others])], "PNP", workers=workers)
    before = PersonRecord.objects.get(source_record_id="P-1")
    corrected = person("P-1", birth_date="12/07/2000", document_number="11111111", sex="")
    report = submit([write_csv(path, [corrected, *others])], "PNP", workers=workers)
    assert (report.total("updated"), report.total("unchanged")) == (1, CHUNK)
    after = PersonRecord.objects.get(source_record_id="P-1")
    assert after.pk == before.pk
    assert (after.birth_date, after.age_at_event, after.sex) == (datetime.date(2000, 7, 12), 19, "")
    assert after.document_number == "11111111"
    assert after.document_hash != before.document_hash
    assert PersonRecord.objects.get(source_record_id="P-2").document_hash == before.document_hash
    assert (after.batch_id, after.version) == (report.files[0].batch_id, 2)
    assert after.received_at > before.received_at
    assert after.fingerprint != before.fingerprint


def test_a_prepared_row_keeps_no_identity_in_clear() -> None:
    from kuska.intake.context import build_context
    from kuska.intake.schema import RECORD_TYPES
    from kuska.intake.validate import RowValidator
    from kuska.registry.crypto import default_cipher
    from kuska.registry.models import Agency

    validator = RowValidator(RECORD_TYPES["persons"], build_context(Agency.objects.get(code="PNP")))
    row, problems = validator.validate(2, dict(person("P-1", case_id="C-1")))
    assert row is not None
    assert not problems
    load.prepare(validator.record_type, row)
    # what the writing process still reads: the case the person took part in, nothing else
    assert row.values == {"case_id": ["C-1"]}
    layout = load.layout_for(RECORD_TYPES["persons"])
    assert row.cells is not None
    assert len(row.cells) == len(layout.fields)
    cells = dict(zip([f.attname for f in layout.fields], row.cells, strict=True))
    assert "Rosa Elena" not in repr(cells)
    assert "45678912" not in repr(cells)
    context = PersonRecord._meta.get_field("given_names").context()
    assert default_cipher().decrypt(cells["given_names"], context=context) == "Rosa Elena"
    assert (cells["source_record_id"], cells["age_at_event"], cells["role"]) == (
        "P-1",
        15,
        "victim",
    )


def test_references_resolve_in_the_same_submission_and_to_earlier_ones(tmp_path: Path) -> None:
    submit([write_csv(tmp_path / "personas.csv", [person("P-1")])], "PNP")
    persons = write_csv(tmp_path / "personas2.csv", [person("P-2", given_names="Ana")])
    identifications = write_csv(
        tmp_path / "identificaciones.csv",
        [
            {
                "record_id": "I-1",
                "person_id": "P-1",
                "identified_on": "15/03/2020",
                "method": "operation",
            },
            {
                "record_id": "I-2",
                "person_id": "P-2",
                "identified_on": "16/03/2020",
                "method": "complaint",
            },
            {
                "record_id": "I-3",
                "person_id": "P-9",
                "identified_on": "16/03/2020",
                "method": "complaint",
            },
        ],
    )
    # identifications are listed first: a submission loads what is referenced first
    report = submit([identifications, persons], "PNP")
    assert counts(report)["accepted"] == 3
    assert Identification.objects.count() == 2
    problem = RejectedRow.objects.get().problems[0]
    assert (problem["column"], problem["value"], problem["code"]) == (
        "person_id",
        "P-9",
        "unknown_reference",
    )


def test_references_stay_within_the_submitting_agency(tmp_path: Path) -> None:
    submit([write_csv(tmp_path / "personas.csv", [person("P-1")])], "PNP")
    rows = [
        {
            "record_id": "I-1",
            "person_id": "P-1",
            "identified_on": "15/03/2020",
            "method": "operation",
        }
    ]
    report = submit([write_csv(tmp_path / "identificaciones.csv", rows)], "MP-FISCALIA")
    assert report.total("rejected") == 1


def test_only_a_victim_can_be_identified(tmp_path: Path) -> None:
    persons = write_csv(tmp_path / "personas.csv", [person("S-1", role="suspect")])
    rows = [
        {
            "record_id": "I-1",
            "person_id": "S-1",
            "identified_on": "15/03/2020",
            "method": "operation",
        }
    ]
    report = submit([persons, write_csv(tmp_path / "identificaciones.csv", rows)], "PNP")
    assert report.total("rejected") == 1
    assert RejectedRow.objects.get().problems[0]["code"] == "not_a_victim_role"


def test_a_record_id_repeated_in_a_file_is_rejected_after_its_first_occurrence(
    tmp_path: Path,
) -> None:
    path = write_csv(tmp_path / "personas.csv", [person("P-1"), person("P-1", given_names="Ana")])
    report = submit([path], "PNP")
    assert counts(report)["created"] == 1
    assert PersonRecord.objects.get().given_names == "Rosa Elena"
    rejected = RejectedRow.objects.get()
    assert (rejected.row_number, rejected.problems[0]["code"]) == (3, "duplicate_record_id")


def test_a_dry_run_checks_everything_and_stores_nothing(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "personas.csv", [person("P-1"), person("P-2", sex="X")])
    seen: list[Rejection] = []
    report = submit([path], "PNP", dry_run=True, on_rejected=seen.append)
    assert counts(report)["rejected"] == 1
    assert len(seen) == 1
    assert seen[0].problems[0].column == "sex"
    assert PersonRecord.objects.count() == 0
    assert SubmissionBatch.objects.count() == 0
    assert RejectedRow.objects.count() == 0


def test_an_unknown_agency_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SubmissionError, match="NOPE"):
        submit([write_csv(tmp_path / "personas.csv", [person("P-1")])], "NOPE")


def test_a_file_of_unknown_record_type_is_refused_and_nothing_is_stored(tmp_path: Path) -> None:
    good = write_csv(tmp_path / "personas.csv", [person("P-1")])
    unknown = write_csv(tmp_path / "datos.csv", [person("P-2")])
    with pytest.raises(SubmissionError, match="--type"):
        submit([good, unknown], "PNP")
    assert PersonRecord.objects.count() == 0


def test_a_failure_mid_way_leaves_the_registry_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    submit([write_csv(tmp_path / "personas.csv", [person("P-0")])], "PNP")
    before = PersonRecord.objects.count(), SubmissionBatch.objects.count()
    rows = [person(f"P-{i}") for i in range(1, 5001)]
    path = write_csv(tmp_path / "grande.csv", rows)
    calls = {"n": 0}
    original = load.Loader.load

    def failing_load(self: load.Loader, chunk: list[CleanRow]) -> load.ChunkResult:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return original(self, chunk)

    monkeypatch.setattr(load.Loader, "load", failing_load)
    with pytest.raises(RuntimeError):
        submit([path], "PNP", record_type="persons")
    assert (PersonRecord.objects.count(), SubmissionBatch.objects.count()) == before


def test_an_agency_mapping_file_lets_its_export_be_submitted_as_is(tmp_path: Path) -> None:
    from kuska.intake.mapping import read_mapping_text

    mapping = read_mapping_text(
        """
        record_type = "persons"
        date_formats = ["%d.%m.%Y"]
        [columns]
        "COD_VICT" = "record_id"
        "CONDICION" = "role"
        "SEXO_VICT" = "sex"
        "F_NAC" = "birth_date"
        [values.sex]
        "1" = "female"
        "2" = "male"
        """
    )
    rows = [
        {"COD_VICT": "V-1", "CONDICION": "AGRAVIADA", "SEXO_VICT": "1", "F_NAC": "12.07.2004"},
        {"COD_VICT": "V-2", "CONDICION": "AGRAVIADO", "SEXO_VICT": "2", "F_NAC": "01.01.2000"},
    ]
    report = submit([write_csv(tmp_path / "export_sidpol.csv", rows)], "PNP", mapping=mapping)
    assert counts(report)["accepted"] == 2
    assert sorted(PersonRecord.objects.values_list("sex", flat=True)) == ["female", "male"]
    assert PersonRecord.objects.get(source_record_id="V-1").birth_date == datetime.date(2004, 7, 12)


def test_a_workbook_with_one_sheet_per_record_type(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "pnp-2020.xlsx",
        {
            "Instrucciones": [{"Nota": "Esta hoja se ignora"}],
            "Identificaciones": [
                {
                    "record_id": "I-1",
                    "person_id": "P-1",
                    "identified_on": datetime.date(2020, 3, 15),
                    "method": "Operativo",
                }
            ],
            "Personas": [
                {
                    "id_registro": "P-1",
                    "rol": "víctima",
                    "nombres": "Rosa",
                    "sexo": "Mujer",
                    "edad": 16.0,
                    "nacionalidad": "Perú",
                }
            ],
            "Casos": [
                {
                    "record_id": "C-1",
                    "fecha_apertura": 43905,
                    "region": "08",
                    "formas_explotacion": "sexual; labour_mining",
                }
            ],
        },
    )
    report = submit([path], "PNP")
    assert counts(report) == {
        "rows_read": 3,
        "accepted": 3,
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
    }
    assert report.files[0].ignored_sheets == ["Instrucciones"]
    victim = PersonRecord.objects.get()
    assert (victim.sex, victim.age_at_event, victim.nationality) == ("female", 16, "PE")
    case = CaseFile.objects.get()
    assert case.opened_on == datetime.date(2020, 3, 15)
    assert case.region is not None
    assert case.region.code == "PE-CUS"
    assert set(CaseExploitation.objects.values_list("form", flat=True)) == {
        "sexual",
        "labour_mining",
    }


def test_json_lines(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "envio.jsonl",
        [
            {
                "record_type": "persons",
                "record_id": "P-1",
                "role": "victim",
                "sex": "female",
                "age": 30,
            },
            {"record_type": "persons", "record_id": "P-2", "role": "victim", "sex": "?"},
        ],
    )
    report = submit([path], "PNP")
    assert (report.total("accepted"), report.total("rejected")) == (1, 1)


def test_htcds_field_names_are_accepted_as_headers(tmp_path: Path) -> None:
    rows = [
        {
            "prs_Id": "H-1",
            "role": "victim",
            "prs_FirstName": "Ana",
            "prs_Birthdate": "2001-02-03",
            "prs_Citizenship": "VE",
        }
    ]
    rows[0]["prs_Gender"] = "TransgenderFeminine"
    report = submit([write_csv(tmp_path / "persons.csv", rows)], "MIMP", fmt="htcds")
    assert report.total("accepted") == 1
    victim = PersonRecord.objects.get()
    assert (victim.nationality, victim.gender_identity) == ("VE", "transgender_woman")


def test_htcds_case_values(tmp_path: Path) -> None:
    rows = [
        {
            "record_id": "C-1",
            "vic_TypeOfExploitation": "SexualExploitation;ForcedBegging",
            "vic_MethodsOfControl": "DebtBondage",
        }
    ]
    report = submit([write_csv(tmp_path / "cases.csv", rows)], "MIMP", fmt="htcds")
    assert report.total("accepted") == 1
    assert set(CaseExploitation.objects.values_list("form", flat=True)) == {
        "sexual",
        "labour_begging",
    }


def test_charges_are_kept_as_written_in_the_framework_in_force(tmp_path: Path) -> None:
    cases = write_csv(tmp_path / "casos.csv", [{"record_id": "C-1", "opened_on": "01/02/2020"}])
    persons = write_csv(tmp_path / "personas.csv", [person("S-1", role="suspect")])
    proceedings = write_csv(
        tmp_path / "actuaciones.csv",
        [
            {
                "record_id": "E-1",
                "case_id": "C-1",
                "suspect_id": "S-1",
                "stage": "prosecution",
                "occurred_on": "10/03/2020",
                "offences": "Art. 153",
                "sentence_months": "",
                "compensation_ordered": "",
                "compensation_paid": "",
            },
            {
                "record_id": "E-2",
                "case_id": "C-1",
                "suspect_id": "S-1",
                "stage": "conviction",
                "occurred_on": "10/03/2022",
                "offences": "129-A; 129-O",
                "sentence_months": "180",
                "compensation_ordered": "10.000,00",
                "compensation_paid": "",
            },
        ],
    )
    report = submit([cases, persons, proceedings], "PJ")
    assert report.total("rejected") == 0
    charged = sorted(
        ChargedOffence.objects.values_list(
            "event__source_record_id", "offence__article", "offence__framework"
        )
    )
    assert charged == [
        ("E-1", "153", "CP-PRE2021"),
        ("E-2", "129-A", "CP-2021"),
        ("E-2", "129-O", "CP-2021"),
    ]
    assert Sentence.objects.get().prison_months == 180
    compensation = Compensation.objects.get()
    assert str(compensation.ordered_amount) == "10000.00"
    assert compensation.paid_amount is None


def test_an_unknown_article_is_rejected(tmp_path: Path) -> None:
    rows = [
        {"record_id": "E-1", "stage": "complaint", "occurred_on": "10/03/2020", "offences": "999"}
    ]
    report = submit([write_csv(tmp_path / "actuaciones.csv", rows)], "PJ")
    assert report.total("rejected") == 1


def test_person_rules(tmp_path: Path) -> None:
    rows = [
        person("P-1", birth_date="01/01/2021", event_date="01/01/2020"),
        person("P-2", birth_date="01/01/1890", event_date="01/01/2020"),
        person("P-3", birth_date="", age="130"),
        person("P-4", document_type=""),
        person("P-5", age="40"),
        person("P-6", birth_date="", event_date="", age="15"),
    ]
    report = submit([write_csv(tmp_path / "personas.csv", rows)], "PNP")
    codes = {r.row_number: r.problems[0]["code"] for r in RejectedRow.objects.all()}
    assert codes == {
        2: "birth_after_event",
        3: "too_old_date",
        4: "above_maximum",
        5: "document_without_type",
        6: "age_contradicts_birth_date",
    }
    assert report.total("accepted") == 1


def test_the_age_at_the_event_comes_from_the_birth_date(tmp_path: Path) -> None:
    submit([write_csv(tmp_path / "personas.csv", [person("P-1")])], "PNP")
    assert PersonRecord.objects.get().age_at_event == 15


def test_lima_alone_is_ambiguous(tmp_path: Path) -> None:
    rows = [
        {"record_id": "C-1", "region": "Lima"},
        {"record_id": "C-2", "region": "Lima Metropolitana"},
    ]
    report = submit([write_csv(tmp_path / "casos.csv", rows)], "PNP")
    assert report.total("accepted") == 1
    assert RejectedRow.objects.get().problems[0]["code"] == "ambiguous_region"


def test_a_person_can_take_part_in_several_cases(tmp_path: Path) -> None:
    from kuska.registry.models import CaseParticipant

    cases = write_csv(tmp_path / "casos.csv", [{"record_id": "C-1"}, {"record_id": "C-2"}])
    persons = write_csv(
        tmp_path / "personas.csv", [person("P-1", case_id="C-1; C-2"), person("P-2", case_id="C-9")]
    )
    report = submit([persons, cases], "PNP")
    assert (report.total("accepted"), report.total("rejected")) == (3, 1)
    linked = CaseParticipant.objects.values_list(
        "case_file__source_record_id", "person__source_record_id"
    )
    assert sorted(linked) == [("C-1", "P-1"), ("C-2", "P-1")]


def test_checking_rows_in_a_worker_process_gives_the_same_result(tmp_path: Path) -> None:
    rows = [
        person(f"P-{i}", sex="X" if i % 7 == 0 else "female", document_number=f"{i:08d}")
        for i in range(5000)
    ]
    path = write_csv(tmp_path / "personas.csv", rows)
    report = submit([path], "PNP", workers=1)
    assert counts(report) == {
        "rows_read": 5000,
        "accepted": 4285,
        "created": 4285,
        "updated": 0,
        "unchanged": 0,
        "rejected": 715,
    }
    victim = PersonRecord.objects.get(source_record_id="P-1")
    assert (victim.given_names, victim.document_number, victim.age_at_event) == (
        "Rosa Elena",
        "00000001",
        15,
    )
    assert PersonRecord.objects.filter(document_hash=victim.document_hash).count() == 1
    again = submit([path], "PNP", workers=1)
    assert again.total("unchanged") == 4285


def test_a_victim_cannot_be_identified_before_birth(tmp_path: Path) -> None:
    persons = write_csv(
        tmp_path / "personas.csv", [person("P-1", birth_date="12/07/2004", event_date="")]
    )
    rows = [
        {
            "record_id": "I-1",
            "person_id": "P-1",
            "identified_on": "01/01/2004",
            "method": "operation",
        },
        {
            "record_id": "I-2",
            "person_id": "P-1",
            "identified_on": "01/01/2020",
            "method": "operation",
        },
    ]
    report = submit([persons, write_csv(tmp_path / "identificaciones.csv", rows)], "PNP")
    assert report.total("rejected") == 1
    (problem,) = RejectedRow.objects.get().problems
    assert (problem["row"], problem["column"], problem["value"], problem["code"]) == (
        2,
        "identified_on",
        "2004-01-01",
        "before_birth",
    )
    assert "2004-07-12" not in str(problem)  # a birth date is an identity value: never in a message


@pytest.mark.parametrize(("cores", "workers"), [(1, 0), (2, 2), (3, 3), (16, 4)])
def test_a_command_line_submission_checks_rows_on_every_core_it_can(
    monkeypatch: pytest.MonkeyPatch, cores: int, workers: int
) -> None:
    from kuska.intake import submit as submission

    monkeypatch.setattr("os.cpu_count", lambda: cores)
    assert submission.default_workers() == workers


def test_rows_that_each_name_other_columns_are_all_checked_in_bounded_memory() -> None:
    from kuska.intake.context import build_context
    from kuska.intake.schema import RECORD_TYPES
    from kuska.intake.validate import MAX_PLANS, RowValidator
    from kuska.registry.models import Agency

    validator = RowValidator(RECORD_TYPES["persons"], build_context(Agency.objects.get(code="PNP")))
    results = [
        validator.validate(n, {**person(f"P-{n}"), f"nota_{n}": "x"}) for n in range(MAX_PLANS * 3)
    ]
    assert all(row is not None and not problems for row, problems in results)
    assert len(validator._plans) == MAX_PLANS


def test_a_sheet_of_a_single_chunk_is_checked_without_worker_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_processes(method: str) -> None:
        raise AssertionError("no worker process should start for a small sheet")

    monkeypatch.setattr("multiprocessing.get_context", no_processes)
    path = write_csv(tmp_path / "personas.csv", [person(f"P-{i}") for i in range(CHUNK)])
    assert submit([path], "PNP", workers=2).total("created") == CHUNK


def test_the_heap_alive_before_a_submission_is_left_out_of_collections_until_it_ends(
    tmp_path: Path,
) -> None:
    import gc

    before = gc.get_freeze_count()
    during: list[int] = []
    path = write_csv(tmp_path / "personas.csv", [person("P-1")])
    submit([path], "PNP", progress=lambda *_: during.append(gc.get_freeze_count()))
    assert during
    assert all(count > before for count in during)
    assert gc.get_freeze_count() == before


def test_a_heap_the_application_froze_itself_stays_frozen(tmp_path: Path) -> None:
    import gc

    gc.freeze()
    try:
        submit([write_csv(tmp_path / "personas.csv", [person("P-1")])], "PNP")
        assert gc.get_freeze_count() > 0  # not handed back by the submission
    finally:
        gc.unfreeze()


@pytest.mark.slow
def test_bench_import_times_intake_against_a_plain_insert_and_removes_its_database(
    tmp_path: Path,
) -> None:
    import re

    from tests.commands import kuska_bench

    result = kuska_bench(tmp_path, "import", "--rows", str(2 * CHUNK + 1), "--workers", "2")
    assert result.returncode == 0, result.stderr
    figures = {
        label.strip(): float(value.replace(",", ""))
        for label, value in re.findall(r"│ ([^│]+?)\s+│\s+([\d,.]+) │", result.stdout)
    }
    assert figures["kuska import (rows/s)"] > 0
    assert figures["plain executemany (rows/s)"] > 0
    assert figures["worker processes"] == 2
    assert figures["CPU, worker processes (s)"] > 0  # the rows were checked in the workers
    assert not list(tmp_path.glob("kuska-bench-*"))  # the SQLite scratch folder is gone
