"""Record linkage over the registry: runs, persons, reviewers' decisions, the export, the indicators, and privacy.

Records are put in the registry as intake stores them (identity fields encrypted, document numbers hashed), either
hand-made or generated with the noise agencies make (:mod:`kuska.synth.population`).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import logging
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings
from django.utils import translation
from django.utils.translation import gettext as _
from rich.console import Console

from kuska.audit.models import Event
from kuska.cli import main
from kuska.cli.output import console
from kuska.linkage import model
from kuska.linkage.bench import insert_person_records, profile_agencies, source_columns
from kuska.linkage.frame import build_frame
from kuska.linkage.models import ClusterAssignment, LinkageRun, LinkedPair, ReviewDecision
from kuska.linkage.pipeline import LinkOptions, link
from kuska.linkage.review import ReviewError, decide, pending
from kuska.registry.models import PersonRecord
from kuska.stats.engine import StatsContext as Context
from kuska.stats.engine import Status, compute
from kuska.stats.periods import Period
from kuska.synth.population import TRUTH_HEADER, NoisyRecord, generate, truth_rows
from tests.pseudo import PSEUDO, pseudo_language, unmarked

EVENT = datetime.date(2020, 5, 4)


def person(
    agency: str,
    record_id: str,
    given: str,
    paternal: str,
    maternal: str = "",
    *,
    role: str = "victim",
    sex: str = "female",
    birth: datetime.date | None = None,
    age: int | None = None,
    event: datetime.date = EVENT,
    document: str = "",
    truth: str = "",
) -> NoisyRecord:
    if birth is not None and age is None:
        age = event.year - birth.year - int((event.month, event.day) < (birth.month, birth.day))
    return NoisyRecord(
        agency=agency,
        source_record_id=record_id,
        truth_id=truth or record_id,
        role=role,
        given_names=given,
        paternal_surname=paternal,
        maternal_surname=maternal,
        sex=sex,
        birth_date=birth,
        event_date=event,
        age_at_event=age,
        nationality="PE",
        document_type="dni" if document else "",
        document_number=document,
    )


ROSA_PNP = person(
    "PNP-CUS",
    "PNP-1",
    "Rosa Elena",
    "Quispe",
    "Mamani",
    birth=datetime.date(2004, 7, 12),
    document="45678912",
)
ROSA_MP = person(
    "MP-FISCALIA",
    "MP-1",
    "ROSA ELENA",
    "QUISPE",
    "MAMANI",
    birth=datetime.date(2004, 7, 12),
    document="45678912",
    event=datetime.date(2020, 5, 19),
)
LUZ_PNP = person(
    "PNP-LMA",
    "PNP-2",
    "Luz",
    "Ccahuana",
    "Ttito",
    birth=datetime.date(1999, 2, 3),
    event=datetime.date(2020, 2, 11),
)
NAMESAKE = person(
    "MP-FISCALIA",
    "MP-2",
    "Luz",
    "Ccahuana",
    "Apaza",
    birth=datetime.date(1987, 11, 20),
    event=datetime.date(2020, 9, 30),
)


@pytest.fixture
def registry(
    peru: None, settings: LazySettings, tmp_path: Path
) -> Callable[..., list[PersonRecord]]:
    """Put records in the registry; runs save their models under a temporary folder."""
    settings.VAR_DIR = tmp_path

    def put(*records: NoisyRecord) -> list[PersonRecord]:
        insert_person_records(records)
        ids = [r.source_record_id for r in records]
        found = {
            p.source_record_id: p for p in PersonRecord.objects.filter(source_record_id__in=ids)
        }
        return [found[i] for i in ids]

    return put


def persons_by_record() -> dict[str, int]:
    run = LinkageRun.latest()
    assert run is not None
    return dict(
        ClusterAssignment.objects.filter(run=run).values_list(
            "record__source_record_id", "person_id"
        )
    )


def pair_between(a: PersonRecord, b: PersonRecord) -> LinkedPair:
    low, high = sorted((a.pk, b.pk))
    return LinkedPair.objects.get(run=LinkageRun.latest(), record_l_id=low, record_r_id=high)


# -- persons -----------------------------------------------------------------------------------------------------


def test_one_person_recorded_by_police_and_prosecutors_is_one_person(
    registry: Callable[..., list[PersonRecord]],
) -> None:
    registry(ROSA_PNP, ROSA_MP, LUZ_PNP, NAMESAKE)

    report = link()

    persons = persons_by_record()
    assert persons["PNP-1"] == persons["MP-1"]
    assert (
        persons["PNP-2"] != persons["MP-2"]
    )  # same given name and paternal surname, another person
    assert report.run.records == 4
    assert report.run.persons == 3
    assert report.run.status == LinkageRun.Status.COMPLETED


def test_a_person_id_is_the_smallest_record_id_of_the_person(
    registry: Callable[..., list[PersonRecord]],
) -> None:
    rosa_pnp, rosa_mp = registry(ROSA_PNP, ROSA_MP)

    link()

    assert set(persons_by_record().values()) == {min(rosa_pnp.pk, rosa_mp.pk)}


def test_victims_and_suspects_are_linked_separately(
    registry: Callable[..., list[PersonRecord]],
) -> None:
    suspect = person(
        "PJ",
        "PJ-1",
        "Rosa Elena",
        "Quispe",
        "Mamani",
        role="suspect",
        birth=datetime.date(2004, 7, 12),
    )
    registry(ROSA_PNP, ROSA_MP, suspect)

    link()

    persons = persons_by_record()
    assert persons["PNP-1"] == persons["MP-1"] != persons["PJ-1"]


def test_the_same_records_give_the_same_persons_on_every_run(
    registry: Callable[..., list[PersonRecord]],
) -> None:
    registry(*generate(400, profile_agencies(), seed=3))

    link()
    first = persons_by_record()
    link()
    second = persons_by_record()

    assert first == second
    assert len(set(first.values())) < len(first)  # some records were linked
    assert LinkageRun.objects.filter(status=LinkageRun.Status.COMPLETED).count() == 2
    # only the latest run keeps its persons
    assert ClusterAssignment.objects.count() == len(first)


def test_training_twice_on_the_same_records_gives_the_same_model() -> None:
    from splink import Linker

    from kuska.linkage.backends import open_backend

    frame = build_frame(source_columns(generate(300, profile_agencies(), seed=5)))
    models = []
    for _run in range(2):
        backend = open_backend("duckdb")
        try:
            linker = Linker(
                backend.register(frame),
                model.settings(model.choose_blocking_rules(frame)),
                log_level=logging.ERROR,
            )
            model.train(linker, document_share=0.6)
            models.append(model.trained_model(linker))
        finally:
            backend.close()
    first, second = (json.dumps(_parameters(m), sort_keys=True) for m in models)
    assert first == second


def _parameters(trained: dict[str, Any]) -> dict[str, Any]:
    return {
        "prior": round(trained["probability_two_random_records_match"], 12),
        "levels": [
            (
                level.get("label_for_charts"),
                _round(level.get("m_probability")),
                _round(level.get("u_probability")),
            )
            for comparison in trained["comparisons"]
            for level in comparison["comparison_levels"]
        ],
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 12)


@pytest.mark.slow
def test_a_run_trains_and_saves_its_model_which_a_later_run_can_load(
    registry: Callable[..., list[PersonRecord]], tmp_path: Path
) -> None:
    registry(*generate(1200, profile_agencies(), seed=9))

    trained = link(LinkOptions(model_dir=tmp_path / "models"))

    assert trained.run.trained
    saved = Path(trained.run.model_file)
    assert saved.parent == tmp_path / "models"
    assert json.loads(saved.read_text()) == trained.run.model
    first = persons_by_record()

    loaded = link(LinkOptions(model_path=saved, model_dir=tmp_path / "models"))

    assert not loaded.run.trained
    assert loaded.model_source == _("loaded from {path}").format(path=saved)
    assert persons_by_record() == first


def test_too_few_records_to_train_on_use_the_model_shipped_with_kuska(
    registry: Callable[..., list[PersonRecord]],
) -> None:
    registry(ROSA_PNP, ROSA_MP)

    report = link()

    assert not report.run.trained
    assert report.model_source == _("shipped (too few records to train on)")


def test_a_model_that_is_not_a_splink_model_is_refused_and_the_run_marked_failed(
    registry: Callable[..., list[PersonRecord]], tmp_path: Path
) -> None:
    registry(ROSA_PNP, ROSA_MP)
    link()
    before = persons_by_record()
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"hello": 1}')

    with pytest.raises(model.ModelMismatchError):
        link(LinkOptions(model_path=wrong))

    assert LinkageRun.objects.filter(status=LinkageRun.Status.FAILED).count() == 1
    assert persons_by_record() == before  # the previous run's persons are untouched


def test_an_empty_registry_links_to_no_person(registry: Callable[..., list[PersonRecord]]) -> None:
    report = link()
    assert (report.run.records, report.run.persons) == (0, 0)


# -- review ------------------------------------------------------------------------------------------------------


def test_a_rejected_link_separates_the_two_records_on_the_next_run(
    registry: Callable[..., list[PersonRecord]],
) -> None:
    rosa_pnp, rosa_mp = registry(ROSA_PNP, ROSA_MP)
    link()
    pair = pair_between(rosa_pnp, rosa_mp)
    assert pair.outcome == LinkedPair.Outcome.LINKED

    decide(pair.pk, "reject", by="analyst", note="two sisters")
    assert persons_by_record()["PNP-1"] == persons_by_record()["MP-1"]  # not before the next run
    link()

    persons = persons_by_record()
    assert persons["PNP-1"] != persons["MP-1"]
    assert pair_between(rosa_pnp, rosa_mp).outcome == LinkedPair.Outcome.REJECTED


def test_an_accepted_pair_is_linked_on_the_next_run_whatever_its_score(
    registry: Callable[..., list[PersonRecord]],
) -> None:
    luz, namesake = registry(LUZ_PNP, NAMESAKE)
    link(LinkOptions(review_from=0.000001))
    pair = pair_between(luz, namesake)
    assert pair.outcome == LinkedPair.Outcome.REVIEW
    assert persons_by_record()["PNP-2"] != persons_by_record()["MP-2"]

    decide(pair.pk, "accept", by="analyst")
    link(LinkOptions(threshold=0.999, review_from=0.999))  # the model alone would not link them now

    persons = persons_by_record()
    assert persons["PNP-2"] == persons["MP-2"]
    accepted = pair_between(luz, namesake)
    assert accepted.outcome == LinkedPair.Outcome.ACCEPTED
    assert LinkageRun.latest().decisions_applied == 1  # type: ignore[union-attr]


def test_the_review_queue_lists_undecided_pairs_by_agency_and_record_id_only(
    registry: Callable[..., list[PersonRecord]],
) -> None:
    luz, namesake = registry(LUZ_PNP, NAMESAKE)
    link(LinkOptions(review_from=0.000001))

    queue = pending()

    assert len(queue) == 1
    shown = queue[0]
    assert {shown.left.source_record_id, shown.right.source_record_id} == {"PNP-2", "MP-2"}
    assert {shown.left.agency, shown.right.agency} == {"PNP-LMA", "MP-FISCALIA"}
    assert dict(shown.agreement)["given_names"] == "same given names"
    assert dict(shown.agreement)["birth"] == "different birth dates"
    assert dict(shown.agreement)["document"] == "not recorded"
    text = json.dumps([str(shown)])
    for value in ("Luz", "LUZ", "Ccahuana", "CCAHUANA", "Ttito", "Apaza", "1999", "1987"):
        assert value not in text

    decide(shown.id, "reject")
    assert pending() == []
    decision = ReviewDecision.objects.get()
    assert (decision.record_l_id, decision.record_r_id) == tuple(sorted((luz.pk, namesake.pk)))


def test_deciding_again_replaces_the_earlier_decision(
    registry: Callable[..., list[PersonRecord]],
) -> None:
    registry(ROSA_PNP, ROSA_MP)
    link()
    pair = LinkedPair.objects.get()

    decide(pair.pk, "reject")
    decide(pair.pk, "accept")

    assert ReviewDecision.objects.get().decision == "accept"


def test_a_decision_on_an_unknown_pair_is_refused(
    registry: Callable[..., list[PersonRecord]],
) -> None:
    registry(ROSA_PNP, ROSA_MP)
    link()
    with pytest.raises(ReviewError):
        decide(999_999, "accept")
    with pytest.raises(ReviewError):
        decide(LinkedPair.objects.get().pk, "maybe")


def test_kuska_review_lists_then_records_a_decision(
    registry: Callable[..., list[PersonRecord]], capsys: pytest.CaptureFixture[str]
) -> None:
    registry(LUZ_PNP, NAMESAKE)
    link(LinkOptions(review_from=0.000001))
    pair = LinkedPair.objects.get()

    assert main(["review", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [p["id"] for p in listed] == [pair.pk]

    assert (
        main(["review", "--accept", str(pair.pk), "--by", "analyst", "--note", "same woman"]) == 0
    )
    decision = ReviewDecision.objects.get()
    assert (decision.decision, decision.decided_by, decision.note) == (
        "accept",
        "analyst",
        "same woman",
    )
    reviewed = Event.objects.get(action="linkage.review")
    assert reviewed.records == [f"linkage.reviewdecision:{decision.pk}"]
    assert reviewed.reason == (
        f"accept: personrecord:{decision.record_l_id} personrecord:{decision.record_r_id}"
    )
    assert "same woman" not in reviewed.canonical().decode()
    assert main(["review", "--reject", "999999"]) == 1


def test_kuska_review_speaks_the_pseudo_language(
    registry: Callable[..., list[PersonRecord]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The queue, a decision and a refusal go through the catalogues; what is left is agency codes, record ids,
    numbers and the command lines it shows."""
    registry(LUZ_PNP, NAMESAKE)
    link(LinkOptions(review_from=0.000001))
    pair = LinkedPair.objects.get()
    monkeypatch.setenv("KUSKA_LANGUAGE", PSEUDO)
    monkeypatch.setattr(
        console, "width", 400
    )  # a table cell is not wrapped across a marked stretch
    with pseudo_language(tmp_path / "locale"):
        assert main(["review"]) == 0
        assert main(["review", "--accept", str(pair.pk)]) == 0
        assert main(["review", "--reject", "999999"]) == 1
        assert main(["review"]) == 0  # nothing left to review
    out, err = capsys.readouterr()
    assert out.count("⟦") >= 8
    assert "⟦same given names⟧" in out
    codes = ["kuska review", "--accept", "--reject"]
    assert unmarked(out, codes) == [], out
    assert unmarked(err, codes) == [], err


