"""How long the dashboard's charts take to draw, each on its own, once their figures are computed.

Not a test: a measurement to run by hand on a database that holds data (the demonstration's, ``kuska demo``)::

    DATABASE_URL=sqlite:///var/demo.sqlite3 KUSKA_DEBUG=true .venv/bin/python scripts/chart_timings.py --year 2020

The figures are computed once (a first, untimed drawing); then each of the dashboard's five charts is drawn
``--repeat`` times, and the median and the slowest time of each are printed in milliseconds, for the published
figures and for the exact ones.
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import time
from collections.abc import Callable

import django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--year", type=int, default=2020)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--lang", default="en")
    arguments = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kuska.settings")
    django.setup()

    from kuska.reports import Figures
    from kuska.reports.charts import ChartBuilder
    from kuska.reports.model import Chart
    from kuska.reports.text import Labels
    from kuska.stats.engine import Results, StatsContext
    from kuska.web.figures import YEARS_BACK

    context, labels = StatsContext.load(), Labels.load()
    for public in (True, False):
        figures = Figures(
            arguments.year,
            public=public,
            context=context,
            look_back=YEARS_BACK,
            results=Results(context),
        )
        builder = ChartBuilder(figures, labels, arguments.lang)
        charts: dict[str, Callable[[], Chart | None]] = {
            "pipeline": builder.pipeline,
            "region_map": builder.region_map,
            "overlap": builder.overlap,
            "trends prosecution": functools.partial(builder.trends, "prosecution"),
            "trends protection": functools.partial(builder.trends, "protection"),
        }
        for draw in charts.values():  # the figures, computed once
            draw()
        total = 0.0
        print("published" if public else "exact")
        for name, draw in charts.items():
            times = []
            for _ in range(arguments.repeat):
                start = time.perf_counter()
                chart = draw()
                times.append((time.perf_counter() - start) * 1000)
            size = len(chart.svg) if chart is not None else 0
            median = statistics.median(times)
            total += median
            print(
                f"  {name:<20} median {median:7.2f} ms  max {max(times):7.2f} ms  svg {size:>7} chars"
            )
        print(f"  {'all five':<20} median {total:7.2f} ms")


if __name__ == "__main__":
    main()
