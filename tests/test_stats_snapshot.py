"""The dashboard's snapshot (:mod:`kuska.stats.snapshot`) gives the engine's figures, figure for figure: every
indicator it counts, for every breakdown the indicator allows, under the filters of every dimension, in calendar
and TIP years with data and without. Checked over the three-year report dataset on SQLite and on PostgreSQL; a
snapshot of older data is never served."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from kuska.registry.models import Identification, ServiceEpisode, SubmissionBatch
from kuska.stats import snapshot as snapshots
from kuska.stats.cache import data_version
from kuska.stats.catalogue import CountMethod
from kuska.stats.engine import Results, StatsContext, compute
from kuska.stats.periods import Period
from kuska.stats.snapshot import Snapshot
from tests.report_dataset import dataset, link_victims
from tests.test_stats_years import same

pytestmark = pytest.mark.django_db
__all__ = ["dataset"]  # the module-scoped fixture, used below

FILTERS = [
    {},
    {"sex": "female"},
    {"sex": "unknown"},
    {"region": "PE-LOR"},
    {"agency": "PNP"},
    {"agency": "MP-FISCALIA"},
    {"age_group": "child"},
    {"age_band": "unknown"},
    {"nationality": "VE"},
    {"exploitation": "sexual"},
    {"agency": "PNP", "sex": "male", "region": "PE-LIM"},
]
PERIODS = [Period.calendar(2019), Period.calendar(2020), Period.tip(2019), Period.calendar(2016)]


@pytest.fixture(scope="module", params=["as read", "persons on several rows"])
def read(
    dataset: None, django_db_blocker: pytest.FixtureRequest, request: pytest.FixtureRequest
) -> Iterator[Snapshot]:
    """The snapshot of the dataset; and one read as if every person were on several rows of their figures (a
    person identified twice in a year), which counts each of them once by another path."""
    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock():  # type: ignore[attr-defined]
        if request.param == "persons on several rows":
            patch.setattr(snapshots, "_once_each", lambda _key: False)
        yield Snapshot.build(StatsContext.load())


def test_the_snapshot_counts_every_indicator_but_the_median_of_a_field(read: Snapshot) -> None:
    left = {i.id for i in read.context.catalogue if not read.counts(i)}
    assert left == {i.id for i in read.context.catalogue if i.count is CountMethod.MEDIAN}


@pytest.mark.parametrize("where", FILTERS, ids=str)
def test_each_figure_of_the_snapshot_is_the_engines(read: Snapshot, where: dict[str, str]) -> None:
    context = read.context
    compared = 0
    for indicator in context.catalogue:
        if not read.counts(indicator):
            assert read.compute(indicator, Period.calendar(2020), where=where) is None
            continue
        for by in [(), *((d,) for d in indicator.breakdowns)]:
            for period in PERIODS:
                engine = compute(indicator, period, by, where=where, context=context)
                counted = read.compute(indicator, period, by, where=where)
                assert counted is not None
                assert same(counted) == same(engine), (indicator.id, by, period.label)
                compared += 1
    assert compared > 400


def test_two_breakdowns_at_once_give_the_engines_cells_and_margins(read: Snapshot) -> None:
    context = read.context
    for indicator in context.catalogue:
        if not read.counts(indicator) or len(indicator.breakdowns) < 2:
            continue
        by = tuple(indicator.breakdowns[:2])
        engine = compute(indicator, Period.calendar(2020), by, context=context)
        assert same(read.compute(indicator, Period.calendar(2020), by)) == same(engine)  # type: ignore[arg-type]


def test_the_results_of_a_page_read_the_snapshot_without_a_query_per_figure(
    read: Snapshot, django_assert_max_num_queries: object
) -> None:
    results = Results(read.context, snapshot=read)
    indicator = read.context.catalogue["victims_identified"]
    with django_assert_max_num_queries(0):  # type: ignore[operator]
        results.years(indicator, [2018, 2019, 2020], ("agency",))
        given = results.get(indicator, Period.calendar(2020), ("agency",))
    assert same(given) == same(
        compute(indicator, Period.calendar(2020), ("agency",), context=read.context)
    )


class ReadAtOnce:
    """A thread that runs its target when started, in the test's own thread."""

    def __init__(self, target: Callable[..., None], args: tuple[object, ...], daemon: bool) -> None:
        self.target, self.args = target, args

    def start(self) -> None:
        self.target(*self.args)


