"""``kuska bench web``: simulated users browse the dashboard with changing filters, read from the page's own form,
against a server started on a throwaway database; it reports the requests, errors, median, 95th percentile and
the largest page."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from kuska.web.load import LoadReport, filters_of, random_query, run_load
from tests.commands import kuska_bench

PAGE = """
<form action="/language/" method="post"><select name="language"><option value="es">es</option></select></form>
<form method="get" class="figures-choice">
  <select name="year"><option value="2019">2019</option><option value="2020" selected>2020</option></select>
  <select name="region"><option value="">all</option><option value="LOR">Loreto</option></select>
  <select name="empty"></select>
</form>
"""


def test_the_filters_are_the_selects_of_the_pages_get_forms_not_the_language_switch() -> None:
    assert filters_of(PAGE) == {"year": ["2019", "2020"], "region": ["", "LOR"]}


def test_the_same_seed_asks_for_the_same_pages_and_the_year_is_always_chosen() -> None:
    filters = filters_of(PAGE)
    first = [random_query(filters, random.Random(7)) for _ in range(5)]
    again = [random_query(filters, random.Random(7)) for _ in range(5)]
    assert first == again
    assert all(query.startswith("year=") for query in first)


def test_the_median_and_95th_percentile_of_the_timings() -> None:
    report = LoadReport(users=1, seconds=1, latencies_ms=[float(n) for n in range(1, 101)])
    assert report.requests == 100
    assert report.median_ms == 50.5
    assert round(report.p95_ms, 2) == 95.05


@pytest.mark.slow
def test_bench_web_serves_a_throwaway_database_to_visitors_and_analysts_without_errors(
    tmp_path: Path,
) -> None:
    result = kuska_bench(
        tmp_path, "web", "--victims", "30", "--users", "2", "--seconds", "2", "--think", "0"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "errors" in result.stdout
    assert "95th percentile (ms)" in result.stdout
    assert "pause between pages (s)" in result.stdout
    requests = next(line for line in result.stdout.splitlines() if "requests" in line)
    assert int(requests.split()[-2].replace(",", "")) > 0
    assert not list(tmp_path.glob("kuska-bench-*"))


@pytest.mark.slow
def test_bench_web_reuses_a_database_it_built_and_keeps_it(tmp_path: Path) -> None:
    database = tmp_path / "kept.sqlite3"
    reuse = (
        "--reuse",
        f"sqlite:///{database}",
        "--victims",
        "30",
        "--users",
        "2",
        "--seconds",
        "1",
        "--think",
        "0",
    )
    built = kuska_bench(tmp_path, "web", *reuse)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "Construyendo 30 víctimas" in built.stdout
    again = kuska_bench(tmp_path, "web", *reuse)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Se reutilizan 30 víctimas" in again.stdout
    assert "Construyendo" not in again.stdout
    other = kuska_bench(tmp_path, "web", "--reuse", f"sqlite:///{database}", "--victims", "40")
    assert other.returncode == 2
    assert "contiene 30 víctimas, no 40" in other.stdout
    assert database.exists()


def test_each_user_reads_a_page_for_the_pause_given_before_asking_for_the_next() -> None:
    import http.server
    import threading

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # the name http.server calls
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *_args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        reading = run_load(base, {"year": ["2020"]}, [None], 1.0, 1, think=(0.4, 0.4))
        at_once = run_load(base, {"year": ["2020"]}, [None], 1.0, 1)
    finally:
        server.shutdown()
    assert 2 <= reading.requests <= 3  # on arriving (within 0.4 s), then 0.4 and 0.8 s later
    assert at_once.requests > 10 * reading.requests
    assert not reading.errors


@pytest.mark.parametrize(
    ("given", "pause"), [("2-8", (2.0, 8.0)), ("0", (0.0, 0.0)), ("1.5-1.5", (1.5, 1.5))]
)
def test_the_pause_is_given_as_seconds_min_max(given: str, pause: tuple[float, float]) -> None:
    from kuska.cli.bench import _think

    assert _think(given) == pause


@pytest.mark.parametrize("given", ["8-2", "a-b", "-1", ""])
def test_a_pause_that_is_not_min_max_seconds_is_refused(given: str) -> None:
    import argparse

    from kuska.cli.bench import _think

    with pytest.raises(argparse.ArgumentTypeError):
        _think(given)
