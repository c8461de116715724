"""The synthetic data generator: deterministic, consistent with its truth file, realistic, and accepted whole."""

from __future__ import annotations

import csv
import datetime
import io
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection, transaction
from pytest_django import DjangoDbBlocker

from kuska.cli import main
from kuska.intake.schema import RECORD_TYPES, record_type_for
from kuska.synth import AGENCIES, Dataset, generate, parse_years, write_dataset
from kuska.synth.mistakes import fold
from kuska.synth.names import SURNAMES_AYMARA, SURNAMES_QUECHUA
from kuska.synth.people import TruePerson

YEARS = (2018, 2019, 2020)
SEED = 11


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return generate(YEARS, seed=SEED)


@pytest.fixture(scope="module")
def folder(dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    write_dataset(dataset, out)
    return out


def read_csv(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8-sig")
    delimiter = (
        ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    )
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def persons_in_files(folder: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """(agency, row) for every row of every persons file, with English column names."""
    schema = RECORD_TYPES["persons"]
    for path in sorted(folder.glob("*/persons.csv")):
        for row in read_csv(path):
            named = {}
            for header, value in row.items():
                column = schema.field(header)
                assert column is not None, header
                named[column.name] = value
            yield path.parent.name, named


def parse_day(text: str) -> datetime.date:
    day, month, year = (int(part) for part in text.split("/"))
    return datetime.date(year, month, day)


# -- determinism and layout --------------------------------------------------------------------------------------


def test_the_same_seed_writes_the_same_bytes(folder: Path, tmp_path: Path) -> None:
    write_dataset(generate(YEARS, seed=SEED), tmp_path)
    written = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
    again = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert written == again
    for relative in written:
        assert (folder / relative).read_bytes() == (tmp_path / relative).read_bytes(), relative


def test_another_seed_writes_other_data(folder: Path, tmp_path: Path) -> None:
    write_dataset(generate(YEARS, seed=SEED + 1), tmp_path)
    assert (folder / "PNP" / "persons.csv").read_bytes() != (
        tmp_path / "PNP" / "persons.csv"
    ).read_bytes()


def test_one_folder_per_agency_and_one_file_per_record_type_named_after_it(folder: Path) -> None:
    assert sorted(p.name for p in folder.iterdir() if p.is_dir()) == sorted(AGENCIES)
    for path in folder.glob("*/*"):
        assert path.suffix == ".csv"
        assert path.stem in RECORD_TYPES
        kind = record_type_for(path.name)
        assert kind is not None
        assert kind.name == path.stem


def test_readme_says_the_data_is_synthetic(folder: Path) -> None:
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    assert "SYNTHETIC" in readme
    assert "No real person" in readme
    assert "truth.csv" in readme


def test_dates_are_written_day_first(folder: Path) -> None:
    rows = read_csv(folder / "PNP" / "identifications.csv")
    days = [row["identified_on"] for row in rows]
    assert all(len(d) == 10 and d[2] == "/" and d[5] == "/" for d in days)
    assert any(int(d[:2]) > 12 for d in days)  # the day comes first


def test_every_seed_entry_of_the_years_is_read_by_the_generator(dataset: Dataset) -> None:
    assert dataset.unread_seeds == []


def test_years_are_read_as_a_range() -> None:
    assert parse_years("2018-2020") == (2018, 2019, 2020)
    assert parse_years("2020") == (2020,)
    with pytest.raises(ValueError, match="range"):
        parse_years("2020-2018")


def test_scale_multiplies_the_volumes() -> None:
    single = generate([2020], seed=3)
    double = generate([2020], seed=3, scale=2)
    assert double.submission("PNP").count("identifications") == 2 * single.submission("PNP").count(
        "identifications"
    )
    assert double.submission("PNP").count("operations") == 2 * single.submission("PNP").count(
        "operations"
    )
    # facilities and programmes are the country's, whatever the volume of cases
    assert double.submission("MIMP-CEM").count("facilities") == single.submission("MIMP-CEM").count(
        "facilities"
    )


def test_kuska_synth_writes_the_files_and_says_how_to_import_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["synth", "--years", "2020", "--seed", "4", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "truth.csv").exists()
    assert (tmp_path / "PNP" / "persons.csv").exists()
    out = capsys.readouterr().out
    assert "kuska import" in out
    assert "truth.csv" in out


# -- the truth file ----------------------------------------------------------------------------------------------


def test_the_truth_file_names_every_person_record_once(folder: Path) -> None:
    truth = read_csv(folder / "truth.csv")
    keys = [(row["agency"], row["source_record_id"]) for row in truth]
    assert len(keys) == len(set(keys))
    in_files = {(agency, row["record_id"]) for agency, row in persons_in_files(folder)}
    assert set(keys) == in_files


def test_records_of_one_true_person_agree_on_sex_role_and_roughly_on_age(folder: Path) -> None:
    truth = {
        (r["agency"], r["source_record_id"]): r["truth_id"] for r in read_csv(folder / "truth.csv")
    }
    by_person: dict[str, list[dict[str, str]]] = {}
    for agency, row in persons_in_files(folder):
        by_person.setdefault(truth[(agency, row["record_id"])], []).append(row)
    sexes = {"f": "female", "female": "female", "femenino": "female", "mujer": "female"}
    linked = 0
    for rows in by_person.values():
        if len(rows) < 2:
            continue
        linked += 1
        assert len({sexes.get(fold(r["sex"]), "male") for r in rows}) == 1, rows
        assert len({fold(r["role"]) in ("victim", "victima", "víctima") for r in rows}) == 1, rows
        births = [
            parse_day(r["event_date"]).year
            - (parse_day(r["birth_date"]).year if r["birth_date"] else 0)
            - (0 if r["birth_date"] else parse_day(r["event_date"]).year - int(r["age"]))
            for r in rows
            if r["birth_date"] or r["age"]
        ]
        if births:
            assert max(births) - min(births) <= 4, rows  # birth years agree up to the noise
    assert linked > 2000


def test_truth_ids_are_the_dataset_s_persons(dataset: Dataset, folder: Path) -> None:
    ids = {row["truth_id"] for row in read_csv(folder / "truth.csv")}
    assert ids == {p.truth_id for p in dataset.people.persons.values() if p.records}


# -- realism and noise -------------------------------------------------------------------------------------------


def _noise(dataset: Dataset, folder: Path) -> Counter[str]:
    truth = {
        (r["agency"], r["source_record_id"]): r["truth_id"] for r in read_csv(folder / "truth.csv")
    }
    people = dataset.people.persons
    counts: Counter[str] = Counter()
    for agency, row in persons_in_files(folder):
        person: TruePerson = people[truth[(agency, row["record_id"])]]
        true_words = set(
            fold(
                f"{person.given_names} {person.paternal_surname} {person.maternal_surname}"
            ).split()
        )
        words = set(
            fold(
                f"{row['given_names']} {row['paternal_surname']} {row['maternal_surname']}"
            ).split()
        )
        counts["records"] += 1
        counts["name typo"] += not words <= true_words
        counts["no document number"] += not row["document_number"]
        counts["mistyped document number"] += bool(row["document_number"]) and fold(
            row["document_number"]
        ) != fold(person.document_number)
        counts["swapped surnames"] += bool(person.maternal_surname) and fold(
            row["paternal_surname"]
        ) == fold(person.maternal_surname)
        counts["no maternal surname"] += not row["maternal_surname"]
        counts["wrong birth date"] += (
            bool(row["birth_date"]) and parse_day(row["birth_date"]) != person.birth_date
        )
        counts["age instead of birth date"] += bool(row["age"]) and not row["birth_date"]
    return counts


def test_noise_rates_measured_on_the_files(dataset: Dataset, folder: Path) -> None:
    counts = _noise(dataset, folder)
    rate = {k: v / counts["records"] for k, v in counts.items()}
    assert rate["name typo"] >= 0.20, rate
    assert rate["no document number"] >= 0.30, rate
    assert rate["swapped surnames"] >= 0.02, rate
    assert rate["no maternal surname"] >= 0.05, rate
    assert rate["mistyped document number"] >= 0.01, rate
    assert rate["wrong birth date"] >= 0.02, rate
    assert rate["age instead of birth date"] >= 0.15, rate


def test_peruvian_names_have_two_surnames_compound_given_names_and_andean_surnames(
    dataset: Dataset,
) -> None:
    peruvians = [p for p in dataset.people.persons.values() if p.nationality == "PE"]
    assert all(p.paternal_surname and p.maternal_surname for p in peruvians)
    compound = sum(" " in p.given_names for p in peruvians) / len(peruvians)
    andean = set(SURNAMES_QUECHUA) | set(SURNAMES_AYMARA)
    indigenous = sum(
        p.paternal_surname in andean or p.maternal_surname in andean for p in peruvians
    ) / len(peruvians)
    accented = sum(fold(p.paternal_surname) != p.paternal_surname.casefold() for p in peruvians)
    assert compound >= 0.25
    assert indigenous >= 0.2
    assert accented > 0
    assert any(p.language in ("que", "quz", "quy") for p in peruvians)
    assert any(p.language == "aym" for p in peruvians)


def test_documents_by_nationality_and_age(dataset: Dataset) -> None:
    people = [p for p in dataset.people.persons.values() if p.role == "victim"]
    adults = [p for p in people if p.nationality == "PE" and p.birth_date.year < 1995]
    assert sum(p.document_type == "dni" for p in adults) / len(adults) >= 0.9
    assert all(
        len(p.document_number) == 8 and p.document_number.isdigit()
        for p in adults
        if p.document_type == "dni"
    )
    foreign = [p for p in people if p.nationality != "PE"]
    kinds = Counter(p.document_type for p in foreign)
    assert {"ce", "passport", "ptp", "cpp"} <= set(kinds)
    assert "dni" not in kinds
    children = [p for p in people if p.nationality == "PE" and p.birth_date.year >= 2005]
    assert 0.1 < sum(p.document_type == "none" for p in children) / len(children) < 0.6
    assert {"VE", "EC", "CO", "BO"} <= {p.nationality for p in people}


def test_regions_and_forms_of_exploitation_follow_the_profile(folder: Path) -> None:
    cases = read_csv(folder / "PNP" / "cases.csv")
    regions = Counter(row["region"] for row in cases)
    top = [name for name, _ in regions.most_common(6)]
    assert "Lima Metropolitana" in top[:2]
    assert {"Loreto", "Madre de Dios", "Cusco", "Puno"} & set(top)
    forms = Counter(f for row in cases for f in row["exploitation_forms"].split(";"))
    assert forms.most_common(1)[0][0] == "sexual"
    assert {"labour_mining", "labour_logging", "labour_begging", "labour_domestic_service"} <= set(
        forms
    )


def test_the_same_victim_appears_at_several_agencies(dataset: Dataset) -> None:
    agencies_of: dict[str, set[str]] = {}
    for agency, _, truth_id, _ in dataset.truth:
        agencies_of.setdefault(truth_id, set()).add(agency)
    police = {t for t, a in agencies_of.items() if "PNP" in a}
    prosecutors = {t for t, a in agencies_of.items() if "MP-FISCALIA" in a}
    overlap = len(police & prosecutors) / min(len(police), len(prosecutors))
    assert 0.4 < overlap < 0.9  # a large overlap, not total
    children = {t for t, a in agencies_of.items() if "MIMP-UPE" in a}
    assert len(children & (police | prosecutors)) / len(children) > 0.7
    udavit = {t for t, a in agencies_of.items() if "MP-UDAVIT" in a}
    assert len(udavit & prosecutors) / len(udavit) > 0.6
    courts = {t for t, a in agencies_of.items() if "PJ" in a}
    assert courts & prosecutors  # convicted traffickers the prosecutors recorded too


def test_some_suspects_recur_across_cases(folder: Path) -> None:
    rows = read_csv(folder / "MP-FISCALIA" / "persons.csv")
    assert any(";" in row["case_id"] for row in rows if row["role"] == "suspect")
    truth = read_csv(folder / "truth.csv")
    suspects = {r["record_id"] for r in rows if r["role"] == "suspect"}
    per_person = Counter(
        r["truth_id"]
        for r in truth
        if r["agency"] == "MP-FISCALIA" and r["source_record_id"] in suspects
    )
    assert any(n > 1 for n in per_person.values())


# -- import ------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def imported(
    folder: Path, django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[dict[str, object]]:
    """Every agency's files submitted once for this module, rolled back at its end."""
    from kuska.intake.submit import submit
    from tests.country import ensure_profile

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            ensure_profile()
            reports = {
                agency: submit(sorted((folder / agency).glob("*.csv")), agency)
                for agency in AGENCIES
            }
            if connection.features.can_defer_constraint_checks:
                connection.check_constraints()  # once here, not again at every test's end
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield dict(reports)
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.mark.parametrize("agency", AGENCIES)
def test_every_file_imports_with_zero_rejected_rows(
    agency: str, imported: dict[str, object], db: None
) -> None:
    from kuska.intake.submit import SubmissionReport

    report = imported[agency]
    assert isinstance(report, SubmissionReport)
    assert report.total("rows_read") > 0
    for file_report in report.files:
        for sheet in file_report.sheets:
            assert sheet.rejected == 0, (file_report.path, sheet.rejected)
            assert sheet.ignored_columns == [], (file_report.path, sheet.ignored_columns)
            assert sheet.missing_columns == [], (file_report.path, sheet.missing_columns)
            assert sheet.created == sheet.rows_read


def test_kuska_synth_refuses_years_that_are_not_a_range(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["synth", "--years", "2020-2018", "--out", str(tmp_path)]) == 2
    assert "--years" in capsys.readouterr().out
    assert not list(tmp_path.iterdir())


# -- care flows -------------------------------------------------------------------------------------


def _rows(dataset: Dataset, agency: str, record_type: str) -> list[dict[str, object]]:
    return dataset.submission(agency).rows.get(record_type, [])


def _in(row: dict[str, object], key: str, year: int) -> bool:
    day = row.get(key)
    return isinstance(day, datetime.date) and day.year == year


def test_care_is_calibrated_to_the_seed_udavit_girls_referred_and_shelter_capacity(
    dataset: Dataset,
) -> None:
    udavit = {
        r["person_id"]
        for r in _rows(dataset, "MP-UDAVIT", "services")
        if _in(r, "started_on", 2020) and r["service_type"] == "short_term_care"
    }
    assert len(udavit) == 529  # "provided short-term care for 529 victims"
    upe = dataset.submission("MIMP-UPE").rows
    shelters = {
        f["record_id"]: f for f in upe["facilities"] if f["facility_type"] == "specialized_shelter"
    }
    assert sum(int(str(f["capacity"])) for f in shelters.values()) == 130
    assert {f["region"] for f in shelters.values()} == {"PE-LMA", "PE-CUS", "PE-LOR", "PE-PUN"}
    ages = {p["record_id"]: p for p in upe["persons"]}
    girls = {
        r["person_id"]
        for r in upe["referrals"]
        if r.get("facility_id") in shelters and _in(r, "requested_on", 2020)
    }
    assert len(girls) == 96
    assert all(ages[str(g)]["sex"] == "female" for g in girls)


def test_no_facility_where_victims_spend_the_night_admits_an_adult_man(dataset: Dataset) -> None:
    overnight = {"specialized_shelter", "residential_centre", "short_stay_space", "private_shelter"}
    facilities = [
        f
        for submission in dataset.submissions.values()
        for f in submission.rows.get("facilities", [])
        if f["facility_type"] in overnight
    ]
    assert facilities
    for facility in facilities:
        admits_men = facility.get("admits_sex") in (None, "", "male")
        adults = (
            facility.get("admits_max_age") in (None, "")
            or int(str(facility["admits_max_age"])) >= 18
        )
        assert not (admits_men and adults), facility["record_id"]


def test_referrals_carry_outcomes_and_coded_refusals_for_men_and_transgender_victims(
    dataset: Dataset,
) -> None:
    referrals = [
        r
        for submission in dataset.submissions.values()
        for r in submission.rows.get("referrals", [])
    ]
    outcomes = Counter(str(r["outcome"]) for r in referrals)
    assert {
        "provided",
        "pending",
        "refused_by_provider",
        "declined_by_victim",
        "not_available",
    } <= set(outcomes)
    reasons = Counter(
        str(r["outcome_reason"]) for r in referrals if r["outcome"] == "refused_by_provider"
    )
    assert set(reasons) <= {
        "does_not_admit_sex",
        "does_not_admit_age",
        "does_not_admit_gender_identity",
    }
    assert reasons["does_not_admit_sex"] > 10
    assert reasons["does_not_admit_gender_identity"] >= 1
    assert sum(1 for r in referrals if r.get("conditioned_on_statement") is True) > 10
    # foreign victims are left without a residency decision: "did not report whether it granted any"
    assert not [r for r in referrals if r["service_type"] == "residency"]


def test_children_assisted_have_care_plans_within_the_year_of_their_case(dataset: Dataset) -> None:
    services = _rows(dataset, "MIMP-UPE", "services")
    plans = [s for s in services if s["service_type"] == "care_plan"]
    managed = {
        str(s["person_id"]): s["started_on"]
        for s in services
        if s["service_type"] == "case_management"
    }
    assert 0.5 < len(plans) / len(managed) < 0.9
    for plan in plans:
        started = managed[str(plan["person_id"])]
        assert isinstance(started, datetime.date)
        assert isinstance(plan["started_on"], datetime.date)
        assert started <= plan["started_on"]
        assert plan["started_on"].year == started.year


# -- the hotlines ------------------------------------------------------------------------------------------------


def test_the_2020_hotline_calls_are_all_held_in_spanish_and_no_interpreter_is_provided(
    dataset: Dataset,
) -> None:
    """The seed: the two 24-hour hotlines "could only accommodate Spanish speakers". A caller who speaks Quechua
    or Aymara asks for an interpreter and gets none; the call is held in Spanish."""
    calls = [
        (agency, row)
        for agency, submission in dataset.submissions.items()
        for row in submission.rows.get("hotline_calls", [])
        if isinstance(row["called_at"], datetime.datetime) and row["called_at"].year == 2020
    ]
    assert {str(row["line"]) for _agency, row in calls} == {"line_1818", "line_100"}
    assert {agency for agency, _row in calls} == {"MININTER", "MIMP-CEM"}
    assert {row["language"] for _agency, row in calls} == {"spa"}
    needing = [row for _agency, row in calls if row["interpreter_requested"]]
    assert 0 < len(needing) < len(calls) / 4
    assert all(row["interpreter_provided"] is False for row in needing)
    assert all(row["interpreter_requested"] is not None for _agency, row in calls)
    referred = [row for _agency, row in calls if row["referred_to"]]
    assert {row["referred_to"] for row in referred} == {"PNP", "MP-FISCALIA", "MIMP", "SUNAFIL"}
    for row in referred:
        called, referred_at, deadline = (
            row["called_at"],
            row["referred_at"],
            row["referral_deadline"],
        )
        assert isinstance(called, datetime.datetime)
        assert isinstance(referred_at, datetime.datetime)
        assert isinstance(deadline, datetime.datetime)
        assert called < referred_at < deadline


def test_the_2020_hotline_calls_are_more_than_in_the_years_before(dataset: Dataset) -> None:
    """The seed: "an increase in calls from the public during the pandemic"."""
    years = Counter(
        row["called_at"].year
        for submission in dataset.submissions.values()
        for row in submission.rows.get("hotline_calls", [])
        if isinstance(row["called_at"], datetime.datetime)
    )
    assert years[2020] > years[2019]
    assert years[2020] > years[2018]
