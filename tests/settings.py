"""The settings the tests run with: Kuska's own, in development mode.

``KUSKA_DEBUG`` defaults to off (safe by default); the tests turn it on unless the environment says otherwise, so a
test run needs no keys and uses the local development keys. Commands a test runs in a child process inherit it.
"""

import os

os.environ.setdefault("KUSKA_DEBUG", "true")

from kuska.settings import *  # noqa: F403

# the commands tests run in child processes, whatever their working folder, load Kuska's own settings (with the
# KUSKA_DEBUG inherited above)
os.environ["DJANGO_SETTINGS_MODULE"] = "kuska.settings"
