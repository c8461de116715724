"""A small three-year dataset for the report tests, and how to read a report's figures back and check them.

The dataset is built once per test module (it is rolled back afterwards): police and prosecutors' operations and
victims across regions, prosecutions and convictions, child protection and UDAVIT services, shelters, budgets
with cents, campaigns, an inspection and hotline calls; small counts for disclosure control; a source agency that sends nothing
for 2019 (its figure is *not reported*, not 0); sentences and compensation never sent (*not reported*); and a
submission with rejected rows for the data-quality annex.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.utils import timezone

from kuska.intake.models import RejectedRow
from kuska.linkage.models import ClusterAssignment, LinkageRun
from kuska.registry.models import Agency, Identification, PersonRecord, SubmissionBatch
from kuska.stats.disclosure import protect
from kuska.stats.engine import IndicatorResult, StatsContext, Status, compute
from kuska.stats.periods import Period
from tests.country import ensure_profile
from tests.stats_records import Records

REGIONS = ("PE-LOR", "PE-LMA", "PE-CUS", "PE-PUN", "PE-MDD")


def build_dataset() -> None:
    """Records of 2018–2020 as the agencies would send them."""
    r = Records()
    # -- prosecution: operations and detentions
    for i, detentions in enumerate((2, 4, 1, 10, None)):
        r.operation("PNP-LOR" if i < 3 else "PNP-LMA", f"2020-0{i + 1}-10", detentions=detentions)
    for i in range(6):
        r.operation("PNP-CUS", f"2019-0{i + 1}-05", detentions=3)
    r.operation("PNP-LMA", "2018-05-05", detentions=12)
    r.operation("MP-FISCALIA", "2020-03-01", detentions=1, region="PE-PUN")
    r.operation("MP-FISCALIA", "2020-04-01", detentions=1, region="PE-LMA")
    r.operation("MP-FISCALIA", "2019-04-01", detentions=2, region="PE-CUS")
    # -- prosecutions, convictions, acquittals, officials
    sexual = r.case("MP-FISCALIA", "sexual", region="PE-LOR")
    mining = r.case("MP-FISCALIA", "labour_mining", region="PE-MDD")
    for i in range(8):
        suspect = r.suspect(
            "MP-FISCALIA", sex="female" if i < 2 else "male", nationality="VE" if i < 2 else "PE"
        )
        r.proceeding(
            "MP-FISCALIA",
            "prosecution",
            f"2020-0{i % 9 + 1}-20",
            suspect,
            case=sexual if i % 2 else mining,
        )
    for i in range(3):
        r.proceeding("MP-FISCALIA", "prosecution", f"2019-0{i + 1}-20")
    for i in range(4):
        convicted = r.suspect("PJ")
        r.proceeding(
            "PJ", "conviction", f"2020-1{i % 3}-01", convicted, case=sexual if i else mining
        )
    for i in range(7):
        r.proceeding("PJ", "conviction", f"2019-0{i + 1}-01")
    for i in range(2):
        r.proceeding("PJ", "conviction", f"2018-0{i + 1}-01")
    r.proceeding("PJ", "acquittal", "2020-06-01", sex="female")
    for _ in range(2):
        r.proceeding("MP-FISCALIA", "investigation", "2020-05-01", official=True)
    r.proceeding("MP-FISCALIA", "prosecution", "2020-05-01", official=False)
    # -- protection: victims identified by the police and the prosecutors
    people = [
        ("female", 9, "PE"),
        ("female", 15, "PE"),
        ("female", 16, "VE"),
        ("female", 25, "PE"),
        ("female", 31, "PE"),
        ("male", 12, "PE"),
        ("male", 17, "CO"),
        ("female", 22, "PE"),
        ("female", 40, "VE"),
        ("male", 35, "PE"),
        ("female", None, ""),
        ("", 19, "PE"),
    ]
    for i, (sex, age, nationality) in enumerate(people):
        case = sexual if i % 3 else mining
        identified = r.identification(
            "PNP-LOR" if i < 7 else "PNP-LMA",
            f"2020-{i % 12 + 1:02d}-03",
            case=case,
            region=REGIONS[i % len(REGIONS)] if i % 4 else None,
            sex=sex,
            age=age,
            nationality=nationality,
        )
        if i < 2:  # served by the police 4 and 7 days after identification
            r.service("PNP-LOR", identified.identified_on + datetime.timedelta(days=4 + 3 * i),
                      identified.victim)  # fmt: skip
    for i in range(7):
        r.identification(
            "MP-FISCALIA",
            f"2020-0{i + 1}-15",
            region="PE-LMA" if i < 5 else "PE-PUN",
            sex="female" if i < 5 else "male",
            age=14 + i * 3,
            nationality="VE" if i < 3 else "PE",
        )
    for i in range(9):
        r.identification("PNP-CUS", f"2019-0{i + 1}-03", age=20 + i)
    for i in range(5):
        r.identification("PNP-LMA", f"2018-0{i + 1}-03", age=10 + i * 5)
    for i in range(2):
        r.identification("MP-FISCALIA", f"2018-0{i + 1}-09", age=30)
    # -- protection: services, shelters, referrals
    shelter = r.facility("MIMP", "specialized_shelter", capacity=10, region="PE-CUS")
    r.facility("MIMP", "specialized_shelter", capacity=20, region="PE-LMA")
    for i in range(3):
        child = r.victim("MIMP-UPE", age=10 + i, sex="female", nationality="PE" if i else "VE")
        r.service("MIMP-UPE", f"2020-0{i + 1}-11", child)
        r.referral("MIMP-UPE", f"2020-0{i + 1}-12", child, to_facility=shelter)
    r.service("MIMP-UPE", "2019-02-11", age=8)
    for i in range(6):
        r.service(
            "MP-UDAVIT", f"2020-0{i + 1}-21", age=12 + i * 4, sex="male" if i == 5 else "female"
        )
    for i in range(9):
        r.service("MP-UDAVIT", f"2019-0{i + 1}-21", age=30)
    # -- prevention
    r.budget("MININTER", "MININTER", 2020, "2350000")
    r.budget("MININTER", "MININTER", 2019, "4000000.50")
    r.campaign("MININTER", "2020-02-01", reach=250)
    r.campaign("MININTER", "2020-09-01", reach=150)
    r.training(
        "MP",
        "2020-03-01",
        ended="2020-03-05",
        audience="prosecutors",
        participants=30,
        completed=28,
    )
    r.inspection("SUNAFIL", "2020-07-07", referred=True)
    # -- the hotlines: the 2020 calls record the interpreter and the referral's time, the 2019 call does not
    r.call(
        "MININTER",
        "2020-03-01T10:00",
        interpreter_requested=False,
        referred_to="PNP",
        referred_at="2020-03-01T12:00",
    )
    r.call(
        "MININTER",
        "2020-03-02T22:00",
        interpreter_requested=True,
        interpreter_provided=False,
        referred_to="MP-FISCALIA",
        referred_at="2020-03-03T08:30",
    )
    r.call(
        "MIMP",
        "2020-06-01T09:00",
        language="que",
        interpreter_requested=True,
        interpreter_provided=True,
    )
    r.call("MININTER", "2019-05-01T10:00", referred_to="PNP")
    # -- a submission with rejected rows
    batch = SubmissionBatch.objects.create(
        agency=Agency.objects.get(code="PNP-LOR"), rows_read=10, rows_accepted=8, rows_rejected=2
    )
    for row in (3, 7):
        RejectedRow.objects.create(
            batch=batch,
            sheet="personas",
            record_type="person",
            row_number=row,
            raw="{}",
            problems=[
                {
                    "row": row,
                    "column": "sexo",
                    "code": "not_in_code_list",
                    "message_es": "El valor no está en la lista «sex».",
                    "message_en": "The value is not in the code list 'sex'.",
                    "value": "X",
                }
            ],
        )


@pytest.fixture(scope="module")
def dataset(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    """The Peru profile and :func:`build_dataset`, for every test of a module; rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        ensure_profile()
        build_dataset()
        yield
        transaction.set_rollback(True)


