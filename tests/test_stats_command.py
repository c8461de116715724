"""``kuska stats --year Y``: the indicators as a table, JSON or CSV, published with ``--public``; and
``kuska bench stats``."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

from kuska.cli import main
from tests.commands import kuska_bench
from tests.stats_records import Records


@pytest.fixture(autouse=True)
def in_spanish(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command speaks Spanish here, whatever the locale of the machine running the tests."""
    monkeypatch.setenv("KUSKA_LANGUAGE", "es")


@pytest.fixture
def registry(peru: None) -> Records:
    """Police and prosecutors' identifications in 2020, convictions without sentences, a TIP-year edge."""
    records = Records()
    for _ in range(12):
        records.identification("PNP-LOR", "2020-02-01", sex="female", age=25)
    for _ in range(3):
        records.identification("PNP-CUS", "2020-06-01", sex="male", age=15)
    for _ in range(8):
        records.identification("MP-FISCALIA", "2020-07-01", sex="female", age=30, nationality="VE")
    records.identification("MP-FISCALIA", "2021-02-01", sex="female", age=30)
    records.proceeding("PJ", "conviction", "2020-05-01")
    return records


def stats(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["stats", *args])
    return code, capsys.readouterr().out


def stats_json(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, Any]]:
    code, out = stats(capsys, "--year", "2020", *args, "--format", "json")
    assert code == 0
    loaded: list[dict[str, Any]] = json.loads(out)
    return loaded


def test_json_is_a_list_of_objects_with_the_breakdown_nested_as_asked(
    registry: Records, capsys: pytest.CaptureFixture[str]
) -> None:
    [victims] = stats_json(capsys, "--indicator", "victims_identified", "--by", "agency,sex")
    assert victims["indicator"] == "victims_identified"
    assert victims["title"] == "Víctimas identificadas"
    assert victims["unit"] == "records"
    assert victims["period"] == {
        "type": "calendar",
        "year": 2020,
        "start": "2020-01-01",
        "end": "2020-12-31",
    }
    assert victims["status"] == "reported"
    assert victims["value"] == 23
    assert victims["breakdown"] == {
        "PNP": {"female": 12, "male": 3},
        "MP-FISCALIA": {"female": 8, "male": 0},
    }
    assert victims["totals"] == {
        "agency": {"PNP": 15, "MP-FISCALIA": 8},
        "sex": {"female": 20, "male": 3},
    }
    [by_agency] = stats_json(capsys, "--indicator", "victims_identified", "--by", "agency")
    assert by_agency["breakdown"] == {"PNP": 15, "MP-FISCALIA": 8}
    assert "totals" not in by_agency


def test_a_figure_no_agency_supplied_is_null_and_says_not_reported(
    registry: Records, capsys: pytest.CaptureFixture[str]
) -> None:
    objects = {o["indicator"]: o for o in stats_json(capsys)}
    assert objects["sentences"]["value"] is None
    assert objects["sentences"]["status"] == "not_reported"
    assert objects["traffickers_convicted"]["value"] == 1
    assert objects["unique_victims"]["status"] == "not_available"
    assert list(objects) == [o["indicator"] for o in stats_json(capsys)]  # catalogue order


def test_titles_are_in_english_with_lang_en_and_the_tip_period_is_named(
    registry: Records, capsys: pytest.CaptureFixture[str]
) -> None:
    [victims] = stats_json(
        capsys, "--indicator", "victims_identified", "--lang", "en", "--period", "tip"
    )
    assert victims["title"] == "Victims identified"
    assert victims["period"]["start"] == "2020-04-01"
    assert victims["period"]["end"] == "2021-03-31"
    assert victims["value"] == 12  # June, July and February 2021 identifications


def test_several_indicators_and_a_region(
    registry: Records, capsys: pytest.CaptureFixture[str]
) -> None:
    objects = stats_json(
        capsys,
        "--indicator",
        "victims_identified,traffickers_convicted",
        "--indicator",
        "police_operations",
        "--region",
        "PE-CUS",
    )
    assert [o["indicator"] for o in objects] == [
        "police_operations",
        "traffickers_convicted",
        "victims_identified",
    ]
    assert objects[2]["value"] == 3
    assert objects[2]["region"] == "PE-CUS"


