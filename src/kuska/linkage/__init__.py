"""Record linkage: the person records of every agency linked into unique persons (``docs/linkage.md``).

The defaults below are read by the command line before Django starts, so this module imports nothing.
"""

BACKENDS = ("duckdb", "spark")
THRESHOLD = 0.7  # two records are one person at or above this match probability
REVIEW_FROM = 0.5  # pairs from here up to the threshold go to the review queue