def link_victims() -> dict[str, int]:
    """A completed linkage run over the dataset's victims: each record its own person, except the first two
    police and prosecutors' victims of 2020, linked in pairs (two persons at both agencies). Returns the unique
    victims and the persons at more than one agency of 2020."""
    run = LinkageRun.objects.create(
        backend="duckdb",
        threshold=0.9,
        review_from=0.5,
        seed=1,
        trained=False,
        model={},
        status=LinkageRun.Status.COMPLETED,
        finished_at=timezone.now(),
    )
    for (
        identification
    ) in Identification.objects.all():  # the event date intake keeps on the person record
        PersonRecord.objects.filter(pk=identification.victim_id).update(
            event_date=identification.identified_on
        )
    victims = list(PersonRecord.objects.filter(role="victim").order_by("pk"))
    police = [
        v
        for v in victims
        if v.agency.code.startswith("PNP") and v.event_date and v.event_date.year == 2020
    ]
    prosecutors = [
        v
        for v in victims
        if v.agency.code == "MP-FISCALIA" and v.event_date and v.event_date.year == 2020
    ]
    same = {prosecutors[i].pk: police[i].pk for i in range(2)}
    ClusterAssignment.objects.bulk_create(
        ClusterAssignment(run=run, record=v, person_id=same.get(v.pk, v.pk)) for v in victims
    )
    in_2020 = [v for v in victims if v.event_date and v.event_date.year == 2020]
    return {"unique": len(in_2020) - 2, "overlap": 2}


