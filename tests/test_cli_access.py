"""The commands that read records or figures act for a user (``--as EMAIL``, else ``KUSKA_USER``), with that user's
permissions, and the audit trail names them; without one they act for the server's operator, as before
(docs/access.md, "Commands"). The matrix of every role against every command is tests/test_authorization_matrix.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kuska.accounts.models import Membership, Permission, Role
from kuska.audit.models import Event
from kuska.cli import main
from kuska.linkage.models import LinkageRun, ReviewDecision
from kuska.registry.models import Agency
from tests.access_world import OTHER, OWN, Holdings, identity_strings, pair_in_review, world
from tests.personas import member

pytestmark = pytest.mark.usefixtures("peru")


@pytest.fixture
def places() -> dict[str, Holdings]:
    return world()


@pytest.fixture
def spanish(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUSKA_LANGUAGE", "es")
    monkeypatch.delenv("KUSKA_USER", raising=False)


def test_an_unknown_user_is_refused_in_one_translated_line(
    spanish: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    events = Event.objects.count()

    assert main(["audit", "verify", "--as", "nadie@example.org"]) == 2
    assert capsys.readouterr().err == (
        "kuska audit: no hay ningún usuario con el correo «nadie@example.org»\n"
    )
    monkeypatch.setenv("KUSKA_LANGUAGE", "en")
    assert main(["stats", "--year", "2020", "--as", "nobody@example.org"]) == 2
    assert capsys.readouterr().err == (
        "kuska stats: there is no user with the e-mail address “nobody@example.org”\n"
    )
    assert Event.objects.count() == events


def test_a_disabled_user_is_refused_even_with_the_permission(
    spanish: None, capsys: pytest.CaptureFixture[str]
) -> None:
    auditor = member("auditora@example.org", OWN, "auditor")
    auditor.is_active = False
    auditor.save()

    assert main(["audit", "list", "--as", "Auditora@Example.org"]) == 2
    assert capsys.readouterr().err == (
        "kuska audit: el usuario «auditora@example.org» está desactivado\n"
    )
    assert not Event.objects.filter(action="audit.list").exists()


def test_a_user_without_the_permission_is_told_which_one_and_nothing_is_done(
    spanish: None, places: dict[str, Holdings], capsys: pytest.CaptureFixture[str]
) -> None:
    pair = pair_in_review(places)
    member("oficial@example.org", OWN, "data_officer")

    assert main(["review", "--accept", str(pair.pk), "--as", "oficial@example.org"]) == 2
    assert capsys.readouterr().err == (
        "kuska review: oficial@example.org no tiene el permiso linkage.review que esto requiere "
        "(docs/access.md)\n"
    )
    assert not ReviewDecision.objects.exists()
    assert not Event.objects.filter(action="linkage.review").exists()


def test_kuska_user_names_the_user_when_as_does_not(
    spanish: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    member("auditora@example.org", OWN, "auditor")
    member("gestora@example.org", OTHER, "case_worker")

    monkeypatch.setenv("KUSKA_USER", "auditora@example.org")
    assert main(["audit", "list", "--format", "json"]) == 0
    assert Event.objects.get(action="audit.list").actor_email == "auditora@example.org"

    monkeypatch.setenv("KUSKA_USER", "gestora@example.org")
    assert main(["audit", "verify"]) == 2
    assert main(["audit", "verify", "--as", "auditora@example.org"]) == 0  # --as wins
    capsys.readouterr()


def test_a_review_decision_is_the_users_and_the_event_names_them_and_the_account(
    spanish: None, places: dict[str, Holdings], capsys: pytest.CaptureFixture[str]
) -> None:
    pair = pair_in_review(places)
    analyst = member("analista@example.org", OWN, "analyst")

    assert main(["review", "--as", analyst.email, "--format", "json"]) == 0
    assert str(pair.pk) in capsys.readouterr().out
    assert (
        main(["review", "--reject", str(pair.pk), "--by", "otra persona", "--as", analyst.email])
        == 2
    )
    assert "--by" in capsys.readouterr().err
    assert not ReviewDecision.objects.exists()

    assert main(["review", "--reject", str(pair.pk), "--as", analyst.email]) == 0
    assert ReviewDecision.objects.get().decided_by == "analista@example.org"
    event = Event.objects.get(action="linkage.review")
    assert (event.actor, event.actor_email) == (analyst, "analista@example.org")
    assert event.source.startswith("cli:")


def test_without_a_user_the_command_acts_for_the_operator_as_before(
    spanish: None, places: dict[str, Holdings], capsys: pytest.CaptureFixture[str]
) -> None:
    pair = pair_in_review(places)

    assert main(["review", "--accept", str(pair.pk), "--by", "Rosa"]) == 0
    assert main(["audit", "list"]) == 0
    capsys.readouterr()
    assert ReviewDecision.objects.get().decided_by == "Rosa"
    for event in Event.objects.filter(action__in=["linkage.review", "audit.list"]):
        assert event.actor is None
        assert event.actor_email == ""
        assert event.source.startswith("cli:")


def test_a_user_with_only_published_figures_gets_them_and_is_told_so(
    spanish: None, places: dict[str, Holdings], capsys: pytest.CaptureFixture[str]
) -> None:
    member("gestora@example.org", OWN, "case_worker")
    member("analista@example.org", OWN, "analyst")
    exact = ["stats", "--year", "2025", "--indicator", "victims_identified", "--format", "csv"]

    assert main([*exact, "--as", "analista@example.org"]) == 0
    assert "Cifras publicadas" not in capsys.readouterr().err
    assert main([*exact, "--as", "gestora@example.org"]) == 0
    said = capsys.readouterr()
    assert said.err.startswith("Cifras publicadas: gestora@example.org no tiene figures.exact")
    assert main([*exact, "--public"]) == 0
    assert said.out == capsys.readouterr().out  # exactly the published figures
    assert main(["stats", "--series", "mininter", "--as", "gestora@example.org"]) == 2


def test_the_internal_report_needs_exact_figures_besides_writing_reports(
    spanish: None, places: dict[str, Holdings], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A role that may write reports but not see exact figures (none of docs/access.md's roles is one) writes the
    public report only."""
    writer = Role.objects.create(code="report_writer", names={"es": "Redactor", "en": "Writer"})
    writer.permissions.add(Permission.objects.get(code="reports.generate"))
    user = member("redactor@example.org", OWN, "screener")
    Membership.objects.create(user=user, agency=Agency.objects.get(code=OWN), role=writer)
    report = ["report", "--year", "2025", "--format", "html", "--out", str(tmp_path)]

    assert main([*report, "--as", user.email]) == 2
    assert "figures.exact" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    assert main([*report, "--public", "--as", user.email]) == 0
    capsys.readouterr()
    event = Event.objects.get(action="report.generate")
    assert (event.actor_email, event.reason.split(":")[0]) == (user.email, "2025 es public")