def _long_ids() -> tuple[NoisyRecord, NoisyRecord]:
    """Luz and her namesake under record ids as long as the agencies' own (``MP-VIC-2019-00…``)."""
    return (
        replace(LUZ_PNP, source_record_id="PNP-VIC-2019-000123"),
        replace(NAMESAKE, source_record_id="MP-VIC-2019-004567"),
    )


def test_kuska_review_shows_whole_record_ids_on_a_narrow_terminal(
    registry: Callable[..., list[PersonRecord]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    registry(*_long_ids())
    link(LinkOptions(review_from=0.000001))
    monkeypatch.setattr(console, "width", 80)

    assert main(["review"]) == 0

    out = capsys.readouterr().out
    assert "PNP-VIC-2019-000123" in out
    assert "MP-VIC-2019-004567" in out
    assert "…" not in out


def test_a_probability_below_the_threshold_is_never_shown_as_the_threshold() -> None:
    from kuska.cli.review import shown_probability

    assert shown_probability(0.9496) == "0.949"
    assert shown_probability(0.94999999) == "0.949"
    assert shown_probability(0.5) == "0.500"
    assert shown_probability(0.0004) == "0.000"


def test_kuska_review_lists_the_probability_rounded_down(
    registry: Callable[..., list[PersonRecord]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    registry(LUZ_PNP, NAMESAKE)
    link(LinkOptions(review_from=0.000001))
    LinkedPair.objects.update(match_probability=0.9496)
    monkeypatch.setattr(console, "width", 200)

    assert main(["review"]) == 0

    out = capsys.readouterr().out
    assert "0.949" in out
    assert "0.950" not in out


def test_a_decision_is_answered_with_the_record_ids_the_list_shows(
    registry: Callable[..., list[PersonRecord]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    luz, namesake = registry(*_long_ids())
    link(LinkOptions(review_from=0.000001))
    pair = LinkedPair.objects.get()
    monkeypatch.setenv("KUSKA_LANGUAGE", "en")

    assert main(["review", "--accept", str(pair.pk)]) == 0

    out = capsys.readouterr().out
    assert "PNP-LMA PNP-VIC-2019-000123" in out
    assert "MP-FISCALIA MP-VIC-2019-004567" in out
    assert f"records {luz.pk} and" not in out
    assert f"records {namesake.pk} and" not in out


def test_deciding_the_same_twice_says_it_was_already_decided_and_changes_nothing(
    registry: Callable[..., list[PersonRecord]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    registry(LUZ_PNP, NAMESAKE)
    link(LinkOptions(review_from=0.000001))
    pair = LinkedPair.objects.get()
    monkeypatch.setenv("KUSKA_LANGUAGE", "en")
    assert main(["review", "--accept", str(pair.pk), "--by", "analyst", "--note", "first"]) == 0
    first = ReviewDecision.objects.get()
    capsys.readouterr()

    assert main(["review", "--accept", str(pair.pk), "--by", "other", "--note", "again"]) == 0
    assert "already accepted" in capsys.readouterr().out
    again = ReviewDecision.objects.get()
    assert (again.decided_by, again.note, again.decided_at) == (
        "analyst",
        "first",
        first.decided_at,
    )

    monkeypatch.setenv("KUSKA_LANGUAGE", "es")
    assert main(["review", "--accept", str(pair.pk)]) == 0
    assert "ya estaba aceptado" in capsys.readouterr().out
    assert main(["review", "--reject", str(pair.pk)]) == 0
    assert "Reemplaza la decisión anterior" in capsys.readouterr().out
    assert ReviewDecision.objects.get().decision == "reject"


def test_kuska_review_explains_the_fields_and_refuses_an_unknown_pair_in_spanish(
    registry: Callable[..., list[PersonRecord]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    registry(LUZ_PNP, NAMESAKE)
    link(LinkOptions(review_from=0.000001))
    monkeypatch.setenv("KUSKA_LANGUAGE", "es")
    monkeypatch.setattr(console, "width", 200)

    assert main(["review"]) == 0
    out = capsys.readouterr().out
    assert "nombres: mismos nombres" in out
    assert "fecha de nacimiento:" in out
    assert "(víctima)" in out
    assert "given_names" not in out

    assert main(["review", "--accept", "999999"]) == 1
    assert "no hay un par 999999 en la última ejecución del enlace" in capsys.readouterr().err


# -- the command, the export and the evaluation ------------------------------------------------------------------


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _terminal() -> Console:
    """A console that takes itself for a terminal, writing to memory."""
    return Console(file=io.StringIO(), force_terminal=True, width=400, color_system=None)


def test_kuska_link_shows_its_steps_on_a_terminal_and_nothing_more_on_a_pipe(
    registry: Callable[..., list[PersonRecord]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kuska.cli import link as link_command

    registry(ROSA_PNP, ROSA_MP, LUZ_PNP)
    monkeypatch.setenv("KUSKA_LANGUAGE", "en")

    assert main(["link"]) == 0  # capsys: a pipe
    piped = capsys.readouterr().err
    assert "unique persons" in piped  # the summary
    for step_words in ("normalize", "assignments", "pairs at or above"):
        assert step_words not in piped

    terminal = _terminal()
    monkeypatch.setattr(link_command, "progress_console", terminal)
    assert main(["link"]) == 0
    shown = ANSI.sub("", terminal.file.getvalue())  # type: ignore[attr-defined]
    for step_words in ("read", "normalize", "3 records", "score", "cluster", "save", "assignments"):
        assert step_words in shown


def test_kuska_link_speaks_the_pseudo_language(
    registry: Callable[..., list[PersonRecord]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every line ``kuska link`` prints, its steps, its summary and its refusals, went through the catalogues: what
    is left is numbers, file paths and the command's name."""
    from kuska.cli import link as link_command

    registry(ROSA_PNP, ROSA_MP, LUZ_PNP)
    not_a_model = tmp_path / "model.json"
    not_a_model.write_text("{}", encoding="utf-8")
    truth = tmp_path / "truth.csv"
    truth.write_text("agency,record\nPNP,1\n", encoding="utf-8")
    monkeypatch.setenv("KUSKA_LANGUAGE", PSEUDO)
    terminal = _terminal()
    monkeypatch.setattr(link_command, "progress_console", terminal)
    with pseudo_language(tmp_path / "locale"):
        assert main(["link"]) == 0
        assert main(["link", "--model", str(not_a_model)]) == 1
        assert main(["link", "--evaluate", str(truth)]) == 1
    shown = ANSI.sub("", terminal.file.getvalue())  # type: ignore[attr-defined]
    run = LinkageRun.latest()
    assert run is not None
    assert shown.count("⟦") >= 10
    assert unmarked(shown, [run.model_file]) == [], shown
    err = capsys.readouterr().err
    assert err.count("⟦") == 2
    assert unmarked(err, ["kuska link", str(not_a_model), str(truth)]) == [], err


def test_the_linkage_errors_speak_the_users_language(
    registry: Callable[..., list[PersonRecord]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    not_a_model = tmp_path / "model.json"
    not_a_model.write_text("{}", encoding="utf-8")
    monkeypatch.setenv("KUSKA_LANGUAGE", "es")

    assert main(["link", "--model", str(not_a_model)]) == 1
    assert f"{not_a_model} no es un modelo de Splink" in capsys.readouterr().err
    with pytest.raises(ValueError, match="los umbrales deben cumplir"), translation.override("es"):
        LinkOptions(threshold=0.3, review_from=0.6).check()


def test_kuska_link_exports_agency_record_id_and_person_id(
    registry: Callable[..., list[PersonRecord]], tmp_path: Path
) -> None:
    rosa_pnp, rosa_mp, luz, namesake = registry(ROSA_PNP, ROSA_MP, LUZ_PNP, NAMESAKE)
    exported = tmp_path / "persons.csv"

    assert main(["link", "--export", str(exported), "--model-dir", str(tmp_path)]) == 0
    run = Event.objects.get(action="linkage.run")
    assert run.records == [f"linkage.linkagerun:{LinkageRun.objects.get().pk}"]
    assert run.source.startswith("cli:")

    with exported.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["agency", "source_record_id", "person_id"]
    by_record = {(a, r): p for a, r, p in rows[1:]}
    rosa = str(min(rosa_pnp.pk, rosa_mp.pk))
    assert by_record == {
        ("MP-FISCALIA", "MP-1"): rosa,
        ("MP-FISCALIA", "MP-2"): str(namesake.pk),
        ("PNP-CUS", "PNP-1"): rosa,
        ("PNP-LMA", "PNP-2"): str(luz.pk),
    }


def test_kuska_link_evaluates_against_a_truth_file(
    registry: Callable[..., list[PersonRecord]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = list(generate(300, profile_agencies(), seed=4))
    registry(*records)
    truth = tmp_path / "truth.csv"
    with truth.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(TRUTH_HEADER)
        writer.writerows(truth_rows(records))

    assert main(["link", "--evaluate", str(truth), "--model-dir", str(tmp_path)]) == 0

    scores = json.loads(capsys.readouterr().out)
    assert scores["records"] == 300
    assert scores["pairwise"]["precision"] > 0.9
    assert scores["pairwise"]["recall"] > 0.7
    assert set(scores["bcubed"]) == {"precision", "recall", "f1"}
    # beside the totals: recall by the kind of noise the truth file names, and what false links shared
    kinds = {k for r in records for k in r.noise.split(";") if k}
    assert "no_document" in scores["by_noise"]
    assert set(scores["by_noise"]) <= kinds
    for found in scores["by_noise"].values():
        assert found["linked"] <= found["true_pairs"]
        assert found["recall"] == pytest.approx(found["linked"] / found["true_pairs"])
    assert isinstance(scores["false_links"], dict)
    assert scores["false_linked_pairs"] >= 0


def test_kuska_link_explains_a_truth_file_without_the_right_columns(
    registry: Callable[..., list[PersonRecord]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    truth = tmp_path / "truth.csv"
    truth.write_text("agency,record\nPNP,1\n", encoding="utf-8")
    monkeypatch.setenv("KUSKA_LANGUAGE", "en")
    assert main(["link", "--evaluate", str(truth)]) == 1
    assert "missing column" in capsys.readouterr().err
    monkeypatch.setenv("KUSKA_LANGUAGE", "es")
    assert main(["link", "--evaluate", str(truth)]) == 1
    assert "falta(n) la(s) columna(s) source_record_id, truth_id" in capsys.readouterr().err


# -- privacy -----------------------------------------------------------------------------------------------------


def test_no_identity_value_reaches_the_logs_the_output_the_export_or_the_model(
    registry: Callable[..., list[PersonRecord]],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    records = list(generate(200, profile_agencies(), seed=8))
    registry(*records, ROSA_PNP, ROSA_MP)
    exported = tmp_path / "persons.csv"
    caplog.set_level(logging.DEBUG)

    assert main(["link", "--export", str(exported), "--model-dir", str(tmp_path / "models")]) == 0
    main(["review"])

    written = "\n".join(
        [
            caplog.text,
            *capsys.readouterr(),
            exported.read_text(encoding="utf-8"),
            *(p.read_text(encoding="utf-8") for p in (tmp_path / "models").iterdir()),
            json.dumps(list(LinkedPair.objects.values())),
            json.dumps(list(LinkageRun.objects.values("model")), default=str),
        ]
    ).upper()
    identity: set[str] = set()
    for record in [*records, ROSA_PNP, ROSA_MP]:
        identity.update(
            value.upper()
            for value in (record.given_names, record.paternal_surname, record.maternal_surname)
            if len(value) > 3
        )
        if record.birth_date:
            identity.add(record.birth_date.isoformat())
        if record.document_number:
            identity.add(record.document_number)
    # an agency code or a word of the model's own vocabulary is not an identity value
    identity -= {"ROSA", "LUZ", "CRUZ", "SALAS", "CANO"}
    leaked = sorted(v for v in identity if v in written)
    assert leaked == []


# -- the indicators ----------------------------------------------------------------------------------------------


def _figure(indicator: str, by: tuple[str, ...] = (), year: int = 2020) -> Any:
    context = Context.load()
    return compute(context.catalogue[indicator], Period.calendar(year), by, context=context)


def test_unique_victims_and_the_overlap_between_agencies_are_not_available_before_linkage(
    registry: Callable[..., list[PersonRecord]],
) -> None:
    registry(ROSA_PNP, ROSA_MP)
    assert _figure("unique_victims").status is Status.NOT_AVAILABLE
    assert _figure("agency_overlap").status is Status.NOT_AVAILABLE


def test_unique_victims_and_the_overlap_between_agencies_come_from_the_latest_run(
    registry: Callable[..., list[PersonRecord]],
) -> None:
    other_year = person(
        "PNP-LMA", "PNP-9", "Juana", "Huamán", "Condori", event=datetime.date(2019, 3, 1)
    )
    suspect = person("PJ", "PJ-1", "José", "Rojas", "Vilca", role="suspect", sex="male")
    registry(ROSA_PNP, ROSA_MP, LUZ_PNP, NAMESAKE, other_year, suspect)

    link()

    unique = _figure("unique_victims", ("agency",))
    assert unique.status is Status.REPORTED
    assert (
        unique.value == 3
    )  # Rosa (police and prosecutors), Luz (police), her namesake (prosecutors)
    assert unique.breakdown() == {"PNP": 1, "MP-FISCALIA": 1, "PNP + MP-FISCALIA": 1}
    overlap = _figure("agency_overlap", ("agency",))
    assert overlap.value == 1
    assert overlap.breakdown() == {"PNP + MP-FISCALIA": 1}
    assert _figure("unique_victims", year=2019).value == 1
    assert _figure("agency_overlap", year=2019).value == 0
    assert _figure("unique_victims", year=2018).status is Status.NOT_REPORTED


def test_a_unique_victim_is_counted_once_in_each_breakdown(
    registry: Callable[..., list[PersonRecord]],
) -> None:
    registry(ROSA_PNP, ROSA_MP, LUZ_PNP)
    link()

    by_sex = _figure("unique_victims", ("sex", "age_group"))

    assert by_sex.value == 2
    assert by_sex.breakdown() == {"female": {"child": 1, "adult": 1}}


def test_bench_link_names_its_steps_in_the_users_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.commands import kuska_bench

    monkeypatch.setenv("KUSKA_LANGUAGE", "es")
    result = kuska_bench(tmp_path, "link", "--records", "300")

    assert result.returncode == 0, result.stderr
    for step in ("leer", "normalizar", "puntuar", "agrupar", "guardar"):
        assert f"  {step}: " in result.stdout