@pytest.fixture(scope="module")
def linked_dataset(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest
) -> Iterator[StatsContext]:
    """The report's dataset and a linkage run over it, for every test of this module; rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        ensure_profile()
        build_dataset()
        link_victims()
        yield StatsContext.load()
        transaction.set_rollback(True)


# -- reading figures back ----------------------------------------------------------------------------------------


@dataclass
class ShownFigure:
    """A figure as the HTML shows it: its provenance attributes and its text."""

    indicator: str
    years: tuple[int, ...]
    by: tuple[str, ...]
    key: tuple[str | None, ...]
    status: str
    text: str
    tag: str


class FigureParser(HTMLParser):
    """Collects every element of class ``figure`` with its ``data-`` attributes and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: list[ShownFigure] = []
        self._open: tuple[str, dict[str, str]] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "figure" in values.get("class", "").split():
            self._open = (tag, values)
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._open is not None and tag == self._open[0]:
            attrs = self._open[1]
            self.figures.append(
                ShownFigure(
                    indicator=attrs["data-indicator"],
                    years=tuple(int(y) for y in attrs["data-year"].split()),
                    by=tuple(d for d in attrs["data-by"].split(",") if d),
                    key=tuple(None if p == "*" else p for p in attrs["data-cell"].split(",") if p)
                    if attrs["data-cell"]
                    else (),
                    status=attrs["data-status"],
                    text="".join(self._text).strip(),
                    tag=tag,
                )
            )
            self._open = None


def shown_figures(html: str) -> list[ShownFigure]:
    parser = FigureParser()
    parser.feed(html)
    return parser.figures


def read_number(text: str, lang: str) -> int | Decimal:
    """A number as the report writes it, read without the report's own code: ``S/ 2 350 000``, ``1,110``, and
    a median's hours to one decimal (``6,3`` / ``6.3``)."""
    cleaned = re.sub(r"^(S/|PEN)", "", text.strip()).replace("\u00a0", "").replace(" ", "")
    if lang == "es":
        cleaned = cleaned.replace(".", "").replace(",", ".")
    else:
        cleaned = cleaned.replace(",", "")
    assert re.fullmatch(r"\d+(\.\d\d?)?", cleaned), f"not a number: {text!r}"
    return Decimal(cleaned) if "." in cleaned else int(cleaned)


class Engine:
    """The indicator engine's figures, computed afresh for the checks (no cache shared with the report): each
    indicator, year and breakdown once per checking engine, however many of its cells the report shows."""

    def __init__(self, *, public: bool, where: dict[str, str] | None = None) -> None:
        self.context = StatsContext.load()
        self.public = public
        self.where = where or {}
        self._results: dict[tuple[str, int, tuple[str, ...]], IndicatorResult] = {}

    def result(self, indicator: str, year: int, by: tuple[str, ...]) -> IndicatorResult:
        key = (indicator, year, by)
        if key not in self._results:
            result = compute(
                self.context.catalogue[indicator],
                Period.calendar(year),
                by,
                where=self.where,
                context=self.context,
            )
            self._results[key] = protect(result) if self.public else result
        return self._results[key]

    def expected(
        self, indicator: str, year: int, by: tuple[str, ...], key: tuple[str | None, ...]
    ) -> tuple[str, int | Decimal | None]:
        """(status, value) the engine gives for a cell: reported, not_reported, not_available or withheld."""
        result = self.result(indicator, year, by)
        if result.status is Status.NOT_REPORTED:
            return "not_reported", None
        if result.status is Status.NOT_AVAILABLE:
            return "not_available", None
        if result.status is Status.NOT_APPLICABLE:
            return "not_applicable", None
        for dimension, part in zip(by, key, strict=True):
            if dimension == "agency" and part in result.not_reported_by:
                return "not_reported", None
        value = result.cell(*key)
        if value is None:
            return "withheld", None
        return "reported", value