def test_a_linkage_export_is_a_records_export_event_of_the_user_naming_the_run(
    spanish: None, places: dict[str, Holdings], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    analyst = member("analista@example.org", OWN, "analyst")
    exported = tmp_path / "personas.csv"

    assert (
        main(
            ["link", "--model-dir", str(tmp_path), "--export", str(exported), "--as", analyst.email]
        )
        == 0
    )
    said = capsys.readouterr()
    assert [v for v in identity_strings() if v in said.out + said.err + exported.read_text()] == []
    run = LinkageRun.objects.get()
    linked = Event.objects.get(action="linkage.run")
    export = Event.objects.get(action="records.export")
    assert linked.records == export.records == [f"linkage.linkagerun:{run.pk}"]
    assert export.reason == "3 rows: personas.csv"
    assert {linked.actor_email, export.actor_email} == {"analista@example.org"}


def _victims_file(folder: Path) -> Path:
    path = folder / "victimas.csv"
    path.write_text(
        "record_id,role,given_names,paternal_surname,sex,birth_date\n"
        "V-1,victim,Flor,Huamán,female,03/04/2005\n",
        encoding="utf-8",
    )
    return path


def test_an_import_as_a_data_officer_is_theirs_and_for_their_agency_only(
    spanish: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kuska.registry.models import SubmissionBatch

    officer = member("oficial@example.org", OWN, "data_officer")
    path = _victims_file(tmp_path)

    assert main(["import", str(path), "--agency", OTHER, "--as", officer.email]) == 2
    refused = capsys.readouterr()
    assert refused.err.count("\n") == 1
    assert OTHER in refused.err
    assert not SubmissionBatch.objects.exists()
    assert not Event.objects.filter(action="intake.import").exists()

    assert main(["import", str(path), "--agency", OWN, "--as", officer.email]) == 0
    batch = SubmissionBatch.objects.get()
    assert batch.submitted_by == officer
    event = Event.objects.get(action="intake.import")
    assert event.actor == officer
    assert event.source.startswith("cli:")


def test_an_import_without_a_user_is_the_operators_and_names_no_submitter(
    spanish: None, tmp_path: Path
) -> None:
    from kuska.registry.models import SubmissionBatch

    assert main(["import", str(_victims_file(tmp_path)), "--agency", OWN]) == 0
    assert SubmissionBatch.objects.get().submitted_by is None
    assert Event.objects.get(action="intake.import").actor is None


def test_listing_the_review_queue_is_a_records_list_event_naming_the_pairs_shown(
    spanish: None, places: dict[str, Holdings], capsys: pytest.CaptureFixture[str]
) -> None:
    pair = pair_in_review(places)
    analyst = member("analista@example.org", OWN, "analyst")

    assert main(["review", "--format", "json", "--as", analyst.email]) == 0
    assert str(pair.pk) in capsys.readouterr().out
    event = Event.objects.get(action="records.list")
    assert event.actor == analyst
    assert event.records == [f"linkage.linkedpair:{pair.pk}"]
    assert event.source.startswith("cli:")