def test_a_process_serves_no_snapshot_of_older_data(
    read: Snapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[str] = []
    monkeypatch.setattr(snapshots, "_state", {"kept": True, "snapshot": read, "reading": None})
    monkeypatch.setattr(snapshots, "_read_in_background", started.append)
    monkeypatch.setattr("kuska.stats.snapshot.threading.Thread", ReadAtOnce)
    assert snapshots.current() is read
    SubmissionBatch.objects.create(agency=SubmissionBatch.objects.first().agency)  # type: ignore[union-attr]
    assert snapshots.current() is None  # the engine answers meanwhile
    assert started == [data_version()]
    assert started[0] != read.version
    assert snapshots.current() is None  # read once, not again at every request
    assert len(started) == 1


def test_without_keep_current_a_process_has_no_snapshot(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snapshots, "_state", {"kept": False, "snapshot": None, "reading": None})
    assert snapshots.current() is None


def test_a_median_of_days_follows_the_persons_of_the_latest_linkage_run(dataset: None) -> None:
    """Linked, a victim's interval runs from the first record of any of their agencies."""
    link_victims()
    read = Snapshot.build(StatsContext.load())
    medians = [i for i in read.context.catalogue if i.count is CountMethod.MEDIAN_DAYS]
    assert medians
    for indicator in medians:
        for by in [(), *((d,) for d in indicator.breakdowns)]:
            for where in ({}, {"sex": "female"}, {"agency": "MP-FISCALIA"}):
                engine = compute(
                    indicator, Period.calendar(2020), by, where=where, context=read.context
                )
                counted = read.compute(indicator, Period.calendar(2020), by, where=where)
                assert counted is not None
                assert same(counted) == same(engine), (indicator.id, by, where)
        assert read.compute(indicator, Period.calendar(2020)).value is not None  # type: ignore[union-attr]


def test_a_victim_on_several_rows_of_a_figure_is_counted_once_as_the_engine_counts_them(
    dataset: None,
) -> None:
    """Each victim identified and assisted of 2020 twice more: another day of the year, and in another region
    (identified), or on the last day of the year (assisted)."""
    for identification in Identification.objects.filter(identified_on__year=2020):
        region = identification.region
        for k, day in enumerate((identification.identified_on.replace(month=12, day=31),) * 2):
            identification.pk = None
            identification.source_record_id = f"{identification.source_record_id}-{k}"
            identification.identified_on = day
            identification.region = None if k else region
            identification.save()
    for service in ServiceEpisode.objects.filter(started_on__year=2020):
        service.pk = None
        service.source_record_id = f"{service.source_record_id}-otra"
        service.started_on = service.started_on.replace(month=12, day=31)
        service.save()
    read = Snapshot.build(StatsContext.load())
    twice = [
        i
        for i in read.context.catalogue
        if i.count in (CountMethod.DISTINCT_VICTIMS, CountMethod.DISTINCT_SUSPECTS)
        and i.record in ("identification", "service")
    ]
    # counted once each, not by their rows
    assert {"victims_identified", "victims_assisted_udavit"} <= {
        i.id for i in twice if read.frames[i.id].key is not None
    }
    for indicator in twice:
        for by in [(), *((d,) for d in indicator.breakdowns)]:
            for where in ({}, {"region": "PE-LOR"}, {"agency": "PNP"}):
                for period in (Period.calendar(2020), Period.tip(2020)):
                    engine = compute(indicator, period, by, where=where, context=read.context)
                    counted = read.compute(indicator, period, by, where=where)
                    assert counted is not None
                    assert same(counted) == same(engine), (indicator.id, by, where, period)


LINKED_FILTERS = [
    {},
    {"agency": "PNP"},
    {"agency": "MP-FISCALIA", "sex": "female"},
    {"region": "PE-LOR"},
    {"age_group": "child"},
    {"age_band": "unknown"},
    {"nationality_group": "foreign"},
    {"sex": "unknown"},
]


@pytest.mark.parametrize("where", LINKED_FILTERS, ids=str)
def test_the_persons_of_the_latest_linkage_run_are_counted_as_the_engine_counts_them(
    dataset: None, where: dict[str, str]
) -> None:
    """Unique victims and the victims at more than one agency, by every breakdown, in years with persons and
    without; before a run, not available."""
    context = StatsContext.load()
    linked = [i for i in context.catalogue if i.count is CountMethod.LINKAGE]
    assert {i.id for i in linked} == {"unique_victims", "agency_overlap"}
    before = Snapshot.build(context)
    for indicator in linked:
        engine = compute(indicator, Period.calendar(2020), where=where, context=context)
        assert same(before.compute(indicator, Period.calendar(2020), where=where)) == same(engine)  # type: ignore[arg-type]
    link_victims()
    read = Snapshot.build(StatsContext.load())
    for indicator in linked:
        for by in [(), *((d,) for d in indicator.breakdowns), tuple(indicator.breakdowns[:2])]:
            for period in PERIODS:
                engine = compute(indicator, period, by, where=where, context=read.context)
                counted = read.compute(indicator, period, by, where=where)
                assert counted is not None
                assert same(counted) == same(engine), (indicator.id, by, period.label)
    if not where:  # the two persons linked across the police and the prosecutors
        overlap = read.compute(context.catalogue["agency_overlap"], Period.calendar(2020))
        assert overlap is not None
        assert overlap.value == 2