def test_csv_has_a_row_for_every_cell_and_sub_total(
    registry: Records, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = stats(
        capsys,
        "--year",
        "2020",
        "--indicator",
        "victims_identified,sentences",
        "--by",
        "agency,sex",
        "--format",
        "csv",
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == [
        "indicator",
        "title",
        "unit",
        "measure",
        "period",
        "year",
        "start",
        "end",
        "within_region",
        "within",
        "status",
        "agency",
        "sex",
        "value",
        "suppressed",
    ]
    victims = {
        (r["agency"], r["sex"]): r["value"] for r in rows if r["indicator"] == "victims_identified"
    }
    assert victims == {
        ("total", "total"): "23",
        ("PNP", "total"): "15",
        ("MP-FISCALIA", "total"): "8",
        ("total", "female"): "20",
        ("total", "male"): "3",
        ("PNP", "female"): "12",
        ("PNP", "male"): "3",
        ("MP-FISCALIA", "female"): "8",
        ("MP-FISCALIA", "male"): "0",
    }
    [sentences] = [r for r in rows if r["indicator"] == "sentences"]
    assert (sentences["status"], sentences["value"]) == ("not_reported", "")


def test_public_output_suppresses_small_counts_and_what_would_give_them_away(
    registry: Records, capsys: pytest.CaptureFixture[str]
) -> None:
    [victims] = stats_json(
        capsys, "--indicator", "victims_identified", "--by", "agency,sex", "--public"
    )
    assert victims["breakdown"]["PNP"]["male"] is None
    assert {"agency": "PNP", "sex": "male"} in victims["suppressed"]
    assert victims["value"] == 23
    published = [
        v for cells in victims["breakdown"].values() for v in cells.values() if v is not None
    ]
    published += [
        v for margin in victims["totals"].values() for v in margin.values() if v is not None
    ]
    assert not [v for v in published if 1 <= v <= 4]
    _, out = stats(
        capsys,
        "--year",
        "2020",
        "--indicator",
        "victims_identified",
        "--by",
        "sex",
        "--public",
        "--format",
        "csv",
    )
    male = next(r for r in csv.DictReader(io.StringIO(out)) if r["sex"] == "male")
    assert (male["value"], male["suppressed"]) == ("", "yes")


def test_public_output_publishes_counts_of_events_and_protects_counts_of_people(
    registry: Records, capsys: pytest.CaptureFixture[str]
) -> None:
    for on in ("2020-03-01", "2020-04-01"):
        registry.operation("PNP-LOR", on, detentions=1, region="PE-LOR")
        registry.training("PNP", on, ended=on, participants=3, audience="journalists")
    rows = {
        r["indicator"]: r
        for r in csv.DictReader(
            io.StringIO(
                stats(
                    capsys,
                    "--year",
                    "2020",
                    "--indicator",
                    "police_operations,trainings_held,police_detentions,journalists_trained",
                    "--public",
                    "--format",
                    "csv",
                )[1]
            )
        )
    }
    # events: 2 operations, 2 trainings, published as they are
    assert (rows["police_operations"]["value"], rows["police_operations"]["suppressed"]) == (
        "2",
        "",
    )
    assert (rows["trainings_held"]["value"], rows["trainings_held"]["suppressed"]) == ("2", "")
    # people: 2 persons detained is a small count, withheld; 6 journalists trained is not
    assert (rows["police_detentions"]["value"], rows["police_detentions"]["suppressed"]) == (
        "",
        "yes",
    )
    assert rows["police_detentions"]["unit"] == "persons"
    assert (rows["journalists_trained"]["value"], rows["journalists_trained"]["unit"]) == (
        "6",
        "persons",
    )


def test_a_csv_broken_down_by_region_names_each_column_once(
    registry: Records, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = stats(
        capsys, "--year", "2020", "--period", "tip", "--by", "region", "--public", "--format", "csv"
    )
    assert code == 0
    header = next(csv.reader(io.StringIO(out)))
    assert len(header) == len(set(header)), header
    assert "region" in header
    assert "within_region" in header
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["region"] for r in rows if r["indicator"] == "victims_identified"} >= {
        "PE-CUS",
        "total",
    }


def test_the_table_names_every_column_in_the_language_of_its_titles(
    registry: Records, capsys: pytest.CaptureFixture[str]
) -> None:
    _, spanish = stats(capsys, "--year", "2020", "--indicator", "capacity_specialized_shelters")
    assert "título" in spanish
    assert "unidad" in spanish
    _, english = stats(
        capsys,
        "--year",
        "2020",
        "--indicator",
        "capacity_specialized_shelters,training_participants",
        "--lang",
        "en",
    )
    assert "title" in english
    assert "unit" in english
    assert "value" in english
    assert "amount (places)" in english
    assert "persons" in english
    for spanish_word in ("unidad", "valor", "monto", "indicador", "Indicadores"):
        assert spanish_word not in english, spanish_word


def test_a_period_that_runs_past_the_last_dated_record_is_said_not_covered_in_full(
    registry: Records, capsys: pytest.CaptureFixture[str]
) -> None:
    # the latest record is dated 2021-02-01; TIP 2020 runs to 2021-03-31
    code = main(["stats", "--year", "2020", "--period", "tip", "--format", "json"])
    captured = capsys.readouterr()
    assert code == 0
    assert {item["covered_to"] for item in json.loads(captured.out)} == {"2021-02-01"}
    assert "no está cubierto por completo" in captured.err
    assert "2021-02-01" in captured.err
    code, table = stats(capsys, "--year", "2020", "--period", "tip")
    assert "no está cubierto por completo" in " ".join(table.split())
    # the calendar year 2020 holds records to its last month and after: covered
    code = main(["stats", "--year", "2020", "--format", "json"])
    captured = capsys.readouterr()
    assert all("covered_to" not in item for item in json.loads(captured.out))
    assert captured.err == ""


def test_the_table_says_what_is_not_reported(
    registry: Records, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = stats(capsys, "--year", "2020")
    assert code == 0
    assert "no reportado" in out
    assert "Indicadores — 2020" in out
    code, out = stats(
        capsys,
        "--year",
        "2020",
        "--indicator",
        "victims_identified",
        "--by",
        "agency",
        "--lang",
        "en",
    )
    assert "Victims identified" in out
    assert "MP-FISCALIA" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--indicator", "victims_counted"], "victims_counted"),
        (["--by", "colour"], "colour"),
        (["--indicator", "police_operations", "--by", "sex"], "no se puede desglosar"),
        (["--region", "PE-XXX"], "PE-XXX"),
    ],
)
def test_what_cannot_be_computed_is_refused_with_a_reason(
    registry: Records, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out = stats(capsys, "--year", "2020", *args)
    assert code == 2
    assert message in out


def test_the_titles_follow_the_command_language_unless_lang_says_otherwise(
    registry: Records, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KUSKA_LANGUAGE", "en")
    code, out = stats(capsys, "--year", "2020", "--indicator", "victims_identified")
    assert code == 0
    assert "Indicators — 2020" in out
    assert "Victims identified" in out
    code, out = stats(capsys, "--year", "2020", "--indicator", "victims_identified", "--lang", "es")
    assert "Víctimas identificadas" in out
    assert "Indicadores — 2020" in out  # a table speaks one language: that of its titles
    code, out = stats(capsys, "--year", "2020", "--lang", "xx")
    assert code == 2
    assert "--lang xx" in out  # the command's own messages stay in its language


def test_the_command_speaks_the_pseudo_language(
    registry: Records,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Tables, refusals and the empty series go through the catalogues; what is left is numbers, codes, indicator
    ids, the indicators' titles (the catalogue's data) and the breakdowns' names as the option takes them."""
    from kuska.cli.output import console
    from kuska.stats.catalogue import DIMENSIONS
    from kuska.stats.engine import StatsContext
    from tests.pseudo import PSEUDO, pseudo_language, unmarked

    monkeypatch.setenv("KUSKA_LANGUAGE", PSEUDO)
    monkeypatch.setattr(
        console, "width", 400
    )  # a table cell is not wrapped across a marked stretch
    runs = [
        ["--year", "2020"],
        ["--year", "2020", "--indicator", "victims_identified", "--by", "agency"],
        ["--year", "2020", "--indicator", "victims_counted"],
        ["--year", "2020", "--by", "colour"],
        ["--year", "2020", "--indicator", "police_operations", "--by", "sex"],
        ["--year", "2020", "--region", "PE-XXX"],
        ["--series", "mininter"],
        [],
    ]
    with pseudo_language(tmp_path / "locale"):
        for args in runs:
            main(["stats", *args])
        titles = [i.title(PSEUDO) for i in StatsContext.load().catalogue]
        ids = StatsContext.load().catalogue.ids
    out = capsys.readouterr().out
    assert out.count("⟦") >= 20
    names = [*titles, *ids, *DIMENSIONS, "colour", "mininter", "--year", "--series"]
    assert unmarked(out, names) == [], out


def test_stats_asks_for_a_year_or_a_series(peru: None, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = stats(capsys)
    assert code == 2
    assert "--year" in out


def test_bench_asks_for_a_benchmark(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench"]) == 2
    assert "kuska bench stats" in capsys.readouterr().out


@pytest.mark.slow
def test_bench_stats_builds_a_throwaway_database_times_the_catalogue_and_removes_it(
    tmp_path: Path,
) -> None:
    result = kuska_bench(tmp_path, "stats", "--victims", "3000", "--by", "agency")
    assert result.returncode == 0, result.stderr
    assert "catalogue" in result.stdout
    assert "peak memory" in result.stdout
    assert not list(tmp_path.glob("kuska-bench-*"))  # the SQLite scratch folder is gone
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        import psycopg

        with psycopg.connect(os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres") as conn:
            names = [r[0] for r in conn.execute("SELECT datname FROM pg_database")]
        assert not [n for n in names if n.startswith("kuska_bench_")]


def test_where_filters_by_any_breakdown_dimension_an_agency_with_its_units(
    registry: Records, capsys: pytest.CaptureFixture[str]
) -> None:
    def victims(*where: str) -> Any:
        args = [a for w in where for a in ("--where", w)]
        [found] = stats_json(capsys, "--indicator", "victims_identified", *args)
        return found

    assert victims("agency=PNP")["value"] == 15  # PNP-LOR and PNP-CUS, below PNP
    assert victims("agency=pnp", "sex=female")["value"] == 12
    assert victims("agency=PNP-CUS")["value"] == 3
    assert victims("age_group=child")["value"] == 3
    assert victims("nationality=VE", "sex=female")["value"] == 8
    filtered = victims("sex=female", "agency=PNP")
    assert filtered["where"] == {"agency": "PNP", "sex": "female"}
    assert filtered["value"] == victims("agency=PNP", "sex=female")["value"]


def test_a_figure_a_filter_cannot_apply_to_is_not_applicable_never_zero(
    registry: Records, capsys: pytest.CaptureFixture[str]
) -> None:
    objects = {o["indicator"]: o for o in stats_json(capsys, "--where", "sex=female")}
    assert objects["police_operations"]["status"] == "not_applicable"
    assert objects["police_operations"]["value"] is None
    assert objects["victims_identified"]["value"] == 20
    code, out = stats(capsys, "--year", "2020", "--where", "sex=female")
    assert code == 0
    assert "no aplicable" in out


def test_an_agency_filter_leaves_what_it_did_not_supply_not_reported(
    registry: Records, capsys: pytest.CaptureFixture[str]
) -> None:
    objects = {o["indicator"]: o for o in stats_json(capsys, "--where", "agency=PJ")}
    assert objects["traffickers_convicted"]["value"] == 1
    assert objects["victims_identified"]["status"] == "not_reported"


@pytest.mark.parametrize(
    ("where", "said"),
    [
        ("sex=robot", "'robot' no es un código de sex (female, male, intersex, unknown)"),
        ("colour=red", "'colour' no es un desglose"),
        ("agency=NOBODY", "la entidad «NOBODY» no está en el perfil"),
        ("region=XX", "la región 'XX' no está en el perfil cargado"),
    ],
)
def test_a_wrong_filter_is_refused_with_what_is_wrong(
    registry: Records, capsys: pytest.CaptureFixture[str], where: str, said: str
) -> None:
    code, out = stats(capsys, "--year", "2020", "--where", where)
    assert code == 2
    assert said in " ".join(out.split())


def test_the_csv_names_the_filters_in_the_within_column(
    registry: Records, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = stats(
        capsys,
        "--year",
        "2020",
        "--indicator",
        "victims_identified",
        "--region",
        "PE-LOR",
        "--where",
        "sex=female",
        "--format",
        "csv",
    )
    assert code == 0
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert (row["within_region"], row["within"]) == ("PE-LOR", "region=PE-LOR;sex=female")


def test_a_filter_without_a_code_is_refused_by_the_parser(
    registry: Records, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["stats", "--year", "2020", "--where", "sex"])
    assert stopped.value.code == 2
    assert "se esperaba DIM=CÓDIGO" in capsys.readouterr().err
